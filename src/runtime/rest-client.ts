/**
 * The REST side of the runtime: the client generated functions take first, the one call they all
 * make (`callOperation`), the typed error they throw, and task-search paging.
 *
 * Our functions with openapi-fetch's wire format: the URL, headers and body of every call come from
 * ./serializers.ts, openapi-fetch's default serializers written once for this runtime, so the bytes
 * on the wire are the ones its `createClient` would send, and middleware follows its `Middleware`
 * contract (`onRequest`, `onResponse`, `onError`). Nothing of openapi-fetch's module is bundled:
 * one call path, here, sends every call through the transport's buffered send (see ./buffered.ts),
 * with or without middleware.
 *
 * Browser-safe: no `node:` imports, nothing from the generator.
 */
import { readAnswer, sendOf, textOf, withBody, type BufferedAnswer, type BufferedSend } from './buffered.js';
import { HttpError } from './errors.js';
import { registryOf, type SecretRegistry } from '../util/redact.js';
import { bodyEncodingOf, formBody, multipartBody } from '../util/media-types.js';
import { paginate, type PaginateOptions } from './paging.js';
import { finalUrl, mergeHeaders, serializeBody, serializePath, serializeQuery, type HeadersOptions } from './serializers.js';
import type { RequestBody, RequestOptions, TasklistFetch } from './types.js';

/**
 * What a middleware's hooks get: openapi-fetch's `MiddlewareCallbackParams`, as its client passes
 * them (`options` as openapi-fetch's `MergedOptions` resolve for any document).
 *
 * Declared here, not imported: this file's declarations are what an app's compiler reads, and
 * importing the type from openapi-fetch made every app that calls a generated function load and
 * check openapi-fetch's declarations, generic client types included (most of its `tsc` time).
 * test/runtime/consumer-declarations.test.ts keeps it interchangeable with openapi-fetch's.
 */
export interface RestMiddlewareParams {
  /** The request as the middleware before this one left it. */
  request: Request;
  /** The operation's path template, e.g. `/v1/tasks/{taskId}`. */
  readonly schemaPath: string;
  /** The call's parameters by location, as the generated function got them. */
  readonly params: {
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
    path?: Record<string, unknown>;
    cookie?: Record<string, unknown>;
  };
  /** Unique per call. */
  readonly id: string;
  /** The client's settings (read-only). */
  readonly options: {
    baseUrl: string;
    parseAs: 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';
    querySerializer: (query: Record<string, unknown>) => string;
    bodySerializer: (body: any) => any;
    pathSerializer: (pathname: string, pathParams: Record<string, unknown>) => string;
    fetch: typeof globalThis.fetch;
  };
}

type OnRequest = (params: RestMiddlewareParams) => void | Request | Response | undefined | Promise<Request | Response | undefined | void>;
type OnResponse = (
  params: RestMiddlewareParams & { response: Response },
) => void | Response | undefined | Promise<Response | undefined | void>;
type OnError = (params: RestMiddlewareParams & { error: unknown }) => void | Response | Error | Promise<void | Response | Error>;

/**
 * Middleware with openapi-fetch's `Middleware` contract (one of `onRequest`, `onResponse`,
 * `onError` at least): an openapi-fetch middleware fits here, and one written against this type
 * fits openapi-fetch's `client.use`.
 */
export type RestMiddleware =
  | { onRequest: OnRequest; onResponse?: OnResponse; onError?: OnError }
  | { onRequest?: OnRequest; onResponse: OnResponse; onError?: OnError }
  | { onRequest?: OnRequest; onResponse?: OnResponse; onError: OnError };
export type { PaginateOptions } from './paging.js';
export type { RequestOptions } from './types.js';

/**
 * What every generated function takes first: `createTasklistClient<paths>(…).rest`. `Paths` is the
 * generated `schema.ts`'s `paths`, for the reader; the functions themselves carry the types.
 */
export interface RestClient<Paths extends {} = {}> {
  /** Where the document's paths are appended: the Tasklist base URL and the REST base path. */
  readonly baseUrl: string;
}

