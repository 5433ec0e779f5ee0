/**
 * An auth strategy signs each request the transport sends: it sets credentials on the request in
 * place. The transport calls it once per attempt and knows nothing about tokens or cookies.
 *
 * This module is the contract and the helpers the strategies share; the strategies themselves,
 * and `createAuthStrategy` that picks one for an `AuthConfig`, are in ./strategies/.
 */
import type { AuthStrategyName } from './types.js';
import type { TokenCache, TokenStore } from './token-cache.js';
import type { SecretRegistry } from '../util/redact.js';
import { ConfigError } from '../util/errors.js';

/**
 * Whether a browser sends its cookies (`'include'`, `'same-origin'`, `'omit'`), named through
 * `RequestInit` rather than the DOM's `RequestCredentials`, so a Node app without the DOM lib reads it.
 */
export type CredentialsMode = NonNullable<RequestInit['credentials']>;

/**
 * A request about to be sent, as plain values: what `authorize` signs in place. The transport
 * builds one per attempt instead of a `Request`, because constructing `Request`s (undici's in
 * Node) was most of the runtime's own cost per call.
 */
export interface PendingRequest {
  readonly method: string;
  readonly url: string;
  /** This attempt's own headers: set credentials here. */
  readonly headers: Headers;
  /** Set to `'include'` when the browser must send its cookies. */
  credentials?: CredentialsMode;
  /** The call's signal (the caller's and the transport's timeout): waiting for a token or a login gives up with it. */
  readonly signal?: AbortSignal | undefined;
}

/** What `onUnauthorized` may look at of the refused request (a `Request` fits). */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
}

export interface AuthStrategy {
  readonly name: AuthStrategyName;
  /**
   * Adds credentials to `request` in place: headers (`request.headers.set('authorization', …)`),
   * and `request.credentials = 'include'` when the browser must send its cookies. Called once per
   * attempt, so a retry is signed afresh. The one method a strategy of your own must write.
   */
  authorize(request: PendingRequest): Promise<void>;
  /**
   * The server answered 401 to `failed`: drop what was used (token, session) so the next
   * `authorize` gets fresh credentials. Returns true when a retry can help. Called at most once per request.
   */
  onUnauthorized?(failed?: SentRequest): Promise<boolean>;
  /** Sees every response (a cookie session picks up renewed cookies and CSRF tokens here). */
  observe?(response: Response): void;
  /** One line for logs and reports; never a secret. */
  describe(): string;
  /**
   * What to check when the server refuses this strategy's credentials for good (401 after any
   * renewal). Each strategy carries its own, so a bundle ships only the hints of the strategies in it.
   */
  readonly unauthorizedHint?: string;
  /** Every secret this strategy has in play (configured, derived, received); a transport links it into its own. */
  readonly secrets?: SecretRegistry;
  /**
   * A transport given this ready strategy offers what it has: its fetch (TLS, connection cap) and
   * token store (Node's disk cache). The strategy takes each one it was not given at construction.
   */
  useTransportDefaults?(defaults: TransportDefaults): void;
}

/** What `useTransportDefaults` offers. */
export interface TransportDefaults {
  fetch?: typeof fetch;
  tokenStore?: TokenStore;
}

/** What auth did, for logs and metrics. Never carries a secret. */
export type AuthEvent =
  | { type: 'token-request'; url: string; attempt: number }
  | { type: 'token-issued'; url: string; expiresAt: number; expirySource: 'jwt' | 'expires_in' | 'default'; background: boolean }
  | { type: 'token-request-failed'; url: string; attempt: number; status?: number; oauthError?: string; willRetry: boolean }
  | { type: 'token-cache-hit'; source: 'memory' | 'store' }
  | { type: 'token-evicted'; reason: 'unauthorized' }
  | { type: 'login'; url: string }
  | { type: 'session-dropped'; reason: 'unauthorized' | 'expired' }
  | { type: 'warning'; message: string };

export interface AuthStrategyOptions {
  /** Tasklist base URL; the cookie strategy logs in at `<baseUrl>/api/login`. */
  baseUrl?: string;
  /** The fetch used for token and login requests. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** In-memory token cache. Default: the process-wide one. */
  tokenCache?: TokenCache;
  /** Persistence behind the memory cache (Node's disk cache). */
  tokenStore?: TokenStore;
  onEvent?: (event: AuthEvent) => void;
  /** Where the strategy registers its secrets (configured, derived, tokens and cookies received). Default: a registry of its own. */
  secrets?: SecretRegistry;
  /**
   * After the token endpoint rejects the credentials (400 `invalid_client`/`unauthorized_client`, 401), calls
   * fail with that same error for this long without asking again. Default 30 000 ms; 0 turns it off.
   */
  rejectedCredentialsCooldownMs?: number;
  /** Token requests: the longest `Retry-After` (429/503) waited out before the next attempt. Default 30 000 ms. */
  tokenRetryAfterMaxMs?: number;
  /** Cookie sessions: `manual` keeps a cookie jar (Node); `browser` lets the browser keep cookies (`credentials: 'include'`). Default: `browser` when `document` exists. */
  cookieMode?: 'manual' | 'browser';
  /** Allow a plain-http token or login URL on a host other than this machine. Default false. */
  allowInsecureHttp?: boolean;
  /** Token requests: attempts in all (bounded backoff between them). Default 3. */
  tokenRequestAttempts?: number;
  /** Token requests: time limit per attempt. Default 10 000 ms. */
  tokenRequestTimeoutMs?: number;
  /** For tests: the clock and the jitter source. */
  now?: () => number;
  random?: () => number;
}

export function isAuthStrategy(value: unknown): value is AuthStrategy {
  return typeof value === 'object' && value !== null && typeof (value as AuthStrategy).authorize === 'function';
}

/**
 * The error for an `auth` that is neither a strategy nor an `AuthConfig` (a strategy without
 * `authorize`, a config without a known `strategy`): calls made with it would go out unsigned.
 */
export function notAnAuthStrategy(value: unknown): ConfigError {
  const strategy = typeof value === 'object' && value !== null ? (value as { strategy?: unknown }).strategy : undefined;
  if (typeof strategy === 'string') {
    return new ConfigError(`Unknown auth strategy ${JSON.stringify(strategy.slice(0, 40))}`, {
      variable: 'CAMUNDA_AUTH_STRATEGY',
      hint: 'Use one of NONE, BASIC, BEARER, OAUTH, COOKIE',
    });
  }
  return new ConfigError('auth is neither an AuthConfig nor an AuthStrategy: a strategy signs each request with authorize(request)', {
    hint: "Give your strategy async authorize(request) that sets credentials on request.headers in place, or pass a config such as { strategy: 'BEARER', token }",
  });
}

/**
 * `promise`, or the signal's reason as soon as it aborts: a caller that gives up stops waiting,
 * while the shared work (one token request for many callers) goes on for the others.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // Nobody waits for `promise` any more; its failure, if it fails, must not be an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A value `Headers` accepts: no control characters (CR/LF would split the header), nothing beyond Latin-1. */
export function isHeaderSafe(value: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/.test(value);
}
