/**
 * `tasklist-codegen/runtime`: what generated clients import. Browser-safe — nothing here may
 * import a `node:` module or a generator dependency (graphql-codegen, openapi-typescript,
 * ts-morph, graphql). Node-only additions (disk token cache, TLS) live in `./node.ts`.
 */

// --- auth + transport (auth engineer) ---
export * from './types.js';
export * from './errors.js';
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
export * from './retry.js';
export * from './transport.js';
export * from './middleware.js';
export * from '../auth/types.js';
export * from '../auth/env.js';
export {
  isAuthStrategy,
  applyWith,
  type AuthStrategy,
  type AuthStrategyOptions,
  type AuthEvent,
  type PendingRequest,
  type SentRequest,
} from '../auth/strategy.js';
// One constructor per strategy: import only the one a page uses and the others are left out of its bundle.
export * from '../auth/strategies/index.js';
export { TokenCache, sharedTokenCache, tokenCacheKey, type CachedToken, type TokenStore } from '../auth/token-cache.js';
export { redactUrl, redactSecrets, redactHeaders, SecretRegistry } from '../util/redact.js';

// --- paging (shared contract) ---
export * from './paging.js';

// --- other runtime modules: append one export line each below this marker ---
// (graphql.ts, rest-client.ts, client.ts)
export * from './graphql.js';
// The type generated GraphQL documents carry: generated code imports the runtime and nothing else.
export type { DocumentTypeDecoration } from './document-type.js';
export * from './rest-client.js';
export * from './client.js';
export * from './forms.js';
export * from './eventual.js';
export * from './who-am-i.js';
