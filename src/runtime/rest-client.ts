/**
 * The REST side of the runtime: an openapi-fetch client over a `TasklistFetch`, the one call
 * generated functions make, the typed error they throw, and task-search paging.
 *
 * Browser-safe: no `node:` imports, nothing from the generator.
 */
import createClient, {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  type Client,
  type HeadersOptions,
  type Middleware,
} from 'openapi-fetch';
import { bufferedSendOf, textOf, withBody, type BufferedAnswer, type BufferedSend } from './buffered.js';
import { HttpError } from './errors.js';
import { registryOf, type SecretRegistry } from '../util/redact.js';
import { bodyEncodingOf, formBody, multipartBody } from '../util/media-types.js';
import { paginate, type PaginateOptions } from './paging.js';
import type { RequestOptions, TasklistFetch } from './types.js';

export type { Middleware as RestMiddleware } from 'openapi-fetch';
export type { PaginateOptions } from './paging.js';
export type { RequestOptions } from './types.js';

/**
 * An openapi-fetch client for the `paths` of a generated `schema.d.ts`. Generated functions take one
 * as their first argument; it also works on its own: `client.GET('/v1/tasks/{taskId}', …)`.
 */
export type RestClient<Paths extends {} = {}> = Client<Paths>;

export interface RestClientOptions {
  /** Server root, e.g. `http://localhost:8080`; document paths (`/v1/tasks/search`) are appended to it. */
  baseUrl: string;
  /** The authenticated fetch (`createTransport(...)`); default the global `fetch`, unauthenticated. */
  fetch?: TasklistFetch;
  /** openapi-fetch middleware, run in order around every request (e.g. `authMiddleware(strategy)`). */
  middleware?: Middleware[];
}

export function createRestClient<Paths extends {}>(options: RestClientOptions): RestClient<Paths> {
  const transport = options.fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const client = createClient<Paths>({
    baseUrl,
    // Looked up per call, so a test or page that swaps `globalThis.fetch` is honoured.
    fetch: transport ? (request: Request) => transport(request) : (request: Request) => globalThis.fetch(request),
  });
  client.use(htmlInsteadOfJson);

  // The direct path (see `callOperation`) is there for one of our transports and an absolute,
  // valid base URL (a relative one is resolved by `new Request` against the page, not by the
  // transport; an invalid one is a TypeError from `new Request`, not a network failure). It is
  // taken only while no middleware of the caller's is registered: `use` and `eject` are wrapped
  // to keep count, so middleware added at any time runs, through openapi-fetch.
  const send = bufferedSendOf(transport);
  if (send && /^[a-z][a-z\d+.-]*:/i.test(baseUrl) && isUrl(baseUrl)) {
    const direct: DirectRoute = {
      baseUrl,
      send,
      querySerializer: createQuerySerializer(),
      // openapi-fetch fills parameters in base URL + path alike: a brace in the base URL leaves it to openapi-fetch.
      templates: baseUrl.includes('{') ? undefined : new Map(),
      userMiddleware: [],
    };
    const { use, eject } = client;
    client.use = (...middleware) => {
      // One at a time, so a bad one throws with those before it registered, as openapi-fetch does.
      for (const m of middleware) {
        use(m);
        if (m) direct.userMiddleware.push(m);
      }
    };
    client.eject = (...middleware) => {
      eject(...middleware);
      for (const m of middleware) {
        const i = direct.userMiddleware.indexOf(m);
        if (i !== -1) direct.userMiddleware.splice(i, 1);
      }
    };
    Object.defineProperty(client, directRoute, { value: direct });
  }
  // One of our transports knows the secrets in play: an error body that echoes a token is scrubbed.
  const secrets = registryOf(transport);
  if (secrets) Object.defineProperty(client, clientSecrets, { value: secrets });
  if (options.middleware?.length) client.use(...options.middleware);
  return client;
}

/** Under this key a client keeps its transport's `SecretRegistry`. */
const clientSecrets = Symbol('tasklist-codegen.secrets');

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** Under this key a client from `createRestClient` keeps what the direct path needs. */
const directRoute = Symbol('tasklist-codegen.directRoute');

interface DirectRoute {
  /** Without trailing slashes, as openapi-fetch keeps it. */
  baseUrl: string;
  send: BufferedSend;
  /** openapi-fetch's default (form, exploded arrays; deepObject objects), made once. */
  querySerializer: (query: Record<string, unknown>) => string;
  /** Path templates by path, cut once (see `fillPath`). */
  templates: Map<string, PathTemplate | null> | undefined;
  /** Middleware registered by the caller (not ours): while there is any, every call goes through openapi-fetch. */
  userMiddleware: Middleware[];
}

