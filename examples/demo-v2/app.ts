/**
 * The demo's Camunda 8.10 program: what a task bot writes against a client generated with
 * `rest: { preset: 'user-tasks' }` from the Orchestration Cluster API. It finds out who it is,
 * pages through open tasks, claims one race-free (`allowOverride: false`), completes it with
 * variables, and waits until the search index shows it completed. `npm run demo` generates the
 * client in a scratch project and hands its module in as `api`.
 */
import { createTasklistClient, waitUntilVisible, whoAmI, type RestClient } from '../../src/runtime/node.js';

/** Runs one named step and prints it with its timing; returns what the step returned. */
export type Step = <T>(label: string, run: () => Promise<T>, describe: (result: T) => string) => Promise<T>;

interface UserTask {
  userTaskKey: string;
  name: string | null;
  state: string;
  assignee: string | null;
}

/** The generated functions this program uses (their full types are in the generated module). */
export interface UserTaskApi {
  REST_BASE_PATH: string;
  searchUserTasks(
    client: RestClient<any>,
    input: { body: object },
  ): Promise<{ items: UserTask[]; page: { totalItems: number; endCursor: string | null } }>;
  assignUserTask(
    client: RestClient<any>,
    input: { path: { userTaskKey: string }; body: { assignee: string; allowOverride: boolean } },
  ): Promise<void>;
  completeUserTask(
    client: RestClient<any>,
    input: { path: { userTaskKey: string }; body: { variables: Record<string, unknown> } },
  ): Promise<void>;
  getUserTask(client: RestClient<any>, input: { path: { userTaskKey: string } }): Promise<UserTask>;
}

export async function runV2DemoProgram({
  env,
  step,
  api,
}: {
  env: Record<string, string | undefined>;
  step: Step;
  api: UserTaskApi;
}): Promise<void> {
  const tasklist = createTasklistClient({ env, graphql: false, rest: { basePath: api.REST_BASE_PATH } });
  const me = await step(
    'whoAmI() (GET /v2/authentication/me)',
    () => whoAmI(tasklist),
    (user) => `signed in as ${user.username}`,
  );
  const open = await step(
    'searchUserTasks (state CREATED, unassigned, 3 per page)',
    () => api.searchUserTasks(tasklist.rest, { body: { filter: { state: 'CREATED', assignee: { $exists: false } }, page: { limit: 3 } } }),
    (result) => `${result.page.totalItems} open; first page: ${result.items.map((t) => `${t.name} (${t.userTaskKey})`).join(', ')}`,
  );
  const task = open.items[0];
  if (!task) throw new Error('no open user task to claim');
  await step(
    `assignUserTask ${task.userTaskKey} to ${me.username} (allowOverride: false)`,
    () =>
      api.assignUserTask(tasklist.rest, { path: { userTaskKey: task.userTaskKey }, body: { assignee: me.username, allowOverride: false } }),
    () => 'claimed',
  );
  await step(
    `completeUserTask ${task.userTaskKey}`,
    () =>
      api.completeUserTask(tasklist.rest, {
        path: { userTaskKey: task.userTaskKey },
        body: { variables: { approved: true, comment: 'done by the demo' } },
      }),
    () => 'completed (204)',
  );
  await step(
    'waitUntilVisible(getUserTask) until COMPLETED',
    () =>
      waitUntilVisible(
        () => api.getUserTask(tasklist.rest, { path: { userTaskKey: task.userTaskKey } }),
        (t) => t.state === 'COMPLETED',
      ),
    (t) => `${t.name}: ${t.state}, assignee ${t.assignee}`,
  );
}
