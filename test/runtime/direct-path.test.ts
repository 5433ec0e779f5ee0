/**
 * `callOperation` has one call path: openapi-fetch's serializers, the client's middleware (run
 * by us, with openapi-fetch's contract), the transport's buffered send. These pin that it answers
 * exactly as openapi-fetch's own client does over the same transport: the same bytes reach the
 * server, the same data or error comes back, middleware runs in the same order with the same
 * effect. The reference is openapi-fetch's `createClient`, its answer mapped to our errors the
 * way generated functions report them.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { noAuth } from '../../src/auth/strategies/index.js';
import { HttpError } from '../../src/runtime/errors.js';
import { callOperation, createRestClient, RestError, type OperationInput, type OperationRoute } from '../../src/runtime/rest-client.js';
import { createStrategyTransport, type Transport } from '../../src/runtime/transport.js';
import type { RequestOptions, TasklistFetch } from '../../src/runtime/types.js';
import { startServer, type TestServer } from '../auth/helpers.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: TestServer;
const seen: Seen[] = [];

beforeAll(async () => {
  server = await startServer(async (req, res, body) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
    const path = (req.url ?? '').split('?')[0];
    switch (path) {
      case '/v1/empty':
        res.writeHead(204);
        res.end();
        return;
      case '/v1/zero':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
        res.end();
        return;
      case '/v1/chunked': {
        // No Content-Length: openapi-fetch reads the text and parses it only when there is some.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"chunked":');
        res.end('true}');
        return;
      }
      case '/v1/chunked-empty':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('');
        res.end();
        return;
      case '/v1/text':
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end('a,b\n1,2');
        return;
      case '/v1/missing':
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ status: 404, message: 'no task 7', instance: 'x' }));
        return;
      case '/v1/down':
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('upstream down');
        return;
      case '/v1/conflict-empty':
        res.writeHead(409, { 'content-length': '0' });
        res.end();
        return;
      case '/v1/failed-chunked':
        // An error with an empty body and no Content-Length: the body is the empty text.
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.write('');
        res.end();
        return;
      case '/v1/head':
        // A HEAD answer announces the length of a body it does not send.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '12' });
        res.end();
        return;
      case '/v1/upload':
        // Not echoed: a multipart body's boundary is random.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"uploaded":true}');
        return;
      case '/v1/sign-in':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Sign in</title>');
        return;
      case '/v1/slow':
        await new Promise((resolve) => setTimeout(resolve, 2000));
        if (!res.destroyed) res.end('{}');
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, method: req.method, url: req.url, body }));
    }
  });
});
afterAll(async () => server.close());

/** A call the way generated functions make it, or the way the reference makes it. */
type Caller = (route: OperationRoute, input?: OperationInput, options?: RequestOptions) => Promise<unknown>;

/** The sign-in page check generated functions make, as openapi-fetch middleware for the reference. */
const htmlCheck: Middleware = {
  async onResponse({ request, response }) {
    if (!response.ok || !/\btext\/html\b/i.test(response.headers.get('content-type') ?? '')) return undefined;
    if (/\btext\/html\b/i.test(request.headers.get('accept') ?? '')) return undefined;
    const text = await response.clone().text();
    throw new HttpError(
      { status: response.status, url: response.url || request.url, bodyText: text.slice(0, 4096), response },
      {
        hint: 'An HTML page answered where the API sends JSON, usually the sign-in page of a proxy or SSO gateway in front of Tasklist: check the base URL and the credentials',
      },
    );
  },
};

/** openapi-fetch's own client over `fetch`, its outcome as a generated function reports it. */
function openapiFetchCaller(baseUrl: string, fetch: TasklistFetch, middleware: Middleware[] = []): Caller {
  const client = createClient<any>({ baseUrl, fetch: (request: Request) => fetch(request) });
  client.use(htmlCheck, ...middleware);
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  return async (route, input, options) => {
    const { data, error, response } = await request(route.method, route.path, {
      params: { path: input?.path, query: input?.query, header: input?.header },
      body: input?.body,
      parseAs: route.parseAs ?? 'json',
      signal: options?.signal,
      headers: options?.headers,
    });
    if (!response.ok)
      throw new RestError(`${route.method.toUpperCase()} ${route.path}`, response, error, route.statuses, route.permissions);
    return data;
  };
}

