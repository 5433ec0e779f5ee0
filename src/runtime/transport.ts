/**
 * The one `fetch` the toolkit talks through: relative URLs resolved against the base URL,
 * auth applied, 401 answered by re-authenticating once, transient failures retried (bounded,
 * with backoff and `Retry-After`), timeouts and the caller's `AbortSignal` honoured, and plain
 * http:// to a remote host refused. Credentials go only to the configured origin(s). Every error
 * and event passes the transport's `SecretRegistry` (its strategy's secrets linked in). Browser-safe:
 * no `node:` imports.
 */
import {
  isAuthStrategy,
  notAnAuthStrategy,
  type AuthEvent,
  type AuthStrategy,
  type AuthStrategyOptions,
  type PendingRequest,
  type SentRequest,
  untilAborted,
} from '../auth/strategy.js';
import { createAuthStrategy } from '../auth/strategies/index.js';
import { createNoAuth } from '../auth/strategies/none.js';
import type { AuthConfig } from '../auth/types.js';
import { SecretRegistry, redactUrl } from '../util/redact.js';
import { assertSecureUrl } from '../util/secure-url.js';
import { ConfigError, TasklistError, errnoOf } from '../util/errors.js';
import { HttpError, NetworkError, TimeoutError } from './errors.js';
import { parseRetryAfter } from '../util/retry-after.js';
import { mayRetry, resolveRetry, retryDelay, type RetryOptions } from './retry.js';
import type { RequestBody, TasklistFetch } from './types.js';
import { bufferedSend, readAnswer, utf8, withBody, type BufferedAnswer, type BufferedSend } from './buffered.js';

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
  /**
   * Where every secret in play is registered (the strategy's are linked in). Default: a registry of
   * the transport's own, readable as `transport.secrets`. The CLI passes the one its output uses.
   */
  secrets?: SecretRegistry;
  /**
   * Origins besides the base URL's that may receive credentials (`https://host:port`). A call to any
   * other origin goes out without them (`foreignOrigins: 'unauthenticated'`, the default) or throws
   * a `ConfigError` (`'throw'`). With neither a base URL nor this list, every origin gets them.
   */
  credentialOrigins?: string[];
  foreignOrigins?: 'unauthenticated' | 'throw';
  /** More options for the strategy built from an `AuthConfig` (token cache, disk store, cookie mode …). */
  authOptions?: Omit<AuthStrategyOptions, 'baseUrl' | 'fetch' | 'onEvent'>;
  /**
   * What to do about a failure to reach the server that the fetch reports with this system error
   * code, as the `NetworkError`'s hint; default: check the base URL and the server. The Node entry
   * names its TLS variables for a failed handshake: only it reads them.
   */
  networkHint?: (errno: string) => string | undefined;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** `createStrategyTransport`'s options: a ready strategy (`bearerAuth(…)`, `oauthClientCredentials(…)` …), no config. */
export interface StrategyTransportOptions extends Omit<TransportOptions, 'auth' | 'authOptions'> {
  /** Default: no auth. */
  auth?: AuthStrategy;
}

/** A transport also says which strategy it signs in with, and which secrets it keeps out of output. */
export interface Transport extends TasklistFetch {
  readonly auth: AuthStrategy;
  /** Every secret in play for this transport: run your own log lines through `secrets.redact(text)`. */
  readonly secrets: SecretRegistry;
}

