/**
 * OAuth 2.0 client credentials (Camunda SaaS, Self-Managed Keycloak, Microsoft Entra ID).
 *
 * - One token per (auth server, client, audience, scope), shared in memory, optionally persisted.
 * - Expiry from the JWT's `exp` when there is one (identity servers hand out cached tokens
 *   whose real life is shorter than `expires_in`), else from `expires_in`.
 * - Refreshed in the background once inside the refresh window (with jitter, so many
 *   processes do not all refresh at once); callers keep using the still-valid token meanwhile.
 * - Single-flight: concurrent callers on a cold or expired cache share one token request.
 * - Token endpoint failures become an `AuthError` naming the URL, status and OAuth error; 5xx,
 *   429 and network failures are retried a bounded number of times with backoff (or as long as
 *   `Retry-After` says, bounded). Rejected credentials are remembered for a cooldown, so many
 *   failing calls do not hammer the identity provider.
 * - Redirects: the request carries the client secret, so it follows only a 307/308 to the same
 *   origin (same scheme, host and port), at most 2 of them. Any other redirect fails with an
 *   `AuthError` naming both URLs: set `CAMUNDA_OAUTH_URL` to the final one.
 * - Every secret in play (the client secret, its Basic form, the token URL's query values, each
 *   access token as it arrives) is in the strategy's `SecretRegistry`; every error and event
 *   goes through it.
 */
import { AuthError, TasklistError, errnoOf } from '../../util/errors.js';
import { SecretRegistry, base64, formEncode, redactUrl } from '../../util/redact.js';
import { parseRetryAfter } from '../../util/retry-after.js';
import { jwtExpiresAt } from '../jwt.js';
import {
  isHeaderSafe,
  untilAborted,
  type AuthEvent,
  type AuthStrategy,
  type AuthStrategyOptions,
  type PendingRequest,
} from '../strategy.js';
import { sharedTokenCache, tokenCacheKey, type CachedToken } from '../token-cache.js';
import type { OAuthConfig } from '../types.js';
import { oauthSettings } from './settings.js';

const DEFAULT_REFRESH_WINDOW_SECONDS = 30;
/** Used when the server says nothing about lifetime (no `exp`, no `expires_in`). */
const DEFAULT_LIFETIME_MS = 60_000;
/** After a failed background refresh, callers keep the old token this long before trying again. */
const BACKGROUND_RETRY_COOLDOWN_MS = 5_000;
const DEFAULT_REJECTED_COOLDOWN_MS = 30_000;
const DEFAULT_RETRY_AFTER_MAX_MS = 30_000;
const MAX_REDIRECTS = 3;
/**
 * A token response (or an error page) is a few KB. A server that streams without end would
 * otherwise be read into memory for the whole attempt timeout, three times over (1 GB RSS seen).
 */
const MAX_TOKEN_RESPONSE_BYTES = 1 << 20;

interface TokenResponse {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
}

export interface OAuthStrategy extends AuthStrategy {
  readonly name: 'OAUTH';
  /** The current access token, fetching one if needed; `signal` stops the wait (not the shared request). */
  getToken(signal?: AbortSignal): Promise<string>;
  /** The audience actually sent (undefined for scope-only servers). */
  readonly audience: string | undefined;
}

