/**
 * The four sign-in modes, end to end: what the emulator refuses (plain fetch, so the raw status
 * and headers are visible) and what the toolkit's own transport (src/runtime/transport.ts, with
 * the config `resolveAuthConfig` reads from `emulator.env()`) gets through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createTransport, type Transport } from '../../src/runtime/transport.js';

const json = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function transportFor(e: Emulator): Transport {
  return createTransport({
    baseUrl: e.baseUrl,
    auth: resolveAuthConfig(e.env()),
    authOptions: { tokenCache: new TokenCache(), cookieMode: 'manual' },
    retry: false,
  });
}

async function searchStatus(f: typeof fetch | Transport, base: string, init: RequestInit = {}): Promise<number> {
  const res = await f(`${base}/v1/tasks/search`, { method: 'POST', headers: json, body: '{"pageSize":1}', ...init });
  await res.arrayBuffer();
  return res.status;
}

async function problemOf(res: Response): Promise<{ status: number; message: string }> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as { status: number; message: string };
}

describe('auth none (C8 Run, Docker Compose)', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ auth: 'none' });
  });
  afterAll(() => e.close());

  it('lets everyone in, API and document alike; env says NONE', async () => {
    expect(e.env()).toEqual({ CAMUNDA_TASKLIST_BASE_URL: e.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE' });
    const t = transportFor(e);
    expect(await searchStatus(t, e.baseUrl)).toBe(200);
    expect((await fetch(`${e.baseUrl}/v3/api-docs/v1`)).status).toBe(200);
    expect((await fetch(`${e.baseUrl}/api/login`, { method: 'POST' })).status).toBe(404);
  });
});

describe('auth basic (Helm, demo/demo)', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ auth: 'basic' });
  });
  afterAll(() => e.close());

  it('refuses missing and wrong credentials with 401 and a Basic challenge, without echoing them', async () => {
    const none = await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${e.baseUrl}/v1/tasks/search`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('demo:s3cret-wrong').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await problemOf(wrong))).not.toContain('s3cret-wrong');
    // The document sits behind the same sign-in by default.
    expect((await fetch(`${e.baseUrl}/v3/api-docs/v1`)).status).toBe(401);
  });

  it('the toolkit transport signs in from env() and acts as the user', async () => {
    expect(e.env()).toMatchObject({
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo',
    });
    const t = transportFor(e);
    expect(await searchStatus(t, e.baseUrl)).toBe(200);
    expect((await t(`${e.baseUrl}/v3/api-docs/v1`)).status).toBe(200);
    const task = e.store.allTasks().find((x) => x.taskState === 'CREATED' && x.assignee === null)!;
    const claim = await t(`${e.baseUrl}/v1/tasks/${task.id}/assign`, { method: 'PATCH' });
    expect(claim.status).toBe(200);
    expect(((await claim.json()) as { assignee: string }).assignee).toBe('demo');
    const me = await t(`${e.baseUrl}/graphql`, { method: 'POST', headers: json, body: '{"query":"{ currentUser { userId } }"}' });
    expect(await me.json()).toEqual({ data: { currentUser: { userId: 'demo' } } });
  });
});

describe('auth oidc (SaaS, Self-Managed with Identity)', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ auth: 'oidc', tokenTtlSeconds: 2 });
  });
  afterAll(() => e.close());

  async function token(audience: string): Promise<string> {
    const res = await fetch(e.auth.tokenUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: e.auth.clientId!,
        client_secret: e.auth.clientSecret!,
        audience,
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  it('env() carries what an OAuth client needs', () => {
    expect(e.env()).toEqual({
      CAMUNDA_TASKLIST_BASE_URL: e.baseUrl,
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      CAMUNDA_CLIENT_ID: e.auth.clientId,
      CAMUNDA_CLIENT_SECRET: e.auth.clientSecret,
      CAMUNDA_OAUTH_URL: e.auth.identity!.tokenUrl,
      CAMUNDA_TASKLIST_OAUTH_AUDIENCE: 'tasklist-api',
    });
  });

  it('accepts a token for its audience; refuses none, garbage and another audience with 401', async () => {
    expect(await searchStatus(fetch, e.baseUrl, { headers: { ...json, authorization: `Bearer ${await token('tasklist-api')}` } })).toBe(
      200,
    );
    const missing = await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const garbage = await fetch(`${e.baseUrl}/graphql`, {
      method: 'POST',
      headers: { ...json, authorization: 'Bearer not.a.jwt' },
      body: '{}',
    });
    expect(garbage.status).toBe(401);
    const zeebe = await token('zeebe-api');
    const wrongAudience = await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST', headers: { authorization: `Bearer ${zeebe}` } });
    expect(wrongAudience.status).toBe(401);
    const problem = await problemOf(wrongAudience);
    expect(problem.message).toMatch(/audience/);
    expect(problem.message).not.toContain(zeebe);
    expect(wrongAudience.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refuses a token once it has expired, while the toolkit transport fetches a new one', async () => {
    const kept = { ...json, authorization: `Bearer ${await token('tasklist-api')}` };
    expect(await searchStatus(fetch, e.baseUrl, { headers: kept })).toBe(200);
    const t = transportFor(e);
    const before = e.auth.identity!.tokenRequests();
    expect(await searchStatus(t, e.baseUrl)).toBe(200);
    expect(e.auth.identity!.tokenRequests()).toBe(before + 1);

    await sleep(3100);
    const expired = await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST', headers: kept });
    expect(expired.status).toBe(401);
    expect((await problemOf(expired)).message).toMatch(/expired/);
    expect(await searchStatus(t, e.baseUrl)).toBe(200);
    expect(e.auth.identity!.tokenRequests()).toBeGreaterThan(before + 1);
  });

  it('a JWT caller must name the assignee (400 without, 200 with)', async () => {
    const t = transportFor(e);
    const task = e.store.allTasks().find((x) => x.taskState === 'CREATED' && x.assignee === null)!;
    const bare = await t(`${e.baseUrl}/v1/tasks/${task.id}/assign`, { method: 'PATCH' });
    expect(bare.status).toBe(400);
    await bare.arrayBuffer();
    const named = await t(`${e.baseUrl}/v1/tasks/${task.id}/assign`, { method: 'PATCH', headers: json, body: '{"assignee":"demo"}' });
    expect(named.status).toBe(200);
    const me = await t(`${e.baseUrl}/graphql`, { method: 'POST', headers: json, body: '{"query":"{ currentUser { userId } }"}' });
    expect(await me.json()).toEqual({ data: { currentUser: { userId: e.auth.clientId } } });
  });
});

describe('auth cookie (Tasklist login, TASKLIST-SESSION + CSRF)', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ auth: 'cookie', sessionTtlSeconds: 2 });
  });
  afterAll(() => e.close());

  async function login(): Promise<{ cookie: string; csrf: string }> {
    const res = await fetch(`${e.baseUrl}/api/login?username=demo&password=demo`, { method: 'POST' });
    expect(res.status).toBe(204);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('TASKLIST-SESSION='))!;
    expect(session).toMatch(/HttpOnly/);
    const csrfCookie = cookies.find((c) => c.startsWith('X-CSRF-TOKEN='))!;
    const csrf = res.headers.get('x-csrf-token')!;
    expect(csrfCookie.split(';')[0]).toBe(`X-CSRF-TOKEN=${csrf}`);
    return { cookie: `${session.split(';')[0]}; ${csrfCookie.split(';')[0]}`, csrf };
  }

  it('refuses requests without a session and bad logins with 401', async () => {
    expect(await searchStatus(fetch, e.baseUrl)).toBe(401);
    expect((await fetch(`${e.baseUrl}/api/login?username=demo&password=nope`, { method: 'POST' })).status).toBe(401);
    const form = await fetch(`${e.baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=demo&password=demo',
    });
    expect(form.status).toBe(204);
  });

  it('a state-changing request on the session needs the CSRF token (403 without or wrong), reads do not', async () => {
    const { cookie, csrf } = await login();
    const task = e.store.allTasks().find((x) => x.taskState === 'CREATED')!;
    expect((await fetch(`${e.baseUrl}/v1/tasks/${task.id}`, { headers: { cookie } })).status).toBe(200);
    const noToken = await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST', headers: { cookie } });
    expect(noToken.status).toBe(403);
    expect((await problemOf(noToken)).message).toMatch(/CSRF/);
    expect(await searchStatus(fetch, e.baseUrl, { headers: { ...json, cookie, 'x-csrf-token': 'forged' } })).toBe(403);
    const gqlNoToken = await fetch(`${e.baseUrl}/graphql`, {
      method: 'POST',
      headers: { ...json, cookie },
      body: '{"query":"{ currentUser { userId } }"}',
    });
    expect(gqlNoToken.status).toBe(403);
    expect(await searchStatus(fetch, e.baseUrl, { headers: { ...json, cookie, 'x-csrf-token': csrf } })).toBe(200);
    // The pre-8.3 header name is accepted too.
    expect(await searchStatus(fetch, e.baseUrl, { headers: { ...json, cookie, 'tasklist-x-csrf-token': csrf } })).toBe(200);
  });

  it('sessions expire when idle and end at logout', async () => {
    const { cookie } = await login();
    expect((await fetch(`${e.baseUrl}/v3/api-docs/v1`, { headers: { cookie } })).status).toBe(200);
    await sleep(2300);
    const expired = await fetch(`${e.baseUrl}/v3/api-docs/v1`, { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect((await problemOf(expired)).message).toMatch(/expired/);

    const second = await login();
    const out = await fetch(`${e.baseUrl}/api/logout`, { method: 'POST', headers: { cookie: second.cookie, 'x-csrf-token': second.csrf } });
    expect(out.status).toBe(204);
    expect((await fetch(`${e.baseUrl}/v3/api-docs/v1`, { headers: { cookie: second.cookie } })).status).toBe(401);
  });

  it('the toolkit transport logs in, sends the CSRF token, and claims and completes a task', async () => {
    const t = transportFor(e);
    const task = e.store.allTasks().find((x) => x.taskState === 'CREATED' && x.assignee === null)!;
    const claim = await t(`${e.baseUrl}/graphql`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: 'mutation($id: String!) { claimTask(taskId: $id) { assignee } }', variables: { id: task.id } }),
    });
    expect(await claim.json()).toEqual({ data: { claimTask: { assignee: 'demo' } } });
    const done = await t(`${e.baseUrl}/v1/tasks/${task.id}/complete`, { method: 'PATCH', headers: json, body: '{"variables":[]}' });
    expect(done.status).toBe(200);
    expect(e.store.getTask(task.id).taskState).toBe('COMPLETED');
  });
});