export interface RestClientOptions {
  /** Server root, e.g. `http://localhost:8080`; document paths (`/v1/tasks/search`) are appended to it. */
  baseUrl: string;
  /** The authenticated fetch (the client's transport); default the global `fetch`, unauthenticated. */
  fetch?: TasklistFetch;
  /** Middleware with openapi-fetch's contract, run in order around every call (responses in reverse order). */
  middleware?: readonly RestMiddleware[];
}

/** What a client sends through; kept here, out of the client object's reach. */
interface Route {
  /** Without trailing slashes, as openapi-fetch keeps it. */
  baseUrl: string;
  send: BufferedSend;
  /** What middleware sees as `options.fetch`. */
  fetch: TasklistFetch;
  middleware: readonly RestMiddleware[];
  /** The transport's secrets: an error that echoes a token is scrubbed. */
  secrets: SecretRegistry | undefined;
}

const routes = new WeakMap<RestClient<any>, Route>();

/**
 * The client generated functions take. Built by `createTasklistClient`; not part of the public
 * API on its own.
 */
export function createRestClient<Paths extends {}>(options: RestClientOptions): RestClient<Paths> {
  const fetch: TasklistFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const middleware = [...(options.middleware ?? [])];
  for (const m of middleware) {
    if (
      typeof m !== 'object' ||
      m === null ||
      !(['onRequest', 'onResponse', 'onError'] as const).some((key) => typeof m[key] === 'function')
    )
      throw new TypeError('Middleware must be an object with an onRequest, onResponse or onError function');
  }
  const client: RestClient<Paths> = Object.freeze({ baseUrl });
  routes.set(client, {
    baseUrl,
    send: sendOf(fetch),
    fetch,
    middleware,
    secrets: registryOf(fetch),
  });
  return client;
}

/** Matches `text/html` in a content-type or accept header. */
const html = /\btext\/html\b/i;

/**
 * A 2xx HTML page where the API answers JSON is almost always the sign-in page of a proxy or SSO
 * gateway in front of Tasklist. Without this check, reading it as JSON fails with a bare
 * `SyntaxError: Unexpected token '<'`. A caller that asks for HTML (`Accept: text/html`) gets it.
 */
function htmlPageError(response: Response, requestUrl: string, text: string): HttpError {
  return new HttpError(
    { status: response.status, url: response.url || requestUrl, bodyText: text.slice(0, 4096), response },
    {
      hint: 'An HTML page answered where the API sends JSON, usually the sign-in page of a proxy or SSO gateway in front of Tasklist: check the base URL and the credentials',
    },
  );
}

/**
 * Thrown by a generated function for any status outside 2xx. An `HttpError` (so `code`, `hint`,
 * `status`, `problem` work as everywhere in the runtime) that also carries the parsed body typed
 * per documented status: `TByStatus` is the generated `…Errors` interface, and
 * `error.hasStatus(404)` narrows `body` to the 404 body's type.
 */
export class RestError<TByStatus extends {} = Record<number, unknown>> extends HttpError {
  override name = 'RestError';
  /** The parsed error body (problem+json for Tasklist: `{ status, message, instance }`); text when it was not JSON. */
  readonly body: TByStatus[keyof TByStatus] | undefined;
  /** `METHOD /path/template` of the operation that failed, e.g. `PATCH /v1/tasks/{taskId}/complete`. */
  readonly operation: string;
  /** The operation's documented error statuses (`"404 4XX default"`), when it has a range or `default`. */
  readonly #statuses: string | undefined;

  constructor(operation: string, response: Response, body: unknown, statuses?: string, permissions?: string) {
    const bodyText = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const hint =
      response.status === 403 && permissions
        ? `${hintFor(403)}: it needs ${permissions}`
        : response.status === 404 && !operation.includes('{')
          ? NO_SUCH_PATH_HINT
          : hintFor(response.status);
    super({ status: response.status, url: response.url || operation, response, ...(bodyText === undefined ? {} : { bodyText }) }, { hint });
    this.operation = operation;
    this.body = body as TByStatus[keyof TByStatus] | undefined;
    this.#statuses = statuses;
  }