/** Matches `text/html` in a content-type or accept header. */
const html = /\btext\/html\b/i;

/**
 * A 2xx HTML page where the API answers JSON is almost always the sign-in page of a proxy or SSO
 * gateway in front of Tasklist. Without this, openapi-fetch's `response.json()` fails with a bare
 * `SyntaxError: Unexpected token '<'`. A caller that asks for HTML (`Accept: text/html`) gets it.
 */
const htmlInsteadOfJson: Middleware = {
  async onResponse({ request, response }) {
    if (!response.ok || !html.test(response.headers.get('content-type') ?? '')) return undefined;
    if (html.test(request.headers.get('accept') ?? '')) return undefined;
    throw htmlPageError(response, request.url, await response.clone().text());
  },
};

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

type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * The body of every generated function: one request; the success body, or a `RestError` carrying
 * status, parsed error body and response. A 204 resolves to `undefined`.
 */
export async function callOperation<TResult>(
  client: RestClient<any>,
  route: OperationRoute,
  input: OperationInput | undefined,
  options: RequestOptions | undefined,
): Promise<TResult> {
  const secrets = (client as { [clientSecrets]?: SecretRegistry })[clientSecrets];
  if (secrets === undefined) return callThrough<TResult>(client, route, input, options);
  try {
    return await callThrough<TResult>(client, route, input, options);
  } catch (error) {
    throw secrets.scrub(error);
  }
}

async function callThrough<TResult>(
  client: RestClient<any>,
  route: OperationRoute,
  input: OperationInput | undefined,
  options: RequestOptions | undefined,
): Promise<TResult> {
  const direct = (client as { [directRoute]?: DirectRoute })[directRoute];
  if (direct !== undefined && direct.userMiddleware.length === 0) return callDirect(direct, route, input, options) as Promise<TResult>;
  // The generated signature has already checked `input` against the document's types; here the
  // request goes through openapi-fetch's untyped core.
  const request = client.request as unknown as LooseRequest;
  // openapi-fetch sends no cookie parameters and knows only JSON and FormData bodies: those are
  // done here, its headers and serializer given what to send.
  const cookie = input?.cookie === undefined ? undefined : cookieHeader(input.cookie, options?.headers);
  const mediaType = input?.body === undefined ? undefined : (input.contentType ?? route.contentType);
  const encoded = mediaType === undefined ? undefined : encodeBody(input?.body, mediaType, route.deepObject);
  const { data, error, response } = await request(route.method, route.path, {
    params: { path: input?.path, query: input?.query, header: input?.header },
    body: encoded ? encoded.body : input?.body,
    // Undefined is openapi-fetch's own serializer.
    bodySerializer: encoded ? asIs : undefined,
    parseAs: route.parseAs ?? 'json',
    signal: options?.signal,
    headers:
      encoded?.contentType !== undefined || cookie !== undefined
        ? mergeHeaders(contentTypeOf(encoded), options?.headers, cookie)
        : options?.headers,
  });
  if (!response.ok) throw new RestError(`${route.method.toUpperCase()} ${route.path}`, response, error, route.statuses, route.permissions);
  return data as TResult;
}

const asIs = (body: unknown) => body;

function contentTypeOf(encoded: EncodedBody | undefined): HeadersOptions | undefined {
  return encoded?.contentType === undefined ? undefined : { 'Content-Type': encoded.contentType };
}

interface EncodedBody {
  body: BodyInit;
  /** Undefined for FormData: the fetch writes the Content-Type with its boundary. */
  contentType: string | undefined;
}

/** A body as its media type declares it (JSON bodies with `application/json` never come here: see `callDirect`). */
function encodeBody(body: unknown, mediaType: string, deepObject: readonly string[] | undefined): EncodedBody {
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
 * percent-encoded, arrays comma-joined), after any cookie the caller's headers carry.
 */
