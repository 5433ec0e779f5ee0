import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createTransport } from '../../src/runtime/transport.js';
import { HttpError } from '../../src/runtime/errors.js';
import { AuthError } from '../../src/util/errors.js';
import { createAuthStrategy } from '../../src/auth/strategies/index.js';
import { parseSetCookie } from '../../src/auth/strategies/cookie.js';
import { json, startServer, type TestServer } from './helpers.js';

const PASSWORD = 'p@ss word&=1';

/** A Tasklist stand-in with Spring-style form login, a session cookie and CSRF protection. */
interface FakeTasklist extends TestServer {
  logins: number;
  /** Header name the CSRF token is handed out in (newer `X-CSRF-TOKEN`, older `TASKLIST-X-CSRF-TOKEN`). */
  csrfHeader: string;
  sessionMaxAge: number | undefined;
  sessions: Map<string, { csrf: string; expiresAt: number }>;
  lastLoginUrl: string;
  refused: number;
}

function cookies(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .filter((p) => p.length === 2) as Array<[string, string]>,
  );
}

async function startFakeTasklist(): Promise<FakeTasklist> {
  const state = {
    logins: 0,
    csrfHeader: 'X-CSRF-TOKEN',
    sessionMaxAge: undefined as number | undefined,
    sessions: new Map<string, { csrf: string; expiresAt: number }>(),
    lastLoginUrl: '',
    refused: 0,
  };
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/login' && req.method === 'POST') {
      state.lastLoginUrl = req.url ?? '';
      if (url.searchParams.get('username') !== 'demo' || url.searchParams.get('password') !== PASSWORD) {
        json(res, 401, { message: 'Bad credentials' });
        return;
      }
      state.logins++;
      const id = randomUUID();
      const csrf = randomUUID();
      state.sessions.set(id, { csrf, expiresAt: state.sessionMaxAge ? Date.now() + state.sessionMaxAge * 1000 : Number.POSITIVE_INFINITY });
      res.setHeader('set-cookie', [
        `TASKLIST-SESSION=${id}; Path=/; HttpOnly${state.sessionMaxAge ? `; Max-Age=${state.sessionMaxAge}` : ''}`,
        `OTHER=kept; Path=/`,
      ]);
      res.setHeader(state.csrfHeader, csrf);
      res.statusCode = 204;
      res.end();
      return;
    }
    const jar = cookies(req);
    const session = state.sessions.get(jar['TASKLIST-SESSION'] ?? '');
    if (!session || session.expiresAt < Date.now() || jar['OTHER'] !== 'kept') {
      state.refused++;
      json(res, 401, { message: 'no session' });
      return;
    }
    if (req.method !== 'GET' && req.headers[state.csrfHeader.toLowerCase()] !== session.csrf) {
      json(res, 403, { message: 'CSRF token missing or wrong' });
      return;
    }
    json(res, 200, { ok: true, method: req.method });
  });
  return Object.assign(state, server);
}

