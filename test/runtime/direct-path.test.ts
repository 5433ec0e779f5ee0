/**
 * The runtime's own clients over one of our transports skip openapi-fetch's `Request` and the
 * `Response` around the buffered body (issue 8, per-call overhead). These pin that the direct path
 * answers exactly as the openapi-fetch path does: the same bytes reach the server, the same data
 * or error comes back. The reference is the same transport behind a plain wrapper function, which
 * the clients cannot see into, so they take their general path.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Middleware } from 'openapi-fetch';
import { noAuth } from '../../src/auth/strategies/index.js';
import { bufferedSend, bufferedSendOf } from '../../src/runtime/buffered.js';
import { HttpError } from '../../src/runtime/errors.js';
import { GraphQLResponseError, createGraphQLClient } from '../../src/runtime/graphql.js';
import {
  callOperation,
  createRestClient,
  RestError,
  type OperationInput,
  type OperationRoute,
  type RestClient,
} from '../../src/runtime/rest-client.js';
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
      case '/graphql': {
        const { query } = JSON.parse(body) as { query: string };
        res.writeHead(query.includes('broken') ? 500 : 200, { 'content-type': 'application/json' });
        if (query.includes('fails'))
          res.end(JSON.stringify({ data: { task: null }, errors: [{ message: 'no such task', path: ['task'] }] }));
        else if (query.includes('broken')) res.end('gateway broke');
        else res.end(JSON.stringify({ data: { task: { id: '1' } } }));
        return;
      }
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, method: req.method, url: req.url, body }));
    }
  });
});
afterAll(async () => server.close());

/** One transport; the direct client sees it as ours, the reference only through a wrapper. */
function clients(): { transport: Transport; direct: RestClient<any>; reference: RestClient<any> } {
  const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
  const wrapped: TasklistFetch = (input, init) => transport(input, init);
  return {
    transport,
    direct: createRestClient<any>({ baseUrl: `${server.url}/`, fetch: transport }),
    reference: createRestClient<any>({ baseUrl: `${server.url}/`, fetch: wrapped }),
  };
}