  /**
   * True when the status is `status`; narrows `body` to that status's documented type. As in the
   * document, `'4XX'` is a 4xx status without a key of its own, and `'default'` any status that
   * no other key documents.
   */
  hasStatus<S extends keyof TByStatus & StatusKey>(
    status: S,
  ): this is RestError<TByStatus> & { status: S extends number ? S : number; body: TByStatus[S] } {
    if (typeof status === 'number') return this.status === status;
    const documented = this.#statuses?.split(' ') ?? [];
    const own = documented.includes(String(this.status));
    const range = `${Math.floor(this.status / 100)}XX`;
    if (status === 'default') return !own && !documented.some((key) => key.toUpperCase() === range);
    return !own && String(status).toUpperCase() === range;
  }
}

/** A key of an operation's responses: a status, a range (`4XX`) or `default`. */
export type StatusKey = number | `${1 | 2 | 3 | 4 | 5}XX` | 'default';

/**
 * A 404 of an operation with no id in its path means the URL itself is wrong: most often a client
 * without the document's base path (`/v2` for the Orchestration Cluster API).
 */
const NO_SUCH_PATH_HINT =
  "The server has no such path: check the base URL and the client's REST basePath (createTasklistClient({ rest: { basePath: REST_BASE_PATH } }))";

function hintFor(status: number): string {
  if (status === 400) return 'The server rejected the request as it stands; its message says why';
  if (status === 401) return 'Check the credentials (CAMUNDA_AUTH_STRATEGY and friends)';
  if (status === 403) return 'The account lacks the permission for this; check its roles in Identity';
  if (status === 404) return 'Check the id in the path: the object does not exist (or is not visible to this account)';
  if (status === 409) return 'The object changed meanwhile; read it again and retry';
  if (status >= 500) return 'The server failed; retry later or look at its logs';
  return 'See the body for details';
}

/** Where a generated function sends its request. */
export interface OperationRoute {
  method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  path: string;
  /** How to read a success body: JSON (default), text, or a Blob for binary media types. */
  parseAs?: 'json' | 'text' | 'blob';
  /** The request body's media type when it is not `application/json`: sent as it declares (see util/media-types.ts). */
  contentType?: string;
  /** Properties of a form body encoded `deepObject`: their arrays go out indexed (`expand[0]=…`). */
  deepObject?: readonly string[];
  /**
   * How to encode a body sent with a media type (`contentType`, or the caller's `input.contentType`):
   * `encodeBody`. Generated functions of operations that declare such a body pass it, so a page
   * whose functions send only JSON bundles none of the other encodings.
   */
  encode?: typeof encodeBody;
  /**
   * How to send cookie parameters: `encodeCookies`. Generated functions of operations that declare
   * cookie parameters pass it, so a page whose functions have none bundles none of it.
   */
  cookie?: typeof encodeCookies;
  /** The documented error statuses, space-separated, when a range or `default` is among them (for `hasStatus`). */
  statuses?: string;
  /** The authorizations the operation needs (Camunda's `x-required-permissions`), named in the hint of a 403. */
  permissions?: string;
}

/** The typed input of a generated function, by parameter location. */
export interface OperationInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
  body?: unknown;
  /** Of the media types the operation declares for its body, the one to send; `route.contentType` (or JSON) by default. */
  contentType?: string;
}

/**
 * The body of every generated function: one request; the success body, or a `RestError` carrying
 * status, parsed error body and response. A 204 resolves to `undefined`.
 *
 * The URL, body and headers come from openapi-fetch's serializers as ./serializers.ts has them
 * (the same bytes on the wire as its client), go through the client's middleware if it has any, then through the transport's
 * buffered send; the answer is read the way openapi-fetch reads it.
 */
