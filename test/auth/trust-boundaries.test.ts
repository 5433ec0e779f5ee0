/**
 * Secrets go only where they were configured, and nothing the runtime prints or throws carries
 * one: token redirects, echoing servers, URLs with user info, tokens with CR/LF, foreign origins,
 * token waits that honour the caller's signal, and a token endpoint that says "slow down" or "no".
 * Every secret here is a unique marker; every error is searched in every form it can be shown in.
 */
import { inspect } from 'node:util';
import type { IncomingMessage } from 'node:http';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, type TransportEvent } from '../../src/runtime/transport.js';
import { createTasklistClient, requestGraphQL } from '../../src/runtime/node.js';
import { callOperation } from '../../src/runtime/rest-client.js';
import { TimeoutError } from '../../src/runtime/errors.js';
import { AuthError, ConfigError } from '../../src/util/errors.js';
import { bearerAuth, oauthClientCredentials } from '../../src/auth/strategies/index.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import type { OAuthConfig } from '../../src/auth/types.js';
import { json, startServer, type TestServer } from './helpers.js';

const SECRET = 'cs-Tb0undary&secret=1 %q';
const TOKEN = 'at-Tb0undary-access-token-7f3a';
const PASSWORD = 'pw-Tb0undary&pass=2 %r';
const QUERY_KEY = 'qk-Tb0undary-query-key-99';

/** Every form a marker travels in. */
function forms(secret: string, user = 'client-1'): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(`${user}:${secret}`).toString('base64'),
    Buffer.from(`${user}:${new URLSearchParams({ v: secret }).toString().slice(2)}`).toString('base64'),
  ];
}

