/**
 * The one way into the runtime in a browser: `createTasklistClient` gives the authenticated fetch,
 * the REST client for the generated functions and the GraphQL endpoint, from a base URL and a
 * strategy (`bearerAuth(…)`, `oauthClientCredentials(…)`, `cookieAuth(…)`, `basicAuth(…)`, or
 * `createAuthStrategy(config)` for an `AuthConfig`).
 *
 *     import type { paths } from './generated/rest/schema.js';
 *     const tasklist = createTasklistClient<paths>({ baseUrl: location.origin, auth: bearerAuth(() => token) });
 *     const tasks = await searchTasks(tasklist.rest, { body: { state: 'CREATED' } });
 *
 * It takes a ready strategy rather than an `AuthConfig` so that a page ships only the sign-in it
 * uses: resolving a config reaches every strategy. The Node entry (./node.ts) adds what a page has
 * no use for: configuration from `process.env`, `AuthConfig`s, TLS material, the disk token cache.
 */
import type { AuthStrategy } from '../auth/strategy.js';
import { ConfigError } from '../util/errors.js';
import type { GraphQLClient } from './graphql.js';
import { createRestClient, type RestClient, type RestMiddleware } from './rest-client.js';
import { createStrategyTransport, type StrategyTransportOptions } from './transport.js';
import type { TasklistFetch } from './types.js';

/** What both entries' `createTasklistClient` take besides the sign-in. */
export interface ClientParts {
  /** A ready fetch (a test double, a fetch of your own); then no transport is built, and `auth` and `transport` are not used. */
  fetch?: TasklistFetch;
  /** `false`: no GraphQL client (Camunda 8.7+ has no GraphQL API). Default endpoint `<baseUrl>/graphql`. */
  graphql?: false | { endpoint?: string };
  /**
   * The REST client. `basePath` is put between the base URL and the document's paths: `/v2` for
   * the Orchestration Cluster document (its paths are `/user-tasks/...`; the generated
   * `REST_BASE_PATH` has it). Default: none (Tasklist v1 paths start with `/v1`). `middleware`
   * follows openapi-fetch's `Middleware` contract and runs around every REST call.
   */
  rest?: { basePath?: string; middleware?: RestMiddleware[] };
}

export interface TasklistClientConfig extends ClientParts {
  /** Tasklist base URL, e.g. `location.origin` or `https://bru-2.tasklist.camunda.io/<cluster id>`. */
  baseUrl: string;
  /** How to sign in: one strategy constructor (`bearerAuth(() => token)` …). Default: no auth. */
  auth?: AuthStrategy;
  /** Retries, timeouts, insecure http, credential origins and events of the transport built here. */
  transport?: Omit<StrategyTransportOptions, 'baseUrl' | 'auth' | 'fetch'>;
}

export interface TasklistClient<Paths extends {}> {
  readonly baseUrl: string;
  /** The authenticated fetch both clients go through; it also fits openapi-fetch's `createClient({ fetch })`. */
  readonly fetch: TasklistFetch;
  /** The first argument of every generated REST function. */
  readonly rest: RestClient<Paths>;
  readonly graphql: GraphQLClient | undefined;
}

export function createTasklistClient<Paths extends {} = {}>(
  config: TasklistClientConfig & { graphql: false },
): TasklistClient<Paths> & { readonly graphql: undefined };
export function createTasklistClient<Paths extends {} = {}>(
  config: TasklistClientConfig,
): TasklistClient<Paths> & { readonly graphql: GraphQLClient };
export function createTasklistClient<Paths extends {} = {}>(config: TasklistClientConfig): TasklistClient<Paths> {
  const baseUrl = checkedBaseUrl(config.baseUrl);
  const fetch = config.fetch ?? createStrategyTransport({ ...config.transport, baseUrl, ...(config.auth ? { auth: config.auth } : {}) });
  return assembleClient<Paths>(baseUrl, fetch, config);
}

/** The base URL without trailing slashes, or the `ConfigError` that says how to give one. */
export function checkedBaseUrl(raw: string | undefined): string {
  const baseUrl = raw?.replace(/\/+$/, '');
  if (!baseUrl) {
    throw new ConfigError('No Tasklist base URL', {
      variable: 'CAMUNDA_TASKLIST_BASE_URL',
      hint: 'Pass { baseUrl }, or set CAMUNDA_TASKLIST_BASE_URL (or CAMUNDA_CLUSTER_ID and CAMUNDA_CLUSTER_REGION for SaaS)',
    });
  }
  return baseUrl;
}

/** The client over a fetch both entries have built: the REST client under the base path, and GraphQL unless turned off. */
export function assembleClient<Paths extends {}>(baseUrl: string, fetch: TasklistFetch, parts: ClientParts): TasklistClient<Paths> {
  const basePath = parts.rest?.basePath ? `/${parts.rest.basePath.replace(/^\/+|\/+$/g, '')}` : '';
  const rest = createRestClient<Paths>({
    baseUrl: `${baseUrl}${basePath}`,
    fetch,
    ...(parts.rest?.middleware ? { middleware: parts.rest.middleware } : {}),
  });
  // Data only: `requestGraphQL`, which generated GraphQL functions import, does the request, so a
  // page calling only REST functions bundles no GraphQL code.
  const graphql: GraphQLClient | undefined =
    parts.graphql === false ? undefined : Object.freeze({ endpoint: parts.graphql?.endpoint ?? `${baseUrl}/graphql`, fetch });
  return { baseUrl, fetch, rest, graphql };
}
