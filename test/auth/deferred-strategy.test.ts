/**
 * The OAuth and cookie strategies load their modules the first time a call needs them
 * (src/auth/strategies/deferred.ts), so a browser page's bundler can leave them out of what it
 * downloads up front. Until then the strategy is already whole: its config was checked and its
 * secrets registered when it was made. Here the module load is held open (or made to fail) with
 * `vi.doMock`, and the calls made meanwhile are watched: the load counts against the first call's
 * time limit and its signal, emits nothing, leaks nothing, and a failed load is a typed error for
 * that call that the next one recovers from.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Strategies from '../../src/auth/strategies/index.js';
import type * as Transports from '../../src/runtime/transport.js';
import type * as Errors from '../../src/util/errors.js';
import type { AuthError } from '../../src/util/errors.js';
import { TokenCache } from '../../src/auth/token-cache.js';

const SECRET = 'client-secret-7f3a9c';
const TOKEN = 'access-token-0d41b2e8';
const PASSWORD = 'cookie-password-55e1';

/** Each time the OAuth or cookie module is loaded, this decides how: 'hold' waits for `release`, 'fail' throws. */
let mode: 'now' | 'hold' | 'fail';
let loads: string[];
let release: () => void;
let released: Promise<void>;

async function loadMocked<T>(name: string, original: () => Promise<T>): Promise<T> {
  loads.push(name);
  if (mode === 'fail') throw new TypeError(`Failed to fetch dynamically imported module: https://app.example.com/${name}-X1.js`);
  if (mode === 'hold') await released;
  return original();
}

let strategies: typeof Strategies;
let transports: typeof Transports;
/** The error classes of the modules loaded afresh for each test (`vi.resetModules`). */
let errors: typeof Errors;

beforeEach(async () => {
  mode = 'now';
  loads = [];
  released = new Promise((resolve) => (release = resolve));
  vi.resetModules();
  vi.doMock('../../src/auth/strategies/oauth.js', (importOriginal) => loadMocked('oauth', importOriginal));
  vi.doMock('../../src/auth/strategies/cookie.js', (importOriginal) => loadMocked('cookie', importOriginal));
  strategies = await import('../../src/auth/strategies/index.js');
  transports = await import('../../src/runtime/transport.js');
  errors = await import('../../src/util/errors.js');
});
afterEach(() => {
  vi.doUnmock('../../src/auth/strategies/oauth.js');
  vi.doUnmock('../../src/auth/strategies/cookie.js');
});

/** A token endpoint and an API in one fetch: the token for the client secret, 200 for a call that carries it. */
function fakeServers(seen: string[] = []): typeof fetch {
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    seen.push(url);
    if (url.startsWith('https://idp.example.com/')) {
      expect(String(init?.body)).toContain(SECRET);
      return Response.json({ access_token: TOKEN, expires_in: 300 });
    }
    const headers = new Headers(init?.headers);
    return headers.get('authorization') === `Bearer ${TOKEN}` ? Response.json({ ok: true }) : new Response('no', { status: 401 });
  };
}

const oauthConfig = { strategy: 'OAUTH', clientId: 'worker', clientSecret: SECRET, oauthUrl: 'https://idp.example.com/token' } as const;