/** Everything a person could be shown of an error: message, String(), inspect, JSON, stack, the cause chain. */
function shown(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    parts.push(String(current), inspect(current, { depth: 8 }));
    if (current instanceof Error) parts.push(current.stack ?? '', JSON.stringify(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

function leaks(text: string, secrets: string[]): string[] {
  return secrets.flatMap((s) => forms(s)).filter((form) => text.includes(form));
}

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function oauth(tokenUrl: string, extra: Partial<OAuthConfig> = {}): OAuthConfig {
  return { strategy: 'OAUTH', clientId: 'client-1', clientSecret: SECRET, oauthUrl: tokenUrl, audience: 'tasklist-api', ...extra };
}

describe('token requests and redirects', () => {
  let idp: TestServer;
  let evil: TestServer;
  const evilSaw: string[] = [];
  let idpHits = 0;

  beforeAll(async () => {
    evil = await startServer((req, res, body) => {
      evilSaw.push(`${req.method} ${req.url} ${body} ${req.headers.authorization ?? ''}`);
      json(res, 200, { access_token: 'stolen', expires_in: 300 });
    });
    idp = await startServer((req, res) => {
      idpHits++;
      const code = Number(/\/to-evil\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      if (code) {
        res.writeHead(code, { location: `${evil.url}/oauth/token` });
        res.end();
      } else if (req.url?.startsWith('/same-origin')) {
        res.writeHead(307, { location: '/oauth/token' });
        res.end();
      } else if (req.url?.startsWith('/see-other')) {
        res.writeHead(303, { location: '/oauth/token' });
        res.end();
      } else {
        json(res, 200, { access_token: TOKEN, expires_in: 300 });
      }
    });
  });
  afterAll(async () => {
    await idp.close();
    await evil.close();
  });

  for (const code of [301, 302, 303, 307, 308]) {
    it(`a ${code} to another origin: the secret is not sent there, the error names both URLs`, async () => {
      evilSaw.length = 0;
      const tf = createTransport({
        baseUrl: idp.url,
        auth: oauth(`${idp.url}/to-evil/${code}`),
        authOptions: { tokenCache: new TokenCache() },
        retry: false,
      });
      const error = await failure(() => tf('/v1/tasks'));
      expect(error).toBeInstanceOf(AuthError);
      expect(evilSaw).toEqual([]);
      const text = (error as Error).message;
      expect(text).toContain(`${idp.url}/to-evil/${code}`);
      expect(text).toContain(`${evil.url}/oauth/token`);
      expect(text).toMatch(/CAMUNDA_OAUTH_URL/);
      expect(leaks(shown(error), [SECRET])).toEqual([]);
    });
  }

  it('a 307 to the same origin is followed, with the body', async () => {
    const tf = createTransport({
      baseUrl: idp.url,
      auth: oauth(`${idp.url}/same-origin`),
      authOptions: { tokenCache: new TokenCache() },
      retry: false,
    });
    const token = await (tf.auth as unknown as { getToken(): Promise<string> }).getToken();
    expect(token).toBe(TOKEN);
  });

  it('a 303 on the same origin is refused (it would turn the POST into a GET)', async () => {
    const tf = createTransport({
      baseUrl: idp.url,
      auth: oauth(`${idp.url}/see-other`),
      authOptions: { tokenCache: new TokenCache() },
      retry: false,
    });
    const error = await failure(() => tf('/v1/tasks'));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/303/);
  });
});

describe('what an echoing token endpoint sends back is redacted', () => {
  let echo: TestServer;
  beforeAll(async () => {
    // Puts the whole request (body and Authorization) into `error`, as a hostile or odd server might.
    echo = await startServer((req, res, body) => {
      json(res, Number(/status=(\d+)/.exec(req.url ?? '')?.[1] ?? 400), {
        error: `${body} ${req.headers.authorization ?? ''}`,
        error_description: `got ${body}`,
      });
    });
  });
  afterAll(() => echo.close());

  for (const [label, extra] of [
    ['form body', {}],
    ['JSON body', { bodyFormat: 'json' }],
    ['HTTP Basic (CAMUNDA_OAUTH_CLIENT_AUTH_METHOD=basic)', { clientAuthMethod: 'basic' }],
  ] as Array<[string, Partial<OAuthConfig>]>) {
    for (const status of [400, 401, 500]) {
      it(`${label}, ${status}: not in the message, String, inspect, JSON or the token-request-failed event`, async () => {
        const events: TransportEvent[] = [];
        const tf = createTransport({
          baseUrl: echo.url,
          auth: oauth(`${echo.url}/oauth/token?status=${status}`, extra),
          authOptions: { tokenCache: new TokenCache(), tokenRequestAttempts: 1 },
          onEvent: (e) => events.push(e),
          retry: false,
        });
        const error = await failure(() => tf('/v1/tasks'));
        expect(error).toBeInstanceOf(AuthError);
        expect(events.some((e) => e.type === 'token-request-failed')).toBe(true);
        expect(leaks(shown(error) + JSON.stringify(events), [SECRET])).toEqual([]);
      });
    }
  }

  it('query secrets in the token URL are masked, every value of it', async () => {
    const events: TransportEvent[] = [];
    const tf = createTransport({
      baseUrl: echo.url,
      auth: oauth(`${echo.url}/oauth/token?status=500&key=${QUERY_KEY}`),
      authOptions: { tokenCache: new TokenCache(), tokenRequestAttempts: 1 },
      onEvent: (e) => events.push(e),
      retry: false,
    });
    const error = await failure(() => tf('/v1/tasks'));
    expect(leaks(shown(error) + JSON.stringify(events) + tf.auth.describe(), [QUERY_KEY, SECRET])).toEqual([]);
    expect((error as Error).message).toContain('key=***');
  });
});

describe('a plain-http token URL on a remote host', () => {
  it('is refused without showing its query values (createTransport and the strategy alike)', async () => {
    const oauthUrl = `http://idp.example.com/oauth/token?key=${QUERY_KEY}`;
    const viaTransport = await failure(() => createTransport({ baseUrl: 'https://tasklist.example.com', auth: oauth(oauthUrl) }));
    const viaStrategy = await failure(() => oauthClientCredentials({ clientId: 'client-1', clientSecret: SECRET, oauthUrl }));
    expect((viaTransport as Error).name).toBe('InsecureUrlError');
    expect((viaStrategy as Error).name).toBe('InsecureUrlError');
    expect(leaks(shown(viaTransport) + shown(viaStrategy), [QUERY_KEY])).toEqual([]);
  });
});

describe('a base URL with user:password@', () => {
  const cases = [
    ['network failure path', `http://demo:${encodeURIComponent(PASSWORD)}@127.0.0.1:9/`],
    ['invalid port', `http://demo:${encodeURIComponent(PASSWORD)}@127.0.0.1:99999`],
    ['no scheme', `demo:${encodeURIComponent(PASSWORD)}@127.0.0.1:8080`],
  ];
  for (const [label, baseUrl] of cases) {
    it(`${label}: a ConfigError without the password; no raw TypeError, no request event with it`, async () => {
      const events: TransportEvent[] = [];
      const error = await failure(() => createTransport({ baseUrl: baseUrl!, onEvent: (e) => events.push(e), retry: false })('/v1/tasks'));
      expect(error).toBeInstanceOf(ConfigError);
      expect(leaks(shown(error) + JSON.stringify(events), [PASSWORD])).toEqual([]);
    });
  }
});

describe('the access token echoed by the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res, body) => {
      const auth = req.headers.authorization ?? '';
      if (req.url?.startsWith('/oauth/token')) json(res, 200, { access_token: TOKEN, expires_in: 300 });
      else if (req.url?.startsWith('/graphql') && body.includes('five')) json(res, 500, { message: `Rejected credentials: ${auth}` });
      else if (req.url?.startsWith('/graphql'))
        json(res, 200, { errors: [{ message: `Rejected credentials: ${auth}`, extensions: { header: auth } }], data: null });
      else json(res, 403, { status: 403, message: `Rejected credentials: ${auth}`, detail: auth, echo: { deep: [auth] } });
    });
  });
  afterAll(() => server.close());

  function client(middleware = false) {
    return createTasklistClient({
      baseUrl: server.url,
      auth: oauth(`${server.url}/oauth/token`),
      transport: { authOptions: { tokenCache: new TokenCache() }, retry: false },
      ...(middleware ? { rest: { middleware: [{ onRequest: () => undefined }] } } : {}),
    });
  }

  it('GraphQL errors and a GraphQL HttpError carry no token', async () => {
    const c = client();
    const gqlError = await failure(() => requestGraphQL(c.graphql, 'query { tasks { id } }'));
    const httpError = await failure(() => requestGraphQL(c.graphql, 'query five { tasks { id } }'));
    expect(shown(gqlError)).toContain('Rejected credentials');
    expect(leaks(shown(gqlError) + shown(httpError) + JSON.stringify((httpError as { bodyText?: string }).bodyText), [TOKEN])).toEqual([]);
  });

  for (const middleware of [false, true]) {
    it(`a REST error (${middleware ? 'with middleware' : 'without middleware'}): message, body, bodyText, problem and inspect carry no token`, async () => {
      const c = client(middleware);
      const error = (await failure(() =>
        callOperation(c.rest, { method: 'get', path: '/v1/tasks/{taskId}' }, { path: { taskId: '1' } }, undefined),
      )) as {
        body: unknown;
        bodyText: string;
        problem: unknown;
      };
      expect(shown(error)).toContain('Rejected credentials');
      expect(leaks(shown(error) + JSON.stringify(error.body) + error.bodyText + JSON.stringify(error.problem), [TOKEN])).toEqual([]);
    });
  }
});

