/**
 * Every error the runtime throws is a `TasklistError`: a stable `code` to branch on, and a
 * `hint` that says what to do next (also part of `message`). Messages never carry secrets:
 * URLs go through `redactUrl`, and every error leaving a transport or a client built on one is
 * scrubbed by its `SecretRegistry` (what a server echoed of a token or password included).
 */
import { redactUrl } from '../util/redact.js';

export type TasklistErrorCode =
  | 'HTTP_ERROR'
  | 'UNAUTHORIZED'
  | 'AUTH_FAILED'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'CONFIG_ERROR'
  | 'INSECURE_URL'
  | 'GRAPHQL_ERROR';

export interface TasklistErrorOptions {
  hint?: string;
  cause?: unknown;
}

/**
 * `Code` is the runtime's own codes by default; a later stage (fetch) extends it with its finer
 * codes while staying a `TasklistError` for callers that only know this class.
 */
export class TasklistError<Code extends string = TasklistErrorCode> extends Error {
  override name = 'TasklistError';
  readonly code: Code;
  /** What to do next, in one sentence. */
  readonly hint: string | undefined;

  constructor(code: Code, what: string, options: TasklistErrorOptions = {}) {
    super(options.hint ? `${what}. ${options.hint}` : what, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** A problem+json body (RFC 9457), as Tasklist's REST API sends for errors. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** The server answered with a status the caller cannot go on with. */
export class HttpError extends TasklistError {
  override name = 'HttpError';
  readonly status: number;
  /** The request URL, secrets removed. */
  readonly url: string;
  /** The response body as text (at most 4 KiB), if it was read. */
  readonly bodyText: string | undefined;
  /** The body parsed as JSON (a problem+json document for Tasklist's REST API), if it was JSON. */
  readonly problem: ProblemDetails | undefined;
  /** The answer itself; not enumerable, so `util.inspect` and `JSON.stringify` leave its headers out. */
  declare readonly response: Response | undefined;

  constructor(
    init: { status: number; url: string; bodyText?: string; response?: Response; code?: 'HTTP_ERROR' | 'UNAUTHORIZED' },
    options: TasklistErrorOptions = {},
  ) {
    const url = redactUrl(init.url);
    const problem = parseProblem(init.bodyText);
    const detail = problem?.detail ?? problem?.title ?? problem?.['message'];
    super(
      init.code ?? (init.status === 401 ? 'UNAUTHORIZED' : 'HTTP_ERROR'),
      `${init.status} from ${url}${typeof detail === 'string' && detail ? `: ${detail}` : ''}`,
      options,
    );
    this.status = init.status;
    this.url = url;
    this.bodyText = init.bodyText?.slice(0, 4096);
    this.problem = problem;
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false, configurable: true });
  }

  /** Reads the body (bounded) and builds the error; the response is consumed. */
  static async fromResponse(response: Response, url: string, options: TasklistErrorOptions = {}): Promise<HttpError> {
    let bodyText: string | undefined;
    try {
      bodyText = (await response.text()).slice(0, 4096);
    } catch {
      bodyText = undefined;
    }
    return new HttpError({ status: response.status, url, response, ...(bodyText === undefined ? {} : { bodyText }) }, options);
  }
}

/** The token endpoint or the login endpoint refused or failed. */
export class AuthError extends TasklistError {
  override name = 'AuthError';
  /** The token / login URL, secrets removed. */
  readonly url: string;
  readonly status: number | undefined;
  /** OAuth `error`, e.g. `invalid_client`. */
  readonly oauthError: string | undefined;
  readonly oauthErrorDescription: string | undefined;

  constructor(
    init: { url: string; status?: number; oauthError?: string; oauthErrorDescription?: string; what: string },
    options: TasklistErrorOptions = {},
  ) {
    super('AUTH_FAILED', init.what, options);
    this.url = redactUrl(init.url);
    this.status = init.status;
    this.oauthError = init.oauthError;
    this.oauthErrorDescription = init.oauthErrorDescription;
  }
}

export class TimeoutError extends TasklistError {
  override name = 'TimeoutError';
  readonly url: string;
  readonly timeoutMs: number;
  constructor(url: string, timeoutMs: number) {
    const safe = redactUrl(url);
    super('TIMEOUT', `No answer from ${safe} within ${timeoutMs} ms`, {
      hint: 'Check that the server is reachable, or raise timeoutMs',
    });
    this.url = safe;
    this.timeoutMs = timeoutMs;
  }
}

export class NetworkError extends TasklistError {
  override name = 'NetworkError';
  readonly url: string;
  /** The system error code when there is one, e.g. `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`. */
  readonly errno: string | undefined;
  constructor(url: string, errno: string | undefined, options: TasklistErrorOptions = {}) {
    const safe = redactUrl(url);
    super('NETWORK_ERROR', `Could not reach ${safe}${errno ? ` (${errno})` : ''}`, {
      hint: options.hint ?? 'Check the base URL and that the server is running',
      cause: options.cause,
    });
    this.url = safe;
    this.errno = errno;
  }
}

/** Configuration is missing or contradictory; names the variable or option to fix. */
export class ConfigError extends TasklistError {
  override name = 'ConfigError';
  /** The environment variable or option at fault, e.g. `CAMUNDA_CLIENT_SECRET`. */
  readonly variable: string | undefined;
  constructor(what: string, options: TasklistErrorOptions & { variable?: string } = {}) {
    super('CONFIG_ERROR', what, options);
    this.variable = options.variable;
  }
}

/** Plain `http://` to a host that is not this machine: credentials would cross the network in clear. */
export class InsecureUrlError extends TasklistError {
  override name = 'InsecureUrlError';
  readonly url: string;
  constructor(url: string) {
    const safe = redactUrl(url);
    super('INSECURE_URL', `Refusing plain http:// to a remote host: ${safe}`, {
      hint: 'Use https://, or set allowInsecureHttp: true if this network is trusted',
    });
    this.url = safe;
  }
}

function parseProblem(text: string | undefined): ProblemDetails | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}

/** The system error code of a failed fetch (undici puts it on `cause`), e.g. `ECONNREFUSED`. */
export function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
