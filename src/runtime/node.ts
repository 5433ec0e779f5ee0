/**
 * `@tasklist-codegen/runtime/node` (and, on Node, `@tasklist-codegen/runtime` itself, through the
 * package's `node` export condition): the browser entry's names, with a `createTasklistClient`
 * that adds what only Node can do: configuration from `process.env` (`CAMUNDA_TASKLIST_BASE_URL`,
 * `CAMUNDA_AUTH_STRATEGY`, …), an `AuthConfig` as well as a ready strategy, the disk token cache,
 * TLS material (custom CA, client certificate) and a cap on sockets per origin. The one way in on
 * Node; a ready strategy and a config get the same TLS material and token cache.
 *
 *     import { createTasklistClient } from '@tasklist-codegen/runtime';
 *     const tasklist = createTasklistClient<paths>();            // everything from CAMUNDA_*
 */
import { resolveAuthConfig, resolveBaseUrl, type Env } from '../auth/env.js';
import type { AuthStrategy } from '../auth/strategy.js';
import type { AuthConfig } from '../auth/types.js';
import { assembleClient, checkedBaseUrl, type ClientParts, type TasklistClient } from './client.js';
import type { GraphQLClient } from './graphql.js';
import { createNodeTransport, type NodeTransportOptions, type TlsOptions } from './node-transport.js';
import type { TransportOptions } from './transport.js';

// Everything of the browser entry but its `createTasklistClient`, which this entry replaces with one
// that gets the Node-only pieces (test/runtime/entries.test.ts keeps the two lists in step).
export {
  AuthError,
  ConfigError,
  DEFAULT_OAUTH_URL,
  DEFAULT_ORCHESTRATION_AUDIENCE,
  DEFAULT_RETRY_STATUSES,
  DEFAULT_TASKLIST_AUDIENCE,
  FormValidationError,
  GraphQLResponseError,
  HttpError,
  InsecureUrlError,
  NetworkError,
  NotVisibleError,
  RestError,
  SecretRegistry,
  TasklistCodegenError,
  TasklistError,
  TimeoutError,
  TokenCache,
  addBasicSecret,
  basicAuth,
  bearerAuth,
  callOperation,
  completeTaskWithForm,
  completeTaskWithFormOverGraphQL,
  completeUserTaskWithForm,
  cookieAuth,
  createAuthStrategy,
  encodeBody,
  encodeCookies,
  findTaskForm,
  noAuth,
  oauthClientCredentials,
  paginate,
  paginateCursorSearch,
  paginateTaskSearch,
  paginateTasks,
  prefillTask,
  prefillUserTask,
  redactHeaders,
  redactSecrets,
  redactUrl,
  requestGraphQL,
  resolveAuthConfig,
  resolveBaseUrl,
  sharedTokenCache,
  validateFormValues,
  waitUntilVisible,
  whoAmI,
  type AuthConfig,
  type AuthEvent,
  type AuthStrategy,
  type AuthStrategyName,
  type AuthStrategyOptions,
  type BasicAuthConfig,
  type BearerAuthConfig,
  type CachedToken,
  type CamundaUser,
  type CookieAuthConfig,
  type CredentialsMode,
  type CursorPage,
  type DocumentTypeDecoration,
  type EncodedBody,
  type Env,
  type ErrorCategory,
  type FormClient,
  type FormDefinition,
  type FormDocumentReference,
  type FormFieldRule,
  type FormInputOf,
  type FormLimit,
  type FormNotChecked,
  type FormOptions,
  type FormProblem,
  type FormRuleName,
  type FormValidation,
  type FormValuesOf,
  type GraphQLClient,
  type GraphQLErrorEntry,
  type HeadersOptions,
  type NoAuthConfig,
  type OAuthConfig,
  type OAuthStrategy,
  type OperationInput,
  type OperationRoute,
  type PaginateOptions,
  type PendingRequest,
  type ProblemDetails,
  type RequestBody,
  type RequestOptions,
  type RestClient,
  type RestMiddleware,
  type RestMiddlewareParams,
  type RetryOptions,
  type SentRequest,
  type StatusKey,
  type TaskFormLookup,
  type TaskFormRegistryEntry,
  type TaskPageQuery,
  type TaskSearchPage,
  type TasklistClient,
  type TasklistClientConfig,
  type TasklistCodegenErrorOptions,
  type TasklistErrorCode,
  type TasklistErrorOptions,
  type TasklistFetch,
  type TokenStore,
  type TransportDefaults,
  type TransportEvent,
  type TypedDocument,
  type WaitUntilVisibleOptions,
} from './index.js';
export { createDiskTokenStore, type DiskTokenStoreOptions } from '../auth/disk-token-store.js';
export type { TlsOptions } from './node-transport.js';

export interface NodeTasklistClientConfig extends ClientParts {
  /** Tasklist base URL. Default: `CAMUNDA_TASKLIST_BASE_URL`, or the SaaS URL from region and cluster id. */
  baseUrl?: string;
  /**
   * How to sign in: a strategy (`oauthClientCredentials(…)` …) or an `AuthConfig`. Default: from
   * `CAMUNDA_AUTH_STRATEGY` and friends (none when unset). Not used when `fetch` is given.
   */
  auth?: AuthConfig | AuthStrategy;
  /** Retries, timeouts, insecure http, credential origins, events, and options of the strategy built from a config. */
  transport?: Omit<TransportOptions, 'baseUrl' | 'auth' | 'fetch'>;
  /** What only Node has: TLS material (default from `CAMUNDA_CUSTOM_*`), the disk token cache folder (`false`: none), the socket cap, where warnings go. */
  node?: { tls?: TlsOptions } & Pick<NodeTransportOptions, 'tokenCacheDir' | 'maxConnections' | 'warn'>;
  /** Where `CAMUNDA_*` is read from. Default `process.env`. */
  env?: Env;
}

export function createTasklistClient<Paths extends {} = {}>(
  config: NodeTasklistClientConfig & { graphql: false },
): TasklistClient<Paths> & { readonly graphql: undefined };
export function createTasklistClient<Paths extends {} = {}>(
  config?: NodeTasklistClientConfig,
): TasklistClient<Paths> & { readonly graphql: GraphQLClient };
export function createTasklistClient<Paths extends {} = {}>(config: NodeTasklistClientConfig = {}): TasklistClient<Paths> {
  const env = config.env ?? process.env;
  const baseUrl = checkedBaseUrl(config.baseUrl ?? resolveBaseUrl(env));
  const fetch =
    config.fetch ?? createNodeTransport({ ...config.transport, ...config.node, env, baseUrl, auth: config.auth ?? resolveAuthConfig(env) });
  return assembleClient<Paths>(baseUrl, fetch, config);
}
