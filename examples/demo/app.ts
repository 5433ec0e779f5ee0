/**
 * The demo's example program: what a Tasklist bot writes against the generated clients.
 * It lists open tasks (GraphQL and REST side by side), claims one, completes it with variables
 * and reads it back completed. `npm run demo` runs it against freshly generated files.
 *
 * Both generated sides export a `completeTask`, so each side is imported as a namespace.
 */
import * as gql from '../../generated/graphql/index.js';
import * as rest from '../../generated/rest/index.js';
import type { paths } from '../../generated/rest/schema.js';
import { createTasklistClient } from '../../src/runtime/node.js';

/** Runs one named step and prints it with its timing; returns what the step returned. */
export type Step = <T>(label: string, run: () => Promise<T>, describe: (result: T) => string) => Promise<T>;

export interface DemoProgramOptions {
  /** `CAMUNDA_*` variables: base URL and OAuth client credentials. */
  env: Record<string, string | undefined>;
  step: Step;
}

export async function runDemoProgram({ env, step }: DemoProgramOptions): Promise<void> {
  const tasklist = createTasklistClient<paths>({ env });

  const open = await step(
    'GraphQL getTasks (state CREATED, unassigned)',
    () => gql.getTasks(tasklist.graphql, { query: { state: 'CREATED', assigned: false, pageSize: 5 } }),
    ({ tasks }) => `${tasks.length} open: ${tasks.map((t) => `${t.name} (${t.id})`).join(', ')}`,
  );
  await step(
    'REST searchTasks (same filter)',
    () => rest.searchTasks(tasklist.rest, { body: { state: 'CREATED', assigned: false, pageSize: 5 } }),
    (tasks) => `${tasks.length} open: ${tasks.map((t) => t.id).join(', ')}`,
  );

  const task = open.tasks[0];
  if (!task) throw new Error('The emulator has no open unassigned task to work on');

  // With a client-credentials token Tasklist cannot tell who "I" am: name the assignee.
  await step(
    `GraphQL claimTask ${task.id}`,
    () => gql.claimTask(tasklist.graphql, { taskId: task.id, assignee: 'demo' }),
    ({ claimTask }) => `assignee ${claimTask.assignee}, state ${claimTask.taskState}`,
  );
  await step(
    `REST completeTask ${task.id} with variables`,
    () =>
      rest.completeTask(tasklist.rest, {
        path: { taskId: task.id },
        body: {
          variables: [
            { name: 'approved', value: 'true' },
            { name: 'comment', value: '"Looks good"' },
          ],
        },
      }),
    (done) => `state ${done.taskState}`,
  );
  await step(
    `GraphQL getTask ${task.id}`,
    () => gql.getTask(tasklist.graphql, { id: task.id }),
    ({ task: t }) =>
      `${t.taskState} at ${t.completionTime}; variables ${(t.variables ?? []).map((v) => `${v.name}=${v.value}`).join(', ')}`,
  );
}
