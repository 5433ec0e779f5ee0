/**
 * Camunda's own client for the Orchestration Cluster API (`@camunda8/orchestration-cluster-api`)
 * against the emulator in 8.10 mode: search, claim race-free, read variables and form, complete,
 * with the client's Zod validation of every response on (`strict`), under no auth and under Basic.
 */
import createCamundaClient from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

describe.each([
  { auth: 'none' as const, strategy: 'NONE' },
  { auth: 'basic' as const, strategy: 'BASIC' },
])("Camunda's client against the 8.10 emulator (auth $auth)", ({ auth, strategy }) => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ camunda: '8.10', auth });
  });
  afterAll(() => e.close());

  function client() {
    return createCamundaClient({
      config: {
        CAMUNDA_REST_ADDRESS: e.env()['CAMUNDA_REST_ADDRESS'] as string,
        CAMUNDA_AUTH_STRATEGY: strategy,
        ...(auth === 'basic' ? { CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: 'demo' } : {}),
        // Responses `strict`: Zod checks each one against the client's schemas. Not `fanatical`, which
        // also refuses properties the client does not know: this release of the client predates
        // 8.10's `businessId`. Requests unvalidated: the client's own request validation drops
        // `page.after` (its Zod union matches `{limit}` first and strips the cursor).
        CAMUNDA_SDK_VALIDATION: 'req:none,res:strict',
        CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1,
      },
    } as never);
  }

  it('searches, claims with allowOverride false, reads form and variables, completes; a second claim is a 409', async () => {
    e.store.reset();
    const camunda = client();
    const me = await camunda.getAuthentication();
    expect(me.username).toBe('demo');

    const open = await camunda.searchUserTasks(
      { filter: { state: 'CREATED', assignee: { $exists: false } }, sort: [{ field: 'creationDate', order: 'ASC' }], page: { limit: 2 } },
      { consistency: { waitUpToMs: 0 } },
    );
    expect(open.items.length).toBe(2);
    expect(open.page.totalItems).toBeGreaterThan(2);
    const next = await camunda.searchUserTasks(
      {
        filter: { state: 'CREATED', assignee: { $exists: false } },
        sort: [{ field: 'creationDate', order: 'ASC' }],
        page: { limit: 2, after: open.page.endCursor! },
      },
      { consistency: { waitUpToMs: 0 } },
    );
    expect(next.items.map((t) => t.userTaskKey)).not.toContain(open.items[0]!.userTaskKey);

    const task = open.items[0]!;
    await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'demo', allowOverride: false });
    const claimed = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 0 } });
    expect(claimed.assignee).toBe('demo');
    await expect(camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'john', allowOverride: false })).rejects.toMatchObject({
      status: 409,
    });

    const variables = await camunda.searchUserTaskEffectiveVariables({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 0 } });
    expect(variables.items.length).toBe(e.store.taskVariables(task.userTaskKey).length);
    await camunda.getUserTaskForm({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 0 } });

    await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true, amount: 42 } });
    const done = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, { consistency: { waitUpToMs: 0 } });
    expect(done.state).toBe('COMPLETED');
    expect(e.store.taskVariables(task.userTaskKey, ['amount'])[0]!.value).toBe('42');
  });
});