export async function callOperation<TResult>(
  client: RestClient<any>,
  route: OperationRoute,
  input: OperationInput | undefined,
  options: RequestOptions | undefined,
): Promise<TResult> {
  const target = routes.get(client);
  if (target === undefined) throw new TypeError('callOperation needs a REST client from createTasklistClient (its `rest`)');
  try {
    return (await call(target, route, input, options)) as TResult;
  } catch (error) {
    // Scrubbed in place: an error that echoes a token shows it redacted.
    target.secrets?.scrub(error);
    throw error;
  }
}

async function call(
  target: Route,
  route: OperationRoute,
  input: OperationInput | undefined,
  options: RequestOptions | undefined,
): Promise<unknown> {
  let method = route.method.toUpperCase();
  let url = finalUrl(target.baseUrl, route.path, input);
  const header = input?.header;
  const extra = options?.headers;
  const cookie = input?.cookie === undefined ? undefined : needs(route, 'cookie', 'a cookie parameter')(input.cookie, extra);
  // openapi-fetch's headers, lowest priority first: Content-Type for a JSON body, the caller's
  // per-call headers (with the cookie parameters), then the operation's header parameters (null
  // removes one, Content-Type too).
  const custom = header !== undefined || extra !== undefined || cookie !== undefined;
  let headers: HeadersInit | undefined = custom ? mergeHeaders(extra, cookie, header as HeadersOptions) : undefined;
  let body: RequestBody | undefined;
  if (input?.body !== undefined) {
    const mediaType = input.contentType ?? route.contentType;
    if (mediaType === undefined) {
      body = serializeBody(input.body, headers as Headers | undefined);
      // FormData: the fetch sets Content-Type with its boundary.
      if (!(body instanceof FormData))
        headers = custom ? mergeHeaders(jsonContentType, extra, cookie, header as HeadersOptions) : jsonContentType;
    } else {
      const encoded = needs(route, 'encode', `a body sent as ${mediaType}`)(input.body, mediaType, route.deepObject);
      body = encoded.body;
      if (encoded.contentType !== undefined) headers = mergeHeaders(contentTypeOf(encoded), extra, cookie, header as HeadersOptions);
    }
  }

  let answer: BufferedAnswer;
  if (target.middleware.length === 0) {
    answer = await target.send(url, method, headers, body, options?.signal);
  } else {
    const request = await throughMiddleware(
      target,
      route,
      input,
      new Request(url, { method, headers, body, signal: options?.signal ?? null }),
    );
    answer = request.answer;
    ({ url, method, headers } = request.sent);
  }
  const { response } = answer;
  const operation = `${method} ${route.path}`;
  if (response.ok && html.test(response.headers.get('content-type') ?? '') && !acceptsHtml(headers)) {
    throw htmlPageError(withBody(answer), url, textOf(answer.bytes));
  }
  const contentLength = response.headers.get('content-length');
  if (
    response.status === 204 ||
    method === 'HEAD' ||
    (contentLength === '0' && !response.headers.get('transfer-encoding')?.includes('chunked'))
  ) {
    if (response.ok) return undefined;
    throw new RestError(operation, withBody(answer), undefined, route.statuses, route.permissions);
  }
  if (response.ok) return readData(answer, route.parseAs ?? 'json', contentLength);
  const text = textOf(answer.bytes);
  let error: unknown = text;
  try {
    error = JSON.parse(text);
  } catch {
    // Not JSON: the text is the error body.
  }
  throw new RestError(operation, withBody(answer), error, route.statuses, route.permissions);
}

/**
 * One call through the client's middleware, as openapi-fetch runs it: each `onRequest` in order
 * (a `Request` it returns replaces the request, a `Response` answers the call), the send, then
 * each `onResponse` in reverse order, or each `onError` in reverse order when the send failed (a
 * `Response` it returns answers the call, an `Error` replaces the error). The request as the
 * middleware left it goes through the same buffered send as a call without middleware.
 */
