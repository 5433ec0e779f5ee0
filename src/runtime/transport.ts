/**
 * The one `fetch` the toolkit talks through: relative URLs resolved against the base URL,
 * auth applied, 401 answered by re-authenticating once, transient failures retried (bounded,
 * with backoff and `Retry-After`), timeouts and the caller's `AbortSignal` honoured, and plain
 * http:// to a remote host refused. Browser-safe: no `node:` imports.
 */
import { createAuthStrategy, isAuthStrategy, type AuthEvent, type AuthStrategy, type AuthStrategyOptions, type PendingRequest, type SentRequest } from '../auth/strategy.js';
import { createNoAuth } from '../auth/strategies/none.js';
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

/** `createStrategyTransport`'s options: a ready strategy (`bearerAuth(…)`, `oauthClientCredentials(…)` …), no config. */
export interface StrategyTransportOptions extends Omit<TransportOptions, 'auth' | 'authOptions'> {
  /** Default: no auth. */
  auth?: AuthStrategy;
}

/** A transport also says which strategy it signs in with. */
export interface Transport extends TasklistFetch {
  readonly auth: AuthStrategy;
}

export { assertSecureUrl, isLoopbackHost } from '../util/secure-url.js';

/**
 * The transport from a strategy or an `AuthConfig`. A config is resolved by `createAuthStrategy`,
 * which reaches every strategy: a browser page that wants a small bundle passes a strategy to
 * `createStrategyTransport` instead.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const { auth, authOptions, ...rest } = options;
  if (isAuthStrategy(auth)) return createStrategyTransport({ ...rest, auth });
  const allowInsecure = options.allowInsecureHttp ?? false;
  const baseUrl = checkedBaseUrl(options.baseUrl, allowInsecure);
  // A plain-http token endpoint is a configuration mistake: say so now, not on the first call.
  if (auth?.strategy === 'OAUTH' && auth.oauthUrl) assertSecureUrl(auth.oauthUrl, allowInsecure);
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
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return createStrategyTransport({ ...rest, fetch: baseFetch, auth: strategy });
}

/** The base URL without trailing slashes, checked to be absolute and (unless allowed) not plain http to a remote host. */
function checkedBaseUrl(raw: string | undefined, allowInsecure: boolean): string | undefined {
  const baseUrl = raw?.replace(/\/+$/, '');
  if (baseUrl === undefined) return undefined;
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(`Base URL ${baseUrl.split('?')[0]} is not an absolute URL`, {
      variable: 'CAMUNDA_TASKLIST_BASE_URL',
      hint: 'Use something like http://localhost:8080 or https://bru-2.tasklist.camunda.io/<cluster id>',
    });
  }
  assertSecureUrl(baseUrl, allowInsecure);
  return baseUrl;
}

/** One call, read once into values every attempt can reuse. */
interface PreparedCall {
  url: string;
  /** Upper case, as sent. */
  method: string;
  /** Copied per attempt, so each attempt is signed afresh. */
  headers: HeadersInit | undefined;
  /** A body fetch can send again (string, bytes, Blob, form); a stream is read into bytes first. */
  body: BodyInit | undefined;
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
  const onEvent = options.onEvent;
  const baseUrl = checkedBaseUrl(options.baseUrl, allowInsecure);
  // URLs under the base URL share its (already checked) scheme and host.
  const checkedPrefix = baseUrl === undefined ? undefined : `${baseUrl}/`;
  const strategy = options.auth ?? createNoAuth();
  const timeoutMs = options.timeoutMs;