/** One transport; ours calls through `callOperation`, the reference through openapi-fetch's client. */
function clients(middleware: Middleware[] = []): { transport: Transport; direct: Caller; reference: Caller } {
  const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
  const rest = createRestClient<any>({ baseUrl: `${server.url}/`, fetch: transport, middleware });
  return {
    transport,
    direct: (route, input, options) => callOperation(rest, route, input, options),
    reference: openapiFetchCaller(`${server.url}/`, transport, middleware),
  };
}

/** What a call did, comparable across the two: what the server saw, and the outcome. */
async function outcome(call: Caller, route: OperationRoute, input?: OperationInput, options?: RequestOptions) {
  seen.length = 0;
  const result: { data?: unknown; error?: Partial<ReturnType<typeof describeError>> } = await call(route, input, options).then(
    async (data) => ({ data: data instanceof Blob ? { blob: await data.text(), type: data.type } : data }),
    (error: unknown) => ({ error: describeError(error) }),
  );
  return { result, requests: seen.map(withoutBoundary) };
}

/** A multipart body's boundary is random per request: the same request, normalized. */
function withoutBoundary(seen: Seen): Seen {
  const boundary = /boundary=(\S+)/.exec(String(seen.headers['content-type']))?.[1];
  if (!boundary) return { ...seen };
  const strip = (text: string) => text.split(boundary).join('BOUNDARY');
  return { ...seen, headers: { ...seen.headers, 'content-type': strip(String(seen.headers['content-type'])) }, body: strip(seen.body) };
}

function describeError(error: unknown) {
  if (!(error instanceof Error)) return { thrown: error };
  const e = error as Error & Partial<RestError>;
  return {
    class: error.constructor.name,
    name: e.name,
    message: e.message,
    code: e.code,
    hint: e.hint,
    status: e.status,
    url: e.url,
    bodyText: e.bodyText,
    body: e.body,
    operation: e.operation,
    responseStatus: e.response?.status,
  };
}

function multipart(): FormData {
  const form = new FormData();
  form.set('name', 'order.pdf');
  form.set('file', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'order.pdf');
  return form;
}