/**
 * The transport from a strategy or an `AuthConfig`. A config is resolved by `createAuthStrategy`,
 * which reaches every strategy (OAuth and the cookie session by `import()`, loaded on first use): a
 * browser page that wants a small bundle passes a strategy to `createStrategyTransport` instead.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const { auth, authOptions, ...rest } = options;
  if (isAuthStrategy(auth)) return createStrategyTransport({ ...rest, auth });
  const allowInsecure = options.allowInsecureHttp ?? false;
  const secrets = options.secrets ?? new SecretRegistry();
  const baseUrl = checkedBaseUrl(options.baseUrl, allowInsecure, secrets);
  // A plain-http token endpoint is a configuration mistake: say so now, not on the first call.
  if (auth?.strategy === 'OAUTH' && auth.oauthUrl) {
    secrets.addUrl(auth.oauthUrl, { query: 'all' });
    try {
      assertSecureUrl(auth.oauthUrl, allowInsecure);
    } catch (error) {
      throw secrets.scrub(error);
    }
  }
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  // Token and login requests go through the same https check as API calls: a secret is a secret.
  const authFetch: typeof fetch = (input, init) => {
    assertSecureUrl(input instanceof Request ? input.url : String(input), allowInsecure);
    return baseFetch(input, init);
  };
  const strategy = createAuthStrategy(auth ?? { strategy: 'NONE' }, {
    ...authOptions,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    allowInsecureHttp: allowInsecure,
    fetch: authFetch,
    secrets,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return createStrategyTransport({ ...rest, secrets, fetch: baseFetch, auth: strategy });
}

/**
 * The base URL without trailing slashes, checked to be an absolute http(s) URL without user info
 * and (unless allowed) not plain http to a remote host. Its user info, if any, is registered as a
 * secret first, so no message can show it.
 */
function checkedBaseUrl(raw: string | undefined, allowInsecure: boolean, secrets: SecretRegistry): string | undefined {
  const baseUrl = raw?.replace(/\/+$/, '');
  if (baseUrl === undefined) return undefined;
  secrets.addUrl(baseUrl);
  checkedCallUrl(baseUrl, allowInsecure, 'Base URL');
  return baseUrl;
}

/**
 * `url` parsed, or a `ConfigError`/`InsecureUrlError` that shows it redacted: not a URL, not
 * http(s) (`demo:pw@host:8080` parses with `demo:` as its scheme), or carrying user info (which
 * `fetch` refuses with a TypeError that quotes the password).
 */
function checkedCallUrl(url: string, allowInsecure: boolean, what: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const hint = 'Use something like http://localhost:8080 or https://bru-2.tasklist.camunda.io/<cluster id>';
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ConfigError(`${what} ${redactUrl(url)} is not an absolute http(s) URL`, { variable: 'CAMUNDA_TASKLIST_BASE_URL', hint });
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(`${what} ${redactUrl(url)} carries a user name or password`, {
      variable: 'CAMUNDA_TASKLIST_BASE_URL',
      hint: 'Leave credentials out of the URL: set CAMUNDA_AUTH_STRATEGY=BASIC with CAMUNDA_BASIC_AUTH_USERNAME and CAMUNDA_BASIC_AUTH_PASSWORD',
    });
  }
  assertSecureUrl(parsed, allowInsecure);
  return parsed;
}

/** The caller's other request options when there are none (the runtime's own clients). */
const noInit: RequestInit = Object.freeze({});

/** One call, read once into values every attempt can reuse. */
interface PreparedCall {
  url: string;
  /** Upper case, as sent. */
  method: string;
  /** Copied per attempt, so each attempt is signed afresh. */
  headers: HeadersInit | undefined;
  /** A body fetch can send again (string, bytes, Blob, form); a stream is read into bytes first. */
  body: RequestBody | undefined;
  /** The caller's other request options (redirect, credentials, cache …). */
  init: RequestInit;
  signal: AbortSignal | undefined;
}

/**
 * The transport core: `fetch` with `auth` (a strategy) applied, relative URLs resolved, 401
 * answered once with fresh credentials, transient failures retried. Imports no strategy itself.
 *
 * Per attempt it builds one `Headers` and calls the underlying fetch with `(url, init)`: no
 * `Request` copies on the way (Node's `Request` is costly), and the body is kept as the caller's
 * string/bytes so a retry sends it again without cloning a stream.
 */
