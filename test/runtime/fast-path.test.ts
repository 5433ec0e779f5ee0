/**
 * The transport's per-call fast path (issue 8): strategies sign plain values, the underlying
 * fetch is called once per attempt with `(url, init)`, and the answer is a Response whose body
 * is already in memory. These pin the behaviour that must not change with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStrategyTransport, createTransport } from '../../src/runtime/transport.js';
import { basicAuth, bearerAuth, cookieAuth, noAuth, oauthClientCredentials } from '../../src/auth/strategies/index.js';
import type { AuthStrategy } from '../../src/auth/strategy.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { json, startServer, type TestServer } from '../auth/helpers.js';

describe('transport fast path', () => {
  let server: TestServer;
  const seen: Array<{ method: string; url: string; body: string; authorization: string | undefined; contentType: string | undefined }> = [];
  let answer401 = 0;

  beforeAll(async () => {
    server = await startServer((req, res, body) => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
      });
      if (req.url === '/oauth/token') {
        json(res, 200, { access_token: `token-${seen.length}`, token_type: 'Bearer', expires_in: 3600 });
        return;
      }
      if (answer401 > 0) {
        answer401--;
        json(res, 401, { message: 'no' });
        return;
      }
      if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<p>hi</p>');
        return;
      }
      json(res, 200, { ok: true, method: req.method, body }, { 'x-extra': 'kept' });
    });
  });
  afterAll(async () => server.close());

  it('a Request (openapi-fetch) and (url, init) send the same method, headers and body', async () => {
    const tf = createStrategyTransport({ baseUrl: server.url, auth: bearerAuth('abc') });
    seen.length = 0;
    await tf(
      new Request(`${server.url}/v1/tasks/1/complete`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
    );
    await tf('/v1/tasks/1/complete', { method: 'patch', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(seen).toEqual([
      { method: 'PATCH', url: '/v1/tasks/1/complete', body: '{"a":1}', authorization: 'Bearer abc', contentType: 'application/json' },
      { method: 'PATCH', url: '/v1/tasks/1/complete', body: '{"a":1}', authorization: 'Bearer abc', contentType: 'application/json' },
    ]);
  });

  it('a stream body is read once and sent again after a 401 with fresh credentials', async () => {
    let n = 0;
    const tf = createStrategyTransport({ baseUrl: server.url, auth: bearerAuth(() => `t${++n}`) });
    seen.length = 0;
    answer401 = 1;
    const body = new Blob(['{"x":"stream"}']).stream();
    const res = await tf('/v1/tasks/search', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(seen.map((s) => [s.authorization, s.body])).toEqual([
      ['Bearer t1', '{"x":"stream"}'],
      ['Bearer t2', '{"x":"stream"}'],
    ]);
  });

  it('the underlying fetch gets (url, init) once per attempt, never a Request', async () => {
    const calls: Array<{ input: unknown; method: string | undefined }> = [];
    const spy: typeof fetch = (input, init) => {
      calls.push({ input, method: init?.method });
      return fetch(input, init);
    };
    const tf = createStrategyTransport({ baseUrl: server.url, auth: basicAuth('demo', 'demo'), fetch: spy });
    await tf(new Request(`${server.url}/v1/forms/1`));
    await tf('/v1/forms/2');
    expect(calls).toEqual([
      { input: `${server.url}/v1/forms/1`, method: 'GET' },
      { input: `${server.url}/v1/forms/2`, method: 'GET' },
    ]);
  });

  it('a strategy of your own with only authorize() signs every attempt', async () => {
    const custom: AuthStrategy = {
      name: 'BEARER',
      authorize: async (request) => {
        request.headers.set('authorization', 'Custom yes');
      },
      describe: () => 'custom',
    };
    seen.length = 0;
    const tf = createTransport({ baseUrl: server.url, auth: custom, retry: { minDelayMs: 1, maxDelayMs: 2 } });
    await tf('/v1/tasks/search', { method: 'POST', body: '{"q":1}' });
    expect(seen[0]).toMatchObject({ authorization: 'Custom yes', body: '{"q":1}' });
  });

  it('the buffered response reads like any Response: once, clonable, with its headers, url and stream', async () => {
    const tf = createStrategyTransport({ baseUrl: server.url, auth: noAuth() });
    const res = await tf('/v1/thing');
    expect(res).toBeInstanceOf(Response);
    expect(res.headers.get('x-extra')).toBe('kept');
    expect(res.url).toBe(`${server.url}/v1/thing`);
    expect(res.ok).toBe(true);
    const copy = res.clone();
    expect(await res.json()).toEqual({ ok: true, method: 'GET', body: '' });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
    expect(JSON.parse(new TextDecoder().decode(await copy.arrayBuffer()))).toMatchObject({ ok: true });

    const streamed = await tf('/html');
    expect(await new Response(streamed.body).text()).toBe('<p>hi</p>');
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toThrow(TypeError);
    expect(await (await tf('/html')).blob().then((b) => [b.type, b.size])).toEqual(['text/html', 9]);

    const empty = await tf('/empty');
    expect([empty.status, empty.body, await empty.text(), await empty.text(), empty.bodyUsed]).toEqual([204, null, '', '', false]);
  });

  it('oauthClientCredentials and cookieAuth are strategies the core transport takes', async () => {
    seen.length = 0;
    const oauth = oauthClientCredentials(
      { clientId: 'c', clientSecret: 's', oauthUrl: `${server.url}/oauth/token`, audience: 'tasklist-api' },
      { tokenCache: new TokenCache() },
    );
    const tf = createStrategyTransport({ baseUrl: server.url, auth: oauth });
    await tf('/v1/a');
    await tf('/v1/b');
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/oauth/token', undefined],
      ['/v1/a', 'Bearer token-1'],
      ['/v1/b', 'Bearer token-1'],
    ]);
    const cookie = cookieAuth({ username: 'demo', password: 'demo' }, { baseUrl: 'http://example.com' });
    expect(cookie.name).toBe('COOKIE');
    expect(cookie.describe()).not.toContain('demo:demo');
  });
});
