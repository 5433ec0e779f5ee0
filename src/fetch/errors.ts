/**
 * Everything that can go wrong while fetching or loading a schema, as one error type whose message
 * names the URL (or file:line:column) and whose `hint` says what to do next.
 * It is a `TasklistError` with fetch's own finer codes. URLs in messages go through `redactUrl`
 * (`src/util/redact.ts`) before they get here.
 */
import { TasklistError } from '../runtime/errors.js';

export type FetchErrorCode =
  /** Connection refused, DNS failure, TLS failure: nothing answered. */
  | 'unreachable'
  /** No answer in time, or a download over its time limit (overall or idle). */
  | 'timeout'
  /** A download over its size limit. */
  | 'too-large'
  /** 401: the credentials were not accepted. */
  | 'unauthorized'
  /** 403: signed in, but not allowed. */
  | 'forbidden'
  /** An HTML page where JSON or YAML was expected: usually a login page. */
  | 'html-response'
  | 'introspection-disabled'
  /** `/graphql` answered 404 and the config marked GraphQL as required. */
  | 'no-graphql'
  /** None of the OpenAPI document locations had a document. */
  | 'no-openapi-document'
  /** The answer parsed but is not a GraphQL schema / introspection result. */
  | 'not-a-schema'
  /** The answer parsed but is not an OpenAPI 3.x document (or fails validation). */
  | 'not-openapi'
  /** JSON / YAML / SDL syntax error in a file or response. */
  | 'syntax'
  /** Any other HTTP status. */
  | 'http';

export class FetchError extends TasklistError<FetchErrorCode> {
  override readonly name = 'FetchError';
  /** The URL (secrets redacted) or `file:line:column` the problem is about. */
  readonly url: string;
  /** What to do next, one sentence. */
  declare readonly hint: string;
  readonly status: number | undefined;

  constructor(code: FetchErrorCode, what: string, options: { url: string; hint: string; status?: number; cause?: unknown }) {
    super(code, `${what} (${options.url})`, { hint: options.hint, cause: options.cause });
    this.url = options.url;
    this.status = options.status;
  }
}
