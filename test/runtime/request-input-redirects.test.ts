/**
 * A `Request` handed to the client's fetch (openapi-fetch's way of calling it) takes the redirect
 * path a `(url, init)` call takes: the transport follows each hop itself, so the session's CSRF
 * token does not travel to another origin, and a 307/308 resends the body it already read.
 */
import type { IncomingMessage } from 'node:http';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTasklistClient } from '../../src/runtime/node.js';
import { cookieAuth } from '../../src/auth/strategies/index.js';
import { json, startServer, type TestServer } from '../auth/helpers.js';

const PASSWORD = 'pw-RequestRedirect-pass-3';
const CSRF = 'csrf-RequestRedirect-token-8c1';

interface Paths {
  '/away': {
    post: {
      requestBody: { content: { 'application/json': { q: number } } };
      responses: { 200: { content: { 'application/json': unknown } } };
    };
  };
  '/see-other': {
    post: {
      requestBody: { content: { 'application/json': { q: number } } };
      responses: { 200: { content: { 'application/json': unknown } } };
    };
  };
  '/moved': {
    post: {
      requestBody: { content: { 'application/json': { q: number } } };
      responses: { 200: { content: { 'application/json': unknown } } };
    };
  };
}

describe('a Request given to the client fetch follows redirects as a (url, init) call does', () => {
  let home: TestServer;
  let foreign: TestServer;
  const foreignSaw: IncomingMessage['headers'][] = [];
  const homeBodies: string[] = [];

  beforeAll(async () => {
    home = await startServer((req, res, body) => {
      if (req.url?.startsWith('/api/login'))
        json(res, 200, {}, { 'set-cookie': 'TASKLIST-SESSION=sess-RequestRedirect; Path=/', 'x-csrf-token': CSRF });
      else if (req.url === '/away') json(res, 307, {}, { location: `${foreign.url.replace('127.0.0.1', 'localhost')}/landed` });
      else if (req.url === '/see-other') json(res, 303, {}, { location: `${foreign.url.replace('127.0.0.1', 'localhost')}/landed` });
      else if (req.url === '/moved') json(res, 308, {}, { location: '/final' });
      else {
        homeBodies.push(`${req.method} ${req.url} ${body}`);
        json(res, 200, { ok: true });
      }
    });
    foreign = await startServer((req, res, body) => {
      foreignSaw.push({ ...req.headers, 'x-seen': `${req.method} ${req.url} ${body}` });
      json(res, 200, { ok: true });
    });
  });
  afterAll(async () => {
    await home.close();
    await foreign.close();
  });

  function client() {
    const tasklist = createTasklistClient({
      baseUrl: home.url,
      auth: cookieAuth({ username: 'demo', password: PASSWORD }, { baseUrl: home.url }),
      graphql: false,
      transport: { retry: false },
    });
    return createClient<Paths>({ baseUrl: home.url, fetch: tasklist.fetch });
  }

  it('a 307 to another origin: the body goes along, the cookie and the CSRF token do not', async () => {
    foreignSaw.length = 0;
    const { response } = await client().POST('/away', { body: { q: 1 } });
    expect(response.status).toBe(200);
    expect(foreignSaw.map((h) => h['x-seen'])).toEqual(['POST /landed {"q":1}']);
    expect([foreignSaw[0]?.cookie, foreignSaw[0]?.['x-csrf-token']]).toEqual([undefined, undefined]);
  });

  it('a 303 to another origin: a GET without the cookie or the CSRF token', async () => {
    foreignSaw.length = 0;
    const { response } = await client().POST('/see-other', { body: { q: 3 } });
    expect(response.status).toBe(200);
    expect(foreignSaw.map((h) => h['x-seen'])).toEqual(['GET /landed ']);
    expect([foreignSaw[0]?.cookie, foreignSaw[0]?.['x-csrf-token']]).toEqual([undefined, undefined]);
  });

  it('a 308 on the same origin resends the body', async () => {
    homeBodies.length = 0;
    const { response } = await client().POST('/moved', { body: { q: 2 } });
    expect(response.status).toBe(200);
    expect(homeBodies).toEqual(['POST /final {"q":2}']);
  });
});