async function throughMiddleware(
  target: Route,
  route: OperationRoute,
  input: OperationInput | undefined,
  first: Request,
): Promise<{ answer: BufferedAnswer; sent: { url: string; method: string; headers: Headers } }> {
  const { middleware } = target;
  const params: RestMiddlewareParams = {
    request: first,
    schemaPath: route.path,
    params: { path: input?.path, query: input?.query, header: input?.header, cookie: input?.cookie },
    options: Object.freeze({
      baseUrl: target.baseUrl,
      fetch: target.fetch as typeof globalThis.fetch,
      parseAs: route.parseAs ?? 'json',
      querySerializer: serializeQuery,
      bodySerializer: serializeBody,
      pathSerializer: serializePath,
    }),
    id: Math.random().toString(36).slice(2, 11),
  } as RestMiddlewareParams;
  let request = first;
  // Set by an onRequest that answers the call, by the send, or by an onError that recovers.
  let response: Response | undefined;
  for (const m of middleware) {
    const result = await m.onRequest?.({ ...params, request });
    if (result instanceof Response) {
      response = result;
      break;
    }
    if (result instanceof Request) request = result;
    else if (result) throw new Error('onRequest: must return new Request() or Response() when modifying the request');
  }
  const sent = { url: request.url, method: request.method, headers: request.headers };
  if (response === undefined) {
    try {
      const body = request.body === null ? undefined : await request.arrayBuffer();
      response = withBody(await target.send(request.url, request.method, request.headers, body, request.signal));
    } catch (failure) {
      let error: unknown = failure;
      for (let i = middleware.length; i-- > 0 && response === undefined; ) {
        const result = await middleware[i]?.onError?.({ ...params, request, error });
        if (result instanceof Response) response = result;
        else if (result instanceof Error) error = result;
        else if (result) throw new Error('onError: must return new Response() or instance of Error');
      }
      if (response === undefined) throw error;
    }
    for (let i = middleware.length; i-- > 0; ) {
      const result: unknown = await middleware[i]?.onResponse?.({ ...params, request, response });
      if (result instanceof Response) response = result;
      else if (result) throw new Error('onResponse: must return new Response() when modifying the response');
    }
  }
  return { answer: await readAnswer(response), sent };
}

/** The route's encoder for what this call sends, or the TypeError that says which one it lacks. */
function needs<K extends 'encode' | 'cookie'>(route: OperationRoute, key: K, what: string): NonNullable<OperationRoute[K]> {
  const encoder = route[key];
  if (encoder === undefined) {
    const from = key === 'encode' ? 'encodeBody' : 'encodeCookies';
    throw new TypeError(`${route.method.toUpperCase()} ${route.path}: ${what} needs the route's ${key} (${from} from the runtime)`);
  }
  return encoder as NonNullable<OperationRoute[K]>;
}

function contentTypeOf(encoded: EncodedBody | undefined): HeadersOptions | undefined {
  return encoded?.contentType === undefined ? undefined : { 'Content-Type': encoded.contentType };
}

export interface EncodedBody {
  body: RequestBody;
  /** Undefined for FormData: the fetch writes the Content-Type with its boundary. */
  contentType: string | undefined;
}

/** A body as its media type declares it (one without a media type is openapi-fetch's JSON: see `call`). */
export function encodeBody(body: unknown, mediaType: string, deepObject: readonly string[] | undefined): EncodedBody {
  switch (bodyEncodingOf(mediaType)) {
    case 'json':
      return { body: JSON.stringify(body), contentType: mediaType.includes('*') ? 'application/json' : mediaType };
    case 'form':
      return { body: formBody(body, deepObject), contentType: mediaType };
    case 'multipart':
      return { body: multipartBody(body), contentType: undefined };
    case 'text':
      return { body: isBodyBytes(body) ? body : String(body), contentType: mediaType };
    case 'binary':
      return { body: isBodyBytes(body) ? body : String(body), contentType: mediaType };
  }
}