describe('COOKIE strategy against a Tasklist-style login', () => {
  let tl: FakeTasklist;
  beforeAll(async () => {
    tl = await startFakeTasklist();
  });
  afterAll(async () => tl.close());
  beforeEach(() => {
    tl.logins = 0;
    tl.csrfHeader = 'X-CSRF-TOKEN';
    tl.sessionMaxAge = undefined;
    tl.sessions.clear();
    tl.refused = 0;
  });
  const auth = { strategy: 'COOKIE' as const, username: 'demo', password: PASSWORD };

  it('logs in once for concurrent calls, sends every cookie back and the CSRF token on writes', async () => {
    const tf = createTransport({ baseUrl: tl.url, auth });
    const results = await Promise.all([
      tf('/v1/tasks/1'),
      tf('/v1/tasks/search', { method: 'POST', body: '{}' }),
      tf('/v1/tasks/1/assign', { method: 'PATCH', body: '{}' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(tl.logins).toBe(1);
    // Camunda's documented form, every value encoded.
    expect(new URL(tl.lastLoginUrl, 'http://x').searchParams.get('password')).toBe(PASSWORD);
  });

  it('older releases: the TASKLIST-X-CSRF-TOKEN header name is echoed back', async () => {
    tl.csrfHeader = 'TASKLIST-X-CSRF-TOKEN';
    const tf = createTransport({ baseUrl: tl.url, auth });
    expect((await tf('/v1/tasks/1/complete', { method: 'PATCH', body: '{}' })).status).toBe(200);
  });

  it('logs in again when the session cookie has expired, before sending', async () => {
    tl.sessionMaxAge = 1;
    const tf = createTransport({ baseUrl: tl.url, auth, retry: false });
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    expect(tl.logins).toBe(2);
    // The expired cookie was noticed client-side: the server never had to refuse a request.
    expect(tl.refused).toBe(0);
  });

  it('logs in again once on a 401 (server dropped the session), and only once', async () => {
    const tf = createTransport({ baseUrl: tl.url, auth });
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    tl.sessions.clear();
    expect((await tf('/v1/tasks/1/assign', { method: 'PATCH', body: '{"a":1}' })).status).toBe(200);
    expect(tl.logins).toBe(2);
    expect(tl.refused).toBe(1);
  });

  it('a dropped session refused to 20 concurrent calls: one new login, every call succeeds', async () => {
    const tf = createTransport({ baseUrl: tl.url, auth });
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    tl.sessions.clear();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => tf('/v1/tasks/1/assign', { method: 'PATCH', body: '{}' }).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(tl.refused).toBe(20);
    expect(tl.logins).toBe(2);
  });

  it('wrong password: AuthError that names the login URL without the password', async () => {
    const tf = createTransport({ baseUrl: tl.url, auth: { ...auth, password: 'wrong-pass-123' } });
    const error = (await tf('/v1/tasks/1').catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('/api/login');
    expect(error.message).not.toContain('wrong-pass-123');
    expect(error.url).not.toContain('wrong-pass-123');
    expect(error.hint).toMatch(/CAMUNDA_BASIC_AUTH_PASSWORD/);
  });

  it('a session refused even after a fresh login: one retry, then HttpError', async () => {
    const always401 = await startServer((req, res) => {
      if (req.url?.startsWith('/api/login')) {
        res.statusCode = 204;
        res.setHeader('set-cookie', 'TASKLIST-SESSION=x');
        res.end();
      } else json(res, 401, {});
    });
    let calls = 0;
    const tf = createTransport({ baseUrl: always401.url, auth, onEvent: (e) => (e.type === 'request' ? calls++ : undefined) });
    await expect(tf('/v1/tasks')).rejects.toBeInstanceOf(HttpError);
    expect(calls).toBe(2);
    await always401.close();
  });

  it('browser mode: credentials include, no hand-made Cookie header, CSRF token from the login response', async () => {
    const seen: Array<{ url: string; credentials: RequestCredentials | undefined; cookie: string | null; csrf: string | null }> = [];
    const browserFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      seen.push({
        url: request.url,
        credentials: init?.credentials ?? request.credentials,
        cookie: request.headers.get('cookie'),
        csrf: request.headers.get('x-csrf-token'),
      });
      if (request.url.includes('/api/login')) return new Response(null, { status: 204, headers: { 'X-CSRF-TOKEN': 'csrf-from-header' } });
      return new Response('{}', { status: 200 });
    };
    const strategy = createAuthStrategy(auth, { baseUrl: 'https://tasklist.example.com', fetch: browserFetch, cookieMode: 'browser' });
    const tf = createTransport({ baseUrl: 'https://tasklist.example.com', auth: strategy, fetch: browserFetch });
    await tf('/v1/tasks/1/assign', { method: 'PATCH', body: '{}' });
    expect(seen).toHaveLength(2);
    expect(seen[0]!.credentials).toBe('include');
    expect(seen[1]).toMatchObject({ credentials: 'include', cookie: null, csrf: 'csrf-from-header' });
  });

  it('parses Set-Cookie expiry (Max-Age wins over Expires)', () => {
    expect(parseSetCookie('A=1; Path=/; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 1000)).toEqual({
      name: 'A',
      value: '1',
      expiresAt: 11_000,
    });
    expect(parseSetCookie('B=x=y; Expires=Thu, 01 Jan 1970 00:00:05 GMT', 0)).toEqual({ name: 'B', value: 'x=y', expiresAt: 5000 });
    expect(parseSetCookie('garbage', 0)).toBeUndefined();
  });
});
