/**
 * A bot that works through open invoice approvals: it finds each task's form in the registry
 * generated from the BPMN files, reads exactly the variables that form prefills from, decides, and
 * completes the task with values the compiler checked against the form — and the runtime
 * validator checked against the form's rules before anything was sent.
 *
 *     npx tsx examples/forms-bot/bot.ts        # against CAMUNDA_* (Camunda 8.8+, v2 API)
 */
import { completeUserTaskWithForm, createTasklistClient, prefillUserTask, type TasklistClient } from '../../src/runtime/node.js';
import { taskForm, type ApproveInvoiceForm } from '../../generated/forms/index.js';

/** Completes every open `approveInvoice` task; returns the keys it completed. */
export async function approveInvoices(client: TasklistClient<{}>, limit = 1000): Promise<string[]> {
  const response = await client.fetch(`${client.baseUrl}/v2/user-tasks/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ filter: { state: 'CREATED', elementId: 'approveInvoice' }, page: { limit } }),
  });
  const { items } = (await response.json()) as { items: Array<{ userTaskKey: string; processDefinitionId: string; elementId: string }> };
  const completed: string[] = [];
  for (const task of items) {
    const entry = taskForm(task);
    if (entry?.elementId !== 'approveInvoice') continue; // narrows entry.form to approveInvoiceForm
    const known = await prefillUserTask(client, entry.form, task.userTaskKey);
    const amount = known.total?.amount ?? 0;
    const values: ApproveInvoiceForm = {
      // Completing writes every variable it sends: send the read-only total back as it was read.
      total: { amount, currency: known.total?.currency ?? null },
      decision: amount <= 300 ? 'approve' : 'reject',
      ...(amount > 300 ? { reason: `Over the bot's limit of 300 (${amount}).` } : {}),
      approverEmail: 'invoice-bot@example.com',
    };
    await completeUserTaskWithForm(client, entry.form, task.userTaskKey, values);
    completed.push(task.userTaskKey);
  }
  return completed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const done = await approveInvoices(createTasklistClient({ graphql: false }));
  console.log(`completed ${done.length} invoice approval(s)`);
}