function isBodyBytes(body: unknown): body is string | Blob | ArrayBuffer | ArrayBufferView<ArrayBuffer> {
  return typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body);
}

/**
 * Cookie parameters as a `Cookie` header (`form` style: `name=value; other=value`, values
 * percent-encoded, arrays comma-joined), after any cookie the caller's headers carry. A route
 * carries it when its operation declares cookie parameters (see `OperationRoute.cookie`).
 */
export function encodeCookies(cookies: Record<string, unknown>, headers: Record<string, string> | undefined): HeadersOptions | undefined {
  const pairs: string[] = [];
  for (const name of Object.keys(cookies)) {
    const value = cookies[name];
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.map((item) => encodeURIComponent(String(item))).join(',') : encodeURIComponent(String(value));
    pairs.push(`${name}=${text}`);
  }
  if (pairs.length === 0) return undefined;
  const given = headers === undefined ? undefined : Object.keys(headers).find((name) => name.toLowerCase() === 'cookie');
  return { [given ?? 'Cookie']: given === undefined ? pairs.join('; ') : `${headers?.[given]}; ${pairs.join('; ')}` };
}

const jsonContentType = Object.freeze({ 'Content-Type': 'application/json' });

/** A success body as openapi-fetch reads it: JSON without Content-Length may be empty (undefined). */
function readData({ response, bytes }: BufferedAnswer, parseAs: 'json' | 'text' | 'blob', contentLength: string | null): unknown {
  if (parseAs === 'blob') {
    const type = response.headers.get('content-type');
    return new Blob(bytes === null ? [] : [bytes], type ? { type } : {});
  }
  const text = textOf(bytes);
  if (parseAs === 'text') return text;
  if (!contentLength) return text ? JSON.parse(text) : undefined;
  return JSON.parse(text);
}

function acceptsHtml(headers: HeadersInit | undefined): boolean {
  return headers instanceof Headers && html.test(headers.get('accept') ?? '');
}

/** The cursor fields of Tasklist's `POST /v1/tasks/search` body. */
export interface TaskSearchPage {
  pageSize: number;
  searchAfter?: string[];
}

/**
 * Every task a search finds, page by page: each request carries the last item's `sortValues` as
 * `searchAfter` (Tasklist's cursor paging). `search` runs one page, usually a generated function:
 * `paginateTaskSearch((page) => searchTasks(client, { body: { state: 'CREATED', ...page } }))`.
 */
export function paginateTaskSearch<TTask extends { sortValues?: readonly string[] | null | undefined }>(
  search: (page: TaskSearchPage) => Promise<readonly TTask[]>,
  options: Partial<PaginateOptions> = {},
): AsyncGenerator<TTask, void, undefined> {
  const pageSize = options.pageSize ?? 50;
  return paginate(
    (searchAfter, size) => search(searchAfter ? { pageSize: size, searchAfter } : { pageSize: size }),
    (task) => task.sortValues,
    { ...options, pageSize },
  );
}

/** The cursor part of an Orchestration Cluster API search body (`page`). */
export interface CursorPage {
  limit: number;
  after?: string;
}

/**
 * Every item a v2 search finds (Camunda 8.8's `/v2/user-tasks/search` and friends): each request
 * carries the previous page's `page.endCursor` as `page.after`. Built on the same `paginate` as
 * task search; the cursor comes from the page, not the item, so it is remembered between pages.
 */
export function paginateCursorSearch<TItem>(
  search: (page: CursorPage) => Promise<{ items: readonly TItem[]; page?: { endCursor?: string | null } | null }>,
  options: Partial<PaginateOptions> = {},
): AsyncGenerator<TItem, void, undefined> {
  const pageSize = options.pageSize ?? 50;
  let endCursor: string | null | undefined;
  return paginate(
    async (after, limit) => {
      const result = await search(after?.[0] ? { limit, after: after[0] } : { limit });
      endCursor = result.page?.endCursor;
      return result.items;
    },
    () => (endCursor ? [endCursor] : undefined),
    { ...options, pageSize },
  );
}