describe('createAuthStrategy: the OAuth and cookie modules load on first use', () => {
  it('is whole at creation: config errors throw there, secrets are registered, describe answers, nothing is loaded', () => {
    expect(() => strategies.createAuthStrategy({ ...oauthConfig, oauthUrl: 'http://idp.example.com/token' })).toThrow(
      errors.InsecureUrlError,
    );
    const oauth = strategies.createAuthStrategy({ ...oauthConfig, clientAuthMethod: 'basic' });
    const basicForm = Buffer.from(`worker:${SECRET}`).toString('base64');
    expect(oauth.secrets!.redact(`a ${SECRET} and ${basicForm}`)).not.toMatch(new RegExp(`${SECRET}|${basicForm}`));
    expect(oauth.describe()).toBe('OAuth client credentials for worker at https://idp.example.com/token, audience tasklist.camunda.io');
    expect((oauth as Strategies.OAuthStrategy).audience).toBe('tasklist.camunda.io');
    const cookie = strategies.cookieAuth({ username: 'demo', password: PASSWORD }, { baseUrl: 'https://tasklist.example.com' });
    expect(cookie.secrets!.redact(PASSWORD)).not.toContain(PASSWORD);
    expect(cookie.describe()).toBe('cookie session as demo (cookie jar)');
    expect(loads).toEqual([]);
  });

  it('the first call waits for the module and then signs; the module is loaded once', async () => {
    const seen: string[] = [];
    const tf = transports.createTransport({
      baseUrl: 'https://tasklist.example.com',
      auth: oauthConfig,
      fetch: fakeServers(seen),
      authOptions: { tokenCache: new TokenCache() },
    });
    expect(loads).toEqual([]);
    const [a, b] = await Promise.all([tf('/v1/tasks/1'), tf('/v1/tasks/2')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await tf('/v1/tasks/3')).status).toBe(200);
    expect(loads).toEqual(['oauth']);
    // One token request for all three calls (the shared cache and single-flight are the module's).
    expect(seen.filter((url) => url.startsWith('https://idp.example.com/'))).toHaveLength(1);
  });

  it("the first call's time limit covers the load: a load that hangs is that call's TimeoutError, with no auth event", async () => {
    mode = 'hold';
    const events: string[] = [];
    const tf = transports.createTransport({
      baseUrl: 'https://tasklist.example.com',
      auth: oauthConfig,
      fetch: fakeServers(),
      timeoutMs: 100,
      retry: { retries: 0 },
      onEvent: (event) => events.push(event.type),
      authOptions: { tokenCache: new TokenCache() },
    });
    const error = await tf('/v1/tasks/1').catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(events.filter((type) => type.startsWith('token'))).toEqual([]);
    // Once the module is there, the next call goes through.
    release();
    expect((await tf('/v1/tasks/1')).status).toBe(200);
  });

  it("the caller's signal ends the wait for the module", async () => {
    mode = 'hold';
    const oauth = strategies.createAuthStrategy(oauthConfig, {
      fetch: fakeServers(),
      tokenCache: new TokenCache(),
    }) as Strategies.OAuthStrategy;
    const controller = new AbortController();
    const waiting = oauth.getToken(controller.signal);
    controller.abort(new Error('the user left the page'));
    await expect(waiting).rejects.toThrow('the user left the page');
    release();
    expect(await oauth.getToken()).toBe(TOKEN);
  });

  it('a load that fails is an AuthError for that call, without a secret; the next call loads again', async () => {
    mode = 'fail';
    const tf = transports.createTransport({
      baseUrl: 'https://tasklist.example.com',
      auth: oauthConfig,
      fetch: fakeServers(),
      authOptions: { tokenCache: new TokenCache() },
    });
    const error = (await tf('/v1/tasks/1').catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(errors.AuthError);
    expect(error.code).toBe('AUTH_FAILED');
    // (vitest words the failure of a mocked module its own way; a browser says what it could not fetch.)
    expect(error.message).toMatch(/^The OAUTH sign-in code could not be loaded: /);
    expect(error.hint).toMatch(/every file of the build/);
    expect(JSON.stringify({ message: error.message, hint: error.hint, stack: error.stack })).not.toContain(SECRET);
    mode = 'now';
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    expect(loads).toEqual(['oauth', 'oauth']);
  });

  it('what a transport offers before the load (its fetch) is what the loaded strategy uses', async () => {
    const seen: string[] = [];
    const oauth = strategies.oauthClientCredentials(
      { clientId: 'worker', clientSecret: SECRET, oauthUrl: 'https://idp.example.com/token' },
      { tokenCache: new TokenCache() },
    );
    const tf = transports.createTransport({ baseUrl: 'https://tasklist.example.com', auth: oauth, fetch: fakeServers(seen) });
    oauth.useTransportDefaults?.({ fetch: fakeServers(seen) });
    expect((await tf('/v1/tasks/1')).status).toBe(200);
    expect(seen[0]).toBe('https://idp.example.com/token');
  });

  it('a call with an aborted signal rejects with its reason and leaves nothing unhandled, cold or warm', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const tf = transports.createTransport({
        baseUrl: 'https://tasklist.example.com',
        auth: oauthConfig,
        fetch: fakeServers(),
        authOptions: { tokenCache: new TokenCache() },
      });
      const cold = await tf('/v1/tasks/1', { signal: AbortSignal.abort(new Error('left before the first call')) }).catch((e: unknown) => e);
      expect((cold as Error).message).toBe('left before the first call');
      expect((await tf('/v1/tasks/1')).status).toBe(200);
      const warm = await tf('/v1/tasks/2', { signal: AbortSignal.abort(new Error('left')) }).catch((e: unknown) => e);
      expect((warm as Error).message).toBe('left');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect((await tf('/v1/tasks/3')).status).toBe(200);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('once loaded, getToken with an aborted signal answers from the cache as the module itself does', async () => {
    const oauth = strategies.oauthClientCredentials(
      { clientId: 'worker', clientSecret: SECRET, oauthUrl: 'https://idp.example.com/token' },
      { fetch: fakeServers(), tokenCache: new TokenCache() },
    );
    expect(await oauth.getToken()).toBe(TOKEN);
    expect(await oauth.getToken(AbortSignal.abort())).toBe(TOKEN);
  });

  it("a failed load's error shows the token URL as describe() does: no query value, the default URL when none is set", async () => {
    mode = 'fail';
    const withKey = strategies.oauthClientCredentials(
      { clientId: 'worker', clientSecret: SECRET, oauthUrl: 'https://idp.example.com/token?api-key=QueryKey-9f8e7d' },
      { fetch: fakeServers(), tokenCache: new TokenCache() },
    );
    const error = (await withKey.getToken().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(errors.AuthError);
    expect(JSON.stringify({ url: error.url, message: error.message, hint: error.hint })).not.toContain('QueryKey-9f8e7d');
    const byDefault = strategies.oauthClientCredentials({ clientId: 'worker', clientSecret: SECRET }, { fetch: fakeServers() });
    expect(((await byDefault.getToken().catch((e: unknown) => e)) as AuthError).url).toBe('https://login.cloud.camunda.io/oauth/token');
  });

  it('takes its config as it was at creation: a config object changed afterwards changes nothing', async () => {
    const seen: string[] = [];
    const config: { strategy: 'OAUTH'; clientId: string; clientSecret: string; oauthUrl: string } = { ...oauthConfig };
    const oauth = strategies.createAuthStrategy(config, { fetch: fakeServers(seen), tokenCache: new TokenCache() });
    config.oauthUrl = 'https://elsewhere.example.com/token';
    expect(await (oauth as Strategies.OAuthStrategy).getToken()).toBe(TOKEN);
    expect(seen).toEqual(['https://idp.example.com/token']);
  });
});
