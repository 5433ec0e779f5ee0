/**
 * The shapes every part of the toolkit agrees on for signing in to Tasklist.
 * Names follow Camunda's own: `CAMUNDA_AUTH_STRATEGY` = NONE | BASIC | BEARER | OAUTH | COOKIE.
 */

/** How a client signs in: the values of `CAMUNDA_AUTH_STRATEGY`, and each config's `strategy`. */
export type AuthStrategyName = 'NONE' | 'BASIC' | 'BEARER' | 'OAUTH' | 'COOKIE';

export interface NoAuthConfig {
  strategy: 'NONE';
}

export interface BasicAuthConfig {
  strategy: 'BASIC';
  username: string;
  password: string;
}

export interface BearerAuthConfig {
  strategy: 'BEARER';
  /** A token handed over as is (`CAMUNDA_OAUTH_TOKEN`), or a function that returns the current one (a browser page). */
  token: string | (() => string | Promise<string>);
}

export interface OAuthConfig {
  strategy: 'OAUTH';
  clientId: string;
  clientSecret: string;
  /** Token endpoint. Default `https://login.cloud.camunda.io/oauth/token` (SaaS). */
  oauthUrl?: string;
  /** Default `tasklist.camunda.io` unless a scope is configured and no audience (Keycloak, Entra ID). */
  audience?: string;
  /** Keycloak: the client id; Microsoft Entra ID: `<client id>/.default`. */
  scope?: string;
  /** `form` (default, RFC 6749) or `json` (older Camunda SaaS docs). */
  bodyFormat?: 'form' | 'json';
  /** `body` (default): client_secret in the form; `basic`: HTTP Basic header (client_secret_basic). */
  clientAuthMethod?: 'body' | 'basic';
  /** Seconds before expiry at which a token is refreshed. */
  refreshWindowSeconds?: number;
  /** Folder of the optional disk cache (Node only; `CAMUNDA_TOKEN_CACHE_DIR`). */
  cacheDir?: string;
}

export interface CookieAuthConfig {
  strategy: 'COOKIE';
  username: string;
  password: string;
  /** Login path relative to the base URL. Default `/api/login`. */
  loginPath?: string;
}

export type AuthConfig = NoAuthConfig | BasicAuthConfig | BearerAuthConfig | OAuthConfig | CookieAuthConfig;