export function createOAuth(config: OAuthConfig, options: AuthStrategyOptions = {}): OAuthStrategy {
  // Both may be filled in later by the transport this strategy is handed to (`useTransportDefaults`).
  let fetchImpl: typeof fetch | undefined = options.fetch;
  let store = options.tokenStore;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const secrets = options.secrets ?? new SecretRegistry();
  const emit = (event: AuthEvent) => options.onEvent?.(secrets.redactValue(event));
  const cache = options.tokenCache ?? sharedTokenCache;
  const cooldownMs = options.rejectedCredentialsCooldownMs ?? DEFAULT_REJECTED_COOLDOWN_MS;
  const retryAfterMaxMs = options.tokenRetryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS;
  const attempts = Math.max(1, options.tokenRequestAttempts ?? 3);
  const attemptTimeoutMs = options.tokenRequestTimeoutMs ?? 10_000;
  const windowMs = (config.refreshWindowSeconds ?? DEFAULT_REFRESH_WINDOW_SECONDS) * 1000;

  // The configured secrets registered, the token URL checked, the audience decided (./settings.ts).
  const { url, safeUrl, audience, description } = oauthSettings(config, options, secrets);
  const key = tokenCacheKey({ oauthUrl: url, clientId: config.clientId, audience, scope: config.scope });
  /** The one read of the token store, shared by the callers that find no token in memory. */
  let storeRead: Promise<void> | undefined;
  let backgroundFailedAt = Number.NEGATIVE_INFINITY;
  /** The token endpoint's last verdict on these credentials, while it stands. */
  let rejected: { error: AuthError; until: number } | undefined;
  let registeredToken: string | undefined;
  /** `Bearer <registeredToken>`. */
  let authorization = '';

  function requestInit(): RequestInit {
    const params: Record<string, string> = { grant_type: 'client_credentials' };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (config.clientAuthMethod === 'basic') {
      // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
      headers['authorization'] = `Basic ${base64(`${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`)}`;
    } else {
      params['client_id'] = config.clientId;
      params['client_secret'] = config.clientSecret;
    }
    if (audience !== undefined) params['audience'] = audience;
    if (config.scope !== undefined) params['scope'] = config.scope;
    if (config.bodyFormat === 'json') {
      headers['content-type'] = 'application/json';
      return { method: 'POST', headers, body: JSON.stringify(params) };
    }
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { method: 'POST', headers, body: new URLSearchParams(params).toString() };
  }

  function toCached(response: TokenResponse, background: boolean): CachedToken {
    const accessToken = response.access_token as string;
    secrets.add(accessToken);
    const issuedAt = now();
    const fromJwt = jwtExpiresAt(accessToken);
    const fromExpiresIn =
      typeof response.expires_in === 'number' || typeof response.expires_in === 'string'
        ? issuedAt + Number(response.expires_in) * 1000
        : undefined;
    const candidates = [fromJwt, fromExpiresIn].filter((t): t is number => t !== undefined && Number.isFinite(t));
    // The earlier of the two wins: a JWT that dies before `expires_in` says is the common lie.
    const expiresAt = candidates.length > 0 ? Math.min(...candidates) : issuedAt + DEFAULT_LIFETIME_MS;
    const expirySource = candidates.length === 0 ? 'default' : expiresAt === fromJwt ? 'jwt' : 'expires_in';
    const lifetime = Math.max(0, expiresAt - issuedAt);
    // Never refresh earlier than half-way through a short-lived token.
    const window = Math.min(windowMs, lifetime / 2);
    const refreshAt = expiresAt - window - random() * window * 0.5;
    emit({ type: 'token-issued', url: safeUrl, expiresAt, expirySource, background });
    return {
      accessToken,
      tokenType: typeof response.token_type === 'string' ? response.token_type : 'Bearer',
      expiresAt,
      refreshAt,
    };
  }

  async function requestToken(background: boolean): Promise<CachedToken> {
    let lastError: AuthError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      emit({ type: 'token-request', url: safeUrl, attempt });
      const outcome = await requestOnce();
      if ('token' in outcome) return toCached(outcome.token, background);
      // Scrubbed (in place) before anything can show it.
      lastError = secrets.scrub(outcome.error);
      const willRetry = outcome.retryable && attempt < attempts;
      emit({
        type: 'token-request-failed',
        url: safeUrl,
        attempt,
        willRetry,
        ...(outcome.error.status === undefined ? {} : { status: outcome.error.status }),
        ...(outcome.error.oauthError === undefined ? {} : { oauthError: outcome.error.oauthError }),
      });
      if (!willRetry) break;
      // As long as the server asks (bounded), else 250 ms, 500 ms, 1 s … capped at 4 s, with full jitter on the upper half.
      const base = Math.min(4000, 250 * 2 ** (attempt - 1));
      const delay = outcome.retryAfterMs === undefined ? base / 2 + (random() * base) / 2 : Math.min(retryAfterMaxMs, outcome.retryAfterMs);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const error = lastError as AuthError;
    if (cooldownMs > 0 && credentialsRejected(error)) rejected = { error, until: now() + cooldownMs };
    throw error;
  }

  type Outcome = { token: TokenResponse } | { error: AuthError; retryable: boolean; retryAfterMs?: number };

  /** One attempt, following only same-origin 307/308 redirects. The error it returns is scrubbed by the caller. */
  async function requestOnce(): Promise<Outcome> {
    const send = fetchImpl ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    let target = url;
    for (let hop = 0; ; hop++) {
      try {
        response = await send(target, { ...requestInit(), redirect: 'manual', signal: AbortSignal.timeout(attemptTimeoutMs) });
      } catch (cause) {
        // Our own refusals (an insecure token URL) are configuration errors, not network trouble.
        if (cause instanceof TasklistError) throw secrets.scrub(cause);
        const timedOut = (cause as Error | undefined)?.name === 'TimeoutError';
        const errno = errnoOf(cause);
        return {
          retryable: true,
          error: new AuthError(
            {
              url,
              what: `Token request to ${safeUrl} failed: ${timedOut ? `no answer within ${attemptTimeoutMs} ms` : `network error${errno ? ` (${errno})` : ''}`}`,
            },
            { hint: 'Check CAMUNDA_OAUTH_URL and that the identity provider is reachable' },
          ),
        };
      }
      const redirect = redirectOutcome(response, target, hop);
      if (redirect === undefined) break;
      await response.body?.cancel().catch(() => undefined);
      if ('error' in redirect) return redirect;
      target = redirect.next;
    }
    const text = await boundedText(response, MAX_TOKEN_RESPONSE_BYTES).catch(() => '');
    if (text === undefined) {
      return {
        retryable: false,
        error: new AuthError(
          {
            url,
            status: response.status,
            what: `Token endpoint ${safeUrl} answered ${response.status} with more than ${MAX_TOKEN_RESPONSE_BYTES / (1 << 20)} MB; a token response is a few KB, so reading stopped there`,
          },
          { hint: 'Check that CAMUNDA_OAUTH_URL points at the token endpoint itself (…/oauth/token, …/protocol/openid-connect/token)' },
        ),
      };
    }
    if (!response.ok) {
      const { error, description } = parseOAuthError(text);
      // What the server says goes into the message: anything it echoed of ours is redacted (scrub, below).
      const detail = [error, description].filter(Boolean).join(': ');
      const retryable = response.status >= 500 || response.status === 429;
      const retryAfterMs =
        response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), now()) : undefined;
      return {
        retryable,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        error: new AuthError(
          {
            url,
            status: response.status,
            ...(error === undefined ? {} : { oauthError: error }),
            ...(description === undefined ? {} : { oauthErrorDescription: description }),
            what: `Token request to ${safeUrl} was refused: ${response.status}${detail ? ` ${detail}` : ''}`,
          },
          { hint: hintFor(response.status, error) },
        ),
      };
    }
    let parsed: TokenResponse;
    try {
      parsed = JSON.parse(text) as TokenResponse;
    } catch {
      return {
        retryable: true,
        error: new AuthError(
          { url, status: response.status, what: `Token endpoint ${safeUrl} answered ${response.status} with a body that is not JSON` },
          { hint: 'Check that CAMUNDA_OAUTH_URL points at the token endpoint itself (…/oauth/token, …/protocol/openid-connect/token)' },
        ),
      };
    }
    if (typeof parsed?.access_token !== 'string' || parsed.access_token === '') {
      return {
        retryable: false,
        error: new AuthError(
          { url, status: response.status, what: `Token endpoint ${safeUrl} answered without an access_token` },
          { hint: 'Check that CAMUNDA_OAUTH_URL is an OAuth 2.0 token endpoint' },
        ),
      };
    }
    // Registered before anything can print it.
    secrets.add(parsed.access_token);
    if (!isHeaderSafe(parsed.access_token)) {
      return {
        retryable: false,
        error: new AuthError(
          {
            url,
            status: response.status,
            what: `Token endpoint ${safeUrl} answered an access_token that cannot be sent in a header (control or non-Latin-1 characters)`,
          },
          { hint: 'Check that CAMUNDA_OAUTH_URL is an OAuth 2.0 token endpoint' },
        ),
      };
    }
    return { token: parsed };
  }

  /**
   * Undefined for an answer that is not a redirect; the next URL for a 307/308 to the same origin;
   * else the error. The body holds the client secret: it goes to no other origin, and 301/302/303
   * (which would turn the POST into a GET) are not followed at all.
   */
  function redirectOutcome(
    response: Response,
    from: string,
    hop: number,
  ): { next: string } | { error: AuthError; retryable: false } | undefined {
    const opaque = response.type === 'opaqueredirect';
    if (!opaque && (response.status < 300 || response.status > 399 || response.status === 304)) return undefined;
    const location = response.headers.get('location');
    let next: URL | undefined;
    try {
      next = location ? new URL(location, from) : undefined;
    } catch {
      next = undefined;
    }
    const shownNext = next ? redactUrl(next, { query: 'all' }) : location ? '(an invalid Location)' : '(a hidden location)';
    if (next) secrets.addUrl(next, { query: 'all' });
    const refuse = (why: string): { error: AuthError; retryable: false } => ({
      retryable: false,
      error: new AuthError(
        {
          url,
          status: response.status,
          what: `Token request to ${safeUrl} was redirected (${opaque ? 'redirect' : response.status}) to ${shownNext}: ${why}`,
        },
        { hint: 'Set CAMUNDA_OAUTH_URL to the token endpoint itself (the URL it redirects to, if you trust it)' },
      ),
    });
    if (!next) return refuse('token requests follow only same-origin redirects');
    if (next.protocol !== 'https:' && next.protocol !== 'http:') return refuse('not an http(s) URL');
    if (next.origin !== new URL(from).origin)
      return refuse(`another origin than ${new URL(from).origin}; the client secret is not sent there`);
    if (response.status !== 307 && response.status !== 308)
      return refuse(`a ${response.status} would turn the token POST into a GET; only 307/308 are followed`);
    if (hop + 1 >= MAX_REDIRECTS) return refuse(`more than ${MAX_REDIRECTS - 1} redirects`);
    return { next: next.toString() };
  }

  /** One token request for everyone waiting on this key. */
  function fetchShared(background: boolean): Promise<CachedToken> {
    const running = cache.inflight.get(key);
    if (running) return running;
    // A store shared by processes (Redis) makes this single-flight across them too.
    const shared = store?.singleFlight?.(
      key,
      () => requestToken(background),
      (token) => now() < token.refreshAt && usable(token, now()),
    );
    const promise = (shared ?? requestToken(background))
      .then(async (token) => {
        // One another process fetched is this client's secret too.
        secrets.add(token.accessToken);
        cache.tokens.set(key, token);
        if (store && !shared) await store.save(key, token).catch(() => undefined);
        return token;
      })
      .finally(() => cache.inflight.delete(key));
    cache.inflight.set(key, promise);
    return promise;
  }

  /**
   * Usable = far enough from expiry that the request reaches the server before the token dies.
   * The slack is half the refresh window, at most 5 s: with a 30 s window the background refresh
   * starts 25–40 s before any caller would have to wait for a token.
   */
  function usable(token: CachedToken, at: number): boolean {
    const slack = Math.min(5000, (token.expiresAt - token.refreshAt) / 2);
    return at < token.expiresAt - slack;
  }

  async function currentToken(signal?: AbortSignal): Promise<CachedToken> {
    let token = cache.tokens.get(key);
    // Every call passes here: build the event only when someone listens.
    if (token && options.onEvent) emit({ type: 'token-cache-hit', source: 'memory' });
    if (!token && store) {
      // Read once, by the first caller; the callers meanwhile wait for the same read rather than
      // ask the token endpoint for what the store may hold.
      storeRead ??= store.load(key).then(
        (stored) => {
          if (stored && usable(stored, now())) {
            cache.tokens.set(key, stored);
            emit({ type: 'token-cache-hit', source: 'store' });
          }
        },
        () => undefined,
      );
      await untilAborted(storeRead, signal);
      token = cache.tokens.get(key);
    }
    const at = now();
    if (token && usable(token, at)) {
      // A token another client (same cache) fetched is this client's secret too; registered once per token.
      if (token.accessToken !== registeredToken) {
        secrets.add(token.accessToken);
        registeredToken = token.accessToken;
        authorization = `Bearer ${registeredToken}`;
      }
      if (at >= token.refreshAt && !cache.inflight.has(key) && at - backgroundFailedAt > BACKGROUND_RETRY_COOLDOWN_MS) {
        fetchShared(true).catch(() => {
          // The current token is still good; the next caller past the cooldown tries again.
          backgroundFailedAt = now();
        });
      }
      return token;
    }
    if (rejected && at < rejected.until) throw rejected.error;
    rejected = undefined;
    return untilAborted(fetchShared(false), signal);
  }

  async function authorize(request: PendingRequest): Promise<void> {
    const token = await currentToken(request.signal);
    // Built once per token (when it is registered): a `Bearer ${…}` made per call is a new string
    // that the header check then copies flat, about 1 KB of garbage a call for a JWT.
    request.headers.set('authorization', token.accessToken === registeredToken ? authorization : `Bearer ${token.accessToken}`);
  }

  return {
    name: 'OAUTH',
    audience,
    async getToken(signal?: AbortSignal) {
      return (await currentToken(signal)).accessToken;
    },
    secrets,
    useTransportDefaults(defaults) {
      fetchImpl ??= defaults.fetch;
      store ??= defaults.tokenStore;
    },
    authorize,
    async onUnauthorized(failed) {
      const sent = failed?.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
      const cached = cache.tokens.get(key);
      // Only evict the token the server refused; a newer one may already be in the cache.
      if (cached && (sent === undefined || sent === cached.accessToken)) {
        cache.tokens.delete(key);
        emit({ type: 'token-evicted', reason: 'unauthorized' });
        if (store) await store.remove(key).catch(() => undefined);
      }
      return true;
    },
    describe: () => description,
    unauthorizedHint:
      "A freshly issued token was refused: check the audience (CAMUNDA_TASKLIST_OAUTH_AUDIENCE) and the client's permissions",
  };
}

