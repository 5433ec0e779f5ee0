/**
 * What the OAuth and cookie strategies settle the moment they are created, before any of their
 * token or login code runs: the configured secrets go into the strategy's `SecretRegistry`, the
 * token URL is checked, the audience and the cookie mode are decided, and the one-line description
 * is made. `createOAuth`/`createCookieAuth` start with these, and so does `createAuthStrategy`,
 * which loads those two modules only when a call first needs them (./deferred.ts): a config error
 * throws at creation either way, with the same message, and no secret can reach an error or an
 * event unregistered while the module loads.
 */
import { addBasicSecret, redactUrl, type SecretRegistry } from '../../util/redact.js';
import { assertSecureUrl } from '../../util/secure-url.js';
import { DEFAULT_OAUTH_URL, DEFAULT_TASKLIST_AUDIENCE } from '../env.js';
import type { AuthStrategyOptions } from '../strategy.js';
import type { CookieAuthConfig, OAuthConfig } from '../types.js';

export interface OAuthSettings {
  readonly url: string;
  /** What messages and events show: user info and every query value of the token URL stay out. */
  readonly safeUrl: string;
  /** The audience actually sent (undefined for scope-only servers). */
  readonly audience: string | undefined;
  readonly description: string;
}

export function oauthSettings(config: OAuthConfig, options: AuthStrategyOptions, secrets: SecretRegistry): OAuthSettings {
  const url = config.oauthUrl ?? DEFAULT_OAUTH_URL;
  const safeUrl = redactUrl(url, { query: 'all' });
  secrets.add(config.clientSecret).addUrl(url, { query: 'all' });
  // The client secret travels to this URL: refuse plain http to a remote host up front.
  try {
    assertSecureUrl(url, options.allowInsecureHttp);
  } catch (error) {
    throw secrets.scrub(error);
  }
  if (config.clientAuthMethod === 'basic') addBasicSecret(secrets, config.clientId, config.clientSecret);
  // Keycloak and Entra ID want a scope and reject (or ignore) an audience they do not know.
  const audience = config.audience ?? (config.scope ? undefined : DEFAULT_TASKLIST_AUDIENCE);
  const parts = [`OAuth client credentials for ${config.clientId} at ${safeUrl}`];
  if (audience) parts.push(`audience ${audience}`);
  if (config.scope) parts.push(`scope ${config.scope}`);
  return { url, safeUrl, audience, description: parts.join(', ') };
}

export interface CookieSettings {
  /** `manual` keeps a cookie jar (Node); `browser` lets the browser keep the cookies. */
  readonly mode: 'manual' | 'browser';
  readonly description: string;
}

export function cookieSettings(config: CookieAuthConfig, options: AuthStrategyOptions, secrets: SecretRegistry): CookieSettings {
  secrets.add(config.password);
  if (options.baseUrl) secrets.addUrl(options.baseUrl);
  const mode = options.cookieMode ?? (typeof (globalThis as { document?: unknown }).document === 'undefined' ? 'manual' : 'browser');
  return { mode, description: `cookie session as ${config.username} (${mode === 'browser' ? 'browser-managed cookies' : 'cookie jar'})` };
}
