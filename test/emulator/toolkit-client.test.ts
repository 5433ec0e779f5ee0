/**
 * The toolkit's own runtime against the emulator: the GraphQL client and the shared cursor pager
 * walk every task through a cookie session (CSRF on every POST), and REST pages the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { GraphQLResponseError, paginateTasks, requestGraphQL } from '../../src/runtime/graphql.js';
import { paginate } from '../../src/runtime/paging.js';
import { createTransport, type Transport } from '../../src/runtime/transport.js';

const TASKS = /* GraphQL */ `
  query Tasks($query: TaskQuery!) { tasks(query: $query) { id name taskState sortValues } }
`;

describe('toolkit runtime against the emulator (cookie session)', () => {
  let e: Emulator;
  let transport: Transport;
  beforeAll(async () => {
    e = await startEmulator({ auth: 'cookie', store: { taskCount: 45 } });
    transport = createTransport({
      baseUrl: e.baseUrl,
      auth: resolveAuthConfig(e.env()),
      authOptions: { cookieMode: 'manual' },
      retry: false,
    });
  });
  afterAll(() => e.close());

  it('paginateTasks visits all 45 tasks once, newest first, in 5 requests', async () => {
    const client = { endpoint: e.graphqlUrl, fetch: transport };
    const before = e.requestCount('/graphql');
    const seen: Array<{ id: string; sortValues: string[] }> = [];
    for await (const task of paginateTasks<{ id: string; sortValues: string[] }, { query: Record<string, unknown> }>(
      client,
      TASKS,
      { query: {} },
      { pageSize: 10 },
    )) {
      seen.push(task);
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen.map((t) => t.id)).size).toBe(45);
    const created = seen.map((t) => Number(t.sortValues[0]));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(e.requestCount('/graphql') - before).toBe(5);
  });

  it('a broken rule surfaces as GraphQLResponseError with the documented status', async () => {
    const client = { endpoint: e.graphqlUrl, fetch: transport };
    const done = e.store.allTasks().find((t) => t.taskState === 'COMPLETED')!;
    const attempt = requestGraphQL(client, 'mutation($id: String!) { claimTask(taskId: $id) { id } }', { id: done.id });
    await expect(attempt).rejects.toBeInstanceOf(GraphQLResponseError);
    const error = (await attempt.catch((x: unknown) => x)) as GraphQLResponseError;
    expect(error.errors[0]?.message).toMatch(/not active/);
    expect(error.errors[0]?.extensions?.['status']).toBe(400);
  });

  it('REST search pages with the same pager and the same cursors', async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    const tasks = paginate<{ id: string; sortValues: string[] }>(
      async (searchAfter, pageSize) => {
        const res = await transport('/v1/tasks/search', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ pageSize, ...(searchAfter ? { searchAfter } : {}) }),
        });
        expect(res.status).toBe(200);
        const page = (await res.json()) as Array<{ id: string; sortValues: string[] }>;
        pages.push(page.length);
        return page;
      },
      (t) => t.sortValues,
      { pageSize: 20 },
    );
    for await (const t of tasks) ids.push(t.id);
    expect(pages).toEqual([20, 20, 5]);
    expect(new Set(ids).size).toBe(45);
  });
});