/** What a call did, comparable across the two paths: what the server saw, and the outcome. */
async function outcome(client: RestClient<any>, route: OperationRoute, input?: OperationInput, options?: RequestOptions) {
  seen.length = 0;
  const result: { data?: unknown; error?: Partial<ReturnType<typeof describeError>> } = await callOperation(
    client,
    route,
    input,
    options,
  ).then(
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

describe('callOperation: the direct path and the openapi-fetch path', () => {
  it.each(cases)('%s: the same request on the wire, the same result', async (_name, route, input, options) => {
    const { direct, reference } = clients();
    const viaOpenapiFetch = vi.spyOn(direct, 'request');
    const fast = await outcome(direct, route, input, options);
    const slow = await outcome(reference, route, input, options);
    expect(viaOpenapiFetch).not.toHaveBeenCalled();
    expect(fast).toEqual(slow);
    expect(fast.requests).toHaveLength(1);
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
    const direct = createRestClient<any>({ baseUrl, fetch: transport });
    const reference = createRestClient<any>({ baseUrl, fetch: (i, init) => transport(i, init) });
    const route: OperationRoute = { method: 'get', path: '/v1/x/{id}' };
    const input = { path: { tenant: 'green', id: '1' } };
    const fast = await outcome(direct, route, input);
    expect(fast).toEqual(await outcome(reference, route, input));
    expect(fast.requests[0]!.url).toBe('/t/green/v1/x/1');
  });

  it('the error carries a response that reads like any other', async () => {
    const { direct } = clients();
    const error = (await callOperation(direct, { method: 'get', path: '/v1/missing' }, undefined, undefined).catch(
      (e: unknown) => e,
    )) as RestError;
    expect(error).toBeInstanceOf(RestError);
    expect(error.response).toBeInstanceOf(Response);
    expect(error.response?.headers.get('content-type')).toBe('application/problem+json');
    const page = (await callOperation(direct, { method: 'get', path: '/v1/sign-in' }, undefined, undefined).catch(
      (e: unknown) => e,
    )) as HttpError;
    expect(page).toBeInstanceOf(HttpError);
    expect(await page.response?.text()).toBe('<!doctype html><title>Sign in</title>');
  });

  it("the caller's abort signal stops the call on both paths, with the caller's reason", async () => {
    const { direct, reference } = clients();
    for (const client of [direct, reference]) {
      const controller = new AbortController();
      const pending = callOperation(client, { method: 'get', path: '/v1/slow' }, undefined, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('user left')), 50);
      const started = Date.now();
      await expect(pending).rejects.toThrow('user left');
      expect(Date.now() - started).toBeLessThan(1500);
      await expect(
        callOperation(client, { method: 'get', path: '/v1/tasks' }, undefined, { signal: AbortSignal.abort(new Error('already')) }),
      ).rejects.toThrow('already');
    }
  });

  it('a transport error is the same error on both paths (a relative base URL is not sent directly)', async () => {
    const transport = createStrategyTransport({ auth: noAuth(), retry: false });
    const direct = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch: transport });
    const reference = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch: (i, init) => transport(i, init) });
    const route: OperationRoute = { method: 'get', path: '/v1/tasks' };
    const [fast, slow] = await Promise.all(
      [direct, reference].map((c) => callOperation(c, route, undefined, undefined).catch(describeError)),
    );
    expect(fast).toMatchObject({ class: 'NetworkError', url: 'http://127.0.0.1:9/v1/tasks' });
    expect(fast).toEqual(slow);

    // A relative base URL is resolved by `new Request` (against the page in a browser), and an
    // invalid one is its TypeError: openapi-fetch keeps both.
    for (const baseUrl of ['/api', 'http://exa mple.com']) {
      const odd = createRestClient<any>({ baseUrl, fetch: createStrategyTransport({ baseUrl: server.url, auth: noAuth() }) });
      const viaOpenapiFetch = vi.spyOn(odd, 'request');
      await expect(callOperation(odd, route, undefined, undefined)).rejects.toThrow(TypeError);
      expect(viaOpenapiFetch).toHaveBeenCalledOnce();
    }
  });
});