const cases: Array<[string, OperationRoute, OperationInput | undefined, RequestOptions | undefined]> = [
  [
    'path parameters that need encoding',
    { method: 'get', path: '/v1/tasks/{taskId}/variables/{name}' },
    { path: { taskId: 'a b/c?d#é', name: '100%' } },
    undefined,
  ],
  [
    'array, object and skipped query parameters',
    { method: 'get', path: '/v1/tasks' },
    {
      query: {
        state: ['CREATED', 'COMPLETED'],
        sort: { field: 'creationTime', order: 'ASC' },
        size: 2,
        flag: true,
        text: 'x y&z',
        none: [],
        nil: null,
        gone: undefined,
      },
    },
    undefined,
  ],
  [
    'a JSON body with per-call headers and header parameters',
    { method: 'post', path: '/v1/tasks/{taskId}/variables/search' },
    {
      path: { taskId: '7' },
      header: { 'x-tenant': 'green' },
      body: { variableNames: ['a', 'ü'], includeVariables: [{ name: 'b', alwaysReturnFullValue: true }] },
    },
    // A header parameter wins over a per-call header of the same name, as in openapi-fetch.
    { headers: { 'x-trace': 't-1', accept: 'application/json', 'X-Tenant': 'from-options' } },
  ],
  ['a null JSON body', { method: 'patch', path: '/v1/tasks/{taskId}/assign' }, { path: { taskId: '7' }, body: null }, undefined],
  [
    'a header parameter overrides Content-Type',
    { method: 'post', path: '/v1/raw' },
    { header: { 'content-type': 'text/plain' }, body: 'as is' },
    undefined,
  ],
  [
    'a form-encoded body',
    { method: 'post', path: '/v1/form' },
    { body: { a: '1', b: 'x y' } },
    { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  ],
  [
    'a multipart body (FormData): the fetch sets its Content-Type',
    { method: 'post', path: '/v1/upload' },
    { body: multipart() },
    { headers: { 'x-trace': 't-2' } },
  ],
  ['DELETE without a body', { method: 'delete', path: '/v1/things/{id}' }, { path: { id: 3 } }, undefined],
  ['204 resolves to undefined', { method: 'post', path: '/v1/empty' }, { body: { x: 1 } }, undefined],
  ['Content-Length 0 resolves to undefined', { method: 'get', path: '/v1/zero' }, undefined, undefined],
  ['JSON without Content-Length', { method: 'get', path: '/v1/chunked' }, undefined, undefined],
  ['empty JSON without Content-Length', { method: 'get', path: '/v1/chunked-empty' }, undefined, undefined],
  ['parseAs text', { method: 'get', path: '/v1/text', parseAs: 'text' }, undefined, undefined],
  ['parseAs blob', { method: 'get', path: '/v1/text', parseAs: 'blob' }, undefined, undefined],
  ['a JSON error body', { method: 'get', path: '/v1/missing' }, undefined, undefined],
  ['a text error body', { method: 'get', path: '/v1/down' }, undefined, undefined],
  ['an empty error body', { method: 'put', path: '/v1/conflict-empty' }, undefined, undefined],
  ['an HTML sign-in page where JSON was due', { method: 'get', path: '/v1/sign-in' }, undefined, undefined],
  [
    'an HTML page the caller asked for',
    { method: 'get', path: '/v1/sign-in', parseAs: 'text' },
    undefined,
    { headers: { accept: 'text/html' } },
  ],
  ['HEAD', { method: 'head', path: '/v1/head' }, undefined, undefined],
  ['an empty error body without Content-Length', { method: 'get', path: '/v1/failed-chunked' }, undefined, undefined],
  [
    'number, boolean, empty and missing path parameters, one name twice',
    { method: 'get', path: '/v1/p/{n}/{b}/{e}/{missing}/{nil}/{n}' },
    { path: { n: 42, b: false, e: '', nil: null } },
    undefined,
  ],
  [
    'array and object path parameters (openapi-fetch serializes them)',
    { method: 'get', path: '/v1/p/{ids}/{filter}' },
    { path: { ids: ['a b', 'c'], filter: { x: '1' } } },
    undefined,
  ],
  [
    'label, matrix and explode path parameters',
    { method: 'get', path: '/v1/p/{.label}/{;matrix}/{list*}' },
    { path: { label: 'l', matrix: 'm', list: ['1', '2'] } },
    undefined,
  ],
  ['no path parameters given for a template', { method: 'get', path: '/v1/p/{id}' }, { query: { q: 1 } }, undefined],
  ['a label path parameter', { method: 'get', path: '/v1/p/{.label}' }, { path: { label: 'l' } }, undefined],
  ['a matrix path parameter', { method: 'get', path: '/v1/p/{;matrix}' }, { path: { matrix: 'm' } }, undefined],
  [
    'a query that serializes to nothing',
    { method: 'get', path: '/v1/p/{id}' },
    { path: { id: 'x' }, query: { gone: undefined, none: [] } },
    undefined,
  ],
];

describe("callOperation and openapi-fetch's own client", () => {
  it.each(cases)('%s: the same request on the wire, the same result', async (_name, route, input, options) => {
    const { direct, reference } = clients();
    const ours = await outcome(direct, route, input, options);
    const theirs = await outcome(reference, route, input, options);
    expect(ours).toEqual(theirs);
    expect(ours.requests).toHaveLength(1);
  });

  it('the cases above say what they claim', async () => {
    const { direct } = clients();
    const run = (i: number) => outcome(direct, cases[i]![1], cases[i]![2], cases[i]![3]);
    expect((await run(0)).requests[0]!.url).toBe('/v1/tasks/a%20b%2Fc%3Fd%23%C3%A9/variables/100%25');
    expect((await run(1)).requests[0]!.url).toBe(
      '/v1/tasks?state=CREATED&state=COMPLETED&sort[field]=creationTime&sort[order]=ASC&size=2&flag=true&text=x%20y%26z',
    );
    const post = await run(2);
    expect(post.requests[0]).toMatchObject({
      method: 'POST',
      body: '{"variableNames":["a","ü"],"includeVariables":[{"name":"b","alwaysReturnFullValue":true}]}',
    });
    expect(post.requests[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-tenant': 'green',
      'x-trace': 't-1',
      accept: 'application/json',
    });
    expect((await run(3)).requests[0]!.body).toBe('null');
    expect((await run(4)).requests[0]!.headers['content-type']).toBe('text/plain');
    expect((await run(5)).requests[0]).toMatchObject({
      body: 'a=1&b=x+y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const upload = (await run(6)).requests[0]!;
    expect(upload.headers['content-type']).toBe('multipart/form-data; boundary=BOUNDARY');
    expect(upload.body).toContain('%PDF-1.7');
    expect((await run(7)).requests[0]!.headers['content-type']).toBeUndefined();
    expect((await run(8)).result).toEqual({ data: undefined });
    expect((await run(9)).result).toEqual({ data: undefined });
    expect((await run(10)).result).toEqual({ data: { chunked: true } });
    expect((await run(11)).result).toEqual({ data: undefined });
    expect((await run(12)).result).toEqual({ data: 'a,b\n1,2' });
    expect((await run(13)).result).toEqual({ data: { blob: 'a,b\n1,2', type: 'text/csv' } });
    expect((await run(14)).result.error).toMatchObject({
      class: 'RestError',
      status: 404,
      body: { status: 404, message: 'no task 7', instance: 'x' },
      operation: 'GET /v1/missing',
    });
    expect((await run(15)).result.error).toMatchObject({
      class: 'RestError',
      status: 502,
      body: 'upstream down',
      bodyText: 'upstream down',
    });
    expect((await run(16)).result.error).toMatchObject({
      class: 'RestError',
      status: 409,
      body: undefined,
      operation: 'PUT /v1/conflict-empty',
    });
    expect((await run(17)).result.error).toMatchObject({
      class: 'HttpError',
      status: 200,
      bodyText: '<!doctype html><title>Sign in</title>',
      url: `${server.url}/v1/sign-in`,
    });
    expect((await run(17)).result.error?.hint).toMatch(/sign-in page/);
    expect((await run(18)).result).toEqual({ data: '<!doctype html><title>Sign in</title>' });
    expect(await run(19)).toMatchObject({ result: { data: undefined }, requests: [{ method: 'HEAD' }] });
    expect((await run(20)).result.error).toMatchObject({ class: 'RestError', status: 500, body: '', bodyText: '' });
    expect((await run(21)).requests[0]!.url).toBe('/v1/p/42/false//%7Bmissing%7D/%7Bnil%7D/42');
    expect((await run(22)).requests[0]!.url).toBe('/v1/p/a%20b,c/x,1');
    expect((await run(23)).requests[0]!.url).toBe('/v1/p/.l/;matrix=m/1,2');
    expect((await run(24)).requests[0]!.url).toBe('/v1/p/%7Bid%7D?q=1');
    expect((await run(25)).requests[0]!.url).toBe('/v1/p/.l');
    expect((await run(26)).requests[0]!.url).toBe('/v1/p/;matrix=m');
    expect((await run(27)).requests[0]!.url).toBe('/v1/p/x');
  });

  it('a base URL with a parameter in it is filled as openapi-fetch fills it', async () => {
    const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
    const baseUrl = `${server.url}/t/{tenant}`;
    const rest = createRestClient<any>({ baseUrl, fetch: transport });
    const direct: Caller = (route, input, options) => callOperation(rest, route, input, options);
    const route: OperationRoute = { method: 'get', path: '/v1/x/{id}' };
    const input = { path: { tenant: 'green', id: '1' } };
    const ours = await outcome(direct, route, input);
    expect(ours).toEqual(await outcome(openapiFetchCaller(baseUrl, transport), route, input));
    expect(ours.requests[0]!.url).toBe('/t/green/v1/x/1');
  });

  it('the error carries a response that reads like any other', async () => {
    const { direct } = clients();
    const error = (await direct({ method: 'get', path: '/v1/missing' }).catch((e: unknown) => e)) as RestError;
    expect(error).toBeInstanceOf(RestError);
    expect(error.response).toBeInstanceOf(Response);
    expect(error.response?.headers.get('content-type')).toBe('application/problem+json');
    const page = (await direct({ method: 'get', path: '/v1/sign-in' }).catch((e: unknown) => e)) as HttpError;
    expect(page).toBeInstanceOf(HttpError);
    expect(await page.response?.text()).toBe('<!doctype html><title>Sign in</title>');
  });

  it("the caller's abort signal stops the call, with the caller's reason, with and without middleware", async () => {
    for (const { direct } of [clients(), clients([{ onRequest: () => undefined }])]) {
      const controller = new AbortController();
      const pending = direct({ method: 'get', path: '/v1/slow' }, undefined, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('user left')), 50);
      const started = Date.now();
      await expect(pending).rejects.toThrow('user left');
      expect(Date.now() - started).toBeLessThan(1500);
      await expect(
        direct({ method: 'get', path: '/v1/tasks' }, undefined, { signal: AbortSignal.abort(new Error('already')) }),
      ).rejects.toThrow('already');
    }
  });

  it("a transport error is the transport's typed error; a fetch of the caller's own is called with (url, init)", async () => {
    const transport = createStrategyTransport({ auth: noAuth(), retry: false });
    const rest = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch: transport });
    await expect(callOperation(rest, { method: 'get', path: '/v1/tasks' }, undefined, undefined)).rejects.toMatchObject({
      name: 'NetworkError',
      url: 'http://127.0.0.1:9/v1/tasks',
    });
    const own = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => Response.json({ ok: 1 }));
    const plain = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch: own });
    expect(await callOperation(plain, { method: 'post', path: '/v1/x' }, { body: { a: 1 } }, undefined)).toEqual({ ok: 1 });
    expect(own).toHaveBeenCalledOnce();
    const [url, init] = own.mock.calls[0]!;
    expect([url, init?.method, new Headers(init?.headers).get('content-type'), init?.body]).toEqual([
      'http://127.0.0.1:9/v1/x',
      'POST',
      'application/json',
      '{"a":1}',
    ]);
  });

  it('a client not made by createTasklistClient is refused with a message that says so', async () => {
    await expect(callOperation({ baseUrl: 'http://x' }, { method: 'get', path: '/v1/tasks' }, undefined, undefined)).rejects.toThrow(
      /createTasklistClient/,
    );
  });
});

