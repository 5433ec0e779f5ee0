/**
 * Everything the page asks of Tasklist, through the generated functions only. The page's view
 * code (main.ts) sees these small shapes and never the two APIs' own, so the GraphQL and REST
 * columns can be compared as equals.
 */
import { bearerAuth, cookieAuth, createTasklistClient, type BearerAuthConfig, type CookieAuthConfig } from '../../../src/runtime/index.js';
import * as gql from '../../../generated/graphql/index.js';
import * as rest from '../../../generated/rest/index.js';
import type { paths } from '../../../generated/rest/schema.js';

export interface TaskSummary {
  id: string;
  name: string;
  processName: string;
  assignee: string | null;
}

export interface TaskDetail extends TaskSummary {
  state: string;
  completionTime: string | null;
  /** As the server stores them: values are JSON text. */
  variables: Array<{ name: string; value: string }>;
}

export interface TaskApi {
  /** Signs in on first use (the cookie strategy logs in lazily) and says who we are. */
  currentUser(): Promise<{ userId: string; displayName: string | null }>;
  openTasksViaGraphQL(): Promise<TaskSummary[]>;
  openTasksViaRest(): Promise<TaskSummary[]>;
  /** GraphQL `claimTask`, to `assignee` (a JWT does not tell Tasklist who the user is, so always say). */
  claim(taskId: string, assignee: string): Promise<void>;
  /** REST `completeTask` with the given variables (values are JSON text). */
  complete(taskId: string, variables: Array<{ name: string; value: string }>): Promise<void>;
  /** Reads the task and its variables back from the server (REST). */
  readTask(taskId: string): Promise<TaskDetail>;
}

export interface ConnectOptions {
  /** The page's own origin: the emulator serves the page and the APIs together. */
  baseUrl: string;
  /**
   * A cookie session (the runtime logs in at `/api/login`), or a bearer token the page got from
   * its own OAuth sign-in: a browser must never hold a client secret, so no OAUTH strategy here.
   */
  auth: CookieAuthConfig | BearerAuthConfig;
}

const pageSize = 50;

export function connect({ baseUrl, auth }: ConnectOptions): TaskApi {
  // In a browser the cookie strategy lets the browser keep the session cookie
  // (`credentials: 'include'`) and sends back the CSRF token the login response handed out.
  // One constructor per strategy (not an AuthConfig): the bundle leaves out OAuth and Basic.
  const strategy =
    auth.strategy === 'COOKIE'
      ? cookieAuth(
          { username: auth.username, password: auth.password, ...(auth.loginPath ? { loginPath: auth.loginPath } : {}) },
          { baseUrl },
        )
      : bearerAuth(auth.token);
  const { graphql, rest: api } = createTasklistClient<paths>({ baseUrl, auth: strategy });

  return {
    async currentUser() {
      const { currentUser } = await gql.getCurrentUser(graphql);
      return { userId: currentUser.userId, displayName: currentUser.displayName ?? null };
    },

    async openTasksViaGraphQL() {
      const { tasks } = await gql.getTasks(graphql, { query: { state: 'CREATED', pageSize } });
      return tasks.map((task) => ({
        id: task.id,
        name: task.name,
        processName: task.processName,
        assignee: task.assignee ?? null,
      }));
    },

    async openTasksViaRest() {
      const tasks = await rest.searchTasks(api, { body: { state: 'CREATED', pageSize } });
      return tasks.map((task) => ({
        id: task.id ?? '',
        name: task.name ?? '',
        processName: task.processName ?? '',
        assignee: task.assignee ?? null,
      }));
    },

    async claim(taskId, assignee) {
      await gql.claimTask(graphql, { taskId, assignee });
    },

    async complete(taskId, variables) {
      await rest.completeTask(api, { path: { taskId }, body: { variables } });
    },

    async readTask(taskId) {
      const [task, variables] = await Promise.all([
        rest.getTaskById(api, { path: { taskId } }),
        rest.searchTaskVariables(api, { path: { taskId }, body: {} }),
      ]);
      return {
        id: task.id ?? taskId,
        name: task.name ?? '',
        processName: task.processName ?? '',
        assignee: task.assignee ?? null,
        state: task.taskState ?? 'UNKNOWN',
        completionTime: task.completionDate ?? null,
        variables: variables
          .map((variable) => ({ name: variable.name ?? '', value: variable.value ?? '' }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },
  };
}