describe("callOperation: middleware of the caller's own", () => {
  function recorder(log: string[], name: string): Middleware {
    return {
      onRequest({ request }) {
        log.push(`${name} request ${request.method} ${new URL(request.url).pathname}`);
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

  it("registered with client.use, it runs (openapi-fetch's path); ejected, the direct path is back", async () => {
    const { direct } = clients();
    const log: string[] = [];
    const viaOpenapiFetch = vi.spyOn(direct, 'request');
    const mw = recorder(log, 'm1');
    direct.use(mw);
    seen.length = 0;
    expect(await callOperation(direct, { method: 'get', path: '/v1/tasks/{id}' }, { path: { id: 1 } }, undefined)).toMatchObject({
      ok: true,
      url: '/v1/tasks/1',
    });
    expect(log).toEqual(['m1 request GET /v1/tasks/1', 'm1 response 200']);
    expect(seen[0]!.headers['x-middleware']).toBe('m1');
    expect(viaOpenapiFetch).toHaveBeenCalledTimes(1);

    direct.eject(mw);
    await callOperation(direct, { method: 'get', path: '/v1/tasks' }, undefined, undefined);
    expect(log).toHaveLength(2);
    expect(viaOpenapiFetch).toHaveBeenCalledTimes(1);
  });

  it('given to createRestClient, it runs on every call; the sign-in page check still runs with it', async () => {
    const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
    const log: string[] = [];
    const client = createRestClient<any>({ baseUrl: server.url, fetch: transport, middleware: [recorder(log, 'a'), recorder(log, 'b')] });
    await callOperation(client, { method: 'post', path: '/v1/x' }, { body: {} }, undefined);
    expect(log).toEqual(['a request POST /v1/x', 'b request POST /v1/x', 'b response 200', 'a response 200']);
    await expect(callOperation(client, { method: 'get', path: '/v1/sign-in' }, undefined, undefined)).rejects.toThrow(HttpError);
  });

  it('use() with the same middleware twice needs two ejects before the direct path is back', async () => {
    const { direct } = clients();
    const log: string[] = [];
    const mw = recorder(log, 'twice');
    direct.use(mw, mw);
    direct.eject(mw);
    await callOperation(direct, { method: 'get', path: '/v1/a' }, undefined, undefined);
    expect(log).toEqual(['twice request GET /v1/a', 'twice response 200']);
    direct.eject(mw);
    await callOperation(direct, { method: 'get', path: '/v1/b' }, undefined, undefined);
    expect(log).toHaveLength(2);
    expect(() => direct.use({} as Middleware)).toThrow(/Middleware must be an object/);
    await callOperation(direct, { method: 'get', path: '/v1/c' }, undefined, undefined);
    expect(log).toHaveLength(2);
  });
});

describe('GraphQL client: the buffered send and the fetch path', () => {
  const document = 'query GetTask($id: String!) { task(id: $id) { id } }';
  function gql() {
    const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
    return {
      direct: createGraphQLClient({ endpoint: `${server.url}/graphql`, fetch: transport }),
      reference: createGraphQLClient({ endpoint: `${server.url}/graphql`, fetch: (i, init) => transport(i, init) }),
    };
  }
  async function run(client: ReturnType<typeof gql>['direct'], doc: string, options?: RequestOptions) {
    seen.length = 0;
    const result = await client.request(doc, { id: '1' }, options).then(
      (data) => ({ data }),
      (error: unknown) => ({
        error: { ...describeError(error), errors: (error as GraphQLResponseError).errors, data: (error as GraphQLResponseError).data },
      }),
    );
    return { result, requests: seen.map((s) => ({ ...s })) };
  }

  it.each([
    ['data', document, undefined],
    ['errors with partial data', `${document} # fails`, undefined],
    ['an HTTP error that is not GraphQL', `${document} # broken`, undefined],
    ['caller headers', document, { headers: { 'x-trace': 'g-1', accept: 'application/json' } }],
  ] as const)('%s: the same request and result', async (_name, doc, options) => {
    const { direct, reference } = gql();
    const fast = await run(direct, doc, options);
    expect(fast).toEqual(await run(reference, doc, options));
    expect(fast.requests).toHaveLength(1);
  });

  it('errors keep their shape; a non-GraphQL answer carries a readable response', async () => {
    const { direct } = gql();
    await expect(direct.request(`${document} # fails`, { id: '1' })).rejects.toBeInstanceOf(GraphQLResponseError);
    const error = (await direct.request(`${document} # broken`, { id: '1' }).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect([error.status, error.bodyText, await error.response?.text()]).toEqual([500, 'gateway broke', 'gateway broke']);
  });

  it('over one of our transports it sends through the buffered send, not the fetch-shaped call', async () => {
    const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
    const send = vi.fn(bufferedSendOf(transport)!);
    const fetchCalls = vi.fn(transport);
    const client = createGraphQLClient({ endpoint: '/graphql', fetch: Object.assign(fetchCalls, { [bufferedSend]: send }) });
    const signal = new AbortController().signal;
    expect(await client.request(document, { id: '1' }, { signal })).toEqual({ task: { id: '1' } });
    expect(fetchCalls).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith(
      '/graphql',
      'POST',
      expect.objectContaining({ 'content-type': 'application/json' }),
      JSON.stringify({ query: document, variables: { id: '1' } }),
      signal,
    );
  });

  it("the caller's abort signal is honoured", async () => {
    const { direct } = gql();
    await expect(direct.request(document, { id: '1' }, { signal: AbortSignal.abort(new Error('stop')) })).rejects.toThrow('stop');
  });
});
