/**
 * A Tasklist user on Camunda 8.8+: the same job as with REST v1 (find my open tasks, claim one,
 * complete it), through the Orchestration Cluster API's user-task endpoints, with a client
 * generated from only the "User task" operations of the 241 in the document.
 *
 *     CAMUNDA_TASKLIST_BASE_URL=http://localhost:8080 CAMUNDA_AUTH_STRATEGY=NONE \
 *       npx tsx examples/orchestration-user-tasks/user-tasks.ts demo
 */
import { createTasklistClient, RestError } from '../../src/runtime/node.js';
import {
  assignUserTask,
  completeUserTask,
  paginateSearchUserTasks,
  REST_BASE_PATH,
  type AssignUserTaskErrors,
  type SearchUserTasksResult,
  type TasklistRestClient,
} from './generated/rest/index.js';
import type { paths } from './generated/rest/schema.js';

type UserTask = SearchUserTasksResult['items'][number];

/** Claims the first open task of the group for `assignee` and completes it with `variables`. */
export async function claimAndComplete(
  client: TasklistRestClient,
  candidateGroup: string,
  assignee: string,
  variables: Record<string, unknown>,
  pageSize = 50,
): Promise<UserTask | undefined> {
  // The v2 cursor (`page.after` ← `page.endCursor`) is followed by the generated pager.
  const open = paginateSearchUserTasks(client, { filter: { state: 'CREATED', candidateGroup } }, { pageSize });
  for await (const task of open) {
    try {
      await assignUserTask(client, { path: { userTaskKey: task.userTaskKey }, body: { assignee, allowOverride: false } });
    } catch (error) {
      // Somebody else was quicker: try the next task.
      if (error instanceof RestError && (error as RestError<AssignUserTaskErrors>).hasStatus(409)) continue;
      throw error;
    }
    await completeUserTask(client, { path: { userTaskKey: task.userTaskKey }, body: { variables } });
    return task;
  }
  return undefined;
}

// Run as a script: `tsx user-tasks.ts <candidate group>`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const tasklist = createTasklistClient<paths>({ graphql: false, rest: { basePath: REST_BASE_PATH } });
  const group = process.argv[2] ?? 'demo';
  const task = await claimAndComplete(tasklist.rest, group, 'demo', { approved: true });
  console.log(task ? `completed ${task.name ?? task.userTaskKey}` : `no open task for ${group}`);
}
