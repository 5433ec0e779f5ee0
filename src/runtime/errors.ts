/**
 * The runtime's errors about one exchange with a server: the answer (`HttpError`), no answer in
 * time (`TimeoutError`), no connection (`NetworkError`). They are `TasklistError`s, whose root and
 * the kin the sign-in code shares (`AuthError`, `ConfigError`, `InsecureUrlError`) live in
 * src/util/errors.ts, below both.
 */
import { TasklistError, categoryOfStatus, type TasklistErrorOptions } from '../util/errors.js';
import { redactUrl } from '../util/redact.js';

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
      { ...options, category: categoryOfStatus(init.status) },
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

function parseProblem(text: string | undefined): ProblemDetails | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}