  function resolveUrl(text: string): string {
    if (/^[a-z][a-z\d+.-]*:/i.test(text)) return text;
    if (baseUrl === undefined) {
      throw new ConfigError(`Relative URL ${text.split('?')[0]} needs a base URL`, {
        variable: 'CAMUNDA_TASKLIST_BASE_URL',
        hint: 'Pass baseUrl to createTransport or set CAMUNDA_TASKLIST_BASE_URL',
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
          redirect: request.redirect,
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

  const transport = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call = await prepare(input, init);
    const { url, method, body, signal: userSignal } = call;
    if (checkedPrefix === undefined || !url.startsWith(checkedPrefix)) assertSecureUrl(url, allowInsecure);
    // Only the failure paths need these; the common path never builds them.
    const safeUrl = () => redactUrl(url);
    const may = (sent: SentRequest, failure: Parameters<typeof mayRetry>[2]) =>
      mayRetry(new Request(url, { method, headers: sent.headers, ...(body === undefined ? {} : { body }) }), method === 'POST' ? bodyText(body) : undefined, failure, retry);

    /**
     * A failure to send, or to read the answer: waits out the backoff and returns when the call
     * may be sent again, else throws the typed error (the caller's abort reason, TimeoutError,
     * NetworkError).
     */
    const retryAfterNetworkFailure = async (error: unknown, sent: SentRequest, timeout: AbortSignal | undefined, attempt: number, phase: string): Promise<void> => {
      if (userSignal?.aborted) throw userSignal.reason ?? error;
      const timedOut = timeout?.aborted === true;
      const errno = timedOut ? 'ETIMEDOUT' : errnoOf(error);
      if (attempt <= retry.retries && may(sent, { errno })) {
        const delayMs = retryDelay(attempt, retry, undefined, random);
        onEvent?.({ type: 'retry', method, url: safeUrl(), attempt, delayMs, reason: `${errno ?? 'network error'}${phase}` });
        await sleep(delayMs, userSignal);
        return;
      }
      if (timedOut) throw new TimeoutError(url, timeoutMs as number);
      const hint = networkHint(errno);
      throw new NetworkError(url, errno, { cause: error, ...(hint ? { hint } : {}) });
    };

    let attempt = 0;
    let reauthenticated = false;
    for (;;) {
      attempt++;
      const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
      const signal = timeout === undefined ? userSignal : userSignal === undefined ? timeout : AbortSignal.any([userSignal, timeout]);
      const requestInit: RequestInit = {
        ...call.init,
        method,
        headers: new Headers(call.headers),
        body,
        signal: signal ?? null,
      };

      onEvent?.({ type: 'request', method, url: safeUrl(), attempt });
      let response: Response;
      let sent: SentRequest;
      try {
        if (strategy.authorize) {
          const pending: PendingRequest = { method, url, headers: requestInit.headers as Headers };
          await strategy.authorize(pending);
          if (pending.credentials) requestInit.credentials = pending.credentials;
          sent = pending;
        } else {
          // A strategy of the caller's own with only `apply`: the Request way.
          sent = await strategy.apply(new Request(url, requestInit));
        }
        try {
          response = await (sent instanceof Request ? baseFetch(sent) : baseFetch(url, requestInit));
        } catch (error) {
          await retryAfterNetworkFailure(error, sent, timeout, attempt, '');
          continue;
        }
        strategy.observe?.(response);

        if (response.status === 401) {
          if (!reauthenticated && strategy.onUnauthorized && (await strategy.onUnauthorized(sent))) {
            reauthenticated = true;
            await discard(response);
            onEvent?.({ type: 'reauthenticate', method, url: safeUrl() });
            attempt--;
            continue;
          }
          throw await HttpError.fromResponse(response, url, { hint: unauthorizedHint(strategy) });
        }
      } catch (error) {
        if (userSignal?.aborted) throw userSignal.reason ?? error;
        throw error;
      }

      if (retry.statuses.has(response.status) && attempt <= retry.retries && may(sent, { status: response.status })) {
        const delayMs = retryDelay(attempt, retry, parseRetryAfter(response.headers.get('retry-after')), random);
        await discard(response);
        onEvent?.({ type: 'retry', method, url: safeUrl(), attempt, delayMs, reason: String(response.status) });
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
        await retryAfterNetworkFailure(error, sent, timeout, attempt, ' while reading the body');
        continue;
      }
      return withBody(response, buffered);
    }
  };
  return Object.assign(transport, { auth: strategy });
}

/** The request body as text, for telling a GraphQL query from a mutation before a retry. */
function bodyText(body: BodyInit | undefined): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return new TextDecoder().decode(body);
  if (body instanceof URLSearchParams) return body.toString();
  return undefined;
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
  return new BufferedResponse(response, nullBody ? null : body);
}

/**
 * A response whose body is already in memory. The read methods answer from the bytes; a
 * `ReadableStream` is built only when someone asks for `body`. Why not `new Response(bytes)`:
 * Node builds a transferable web stream for every response body, and that stream was the largest
 * single cost of a call after the network. Status, headers and URL are the original response's.
 */
/** Stateless when not streaming, so one serves every response (it drops a BOM, as `Response.text()` does). */
const utf8 = new TextDecoder();

class BufferedResponse extends Response {
  readonly #source: Response;
  readonly #bytes: ArrayBuffer | null;
  /** Built on first access to `body`; from then on reads go through it. */
  #stream: Response['body'] | undefined;
  #used = false;

  constructor(source: Response, bytes: ArrayBuffer | null) {
    super(null, { status: source.status, statusText: source.statusText });
    this.#source = source;
    this.#bytes = bytes;
  }

  override get headers(): Headers {
    return this.#source.headers;
  }
  override get url(): string {
    return this.#source.url;
  }
  override get redirected(): boolean {
    return this.#source.redirected;
  }
  override get type(): ResponseType {
    return this.#source.type;
  }
  override get body(): Response['body'] {
    if (this.#stream === undefined) this.#stream = this.#bytes === null || this.#used ? null : new Response(this.#bytes).body;
    return this.#stream;
  }
  override get bodyUsed(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  /** The bytes, once, as with any Response. */
  async #read(): Promise<ArrayBuffer> {
    // A null body (204, 205, 304) reads as empty any number of times, as with any Response.
    if (this.#bytes === null) return new ArrayBuffer(0);
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    if (this.#stream) return new Response(this.#stream).arrayBuffer();
    this.#used = true;
    return this.#bytes;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read();
  }
  override async text(): Promise<string> {
    return utf8.decode(await this.#read());
  }
  override async json(): Promise<any> {
    return JSON.parse(await this.text());
  }
  override async blob(): Promise<Blob> {
    const type = this.headers.get('content-type');
    return new Blob([await this.#read()], type ? { type } : {});
  }
  override async bytes(): ReturnType<Response['bytes']> {
    return new Uint8Array(await this.#read());
  }
  override async formData(): Promise<FormData> {
    return new Response(await this.#read(), { headers: this.headers }).formData();
  }
  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    if (this.#stream) {
      const [mine, theirs] = this.#stream.tee();
      this.#stream = mine;
      return new Response(theirs, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
    return new BufferedResponse(this.#source, this.#bytes);
  }
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
