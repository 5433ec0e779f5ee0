/**
 * `@tasklist-codegen/runtime` in a browser (and `tasklist-codegen/runtime`): what generated
 * clients and the pages that use them import. The way in is `createTasklistClient` with a
 * strategy; on Node the package resolves to ./node.ts, whose `createTasklistClient` also reads
 * `process.env`, takes an `AuthConfig` and adds TLS and the disk token cache.
 *
 * Browser-safe: nothing here may import a `node:` module or a generator dependency
 * (graphql-codegen, openapi-typescript, graphql).
 */
//
// The public names, each listed: a module's helpers (retry decisions, URL checks, cache keys, the
// transport and client constructors under `createTasklistClient`) stay inside the runtime, and a
// name added to a module is public only once it is added here.

// Requests and transports
export type { RequestBody, RequestOptions, TasklistFetch } from './types.js';
export type { TransportEvent } from './transport.js';
export type { HeadersOptions } from './serializers.js';
export { DEFAULT_RETRY_STATUSES, type RetryOptions } from './retry.js';

// Errors
export {
  TasklistCodegenError,
  TasklistError,
  AuthError,
  ConfigError,
  InsecureUrlError,
  type ErrorCategory,
  type TasklistCodegenErrorOptions,
  type TasklistErrorCode,
  type TasklistErrorOptions,
} from '../util/errors.js';
export { HttpError, NetworkError, TimeoutError, type ProblemDetails } from './errors.js';

// Signing in
export type {
  AuthConfig,
  AuthStrategyName,
  BasicAuthConfig,
  BearerAuthConfig,
  CookieAuthConfig,
  NoAuthConfig,
  OAuthConfig,
} from '../auth/types.js';
export {
  resolveAuthConfig,
  resolveBaseUrl,
  DEFAULT_OAUTH_URL,
  DEFAULT_ORCHESTRATION_AUDIENCE,
  DEFAULT_TASKLIST_AUDIENCE,
  type Env,
} from '../auth/env.js';
export type {
  AuthStrategy,
  AuthStrategyOptions,
  AuthEvent,
  CredentialsMode,
  PendingRequest,
  SentRequest,
  TransportDefaults,
} from '../auth/strategy.js';
// One constructor per strategy: import only the one a page uses and the others are left out of its
// bundle. `createAuthStrategy(config)` resolves an `AuthConfig`, and with it reaches every strategy
// (OAuth and the cookie session through `import()`, so a bundler that splits code loads them on first use).
export {
  createAuthStrategy,
  noAuth,
  basicAuth,
  bearerAuth,
  oauthClientCredentials,
  cookieAuth,
  type OAuthStrategy,
} from '../auth/strategies/index.js';
export { TokenCache, sharedTokenCache, type CachedToken, type TokenStore } from '../auth/token-cache.js';
export { redactUrl, redactSecrets, redactHeaders, SecretRegistry, addBasicSecret } from '../util/redact.js';

// The client
export { createTasklistClient, type TasklistClient, type TasklistClientConfig } from './client.js';
export {
  GraphQLResponseError,
  paginateTasks,
  requestGraphQL,
  type GraphQLClient,
  type GraphQLErrorEntry,
  type TaskPageQuery,
  type TypedDocument,
} from './graphql.js';
// The type generated GraphQL documents carry: generated code imports the runtime and nothing else.
export type { DocumentTypeDecoration } from './document-type.js';
export {
  callOperation,
  encodeBody,
  encodeCookies,
  RestError,
  paginateCursorSearch,
  paginateTaskSearch,
  type CursorPage,
  type EncodedBody,
  type OperationInput,
  type OperationRoute,
  type RestClient,
  type RestMiddleware,
  type RestMiddlewareParams,
  type StatusKey,
  type TaskSearchPage,
} from './rest-client.js';
export { paginate, type PaginateOptions } from './paging.js';
export { waitUntilVisible, NotVisibleError, type WaitUntilVisibleOptions } from './eventual.js';
export { whoAmI, type CamundaUser } from './who-am-i.js';

// Typed task forms
export {
  FormValidationError,
  completeTaskWithForm,
  completeTaskWithFormOverGraphQL,
  completeUserTaskWithForm,
  findTaskForm,
  prefillTask,
  prefillUserTask,
  validateFormValues,
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
  type TaskFormLookup,
  type TaskFormRegistryEntry,
} from './forms.js';
