/**
 * The README's forms bot (examples/forms-bot/bot.ts), run against the emulator as Camunda 8.8:
 * it completes every open invoice approval through the typed completion, and the server has the
 * decisions. Needs generated/forms/ (`npm run generate`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveInvoices } from '../../examples/forms-bot/bot.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createTasklistClient } from '../../src/runtime/node.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, camunda: '8.8' });
});
afterAll(async () => {
  await emulator?.close();
});

describe('the forms bot', () => {
  it('completes each open invoice approval with a decision the server keeps', async () => {
    const open = emulator.store
      .allTasks()
      .filter((t) => t.taskDefinitionId === 'approveInvoice' && t.taskState === 'CREATED' && t.implementation === 'ZEEBE_USER_TASK');
    expect(open.length).toBeGreaterThan(0);
    const client = createTasklistClient({ baseUrl: emulator.baseUrl, fetch: globalThis.fetch, graphql: false, env: {} });
    const done = await approveInvoices(client);
    expect(done.sort()).toEqual(open.map((t) => t.id).sort());
    const decisions = new Set<unknown>();
    for (const task of open) {
      expect(emulator.store.getTask(task.id).taskState).toBe('COMPLETED');
      const variables = Object.fromEntries(emulator.store.taskVariables(task.id).map((v) => [v.name, JSON.parse(v.value!) as unknown]));
      const amount = (variables['total'] as { amount: number }).amount;
      expect(variables['decision']).toBe(amount <= 300 ? 'approve' : 'reject');
      decisions.add(variables['decision']);
      expect(variables['approverEmail']).toBe('invoice-bot@example.com');
    }
    expect([...decisions].sort()).toEqual(['approve', 'reject']); // both branches ran
  });
});
