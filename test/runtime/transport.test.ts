import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/runtime/transport.js';
import { HttpError, NetworkError, TimeoutError } from '../../src/runtime/errors.js';
import { ConfigError, InsecureUrlError } from '../../src/util/errors.js';
import { retryDelay, resolveRetry } from '../../src/runtime/retry.js';
import { parseRetryAfter } from '../../src/util/retry-after.js';
import { json, startServer, type TestServer } from '../auth/helpers.js';

/** A server whose next answers are scripted: a status, `reset` (destroy the socket) or `hang`. */
type Step = number | 'reset' | 'hang' | { status: number; headers?: Record<string, string> };

describe('transport: retries, timeouts, abort, URLs', () => {
  let server: TestServer;
  let script: Step[] = [];
  let seen: Array<{ method: string; url: string; body: string }> = [];

  beforeAll(async () => {
    server = await startServer((req, res, body) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const step = script.shift() ?? 200;
      if (step === 'reset') {
        req.socket.destroy();
        return;
      }
      if (step === 'hang') return;
      const { status, headers } = typeof step === 'number' ? { status: step, headers: {} } : step;
      json(res, status, { status, body }, headers);
    });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    script = [];
    seen = [];
  });

  const fast = { minDelayMs: 5, maxDelayMs: 50 };

  it('resolves relative URLs against the base URL, keeping its path', async () => {
    const tf = createTransport({ baseUrl: `${server.url}/cluster-1/` });
    await tf('/v1/tasks?state=CREATED');
    await tf('v1/forms/1');
    expect(seen.map((s) => s.url)).toEqual(['/cluster-1/v1/tasks?state=CREATED', '/cluster-1/v1/forms/1']);
    await expect(createTransport()('/v1/tasks')).rejects.toBeInstanceOf(ConfigError);
    // The hint names the way in users have: createTasklistClient, not the transport under it.
    await expect(createTransport()('/v1/tasks')).rejects.toMatchObject({ hint: expect.stringMatching(/createTasklistClient/) });
  });

  it('retries 503 and 429 honouring Retry-After, then succeeds', async () => {
    script = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }, 200];
    const events: string[] = [];
    const tf = createTransport({ baseUrl: server.url, retry: fast, onEvent: (e) => events.push(e.type) });
    const res = await tf('/v1/tasks/search', { method: 'POST', body: '{"pageSize":1}' });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.body === '{"pageSize":1}')).toBe(true);
    expect(events.filter((e) => e === 'retry')).toHaveLength(2);
  });

  it('is bounded: a server that keeps failing gets retries + 1 attempts, then its answer', async () => {
    script = [503, 503, 503, 503, 503, 503];
    const tf = createTransport({ baseUrl: server.url, retry: { ...fast, retries: 2 } });
    const res = await tf('/v1/tasks');
    expect(res.status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it('never repeats a non-idempotent call the server may have applied, unless allowed', async () => {
    script = [502, 200];
    const strict = createTransport({ baseUrl: server.url, retry: fast });
    expect((await strict('/v1/tasks/1/complete', { method: 'PATCH', body: '{}' })).status).toBe(502);
    expect(seen).toHaveLength(1);

    seen = [];
    script = [502, 200];
    expect((await strict('/v1/tasks/search', { method: 'POST', body: '{}' })).status).toBe(200);
    expect(seen).toHaveLength(2);

    seen = [];
    script = [504, 200];
    const mutation = JSON.stringify({ query: 'mutation { completeTask(taskId: "1", variables: []) { id } }' });
    expect((await strict('/graphql', { method: 'POST', body: mutation })).status).toBe(504);
    seen = [];
    script = [504, 200];
    const query = JSON.stringify({ query: '# list\nquery { tasks(query: {}) { id } }' });
    expect((await strict('/graphql', { method: 'POST', body: query })).status).toBe(200);
    expect(seen).toHaveLength(2);

    seen = [];
    script = [502, 200];
    const lenient = createTransport({ baseUrl: server.url, retry: { ...fast, retryNonIdempotent: true } });
    expect((await lenient('/v1/tasks/1/complete', { method: 'PATCH', body: '{}' })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('retries a reset connection for an idempotent call; a POST gets a NetworkError', async () => {
    script = ['reset', 200];
    const tf = createTransport({ baseUrl: server.url, retry: fast });
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    expect(seen).toHaveLength(2);

    seen = [];
    script = ['reset', 200];
    const error = await tf('/v1/tasks/1/assign', { method: 'PATCH', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(seen).toHaveLength(1);
  });

  it('retries a refused connection for any method (nothing was sent), then gives up with NetworkError', async () => {
    const dead = await startServer(() => undefined);
    const url = dead.url;
    await dead.close();
    const tf = createTransport({ baseUrl: url, retry: { ...fast, retries: 2 } });
    const events: string[] = [];
    const tf2 = createTransport({ baseUrl: url, retry: { ...fast, retries: 2 }, onEvent: (e) => events.push(e.type) });
    const error = (await tf2('/v1/tasks/1/complete', { method: 'PATCH', body: '{}' }).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.errno).toBe('ECONNREFUSED');
    expect(error.hint).toMatch(/base URL/);
    expect(events.filter((e) => e === 'retry')).toHaveLength(2);
    void tf;
  });

  it("a per-attempt timeout becomes TimeoutError; the caller's abort passes through as is", async () => {
    script = ['hang', 'hang'];
    const tf = createTransport({ baseUrl: server.url, timeoutMs: 150, retry: false });
    const error = await tf('/v1/tasks').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(150);

    script = ['hang'];
    const controller = new AbortController();
    const reason = new Error('user went away');
    setTimeout(() => controller.abort(reason), 50);
    const aborted = await createTransport({ baseUrl: server.url })('/v1/tasks', { signal: controller.signal }).catch((e: unknown) => e);
    expect(aborted).toBe(reason);
  });

  it('an abort during the backoff wait stops the retries', async () => {
    // Its own server: a stray request from an earlier test must not eat the scripted 503.
    let hits = 0;
    const own = await startServer((_req, res) => {
      hits++;
      json(res, hits === 1 ? 503 : 200, {}, hits === 1 ? { 'retry-after': '30' } : {});
    });
    try {
      const controller = new AbortController();
      const tf = createTransport({ baseUrl: own.url, retry: { retries: 3, maxDelayMs: 60_000 } });
      setTimeout(() => controller.abort(), 100);
      const t0 = Date.now();
      const error = await tf('/v1/tasks', { signal: controller.signal }).catch((e: unknown) => e);
      expect(error, String(error)).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe('AbortError');
      // Not a speed check: without the abort the wait would be 30 s.
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(hits).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('without auth a 401 is a typed error that says which variable to set', async () => {
    script = [401];
    const error = (await createTransport({ baseUrl: server.url })('/v1/tasks').catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
    expect(error.hint).toMatch(/CAMUNDA_AUTH_STRATEGY/);
    expect(error.problem).toEqual({ status: 401, body: '' });
  });

  it('refuses plain http:// to a remote host unless allowed; loopback is fine', async () => {
    expect(() => createTransport({ baseUrl: 'http://tasklist.example.com' })).toThrow(InsecureUrlError);
    const calls: string[] = [];
    const recorder: typeof fetch = async (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return new Response('{}');
    };
    const tf = createTransport({ fetch: recorder });
    await expect(tf('http://tasklist.example.com/v1/tasks')).rejects.toBeInstanceOf(InsecureUrlError);
    await tf('http://localhost:8080/v1/tasks');
    await tf('http://127.0.0.1:8080/v1/tasks');
    await tf('http://[::1]:8080/v1/tasks');
    await tf('https://tasklist.example.com/v1/tasks');
    await createTransport({ fetch: recorder, allowInsecureHttp: true })('http://tasklist.example.com/v1/tasks');
    expect(calls).toHaveLength(5);
    // The token endpoint counts too: a client secret must not cross the network in clear.
    const oauthAuth = { strategy: 'OAUTH' as const, clientId: 'id', clientSecret: 'secret', oauthUrl: 'http://idp.example.com/token' };
    expect(() => createTransport({ fetch: recorder, auth: oauthAuth })).toThrow(InsecureUrlError);
    // A strategy built on its own checks too, and the cookie login URL (it carries the password).
    const { createAuthStrategy } = await import('../../src/auth/strategies/index.js');
    expect(() => createAuthStrategy(oauthAuth, { fetch: recorder })).toThrow(InsecureUrlError);
    expect(() => createAuthStrategy(oauthAuth, { fetch: recorder, allowInsecureHttp: true })).not.toThrow();
    const cookie = createAuthStrategy(
      { strategy: 'COOKIE', username: 'u', password: 'p' },
      { fetch: recorder, baseUrl: 'http://tasklist.example.com' },
    );
    await expect(cookie.authorize({ method: 'GET', url: 'https://x/', headers: new Headers() })).rejects.toBeInstanceOf(InsecureUrlError);
    expect(calls).toHaveLength(5);
  });
});

describe('retry arithmetic', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000 + 2000).toUTCString(), 10_000)).toBe(2000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
  it('backs off exponentially with jitter, capped, and caps Retry-After too', () => {
    const r = resolveRetry({ minDelayMs: 100, maxDelayMs: 1000 });
    expect(retryDelay(1, r, undefined, () => 0)).toBe(50);
    expect(retryDelay(1, r, undefined, () => 1)).toBe(100);
    expect(retryDelay(3, r, undefined, () => 1)).toBe(400);
    expect(retryDelay(10, r, undefined, () => 1)).toBe(1000);
    expect(retryDelay(1, r, 60_000)).toBe(1000);
  });
});
