/**
 * The one `fetch` the toolkit talks through: relative URLs resolved against the base URL,
 * auth applied, 401 answered by re-authenticating once, transient failures retried (bounded,
 * with backoff and `Retry-After`), timeouts and the caller's `AbortSignal` honoured, and plain
 * http:// to a remote host refused. Browser-safe: no `node:` imports.
 */
import { createAuthStrategy, isAuthStrategy, type AuthEvent, type AuthStrategy, type AuthStrategyOptions } from '../auth/strategy.js';
import type { AuthConfig } from '../auth/types.js';
import { redactUrl } from '../util/redact.js';
import { assertSecureUrl } from '../util/secure-url.js';
import { ConfigError, HttpError, NetworkError, TimeoutError, errnoOf } from './errors.js';
import { mayRetry, parseRetryAfter, resolveRetry, retryDelay, type RetryOptions } from './retry.js';
import type { TasklistFetch } from './types.js';

export type TransportEvent =
  | AuthEvent
  | { type: 'request'; method: string; url: string; attempt: number }
  | { type: 'retry'; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: 'reauthenticate'; method: string; url: string };

export interface TransportOptions {
  /** Tasklist base URL; relative request URLs are resolved against it (its path kept). */
  baseUrl?: string;
  /** A strategy, or the config to build one from. Default: no auth. */
  auth?: AuthConfig | AuthStrategy;
  /** The underlying fetch (Node's TLS-configured undici fetch, a test double). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Time limit per attempt, response body included. Default: none. */
  timeoutMs?: number;
  /** Allow plain http:// to hosts other than this machine. Default false. */
  allowInsecureHttp?: boolean;
  /** Everything the transport and auth did, secrets left out. */
  onEvent?: (event: TransportEvent) => void;
  /** More options for the strategy built from an `AuthConfig` (token cache, disk store, cookie mode …). */
  authOptions?: Omit<AuthStrategyOptions, 'baseUrl' | 'fetch' | 'onEvent'>;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** A transport also says which strategy it signs in with. */
export interface Transport extends TasklistFetch {
  readonly auth: AuthStrategy;
}

export { assertSecureUrl, isLoopbackHost } from '../util/secure-url.js';

export function createTransport(options: TransportOptions = {}): Transport {
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const allowInsecure = options.allowInsecureHttp ?? false;
  const retry = resolveRetry(options.retry);
  const random = options.random ?? Math.random;
  const emit = (event: TransportEvent) => options.onEvent?.(event);
  const baseUrl = options.baseUrl?.replace(/\/+$/, '');
  if (baseUrl !== undefined) {
    try {
      new URL(baseUrl);
    } catch {
      throw new ConfigError(`Base URL ${baseUrl.split('?')[0]} is not an absolute URL`, {
        variable: 'CAMUNDA_TASKLIST_BASE_URL',
        hint: 'Use something like http://localhost:8080 or https://bru-2.tasklist.camunda.io/<cluster id>',
      });
    }
    assertSecureUrl(baseUrl, allowInsecure);
  }

  // A plain-http token endpoint is a configuration mistake: say so now, not on the first call.
  if (!isAuthStrategy(options.auth) && options.auth?.strategy === 'OAUTH' && options.auth.oauthUrl) {
    assertSecureUrl(options.auth.oauthUrl, allowInsecure);
  }
  // Token and login requests go through the same https check as API calls: a secret is a secret.
  const authFetch: typeof fetch = (input, init) => {
    assertSecureUrl(input instanceof Request ? input.url : String(input), allowInsecure);
    return baseFetch(input, init);
  };
  const strategy = isAuthStrategy(options.auth)
    ? options.auth
    : createAuthStrategy(options.auth ?? { strategy: 'NONE' }, {
        ...options.authOptions,
        ...(baseUrl === undefined ? {} : { baseUrl }),
        allowInsecureHttp: allowInsecure,
        fetch: authFetch,
        onEvent: emit,
      });

  function resolveUrl(input: string | URL | Request): string {
    if (input instanceof Request) return input.url;
    const text = String(input);
    if (/^[a-z][a-z\d+.-]*:/i.test(text)) return text;
    if (baseUrl === undefined) {
      throw new ConfigError(`Relative URL ${text.split('?')[0]} needs a base URL`, {
        variable: 'CAMUNDA_TASKLIST_BASE_URL',
        hint: 'Pass baseUrl to createTransport or set CAMUNDA_TASKLIST_BASE_URL',
      });
    }
    return `${baseUrl}/${text.replace(/^\/+/, '')}`;
  }

  const transport = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = resolveUrl(input);
    assertSecureUrl(url, allowInsecure);
    const original = input instanceof Request ? new Request(input, init) : new Request(url, init);
    const userSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    // Buffered once, so a retry (after a 401 or a 503) sends the same body again.
    const body = original.body ? await original.arrayBuffer() : undefined;
    const bodyText = body && original.method.toUpperCase() === 'POST' ? new TextDecoder().decode(body) : undefined;
    const method = original.method.toUpperCase();
    const safeUrl = redactUrl(url);

    let attempt = 0;
    let reauthenticated = false;
    for (;;) {
      attempt++;
      const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
      const signals = [userSignal, timeout].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
      const fresh = new Request(url, {
        method,
        headers: original.headers,
        ...(body === undefined ? {} : { body }),
        redirect: original.redirect,
        credentials: original.credentials,
        cache: original.cache,
        keepalive: original.keepalive,
        referrerPolicy: original.referrerPolicy,
        ...(signal === undefined ? {} : { signal }),
      });

      emit({ type: 'request', method, url: safeUrl, attempt });
      let response: Response;
      try {
        const authed = await strategy.apply(fresh);
        try {
          response = await baseFetch(authed);
        } catch (error) {
          if (userSignal?.aborted) throw userSignal.reason ?? error;
          const timedOut = timeout?.aborted === true;
          const errno = timedOut ? 'ETIMEDOUT' : errnoOf(error);
          if (attempt <= retry.retries && mayRetry(fresh, bodyText, { errno }, retry)) {
            const delayMs = retryDelay(attempt, retry, undefined, random);
            emit({ type: 'retry', method, url: safeUrl, attempt, delayMs, reason: errno ?? 'network error' });
            await sleep(delayMs, userSignal);
            continue;
          }
          if (timedOut) throw new TimeoutError(url, options.timeoutMs as number);
          throw new NetworkError(url, errno, { cause: error, ...(networkHint(errno) ? { hint: networkHint(errno) } : {}) });
        }
        strategy.observe?.(response);

        if (response.status === 401) {
          if (!reauthenticated && strategy.onUnauthorized && (await strategy.onUnauthorized(authed))) {
            reauthenticated = true;
            await discard(response);
            emit({ type: 'reauthenticate', method, url: safeUrl });
            attempt--;
            continue;
          }
          throw await HttpError.fromResponse(response, url, { hint: unauthorizedHint(strategy) });
        }
      } catch (error) {
        if (userSignal?.aborted) throw userSignal.reason ?? error;
        throw error;
      }

      if (retry.statuses.has(response.status) && attempt <= retry.retries && mayRetry(fresh, bodyText, { status: response.status }, retry)) {
        const delayMs = retryDelay(attempt, retry, parseRetryAfter(response.headers.get('retry-after')), random);
        await discard(response);
        emit({ type: 'retry', method, url: safeUrl, attempt, delayMs, reason: String(response.status) });
        await sleep(delayMs, userSignal);
        continue;
      }
      // A connection that drops mid-body only shows when the body is read. Read it here, inside
      // the attempt, so a dropped answer is retried when that is safe, and otherwise surfaces as
      // a NetworkError instead of undici's bare `TypeError: terminated` in the caller's `.json()`.
      let buffered: ArrayBuffer;
      try {
        buffered = await response.arrayBuffer();
      } catch (error) {
        if (userSignal?.aborted) throw userSignal.reason ?? error;
        const timedOut = timeout?.aborted === true;
        const errno = timedOut ? 'ETIMEDOUT' : errnoOf(error);
        if (attempt <= retry.retries && mayRetry(fresh, bodyText, { errno }, retry)) {
          const delayMs = retryDelay(attempt, retry, undefined, random);
          emit({ type: 'retry', method, url: safeUrl, attempt, delayMs, reason: `${errno ?? 'network error'} while reading the body` });
          await sleep(delayMs, userSignal);
          continue;
        }
        if (timedOut) throw new TimeoutError(url, options.timeoutMs as number);
        throw new NetworkError(url, errno, { cause: error });
      }
      return withBody(response, buffered);
    }
  };
  return Object.assign(transport, { auth: strategy });
}

