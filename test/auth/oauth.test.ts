import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startIdentityProvider, type IdentityProvider } from '../../src/emulator/identity-provider.js';
import { createTransport } from '../../src/runtime/transport.js';
import { HttpError } from '../../src/runtime/errors.js';
import { AuthError } from '../../src/util/errors.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { createAuthStrategy, oauthClientCredentials } from '../../src/auth/strategies/index.js';
import type { PendingRequest } from '../../src/auth/strategy.js';
import type { OAuthConfig } from '../../src/auth/types.js';
import { json, startServer, type TestServer } from './helpers.js';

const SECRET = 'Sup3r&Secret=+ %/value';
const AUDIENCE = 'tasklist.camunda.io';

/** A Tasklist stand-in that accepts only tokens the provider signed for AUDIENCE. */
interface ResourceServer extends TestServer {
  mode: 'verify' | 'reject-first' | 'reject-all' | 'revoke-first-token';
  requests: number;
  rejected: number;
  bodies: string[];
}

async function startResourceServer(idp: IdentityProvider): Promise<ResourceServer> {
  const state = { mode: 'verify' as ResourceServer['mode'], requests: 0, rejected: 0, bodies: [] as string[] };
  const verified = new Map<string, number>();
  let revoked: string | undefined;
  const server = await startServer(async (req, res, body) => {
    state.requests++;
    state.bodies.push(body);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (state.mode === 'revoke-first-token' && token && revoked === undefined) revoked = token;
    const refuse =
      state.mode === 'reject-all' ||
      (state.mode === 'reject-first' && state.requests === 1) ||
      (state.mode === 'revoke-first-token' && token === revoked);
    let ok = false;
    if (token && !refuse) {
      // Each distinct token is checked with jose once, then remembered until its exp.
      const known = verified.get(token);
      if (known !== undefined && known > Date.now()) ok = true;
      else {
        const claims = await idp.verify(token, AUDIENCE).catch(() => undefined);
        if (claims?.exp) verified.set(token, claims.exp * 1000);
        ok = claims !== undefined;
      }
    }
    if (!ok) {
      state.rejected++;
      json(res, 401, { title: 'Unauthorized', detail: 'token refused' });
      return;
    }
    json(res, 200, { echo: body, path: req.url });
  });
  return Object.assign(state, server);
}