export function createStrategyTransport(options: StrategyTransportOptions = {}): Transport {
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const allowInsecure = options.allowInsecureHttp ?? false;
  const retry = resolveRetry(options.retry);
  const random = options.random ?? Math.random;
  const secrets = options.secrets ?? new SecretRegistry();
  const baseUrl = checkedBaseUrl(options.baseUrl, allowInsecure, secrets);
  // URLs under the base URL share its (already checked) scheme and host.
  const checkedPrefix = baseUrl === undefined ? undefined : `${baseUrl}/`;
  if (options.auth !== undefined && !isAuthStrategy(options.auth)) throw notAnAuthStrategy(options.auth);
  const strategy = options.auth ?? createNoAuth();
  secrets.link(strategy.secrets);
  const unsigned = createNoAuth();
  const foreignOrigins = options.foreignOrigins ?? 'unauthenticated';
  const credentialOrigins = new Set((options.credentialOrigins ?? []).map((origin) => new URL(origin).origin));
  if (baseUrl !== undefined) credentialOrigins.add(new URL(baseUrl).origin);
  const timeoutMs = options.timeoutMs;
  const onEvent = options.onEvent && ((event: TransportEvent) => options.onEvent?.(secrets.redactValue(event)));

  function resolveUrl(text: string): string {
    if (/^[a-z][a-z\d+.-]*:/i.test(text)) return text;
    if (baseUrl === undefined) {
      throw new ConfigError(`Relative URL ${text.split('?')[0]} needs a base URL`, {
        variable: 'CAMUNDA_TASKLIST_BASE_URL',
        hint: 'Pass baseUrl to createTasklistClient or set CAMUNDA_TASKLIST_BASE_URL',
      });
    }
    return `${baseUrl}/${text.replace(/^\/+/, '')}`;
  }

  async function prepare(input: string | URL | Request, init: RequestInit | undefined): Promise<PreparedCall> {
    if (input instanceof Request) {
      // openapi-fetch's path: take the Request apart once; its body is a stream, read it once.
      const request = init === undefined ? input : new Request(input, init);
      return {
        url: request.url,
        method: request.method.toUpperCase(),
        headers: request.headers,
        body: request.body === null ? undefined : await request.arrayBuffer(),
        init: {
          // Every Request says 'follow' unless told otherwise; kept, it would hand the redirects
          // of a signed call to fetch, which carries the CSRF token to another origin and cannot
          // resend the body read here on a 307/308. 'follow' is what the transport does itself.
          ...(request.redirect === 'follow' ? {} : { redirect: request.redirect }),
          credentials: request.credentials,
          cache: request.cache,
          keepalive: request.keepalive,
          referrerPolicy: request.referrerPolicy,
        },
        signal: init?.signal ?? request.signal,
      };
    }
    let body = init?.body ?? undefined;
    if (body instanceof ReadableStream) body = await new Response(body).arrayBuffer();
    return {
      url: resolveUrl(String(input)),
      method: (init?.method ?? 'GET').toUpperCase(),
      headers: init?.headers,
      body,
      init: init ?? {},
      signal: init?.signal ?? undefined,
    };
  }

  /**
   * A failure to send, or to read the answer: waits out the backoff and returns when the call
   * may be sent again, else throws the typed error (the caller's abort reason, TimeoutError,
   * NetworkError).
   */
  async function retryAfterNetworkFailure(
    call: PreparedCall,
    error: unknown,
    sent: SentRequest,
    timeout: AbortSignal | undefined,
    attempt: number,
    phase: string,
  ): Promise<void> {
    const { url, method, signal: userSignal } = call;
    if (userSignal?.aborted) throw userSignal.reason ?? error;
    // The underlying fetch refused this answer for good (a download over its size or time limit):
    // sending it again would only do the same.
    if ((error as { retryable?: unknown } | null)?.retryable === false) throw error;
    const timedOut = timeout?.aborted;
    const errno = timedOut ? 'ETIMEDOUT' : errnoOf(error);
    if (attempt <= retry.retries && may(call, sent, { errno })) {
      const delayMs = retryDelay(attempt, retry, undefined, random);
      onEvent?.({ type: 'retry', method, url: redactUrl(url), attempt, delayMs, reason: `${errno ?? 'network error'}${phase}` });
      await sleep(delayMs, userSignal);
      return;
    }
    if (timedOut) throw new TimeoutError(url, timeoutMs as number);
    const hint = errno === undefined ? undefined : options.networkHint?.(errno);
    throw new NetworkError(url, errno, { cause: error, ...(hint ? { hint } : {}) });
  }

  /** Whether the retry policy allows sending `call` again (only the failure paths get here). */
  function may(call: PreparedCall, sent: SentRequest, failure: Parameters<typeof mayRetry>[2]): boolean {
    const { url, method, body } = call;
    return mayRetry(
      new Request(url, { method, headers: sent.headers, body }),
      method === 'POST' ? bodyText(body) : undefined,
      failure,
      retry,
    );
  }

  /**
   * One call, every attempt: the answer with its body read. Both ways in end here: the public
   * `fetch`-shaped transport, and the buffered send the runtime's own clients use.
   */
  async function send(call: PreparedCall): Promise<BufferedAnswer> {
    try {
      return await sendChecked(call);
    } catch (error) {
      throw secrets.scrub(error);
    }
  }

  /**
   * The strategy that signs a call to `url`: the transport's for the configured origin(s), none
   * for another (or a `ConfigError` with `foreignOrigins: 'throw'`).
   */
  function signerFor(url: string): AuthStrategy {
    if (checkedPrefix !== undefined && url.startsWith(checkedPrefix)) return strategy;
    const { origin } = checkedCallUrl(url, allowInsecure, 'URL');
    if (credentialOrigins.size === 0 || credentialOrigins.has(origin) || strategy.name === 'NONE') return strategy;
    if (foreignOrigins === 'throw') {
      throw new ConfigError(
        `Refusing to send credentials to ${redactUrl(url)}: ${origin} is not a configured origin (${[...credentialOrigins].join(', ')})`,
        {
          hint: "Add it to credentialOrigins, or set foreignOrigins: 'unauthenticated' to call it without credentials",
        },
      );
    }
    return unsigned;
  }

  async function sendChecked(call: PreparedCall, hops = 0): Promise<BufferedAnswer> {
    const { url, method, body, signal: userSignal } = call;
    const signer = signerFor(url);
    // fetch's own redirect following would carry headers it does not know to be credentials (the
    // CSRF token) to wherever the server points, and take that origin's cookies for the session:
    // a signed call follows redirects here instead, each hop signed only for a configured origin.
    const followHere = signer.name !== 'NONE' && call.init.redirect === undefined && redirectsReadable;

    let attempt = 0;
    let reauthenticated = false;
    for (;;) {
      attempt++;
      // A controller and a timer rather than `AbortSignal.timeout`, whose signal (held through a weak
      // reference and a finalization registry) cost more than the rest of the attempt. The timer is
      // cleared on every way out of the attempt, and the reason is made only if the limit passes.
      const limit = timeoutMs === undefined ? undefined : new AbortController();
      const timer = limit && setTimeout(() => limit.abort(new TimeoutError(url, timeoutMs as number)), timeoutMs);
      const timeout = limit?.signal;
      const signal = timeout && userSignal ? AbortSignal.any([userSignal, timeout]) : (timeout ?? userSignal);
      try {
        const requestInit: RequestInit = {
          ...call.init,
          ...(followHere ? { redirect: 'manual' as const } : {}),
          method,
          headers: new Headers(call.headers),
          body,
          signal,
        };

        onEvent?.({ type: 'request', method, url: redactUrl(url), attempt });
        let response: Response;
        const sent: PendingRequest = { method, url, headers: requestInit.headers as Headers, signal };
        try {
          try {
            // A strategy of one's own may wait on something that never answers; the attempt's time
            // limit and the caller's signal end that wait as they end the built-in strategies' logins.
            await untilAborted(Promise.resolve(signer.authorize(sent)), signal);
            if (sent.credentials) requestInit.credentials = sent.credentials;
          } catch (error) {
            // Waiting for a token or a login counts against the attempt's time limit too (the
            // caller's own abort, if also there, wins below).
            if (timeout?.aborted && !(error instanceof TasklistError)) throw new TimeoutError(url, timeoutMs as number);
            throw error;
          }
          try {
            response = await baseFetch(url, requestInit);
          } catch (error) {
            await retryAfterNetworkFailure(call, error, sent, timeout, attempt, '');
            continue;
          }
          // The answer is from `url`'s own origin (a redirect hop's too), so its signer may read it.
          signer.observe?.(response);
          // Nearly every answer is no redirect: its status says so before anything else is looked at.
          const { status } = response;
          const next =
            followHere && ((status > 300 && status < 304) || status === 307 || status === 308)
              ? (await import('./redirects.js')).redirected(call, response)
              : undefined;
          if (next !== undefined) {
            await discard(response);
            if (hops >= MAX_REDIRECTS) throw new NetworkError(url, undefined, { hint: `More than ${MAX_REDIRECTS} redirects` });
            return await sendChecked(next, hops + 1);
          }

          if (response.status === 401) {
            if (!reauthenticated && signer.onUnauthorized && (await signer.onUnauthorized(sent))) {
              reauthenticated = true;
              await discard(response);
              onEvent?.({ type: 'reauthenticate', method, url: redactUrl(url) });
              attempt--;
              continue;
            }
            throw await HttpError.fromResponse(response, url, {
              hint:
                signer === unsigned
                  ? `Credentials go only to ${[...credentialOrigins].join(', ')}; add this origin to credentialOrigins if it should get them`
                  : unauthorizedHint(signer),
            });
          }
        } catch (error) {
          if (userSignal?.aborted) throw userSignal.reason ?? error;
          throw error;
        }

        if (retry.statuses.has(response.status) && attempt <= retry.retries && may(call, sent, { status: response.status })) {
          const delayMs = retryDelay(attempt, retry, parseRetryAfter(response.headers.get('retry-after')), random);
          await discard(response);
          onEvent?.({ type: 'retry', method, url: redactUrl(url), attempt, delayMs, reason: String(response.status) });
          await sleep(delayMs, userSignal);
          continue;
        }
        // A connection that drops mid-body only shows when the body is read. Read it here, inside
        // the attempt, so a dropped answer is retried when that is safe, and otherwise surfaces as
        // a NetworkError instead of undici's bare `TypeError: terminated` in the caller's `.json()`.
        try {
          return await readAnswer(response);
        } catch (error) {
          await retryAfterNetworkFailure(call, error, sent, timeout, attempt, ' while reading the body');
          continue;
        }
      } finally {
        clearTimeout(timer);
      }
    }
  }

  const transport = async (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    withBody(await send(await prepare(input, init)));

  const buffered: BufferedSend = (url, method, headers, body, signal) =>
    send({ url: resolveUrl(url), method, headers, body, init: noInit, signal });

  return Object.assign(transport, { auth: strategy, secrets, [bufferedSend]: buffered });
}

/** As many as fetch follows (the Fetch standard's limit). */
const MAX_REDIRECTS = 20;

/** Node (and runtimes like it) hands a `redirect: 'manual'` answer over with its status and Location; a browser hides both. */
const redirectsReadable = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** The request body as text, for telling a GraphQL query from a mutation before a retry. */
function bodyText(body: RequestBody | undefined): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return utf8.decode(body);
  if (body instanceof URLSearchParams) return body.toString();
  return undefined;
}

/** The strategy's own hint (each carries its own, so a bundle ships only its strategies' hints). */
function unauthorizedHint(strategy: AuthStrategy): string {
  return strategy.unauthorizedHint ?? `Check the credentials of ${strategy.describe()}`;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** `ms` milliseconds, or the signal's reason as soon as it aborts (the timer cleared either way). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return untilAborted(elapsed, signal).finally(() => clearTimeout(timer));
}