function cookieHeader(cookies: Record<string, unknown>, headers: Record<string, string> | undefined): HeadersOptions | undefined {
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
/** openapi-fetch's body serializer, typed as it runs: it looks at the headers for a form-encoded body, and passes FormData through. */
const serializeBody = defaultBodySerializer as (body: unknown, headers: Headers | undefined) => string | FormData;

/**
 * What openapi-fetch and `htmlInsteadOfJson` do for one call, without a `Request`: the URL, body
 * and headers from openapi-fetch's own serializers (the same bytes on the wire), sent through the
 * transport's buffered send, and the answer read the way openapi-fetch reads it.
 */
async function callDirect(
  direct: DirectRoute,
  route: OperationRoute,
  input: OperationInput | undefined,
  options: RequestOptions | undefined,
): Promise<unknown> {
  const method = route.method.toUpperCase();
  const url = finalUrl(direct, route.path, input);
  const header = input?.header;
  const extra = options?.headers;
  const cookie = input?.cookie === undefined ? undefined : cookieHeader(input.cookie, extra);
  // openapi-fetch's headers, lowest priority first: Content-Type for a JSON body, the caller's
  // per-call headers (with the cookie parameters), then the operation's header parameters (null
  // removes one, Content-Type too).
  const custom = header !== undefined || extra !== undefined || cookie !== undefined;
  let headers: HeadersInit | undefined = custom ? mergeHeaders(extra, cookie, header as HeadersOptions) : undefined;
  let body: BodyInit | undefined;
  if (input?.body !== undefined) {
    const mediaType = input.contentType ?? route.contentType;
    if (mediaType === undefined) {
      body = serializeBody(input.body, headers as Headers | undefined);
      // FormData: the fetch sets Content-Type with its boundary.
      if (!(body instanceof FormData))
        headers = custom ? mergeHeaders(jsonContentType, extra, cookie, header as HeadersOptions) : jsonContentType;
    } else {
      const encoded = encodeBody(input.body, mediaType, route.deepObject);
      body = encoded.body;
      if (encoded.contentType !== undefined) headers = mergeHeaders(contentTypeOf(encoded), extra, cookie, header as HeadersOptions);
    }
  }

  const answer = await direct.send(url, method, headers, body, options?.signal);
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
 * openapi-fetch's `createFinalURL` with its default serializers, without its regular expression
 * on every call where that is plain: a path whose parameters are all `{name}` (the default
 * `simple` style), each a string, number or boolean (or absent: the placeholder stays, as
 * openapi-fetch leaves it), is the template with each value through `encodeURIComponent`, which
 * is what `defaultPathSerializer` makes of it. Anything else (labels, matrix, explode, arrays,
 * objects) goes to openapi-fetch's own `createFinalURL`. The query is openapi-fetch's serializer.
 */
function finalUrl(direct: DirectRoute, path: string, input: OperationInput | undefined): string {
  const { templates } = direct;
  let template = templates?.get(path);
  if (template === undefined && templates !== undefined) {
    template = cutPath(path);
    // Generated functions have a fixed set of paths; a caller inventing paths does not grow this for ever.
    if (templates.size < 1000) templates.set(path, template);
  }
  let url = template ? fillPath(direct.baseUrl, template, input?.path) : undefined;
  if (url === undefined) {
    return createFinalURL(path, {
      baseUrl: direct.baseUrl,
      params: { path: input?.path, query: input?.query },
      querySerializer: direct.querySerializer,
      pathSerializer: defaultPathSerializer,
    });
  }
  if (input?.query != null) {
    let search = direct.querySerializer(input.query);
    if (search.startsWith('?')) search = search.substring(1);
    if (search) url += `?${search}`;
  }
  return url;
}

/** A path cut at its parameters: literal text at even indices, parameter names at odd ones. */
type PathTemplate = readonly string[];

/** openapi-fetch's parameter pattern; null when a parameter is not the plain `{name}` style. */
function cutPath(path: string): PathTemplate | null {
  const parts: string[] = [];
  let last = 0;
  for (const match of path.matchAll(/\{[^{}]+\}/g)) {
    const name = match[0].slice(1, -1);
    if (name.endsWith('*') || name.startsWith('.') || name.startsWith(';')) return null;
    parts.push(path.slice(last, match.index), name);
    last = match.index + match[0].length;
  }
  parts.push(path.slice(last));
  return parts;
}

/** The template filled in, or undefined when a value needs openapi-fetch's serializer (array, object …). */
function fillPath(baseUrl: string, template: PathTemplate, values: Record<string, unknown> | undefined): string | undefined {
  let url = baseUrl + template[0];
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i] as string;
    const value = values?.[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') url += encodeURIComponent(value);
    else if (value === undefined || value === null) url += `{${name}}`;
    else return undefined;
    url += template[i + 1];
  }
  return url;
}

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
