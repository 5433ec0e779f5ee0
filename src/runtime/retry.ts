/**
 * When and how long to wait before trying a request again. Bounded, exponential with jitter,
 * honouring `Retry-After`. Retries only what is safe: a call the server may already have
 * applied (a POST that met a 502 or a reset connection) is not sent twice unless allowed.
 */

/** The transport's retry policy (`transport: { retry }`; `false` sends each request once). Every field has a default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff step. Default 200 ms. */
  minDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Statuses worth retrying. Default 429, 502, 503, 504. */
  statuses?: readonly number[];
  /**
   * Retry calls that are not idempotent even when the server may have applied them.
   * `true`, or a predicate for the request. Default: only read-only POSTs (`…/search`, GraphQL queries).
   */
  retryNonIdempotent?: boolean | ((request: Request) => boolean);
}

export const DEFAULT_RETRY_STATUSES: readonly number[] = [429, 502, 503, 504];
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Statuses with which the server says it did not process the request: retrying cannot apply it twice. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
/** Network errors that happen before the request reaches the server. */
const NOT_SENT_ERRNOS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Network errors worth a retry at all. */
const RETRYABLE_ERRNOS = new Set([
  ...NOT_SENT_ERRNOS,
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export interface ResolvedRetry {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  statuses: ReadonlySet<number>;
  retryNonIdempotent: boolean | ((request: Request) => boolean);
}

export function resolveRetry(options: RetryOptions | false | undefined): ResolvedRetry {
  if (options === false) {
    return { retries: 0, minDelayMs: 0, maxDelayMs: 0, statuses: new Set(), retryNonIdempotent: false };
  }
  return {
    retries: Math.max(0, options?.retries ?? 3),
    minDelayMs: options?.minDelayMs ?? 200,
    maxDelayMs: options?.maxDelayMs ?? 10_000,
    statuses: new Set(options?.statuses ?? DEFAULT_RETRY_STATUSES),
    retryNonIdempotent: options?.retryNonIdempotent ?? false,
  };
}

/**
 * Read-only despite being POSTs: Tasklist's search endpoints, and GraphQL operations that are not
 * mutations. `bodyText` is the buffered request body.
 */
export function isReadOnlyPost(request: Request, bodyText: string | undefined): boolean {
  const path = new URL(request.url).pathname;
  if (/\/search\/?$/.test(path)) return true;
  if (/\/graphql\/?$/.test(path) && bodyText) {
    try {
      const { query } = JSON.parse(bodyText) as { query?: unknown };
      // Conservative: any `mutation` keyword outside comments counts (a field of that name only costs a retry).
      if (typeof query === 'string') return !/\bmutation\b/.test(query.replace(/#[^\n]*/g, ''));
    } catch {
      return false;
    }
  }
  return false;
}

/** May this request be sent again after this failure? */
export function mayRetry(
  request: Request,
  bodyText: string | undefined,
  failure: { status: number } | { errno: string | undefined },
  retry: ResolvedRetry,
): boolean {
  if ('status' in failure) {
    if (!retry.statuses.has(failure.status)) return false;
    if (NOT_PROCESSED_STATUSES.has(failure.status)) return true;
  } else {
    if (!failure.errno || !RETRYABLE_ERRNOS.has(failure.errno)) return false;
    if (NOT_SENT_ERRNOS.has(failure.errno)) return true;
  }
  // The server may have applied it: only if repeating it is harmless, or the caller says so.
  if (IDEMPOTENT_METHODS.has(request.method.toUpperCase())) return true;
  if (request.method.toUpperCase() === 'POST' && isReadOnlyPost(request, bodyText)) return true;
  const allow = retry.retryNonIdempotent;
  return typeof allow === 'function' ? allow(request) : allow;
}

/**
 * Wait before retry number `attempt` (1-based): the server's `Retry-After` when it gave one,
 * else exponential backoff with jitter in the upper half; both capped at `maxDelayMs`.
 */
export function retryDelay(
  attempt: number,
  retry: ResolvedRetry,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retry.maxDelayMs, retryAfterMs);
  const base = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** (attempt - 1));
  return base / 2 + (random() * base) / 2;
}