describe('a token with CR/LF', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => json(res, 200, { access_token: `${TOKEN}\r\nX-Injected: 1`, expires_in: 300 }));
  });
  afterAll(() => server.close());

  it('from a bearer callback: an AuthError without the token, not a raw TypeError', async () => {
    const tf = createTransport({ baseUrl: server.url, auth: bearerAuth(() => `${TOKEN}\nX-Injected: 1`), retry: false });
    const error = await failure(() => tf('/v1/tasks'));
    expect(error).toBeInstanceOf(AuthError);
    expect(leaks(shown(error), [TOKEN])).toEqual([]);
  });

  it('from the token endpoint: an AuthError without the token', async () => {
    const tf = createTransport({
      baseUrl: server.url,
      auth: oauth(`${server.url}/oauth/token`),
      authOptions: { tokenCache: new TokenCache() },
      retry: false,
    });
    const error = await failure(() => tf('/v1/tasks'));
    expect(error).toBeInstanceOf(AuthError);
    expect(leaks(shown(error), [TOKEN])).toEqual([]);
  });
});

describe('credentials only to the configured origin', () => {
  let home: TestServer;
  let foreign: TestServer;
  const foreignSaw: IncomingMessage['headers'][] = [];
  const homeSaw: IncomingMessage['headers'][] = [];

  beforeAll(async () => {
    home = await startServer((req, res) => {
      homeSaw.push(req.headers);
      if (req.url?.startsWith('/oauth/token')) json(res, 200, { access_token: TOKEN, expires_in: 300 });
      else if (req.url?.startsWith('/api/login'))
        json(res, 200, {}, { 'set-cookie': 'TASKLIST-SESSION=sess-Tb0undary-cookie; Path=/', 'x-csrf-token': 'csrf-Tb0undary-token' });
      // An SSO proxy in front of Tasklist sends callers to its login page, on another origin.
      else if (req.url === '/away') json(res, 307, {}, { location: `${foreign.url}/landed` });
      else if (req.url === '/see-other') json(res, 303, {}, { location: `${foreign.url}/landed` });
      else if (req.url === '/moved') json(res, 308, {}, { location: '/v1/tasks' });
      else json(res, 200, { ok: true, method: req.method });
    });
    foreign = await startServer((req, res, body) => {
      foreignSaw.push({ ...req.headers, 'x-seen': `${req.method} ${req.url} ${body}` });
      json(res, 200, { ok: true }, { 'set-cookie': 'TASKLIST-SESSION=planted-by-foreign; Path=/', 'x-csrf-token': 'planted-csrf' });
    });
  });
  afterAll(async () => {
    await home.close();
    await foreign.close();
  });

  const modes = {
    oauth: () => oauth(`${home.url}/oauth/token`),
    bearer: () => ({ strategy: 'BEARER' as const, token: TOKEN }),
    basic: () => ({ strategy: 'BASIC' as const, username: 'demo', password: PASSWORD }),
    cookie: () => ({ strategy: 'COOKIE' as const, username: 'demo', password: PASSWORD }),
  };

  for (const [name, auth] of Object.entries(modes)) {
    it(`${name}: another origin gets no Authorization, cookie or CSRF token; the home origin does`, async () => {
      foreignSaw.length = 0;
      homeSaw.length = 0;
      const tf = createTransport({ baseUrl: home.url, auth: auth(), authOptions: { tokenCache: new TokenCache() }, retry: false });
      expect((await tf('/v1/tasks', { method: 'POST', body: '{}' })).status).toBe(200);
      expect((await tf(`${foreign.url}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(200);
      const last = homeSaw.at(-1)!;
      expect(last.authorization ?? last.cookie).toBeTruthy();
      expect(foreignSaw).toHaveLength(1);
      const sent = foreignSaw[0]!;
      expect([sent.authorization, sent.cookie, sent['x-csrf-token']]).toEqual([undefined, undefined, undefined]);
    });
  }

  for (const [name, auth] of Object.entries(modes)) {
    it(`${name}: the API redirecting to another origin takes no Authorization, cookie or CSRF token there, and plants nothing`, async () => {
      foreignSaw.length = 0;
      homeSaw.length = 0;
      const tf = createTransport({ baseUrl: home.url, auth: auth(), authOptions: { tokenCache: new TokenCache() }, retry: false });
      const away = await tf('/away', { method: 'POST', body: '{"q":1}', headers: { 'content-type': 'application/json' } });
      expect(away.status).toBe(200);
      const seeOther = await tf('/see-other', { method: 'POST', body: '{"q":2}' });
      expect(seeOther.status).toBe(200);
      expect(foreignSaw.map((h) => h['x-seen'])).toEqual(['POST /landed {"q":1}', 'GET /landed ']);
      for (const sent of foreignSaw)
        expect([sent.authorization, sent.cookie, sent['x-csrf-token']]).toEqual([undefined, undefined, undefined]);
      // A same-origin redirect keeps them, and the foreign answer's cookie and CSRF token were not taken.
      homeSaw.length = 0;
      const moved = await tf('/moved', { method: 'POST', body: '{}' });
      expect(await moved.json()).toEqual({ ok: true, method: 'POST' });
      const last = homeSaw.at(-1)!;
      expect(last.authorization ?? last.cookie).toBeTruthy();
      expect(JSON.stringify(homeSaw)).not.toContain('planted');
    });
  }

  it("foreignOrigins: 'throw' refuses the call; credentialOrigins lets an origin have them", async () => {
    foreignSaw.length = 0;
    const strict = createTransport({ baseUrl: home.url, auth: modes.bearer(), foreignOrigins: 'throw', retry: false });
    expect(await failure(() => strict(`${foreign.url}/elsewhere`))).toBeInstanceOf(ConfigError);
    expect(foreignSaw).toHaveLength(0);
    const trusting = createTransport({ baseUrl: home.url, auth: modes.bearer(), credentialOrigins: [foreign.url], retry: false });
    await trusting(`${foreign.url}/elsewhere`);
    expect(foreignSaw[0]?.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('waiting for a token honours the call', () => {
  let silent: TestServer;
  beforeAll(async () => {
    // A token endpoint that never answers.
    silent = await startServer(() => undefined);
  });
  afterAll(() => silent.close());

  it("the caller aborts at 200 ms: rejected promptly with the caller's reason", async () => {
    const tf = createTransport({
      baseUrl: silent.url,
      auth: oauth(`${silent.url}/oauth/token`),
      authOptions: { tokenCache: new TokenCache() },
      retry: false,
    });
    const started = Date.now();
    const error = await failure(() => tf('/v1/tasks', { signal: AbortSignal.timeout(200) }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it("a cookie login that never answers: the caller's abort at 200 ms ends the wait", async () => {
    const tf = createTransport({ baseUrl: silent.url, auth: { strategy: 'COOKIE', username: 'demo', password: PASSWORD }, retry: false });
    const started = Date.now();
    await failure(() => tf('/v1/tasks', { signal: AbortSignal.timeout(200) }));
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('timeoutMs 300: a TimeoutError at the configured limit, not after 30 s', async () => {
    const tf = createTransport({
      baseUrl: silent.url,
      auth: oauth(`${silent.url}/oauth/token`),
      authOptions: { tokenCache: new TokenCache() },
      timeoutMs: 300,
      retry: false,
    });
    const started = Date.now();
    const error = await failure(() => tf('/v1/tasks'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('the token endpoint says slow down, or no', () => {
  let server: TestServer;
  const hits: number[] = [];
  let mode: 'slow-down' | 'always-429' | 'reject' = 'slow-down';
  beforeAll(async () => {
    server = await startServer((_req, res) => {
      hits.push(Date.now());
      if (mode === 'reject') json(res, 401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
      else if (mode === 'always-429' || hits.length === 1)
        json(res, 429, { error: 'slow_down' }, { 'retry-after': mode === 'always-429' ? '0' : '1' });
      else json(res, 200, { access_token: TOKEN, expires_in: 300 });
    });
  });
  afterAll(() => server.close());

  it('429 with Retry-After: 1 waits about a second before the next attempt', async () => {
    hits.length = 0;
    mode = 'slow-down';
    const strategy = oauthClientCredentials(
      { clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token` },
      { tokenCache: new TokenCache() },
    );
    expect(await strategy.getToken()).toBe(TOKEN);
    expect(hits).toHaveLength(2);
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(900);
  });

  it("a 429's hint is about rate limits, not the client configuration", async () => {
    mode = 'always-429';
    const strategy = oauthClientCredentials(
      { clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token` },
      { tokenCache: new TokenCache(), tokenRequestAttempts: 1 },
    );
    const error = (await failure(() => strategy.getToken())) as AuthError;
    expect(error.status).toBe(429);
    expect(error.hint).not.toMatch(/client configuration/i);
    expect(error.hint).toMatch(/limit/i);
  });

  it('rejected credentials: 20 calls make 1 token request within the cooldown, each with the same error; then it asks again', async () => {
    hits.length = 0;
    mode = 'reject';
    let clock = Date.now();
    const strategy = oauthClientCredentials(
      { clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token` },
      { tokenCache: new TokenCache(), now: () => clock },
    );
    const tf = createTransport({ baseUrl: server.url, auth: strategy, retry: false });
    const messages = new Set<string>();
    for (let i = 0; i < 20; i++) messages.add(((await failure(() => tf('/v1/tasks'))) as Error).message);
    expect(hits).toHaveLength(1);
    expect([...messages]).toHaveLength(1);
    expect([...messages][0]).toMatch(/invalid_client/);
    clock += 31_000;
    await failure(() => tf('/v1/tasks'));
    expect(hits).toHaveLength(2);
  });

  it('the cooldown is configurable (0: every call asks)', async () => {
    hits.length = 0;
    mode = 'reject';
    const strategy = oauthClientCredentials(
      { clientId: 'client-1', clientSecret: SECRET, oauthUrl: `${server.url}/oauth/token` },
      { tokenCache: new TokenCache(), rejectedCredentialsCooldownMs: 0 },
    );
    for (let i = 0; i < 3; i++) await failure(() => strategy.getToken());
    expect(hits).toHaveLength(3);
  });
});

describe("openapi-fetch's own client over the client's fetch", () => {
  let server: TestServer;
  const seen: Array<string | undefined> = [];
  beforeAll(async () => {
    server = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      json(res, seen.length % 2 === 1 ? 401 : 200, { ok: true });
    });
  });
  afterAll(() => server.close());

  it('is signed, and a 401 is answered once with fresh credentials through the same transport', async () => {
    let issued = 0;
    const tasklist = createTasklistClient({ baseUrl: server.url, auth: bearerAuth(() => `${TOKEN}-${++issued}`), env: {} });
    const client = createClient<any>({ baseUrl: server.url, fetch: tasklist.fetch });
    const { response } = await client.GET('/v1/tasks' as never, {} as never);
    expect(response.status).toBe(200);
    expect(seen).toEqual([`Bearer ${TOKEN}-1`, `Bearer ${TOKEN}-2`]);
  });
});

describe('a token endpoint that answers without end', () => {
  let idp: TestServer;
  let requests = 0;
  let bytesSent = 0;
  beforeAll(async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    idp = await startServer((req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      // As fast as the client reads, until it hangs up.
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) bytesSent += chunk.length;
      };
      res.on('drain', pump);
      req.socket.on('close', () => res.destroy());
      pump();
    });
  });
  afterAll(() => idp.close());

  it('is cut off at 1 MB with an AuthError naming the limit, and not asked again', async () => {
    const strategy = oauthClientCredentials(oauth(`${idp.url}/oauth/token`), {
      tokenCache: new TokenCache(),
      rejectedCredentialsCooldownMs: 0,
    });
    const started = Date.now();
    const error = await failure(() => strategy.getToken());
    expect(error).toBeInstanceOf(AuthError);
    expect(String(error)).toMatch(/more than 1 MB/);
    expect(requests).toBe(1);
    // Read up to the limit (plus what was in flight), not for the 10 s the attempt may take.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(bytesSent).toBeLessThan(64 * 1024 * 1024);
  });
});