/** The body as text, or undefined once it is longer than `maxBytes` (announced or as it arrives). */
async function boundedText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** The identity provider said these credentials are wrong: asking again will not help. */
function credentialsRejected(error: AuthError): boolean {
  if (error.status === 401) return true;
  return error.status === 400 && (error.oauthError === 'invalid_client' || error.oauthError === 'unauthorized_client');
}

function parseOAuthError(text: string): { error?: string; description?: string } {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    return {
      ...(typeof body.error === 'string' ? { error: body.error } : {}),
      ...(typeof body.error_description === 'string' ? { description: body.error_description } : {}),
    };
  } catch {
    return {};
  }
}

function hintFor(status: number, oauthError: string | undefined): string {
  switch (oauthError) {
    case 'invalid_client':
    case 'unauthorized_client':
      return 'Check CAMUNDA_CLIENT_ID and CAMUNDA_CLIENT_SECRET, and whether the server wants the secret in the body or as HTTP Basic (CAMUNDA_OAUTH_CLIENT_AUTH_METHOD)';
    case 'invalid_target':
    case 'invalid_scope':
    case 'invalid_request':
      return 'Check the audience (CAMUNDA_TASKLIST_OAUTH_AUDIENCE) and scope (CAMUNDA_TOKEN_SCOPE) this server expects';
    case 'unsupported_grant_type':
      return 'Enable the client credentials grant for this client at the identity provider';
  }
  if (status === 429)
    return 'The identity provider is limiting token requests; wait a while, and share one client (and its token cache) instead of building one per call';
  if (status >= 500) return 'The identity provider failed; try again later';
  if (status === 404) return 'Check CAMUNDA_OAUTH_URL: no token endpoint there';
  return 'Check the OAuth client configuration (CAMUNDA_CLIENT_ID, CAMUNDA_OAUTH_URL)';
}