function unauthorizedHint(strategy: AuthStrategy): string {
  switch (strategy.name) {
    case 'NONE':
      return 'This server wants credentials: set CAMUNDA_AUTH_STRATEGY (BASIC, OAUTH, COOKIE or BEARER) and its variables';
    case 'BASIC':
      return 'Check CAMUNDA_BASIC_AUTH_USERNAME and CAMUNDA_BASIC_AUTH_PASSWORD';
    case 'COOKIE':
      return 'The session was refused even after a fresh login: check the user\'s Tasklist permissions';
    case 'BEARER':
      return 'The token was refused: it may have expired or be meant for another audience (CAMUNDA_OAUTH_TOKEN)';
    case 'OAUTH':
      return 'A freshly issued token was refused: check the audience (CAMUNDA_TASKLIST_OAUTH_AUDIENCE) and the client\'s permissions';
  }
}

/** TLS failures need a different fix than a server that is down. */
function networkHint(errno: string | undefined): string | undefined {
  if (!errno) return undefined;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/i.test(errno)) {
    return 'The TLS handshake failed: trust the server\'s CA with CAMUNDA_CUSTOM_ROOT_CERT_PATH, and for mutual TLS set CAMUNDA_CUSTOM_CERT_CHAIN_PATH and CAMUNDA_CUSTOM_PRIVATE_KEY_PATH';
  }
  return undefined;
}

/** The response again, with its body already read (null-body statuses keep a null body; `url` is kept for redirect checks). */
function withBody(response: Response, body: ArrayBuffer): Response {
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
  const copy = new Response(nullBody ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
