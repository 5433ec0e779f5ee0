/**
 * Everything that can go wrong while fetching or loading a schema, as one error type whose message
 * names the URL (or file:line:column) and whose `hint` says what to do next.
 * It is a `TasklistError` with fetch's own finer codes. URLs in messages go through `redactUrl`
 * (`src/util/redact.ts`) before they get here.
 */
import { TasklistError, categoryOfStatus } from '../util/errors.js';

export type FetchErrorCode =
  /** Connection refused, DNS failure, TLS failure: nothing answered. */
  | 'UNREACHABLE'
  /** No answer in time, or a download over its time limit (overall or idle). */
  | 'TIMEOUT'
  /** A download over its size limit. */
  | 'TOO_LARGE'
  /** 401: the credentials were not accepted. */
  | 'UNAUTHORIZED'
  /** 403: signed in, but not allowed. */
  | 'FORBIDDEN'
  /** An HTML page where JSON or YAML was expected: usually a login page. */
  | 'HTML_RESPONSE'
  | 'INTROSPECTION_DISABLED'
  /** `/graphql` answered 404 and the config marked GraphQL as required. */
  | 'NO_GRAPHQL'
  /** None of the OpenAPI document locations had a document. */
  | 'NO_OPENAPI_DOCUMENT'
  /** The answer parsed but is not a GraphQL schema / introspection result. */
  | 'NOT_A_SCHEMA'
  /** The answer parsed but is not an OpenAPI 3.x document (or fails validation). */
  | 'NOT_OPENAPI'
  /** JSON / YAML / SDL syntax error in a file or response. */
  | 'SYNTAX'
  /** The server's document holds one of the credentials in play (it echoes the request): not written. */
  | 'SECRET_IN_DOCUMENT'
  /** Any other HTTP status. */
  | 'HTTP_ERROR';

/** Nothing answered, or the server would not let us in (an HTML login page counts): the server's side, not the input's. */
const UNREACHABLE: ReadonlySet<FetchErrorCode> = new Set(['UNREACHABLE', 'TIMEOUT', 'UNAUTHORIZED', 'FORBIDDEN', 'HTML_RESPONSE']);

export class FetchError extends TasklistError<FetchErrorCode> {
  override readonly name = 'FetchError';
  /** The URL (secrets redacted) or `file:line:column` the problem is about. */
  readonly url: string;
  /** What to do next, one sentence. */
  declare readonly hint: string;
  readonly status: number | undefined;

  constructor(code: FetchErrorCode, what: string, options: { url: string; hint: string; status?: number; cause?: unknown }) {
    super(code, `${what} (${options.url})`, {
      hint: options.hint,
      cause: options.cause,
      category: UNREACHABLE.has(code) ? 'unreachable' : categoryOfStatus(options.status),
    });
    this.url = options.url;
    this.status = options.status;
  }
}
