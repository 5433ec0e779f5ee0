/** What every call is made of: the fetch shape the toolkit talks through, a request body, per-call options. */

/**
 * The one function shape the whole toolkit talks through: the standard `fetch`, with auth,
 * retries and timeouts already applied. Fetch scripts, the GraphQL client and the REST client
 * (as openapi-fetch's `fetch` option) all take one of these.
 */
export type TasklistFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A body fetch takes, named through `RequestInit` rather than the DOM's `BodyInit`, so a Node app
 * whose `lib` has no DOM (its fetch types come from @types/node) reads these declarations too.
 */
export type RequestBody = NonNullable<RequestInit['body']>;

/** Per-call options every generated function accepts as its last argument. */
export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}
