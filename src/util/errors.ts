/**
 * The root of every error the toolkit throws on purpose, from the browser-safe runtime up to the
 * CLI. Each one carries a stable `code` (SCREAMING_SNAKE_CASE, e.g. `HTTP_ERROR`) to branch on, a
 * `hint` that says what to do next, and a `category` that tells a caller what kind of failure it
 * is without knowing the class: the CLI turns the category into its exit code.
 *
 * It sits at the bottom of the stack so that every layer can derive from it. Below it here are the
 * errors the sign-in code (src/auth) and the runtime share, `TasklistError` and its kin; messages
 * never carry secrets: URLs go through `redactUrl`, and every error leaving a transport or a client
 * built on one is scrubbed by its `SecretRegistry` (what a server echoed of a token or password
 * included).
 */
import { redactUrl } from './redact.js';

/**
 * - `input`: something the user supplied is wrong (configuration, a flag, the environment, a file,
 *   an operation, a document, a request the server refused as invalid). Fixing it fixes the run.
 * - `unreachable`: the server could not be reached, did not answer in time, refused the sign-in or
 *   failed itself. The user's input may be fine; the server, the network or the credentials are not.
 */
export type ErrorCategory = 'input' | 'unreachable';

export interface TasklistCodegenErrorOptions {
  /** What to do next, in one sentence. */
  hint?: string | undefined;
  cause?: unknown;
  /** Default `input`. */
  category?: ErrorCategory | undefined;
}

export class TasklistCodegenError<Code extends string = string> extends Error {
  override name = 'TasklistCodegenError';
  readonly code: Code;
  /** What to do next, in one sentence. */
  readonly hint: string | undefined;
  readonly category: ErrorCategory;

  /** `message` is used as given: a subclass decides whether the hint is also part of it. */
  constructor(code: Code, message: string, options: TasklistCodegenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.category = options.category ?? 'input';
  }
}

/**
 * The category of an HTTP status the caller cannot go on with: 401, 403 and 407 (signing in) and
 * 5xx (the server failed) are `unreachable`; any other is `input` (the request was wrong).
 */
export function categoryOfStatus(status: number | undefined): ErrorCategory {
  return status !== undefined && (status === 401 || status === 403 || status === 407 || status >= 500) ? 'unreachable' : 'input';
}

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
  hint?: string | undefined;
  cause?: unknown;
  /** Default: `unreachable` for the codes of a failed exchange with a server, else `input`. */
  category?: ErrorCategory | undefined;
}

const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['UNAUTHORIZED', 'AUTH_FAILED', 'TIMEOUT', 'NETWORK_ERROR']);

/**
 * Every error the runtime throws is a `TasklistError`: a stable `code` to branch on, and a `hint`
 * that says what to do next (also part of `message`).
 *
 * `Code` is the runtime's own codes by default; a later stage (fetch) extends it with its finer
 * codes while staying a `TasklistError` for callers that only know this class.
 */
export class TasklistError<Code extends string = TasklistErrorCode> extends TasklistCodegenError<Code> {
  override name = 'TasklistError';

  constructor(code: Code, what: string, options: TasklistErrorOptions = {}) {
    super(code, options.hint ? `${what}. ${options.hint}` : what, {
      hint: options.hint,
      cause: options.cause,
      category: options.category ?? (UNREACHABLE_CODES.has(code) ? 'unreachable' : 'input'),
    });
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
