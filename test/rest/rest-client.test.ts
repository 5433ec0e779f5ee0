import { describe, expect, it } from 'vitest';
import {
  callOperation,
  createRestClient,
  encodeBody,
  encodeCookies,
  paginateCursorSearch,
  paginateTaskSearch,
  RestError,
} from '../../src/runtime/rest-client.js';

/** A fetch that records each request and answers from a function. */
function fakeFetch(answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    return answer(request);
  };
  return { fetch, requests };
}

describe('callOperation', () => {
  it('fills and encodes path parameters, serializes query and JSON body, sends per-call headers', async () => {
    const { fetch, requests } = fakeFetch(() => Response.json({ ok: true }));
    const client = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9/', fetch });
    const data = await callOperation(
      client,
      { method: 'post', path: '/v1/forms/{formId}' },
      {
        path: { formId: 'a b/c' },
        query: { processDefinitionKey: '42', version: 2 },
        body: { x: 1 },
      },
      { headers: { 'x-trace': 't1' } },
    );
    expect(data).toEqual({ ok: true });
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('http://127.0.0.1:9/v1/forms/a%20b%2Fc?processDefinitionKey=42&version=2');
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('x-trace')).toBe('t1');
    expect(await request!.json()).toEqual({ x: 1 });
  });

  it("a body with a media type goes through the route's encoder; without one the call says what is missing", async () => {
    const { fetch, requests } = fakeFetch(() => Response.json({ ok: true }));
    const client = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch });
    const route = { method: 'post', path: '/v1/notes', contentType: 'application/x-www-form-urlencoded' } as const;
    await callOperation(client, { ...route, encode: encodeBody }, { body: { name: 'a b', tags: ['x', 'y'] } }, undefined);
    expect(requests[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(await requests[0]!.text()).toBe('name=a+b&tags=x&tags=y');
    // A hand-written route that names a media type but no encoder: nothing is sent as the wrong thing.
    await expect(callOperation(client, route, { body: { name: 'a' } }, undefined)).rejects.toThrow(
      "POST /v1/notes: a body sent as application/x-www-form-urlencoded needs the route's encode (encodeBody from the runtime)",
    );
    expect(requests).toHaveLength(1);
  });

  it("cookie parameters go through the route's encodeCookies; without it the call says what is missing", async () => {
    const { fetch, requests } = fakeFetch(() => Response.json({ ok: true }));
    const client = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch });
    const route = { method: 'get', path: '/prefs' } as const;
    await callOperation(client, { ...route, cookie: encodeCookies }, { cookie: { session: 'a b', ids: [1, 2] } }, undefined);
    expect(requests[0]!.headers.get('cookie')).toBe('session=a%20b; ids=1,2');
    await expect(callOperation(client, route, { cookie: { session: 'a' } }, undefined)).rejects.toThrow(
      "GET /prefs: a cookie parameter needs the route's cookie (encodeCookies from the runtime)",
    );
    expect(requests).toHaveLength(1);
  });

  it('204 resolves to undefined; parseAs text returns the text', async () => {
    const client = createRestClient<any>({
      baseUrl: 'http://127.0.0.1:9',
      fetch: fakeFetch(() => new Response(null, { status: 204 })).fetch,
    });
    expect(await callOperation(client, { method: 'post', path: '/v1/x' }, undefined, undefined)).toBeUndefined();
    const text = createRestClient<any>({
      baseUrl: 'http://127.0.0.1:9',
      fetch: fakeFetch(() => new Response('<xml/>', { headers: { 'content-type': 'text/xml' } })).fetch,
    });
    expect(await callOperation(text, { method: 'get', path: '/x', parseAs: 'text' }, undefined, undefined)).toBe('<xml/>');
  });

  it('a non-JSON error body is kept as text in the RestError', async () => {
    const client = createRestClient<any>({
      baseUrl: 'http://127.0.0.1:9',
      fetch: fakeFetch(() => new Response('upstream down', { status: 502 })).fetch,
    });
    const error = await callOperation(client, { method: 'get', path: '/v1/tasks/{taskId}' }, { path: { taskId: '1' } }, undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RestError);
    const restError = error as RestError;
    expect(restError.status).toBe(502);
    expect(restError.body).toBe('upstream down');
    expect(restError.operation).toBe('GET /v1/tasks/{taskId}');
    expect(restError.message).toMatch(/502 .*retry later/);
  });

  it('a 404 of an operation without path parameters points at the base URL and basePath; one with an id, at the id', async () => {
    const client = createRestClient<any>({
      baseUrl: 'http://127.0.0.1:9',
      fetch: fakeFetch(() => Response.json({ status: 404, message: 'No such endpoint' }, { status: 404 })).fetch,
    });
    const search = (await callOperation(client, { method: 'post', path: '/user-tasks/search' }, { body: {} }, undefined).catch(
      (e: unknown) => e,
    )) as RestError;
    expect(search.hint).toMatch(/base URL.*basePath.*REST_BASE_PATH/);
    expect(search.hint).not.toMatch(/id in the path/);
    const byId = (await callOperation(client, { method: 'get', path: '/v1/tasks/{taskId}' }, { path: { taskId: '1' } }, undefined).catch(
      (e: unknown) => e,
    )) as RestError;
    expect(byId.hint).toMatch(/Check the id in the path/);
  });

  it("the caller's AbortSignal reaches the request", async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(
      (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
    );
    const client = createRestClient<any>({ baseUrl: 'http://127.0.0.1:9', fetch });
    const pending = callOperation(client, { method: 'get', path: '/x' }, undefined, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('paginateTaskSearch', () => {
  it('asks for the next page with the last sortValues and stops at a short page', async () => {
    const pages: { pageSize: number; searchAfter?: string[] }[] = [];
    const all = Array.from({ length: 7 }, (_, i) => ({ id: String(i), sortValues: [String(i)] }));
    const seen: string[] = [];
    for await (const task of paginateTaskSearch(
      async (page) => {
        pages.push(page);
        const start = page.searchAfter ? Number(page.searchAfter[0]) + 1 : 0;
        return all.slice(start, start + page.pageSize);
      },
      { pageSize: 3 },
    ))
      seen.push(task.id);
    expect(seen).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(pages).toEqual([{ pageSize: 3 }, { pageSize: 3, searchAfter: ['2'] }, { pageSize: 3, searchAfter: ['5'] }]);
  });
});

describe('a server whose cursors come back (the same page again, or A, B, A …)', () => {
  it('ends the iteration instead of asking for ever', async () => {
    let requests = 0;
    const sameTask = async () => {
      requests++;
      return [{ id: 'x', sortValues: ['same'] }];
    };
    const tasks: string[] = [];
    for await (const task of paginateTaskSearch(sameTask, { pageSize: 1 })) {
      tasks.push(task.id);
      if (tasks.length > 50) break;
    }
    expect(tasks.length).toBeLessThanOrEqual(2);
    requests = 0;
    const circle = async (page: { after?: string }) => {
      requests++;
      return { items: [{ id: page.after ?? 'first' }], page: { endCursor: page.after === 'A' ? 'B' : 'A' } };
    };
    const items: string[] = [];
    for await (const item of paginateCursorSearch(circle, { pageSize: 1 })) {
      items.push(item.id);
      if (items.length > 50) break;
    }
    expect(items).toEqual(['first', 'A', 'B']);
    expect(requests).toBe(3);
  });
});