describe("callOperation: middleware of the caller's own, run with openapi-fetch's contract", () => {
  function recorder(log: string[], name: string): Middleware {
    return {
      onRequest({ request, schemaPath, id }) {
        log.push(`${name} request ${request.method} ${new URL(request.url).pathname} ${schemaPath} ${typeof id}`);
        const headers = new Headers(request.headers);
        headers.set('x-middleware', name);
        return new Request(request, { headers });
      },
      onResponse({ response }) {
        log.push(`${name} response ${response.status}`);
        return undefined;
      },
    };
  }

  it.each([
    ['GET with path parameters', { method: 'get', path: '/v1/tasks/{id}' }, { path: { id: 1 } }],
    ['POST with a JSON body', { method: 'post', path: '/v1/x' }, { body: { a: ['ü'] } }],
    ['an HTML sign-in page: the check runs after the middleware', { method: 'get', path: '/v1/sign-in' }, undefined],
    ['an error body', { method: 'get', path: '/v1/missing' }, undefined],
  ] as Array<[string, OperationRoute, OperationInput | undefined]>)(
    '%s: the same order, the same request on the wire, the same result',
    async (_name, route, input) => {
      const ours: string[] = [];
      const theirs: string[] = [];
      const a = clients([recorder(ours, 'a'), recorder(ours, 'b')]);
      const b = clients([recorder(theirs, 'a'), recorder(theirs, 'b')]);
      const mine = await outcome(a.direct, route, input);
      expect(mine).toEqual(await outcome(b.reference, route, input));
      expect(ours).toEqual(theirs);
      expect(ours.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['a request', 'b request', 'b response', 'a response']);
      expect(mine.requests[0]!.headers['x-middleware']).toBe('b');
    },
  );

  it('onRequest answering with a Response skips the send (and onResponse), as in openapi-fetch', async () => {
    const log: string[] = [];
    const answer: Middleware = { onRequest: () => Response.json({ from: 'middleware' }) };
    const { direct } = clients([recorder(log, 'first'), answer, recorder(log, 'never')]);
    seen.length = 0;
    expect(await direct({ method: 'get', path: '/v1/a' })).toEqual({ from: 'middleware' });
    expect(seen).toEqual([]);
    expect(log).toEqual(['first request GET /v1/a /v1/a string']);
  });

  it('onError sees a failed send: a Response it returns answers the call, an Error replaces the error', async () => {
    const transport = createStrategyTransport({ auth: noAuth(), retry: false });
    const recover: Middleware = { onError: ({ error }) => Response.json({ recovered: (error as Error).name }) };
    const rename: Middleware = { onError: () => new Error('renamed') };
    const route: OperationRoute = { method: 'get', path: '/v1/tasks' };
    const recovering = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch: transport, middleware: [recover] });
    expect(await callOperation(recovering, route, undefined, undefined)).toEqual({ recovered: 'NetworkError' });
    const renaming = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch: transport, middleware: [rename] });
    await expect(callOperation(renaming, route, undefined, undefined)).rejects.toThrow('renamed');
  });

  it('something that is not middleware is refused when the client is made', () => {
    expect(() => createRestClient<any>({ baseUrl: server.url, middleware: [{} as Middleware] })).toThrow(/Middleware must be an object/);
  });
});
