/**
 * One constructor per sign-in, each returning an `AuthStrategy` for `createTasklistClient({ auth })`.
 * Importing only the one you use lets a bundler drop the others. The OAuth token cache and the
 * cookie jar are more than the rest together, and an `AuthConfig` (resolved by `createAuthStrategy`'s
 * switch) can name either at run time: their modules are loaded with `import()` the first time a
 * call needs them (./deferred.ts), never imported statically from here, so a bundler that splits
 * code leaves them out of what every page downloads up front, whichever constructor it uses.
 */
import { notAnAuthStrategy, type AuthStrategy, type AuthStrategyOptions } from '../strategy.js';
import type { AuthConfig, BearerAuthConfig, CookieAuthConfig, OAuthConfig } from '../types.js';
import { createBasicAuth } from './basic.js';
import { createBearerAuth } from './bearer.js';
import { deferredCookieAuth, deferredOAuth } from './deferred.js';
import { createNoAuth } from './none.js';
import type { OAuthStrategy } from './oauth.js';

export type { OAuthStrategy } from './oauth.js';

/** The strategy an `AuthConfig` (e.g. from `resolveAuthConfig(process.env)`) describes. */
export function createAuthStrategy(config: AuthConfig, options: AuthStrategyOptions = {}): AuthStrategy {
  switch (config.strategy) {
    case 'NONE':
      return createNoAuth();
    case 'BASIC':
      return createBasicAuth(config, options);
    case 'BEARER':
      return createBearerAuth(config, options);
    case 'OAUTH':
      return deferredOAuth(config, options);
    case 'COOKIE':
      return deferredCookieAuth(config, options);
    default:
      // A config from plain JavaScript, or a strategy without `authorize`: refused rather than sent unsigned.
      throw notAnAuthStrategy(config);
  }
}

/** No credentials (C8 Run, Docker Compose). */
export function noAuth(): AuthStrategy {
  return createNoAuth();
}

/** HTTP Basic on every request (Helm's default `demo`/`demo`). */
export function basicAuth(username: string, password: string): AuthStrategy {
  return createBasicAuth({ strategy: 'BASIC', username, password });
}

/** A bearer token as is, or a function asked for the current one on every request (a page that renews its own). */
export function bearerAuth(token: BearerAuthConfig['token']): AuthStrategy {
  return createBearerAuth({ strategy: 'BEARER', token });
}

/**
 * OAuth 2.0 client credentials (SaaS, Keycloak, Entra ID) with the shared token cache, early
 * refresh and single-flight. `options.fetch` is what token requests go through.
 */
export function oauthClientCredentials(config: Omit<OAuthConfig, 'strategy'>, options: AuthStrategyOptions = {}): OAuthStrategy {
  return deferredOAuth({ ...config, strategy: 'OAUTH' }, options);
}

/** Tasklist's own login (`POST <baseUrl>/api/login`): a cookie session with its CSRF token. */
export function cookieAuth(config: Omit<CookieAuthConfig, 'strategy'>, options: AuthStrategyOptions & { baseUrl: string }): AuthStrategy {
  return deferredCookieAuth({ ...config, strategy: 'COOKIE' }, options);
}
