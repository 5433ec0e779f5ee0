/**
 * One call to get everything a program needs to talk to Tasklist: the authenticated fetch, the
 * REST client for the generated functions and the GraphQL client, all from one config — or, with
 * no config, from Camunda's environment variables (`CAMUNDA_TASKLIST_BASE_URL`,
 * `CAMUNDA_AUTH_STRATEGY`, …).
 *
 *     import type { paths } from './generated/rest/schema.js';
 *     const tasklist = createTasklistClient<paths>();
 *     const tasks = await searchTasks(tasklist.rest, { body: { state: 'CREATED' } });
 */
import { resolveAuthConfig, resolveBaseUrl, type Env } from '../auth/env.js';
import type { AuthStrategy } from '../auth/strategy.js';
import type { AuthConfig } from '../auth/types.js';
import { ConfigError } from '../util/errors.js';
import { createGraphQLClient, type GraphQLClient } from './graphql.js';
import { createRestClient, type RestClient, type RestMiddleware } from './rest-client.js';
import { createTransport, type TransportOptions } from './transport.js';
import type { TasklistFetch } from './types.js';

export interface TasklistClientConfig {
  /** Tasklist base URL. Default: `CAMUNDA_TASKLIST_BASE_URL`, or the SaaS URL from region and cluster id. */
  baseUrl?: string;
  /** How to sign in. Default: from `CAMUNDA_AUTH_STRATEGY` and friends (none when unset). Ignored when `fetch` is given. */
  auth?: AuthConfig | AuthStrategy;
  /** A ready fetch (your own transport, a test double); then no transport is built here. */
  fetch?: TasklistFetch;
  /** Retries, timeouts, insecure http and events of the transport built here. */
  transport?: Omit<TransportOptions, 'baseUrl' | 'auth' | 'fetch'>;
  /** `false`: no GraphQL client (Camunda 8.7+ has no GraphQL API). Default endpoint `<baseUrl>/graphql`. */
  graphql?: false | { endpoint?: string };
  /**
   * The REST client. `basePath` is put between the base URL and the document's paths: `/v2` for
   * the Orchestration Cluster document (its paths are `/user-tasks/...`; the generated
   * `REST_BASE_PATH` has it). Default: none (Tasklist v1 paths start with `/v1`).
   */
  rest?: { basePath?: string; middleware?: RestMiddleware[] };
  /** Where to read `CAMUNDA_*` from. Default `process.env` in Node, nothing in a browser. */
  env?: Env;
}

export interface TasklistClient<Paths extends {}> {
  readonly baseUrl: string;
  /** The authenticated fetch both clients go through. */
  readonly fetch: TasklistFetch;
  /** The first argument of every generated REST function. */
  readonly rest: RestClient<Paths>;
  readonly graphql: GraphQLClient | undefined;
}

export function createTasklistClient<Paths extends {} = {}>(
  config: TasklistClientConfig & { graphql: false },
): TasklistClient<Paths> & { readonly graphql: undefined };
export function createTasklistClient<Paths extends {} = {}>(
  config?: TasklistClientConfig,
): TasklistClient<Paths> & { readonly graphql: GraphQLClient };
export function createTasklistClient<Paths extends {} = {}>(config: TasklistClientConfig = {}): TasklistClient<Paths> {
  const env = config.env;
  const baseUrl = (config.baseUrl ?? resolveBaseUrl(env))?.replace(/\/+$/, '');
  if (!baseUrl) {
    throw new ConfigError('No Tasklist base URL', {
      variable: 'CAMUNDA_TASKLIST_BASE_URL',
      hint: 'Pass { baseUrl }, or set CAMUNDA_TASKLIST_BASE_URL (or CAMUNDA_CLUSTER_ID and CAMUNDA_CLUSTER_REGION for SaaS)',
    });
  }
  const fetch: TasklistFetch =
    config.fetch ?? createTransport({ ...config.transport, baseUrl, auth: config.auth ?? resolveAuthConfig(env) });
  const basePath = config.rest?.basePath ? `/${config.rest.basePath.replace(/^\/+|\/+$/g, '')}` : '';
  const rest = createRestClient<Paths>({
    baseUrl: `${baseUrl}${basePath}`,
    fetch,
    ...(config.rest?.middleware ? { middleware: config.rest.middleware } : {}),
  });
  const graphql =
    config.graphql === false ? undefined : createGraphQLClient({ endpoint: config.graphql?.endpoint ?? `${baseUrl}/graphql`, fetch });
  return { baseUrl, fetch, rest, graphql };
}