describe('OAuth client credentials against a real OAuth 2.0 provider', () => {
  let idp: IdentityProvider;
  let api: ResourceServer;
  let cache: TokenCache;
  const oauth = (extra: Partial<OAuthConfig> = {}): OAuthConfig => ({
    strategy: 'OAUTH',
    clientId: 'tasklist-worker',
    clientSecret: SECRET,
    oauthUrl: idp.tokenUrl,
    ...extra,
  });

  beforeAll(async () => {
    idp = await startIdentityProvider({
      clients: [
        { clientId: 'tasklist-worker', clientSecret: SECRET },
        { clientId: 'basic-worker', clientSecret: SECRET, authMethod: 'basic' },
      ],
      audiences: [AUDIENCE, 'zeebe.camunda.io'],
      tokenTtlSeconds: 300,
    });
    api = await startResourceServer(idp);
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });
  beforeEach(() => {
    cache = new TokenCache();
    api.mode = 'verify';
    api.requests = 0;
    api.rejected = 0;
    api.bodies = [];
    idp.setFault(null);
    idp.setTokenTtl(300);
    idp.setReportedExpiresIn(null);
  });

  it('signs requests with a JWT the resource server verifies, audience included', async () => {
    const tf = createTransport({ baseUrl: api.url, auth: oauth(), authOptions: { tokenCache: cache } });
    const res = await tf('/v1/tasks/search', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    const sent = idp.tokenRequestLog().at(-1)!;
    expect(sent.contentType).toBe('application/x-www-form-urlencoded');
    expect(sent.params).toMatchObject({ grant_type: 'client_credentials', client_id: 'tasklist-worker', audience: AUDIENCE });
    expect(sent.params).not.toHaveProperty('scope');
  });

  it('the authorization header, built once per token, always carries the current token: after an eviction the new one', async () => {
    const { strategy: _, ...config } = oauth();
    const strategy = oauthClientCredentials(config, { tokenCache: cache });
    const request = (): PendingRequest => ({ method: 'GET', url: `${api.url}/v1/tasks`, headers: new Headers() });
    const before = idp.tokenRequests();
    // The first call gets the token; the second signs with the header kept for it.
    const signed = [request(), request()];
    for (const r of signed) await strategy.authorize(r);
    const first = `Bearer ${await strategy.getToken()}`;
    expect(signed.map((r) => r.headers.get('authorization'))).toEqual([first, first]);
    expect(idp.tokenRequests() - before).toBe(1);
    // Refused: the token is evicted, and the calls after it sign with the one fetched in its place.
    expect(await strategy.onUnauthorized!(signed[1])).toBe(true);
    const renewed = [request(), request()];
    for (const r of renewed) await strategy.authorize(r);
    expect(idp.tokenRequests() - before).toBe(2);
    const second = `Bearer ${await strategy.getToken()}`;
    expect(renewed.map((r) => r.headers.get('authorization'))).toEqual([second, second]);
    // Both reached the resource server as the provider signed them.
    for (const r of [signed[0]!, renewed[1]!]) {
      expect((await fetch(`${api.url}/v1/tasks`, { headers: r.headers })).status).toBe(200);
    }
  });

  it('single-flight: 1,000 concurrent calls on a cold cache cause exactly one token request', async () => {
    // The token request goes over HTTP to the real provider. The 1,000 API calls go to an
    // in-process handler that checks each JWT with jose, because 1,000 loopback requests cost
    // seconds on a loaded 2-core machine and prove nothing more about single-flight.
    const strategy = createAuthStrategy(oauth(), { tokenCache: cache });
    let refused = 0;
    const checks = new Map<string, Promise<boolean>>();
    const inProcessApi: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
      // Each distinct token is verified with jose once; every call waits for that verdict.
      if (!checks.has(token))
        checks.set(
          token,
          idp.verify(token, AUDIENCE).then(
            () => true,
            () => false,
          ),
        );
      const ok = await checks.get(token)!;
      if (!ok) refused++;
      return new Response(null, { status: ok ? 204 : 401 });
    };
    const tf = createTransport({ baseUrl: 'http://127.0.0.1:9', auth: strategy, fetch: inProcessApi });
    const before = idp.tokenRequests();
    const statuses = await Promise.all(Array.from({ length: 1000 }, (_, i) => tf(`/v1/tasks/${i}`).then((r) => r.status)));
    expect(statuses.every((s) => s === 204)).toBe(true);
    expect(idp.tokenRequests() - before).toBe(1);
    expect(refused).toBe(0);
  });

  it('a token that expires mid-run: every call still succeeds, refreshed ahead of expiry', async () => {
    idp.setTokenTtl(4);
    const tf = createTransport({ baseUrl: api.url, auth: oauth({ refreshWindowSeconds: 2 }), authOptions: { tokenCache: cache } });
    const before = idp.tokenRequests();
    const started = Date.now();
    const statuses: number[] = [];
    // Longer than the first token's whole life, so it really expires mid-run.
    while (Date.now() - started < 4200) {
      statuses.push(...(await Promise.all(Array.from({ length: 50 }, () => tf('/v1/tasks').then((r) => r.status)))));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    // No call was sent with a dead token: the server never had to refuse one.
    expect(api.rejected).toBe(0);
    const requested = idp.tokenRequests() - before;
    // A "4 s" token (exp has whole seconds: 3–4 s) is renewed in the background 1.5–3 s before it
    // expires: within 4.2 s at least one renewal, and a handful at most (a refresh storm would be one per wave).
    expect(requested).toBeGreaterThanOrEqual(2);
    expect(requested).toBeLessThanOrEqual(6);
  });

  it('inside the refresh window no call waits for the token endpoint, and a failed background refresh keeps the valid token', async () => {
    // The client's clock is moved, not the test's: 20 s before a 300 s token expires is inside the
    // 30 s window (jitter 0), and the server still accepts the token in real time.
    let skewMs = 0;
    const make = (events: string[]) =>
      createTransport({
        baseUrl: api.url,
        auth: oauth({ refreshWindowSeconds: 30 }),
        authOptions: { tokenCache: new TokenCache(), tokenRequestAttempts: 1, now: () => Date.now() + skewMs, random: () => 0 },
        onEvent: (e) => events.push(e.type === 'token-issued' && e.background ? 'background-token-issued' : e.type),
      });
    const failingEvents: string[] = [];
    const slowEvents: string[] = [];
    const failing = make(failingEvents);
    const slow = make(slowEvents);
    expect((await failing('/v1/tasks')).status).toBe(200);
    expect((await slow('/v1/tasks')).status).toBe(200);
    skewMs = 280_000;

    idp.setFault('status500');
    expect((await failing('/v1/tasks')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(failingEvents).toContain('token-request-failed');
    // The old token is still good and still used.
    expect((await failing('/v1/tasks')).status).toBe(200);

    // Order, not speed: the call is answered while the (1.5 s) background token request is still running.
    idp.setFault('slow', { delayMs: 1500 });
    expect((await slow('/v1/tasks')).status).toBe(200);
    expect(slowEvents.filter((e) => e === 'token-request')).toHaveLength(2);
    expect(slowEvents).not.toContain('background-token-issued');
    expect(api.rejected).toBe(0);
  });

  it("takes the expiry from the JWT's exp when expires_in claims more", async () => {
    // The provider says expires_in=3600 for a token whose exp is 300 s away. Moving the client's
    // clock 299.5 s on must make it fetch a new token; trusting expires_in would not.
    idp.setReportedExpiresIn(3600);
    let skewMs = 0;
    const events: Array<{ type: string; expirySource?: string }> = [];
    const tf = createTransport({
      baseUrl: api.url,
      auth: oauth(),
      authOptions: { tokenCache: cache, now: () => Date.now() + skewMs },
      onEvent: (e) => events.push(e),
    });
    const before = idp.tokenRequests();
    expect((await tf('/v1/tasks')).status).toBe(200);
    skewMs = 299_500;
    expect((await tf('/v1/tasks')).status).toBe(200);
    expect(idp.tokenRequests() - before).toBe(2);
    expect(events.filter((e) => e.type === 'token-issued').map((e) => e.expirySource)).toEqual(['jwt', 'jwt']);
  });

  it('401 once: evicts the token, fetches a new one, retries once with the same body', async () => {
    api.mode = 'reject-first';
    const tf = createTransport({ baseUrl: api.url, auth: oauth(), authOptions: { tokenCache: cache } });
    const before = idp.tokenRequests();
    const res = await tf('/v1/tasks/abc/assign', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"assignee":"demo"}',
    });
    expect(res.status).toBe(200);
    expect(api.requests).toBe(2);
    expect(api.bodies).toEqual(['{"assignee":"demo"}', '{"assignee":"demo"}']);
    expect(idp.tokenRequests() - before).toBe(2);
  });

  it('a revoked token refused to 50 concurrent calls: one eviction, one new token, every call succeeds', async () => {
    api.mode = 'revoke-first-token';
    const tf = createTransport({ baseUrl: api.url, auth: oauth(), authOptions: { tokenCache: cache } });
    const before = idp.tokenRequests();
    const statuses = await Promise.all(Array.from({ length: 50 }, () => tf('/v1/tasks').then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(api.rejected).toBe(50);
    expect(idp.tokenRequests() - before).toBe(2);
  });

  it('401 always: one retry, then a typed HttpError', async () => {
    api.mode = 'reject-all';
    const tf = createTransport({ baseUrl: api.url, auth: oauth(), authOptions: { tokenCache: cache } });
    const error = await tf('/v1/tasks').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect((error as HttpError).code).toBe('UNAUTHORIZED');
    expect((error as HttpError).hint).toMatch(/audience/);
    expect(api.requests).toBe(2);
  });

  it('Keycloak / Entra style: scope only, no audience sent; the provider defaults it', async () => {
    const strategy = createAuthStrategy(oauth({ scope: 'tasklist-worker/.default' }), { tokenCache: cache });
    const tf = createTransport({ baseUrl: api.url, auth: strategy });
    expect((await tf('/v1/tasks')).status).toBe(200);
    const sent = idp.tokenRequestLog().at(-1)!;
    expect(sent.params).not.toHaveProperty('audience');
    expect(sent.params['scope']).toBe('tasklist-worker/.default');
    expect(sent.rawBody).toContain('scope=tasklist-worker%2F.default');
  });

  it('JSON body (older SaaS docs) and client_secret_basic both work', async () => {
    const json1 = createTransport({ baseUrl: api.url, auth: oauth({ bodyFormat: 'json' }), authOptions: { tokenCache: cache } });
    expect((await json1('/v1/tasks')).status).toBe(200);
    expect(idp.tokenRequestLog().at(-1)!.contentType).toBe('application/json');

    const basic = createTransport({
      baseUrl: api.url,
      auth: oauth({ clientId: 'basic-worker', clientAuthMethod: 'basic' }),
      authOptions: { tokenCache: cache },
    });
    expect((await basic('/v1/tasks')).status).toBe(200);
    const sent = idp.tokenRequestLog().at(-1)!;
    expect(sent.clientAuth).toBe('basic');
    expect(sent.params).not.toHaveProperty('client_secret');
  });

  it('the server needs Basic but gets the secret in the body: a clear AuthError', async () => {
    const tf = createTransport({ baseUrl: api.url, auth: oauth({ clientId: 'basic-worker' }), authOptions: { tokenCache: cache } });
    const error = (await tf('/v1/tasks').catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.oauthError).toBe('invalid_client');
    expect(error.message).toContain(idp.tokenUrl);
    expect(error.hint).toMatch(/CAMUNDA_OAUTH_CLIENT_AUTH_METHOD/);
  });

  it('token endpoint failures: wrong secret fails fast; 500 and malformed JSON are retried a bounded number of times', async () => {
    const wrong = createTransport({
      baseUrl: api.url,
      auth: oauth({ clientSecret: 'not-the-secret' }),
      authOptions: { tokenCache: cache },
    });
    let before = idp.tokenRequests();
    const e1 = (await wrong('/v1/tasks').catch((e: unknown) => e)) as AuthError;
    expect(e1).toBeInstanceOf(AuthError);
    expect(e1.oauthError).toBe('invalid_client');
    expect(idp.tokenRequests() - before).toBe(1);

    for (const fault of ['status500', 'malformedJson', 'down'] as const) {
      idp.setFault(fault);
      const tf = createTransport({ baseUrl: api.url, auth: oauth(), authOptions: { tokenCache: new TokenCache() } });
      before = idp.tokenRequests();
      const error = (await tf('/v1/tasks').catch((e: unknown) => e)) as AuthError;
      expect(error, fault).toBeInstanceOf(AuthError);
      expect(error.url).toBe(idp.tokenUrl);
      expect(idp.tokenRequests() - before, fault).toBe(3);
      if (fault === 'status500') {
        expect(error.status).toBe(500);
        expect(error.oauthError).toBe('server_error');
      }
    }
    // The provider recovers; so does the client.
    idp.setFault(null);
    const tf = createTransport({ baseUrl: api.url, auth: oauth(), authOptions: { tokenCache: new TokenCache() } });
    expect((await tf('/v1/tasks')).status).toBe(200);
  });

  it('a slow token endpoint: the per-attempt time limit turns into an AuthError', async () => {
    idp.setFault('slow', { delayMs: 1500 });
    const tf = createTransport({
      baseUrl: api.url,
      auth: oauth(),
      authOptions: { tokenCache: cache, tokenRequestTimeoutMs: 300, tokenRequestAttempts: 2 },
    });
    const error = (await tf('/v1/tasks').catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(/no answer within 300 ms/);
  });
});
