import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspect } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIdentityProvider, type IdentityProvider } from '../../src/emulator/identity-provider.js';
import { createTransport } from '../../src/runtime/transport.js';
import { createNodeTransport } from '../../src/runtime/node-transport.js';
import { createAuthStrategy } from '../../src/auth/strategies/index.js';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { json, startServer, type TestServer } from './helpers.js';

const CLIENT_SECRET = 'cs-Z9q&x=y+7 %leak';
const PASSWORD = 'pw-K3y&p=w+5 %leak';

/** Every form a secret could travel in. */
const forbidden = [
  CLIENT_SECRET,
  PASSWORD,
  encodeURIComponent(CLIENT_SECRET),
  encodeURIComponent(PASSWORD),
  new URLSearchParams({ s: CLIENT_SECRET }).toString().slice(2),
  new URLSearchParams({ s: PASSWORD }).toString().slice(2),
  Buffer.from(`demo:${PASSWORD}`).toString('base64'),
  'cs-Z9q',
  'pw-K3y',
];

describe('secrets never appear in errors, events, warnings or logs', () => {
  let idp: IdentityProvider;
  let api: TestServer;
  let root: string;
  const written: string[] = [];

  beforeAll(async () => {
    idp = await startIdentityProvider({ clients: [{ clientId: 'leak-client', clientSecret: CLIENT_SECRET }] });
    api = await startServer((req, res) => {
      if (req.url?.startsWith('/api/login')) json(res, 401, { message: 'Bad credentials' });
      else json(res, 401, { message: 'no' });
    });
    root = await mkdtemp(path.join(tmpdir(), 'tlc-leak-'));
    // Everything printed by anyone during these tests is checked too.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '));
      });
    }
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await api.close();
    await idp.close();
    await rm(root, { recursive: true, force: true });
  });

  function everything(error: unknown): string {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; depth < 5 && current; depth++) {
      parts.push(String(current), inspect(current, { depth: 6, showHidden: false }));
      if (current instanceof Error) parts.push(current.stack ?? '', JSON.stringify(current));
      current = (current as { cause?: unknown }).cause;
    }
    return parts.join('\n');
  }

  it('across every failure path', async () => {
    const seen: string[] = [];
    const onEvent = (e: unknown) => seen.push(JSON.stringify(e));
    const failures: unknown[] = [];
    const run = async (p: Promise<unknown> | (() => unknown)) => {
      try {
        await (typeof p === 'function' ? p() : p);
      } catch (error) {
        failures.push(error);
      }
    };
    const oauth = { strategy: 'OAUTH' as const, clientId: 'leak-client', clientSecret: CLIENT_SECRET, oauthUrl: idp.tokenUrl };
    const fresh = { tokenCache: new TokenCache() };

    // OAuth: wrong secret in the body and as Basic; endpoint 500, broken JSON, down, slow.
    await run(
      createTransport({
        baseUrl: api.url,
        auth: { ...oauth, clientSecret: `${CLIENT_SECRET}-wrong` },
        onEvent,
        authOptions: { tokenCache: new TokenCache() },
      })('/v1/tasks'),
    );
    await run(
      createTransport({
        baseUrl: api.url,
        auth: { ...oauth, clientAuthMethod: 'basic' },
        onEvent,
        authOptions: { tokenCache: new TokenCache() },
      })('/v1/tasks'),
    );
    for (const fault of ['status500', 'malformedJson', 'down'] as const) {
      idp.setFault(fault);
      await run(
        createTransport({ baseUrl: api.url, auth: oauth, onEvent, authOptions: { tokenCache: new TokenCache(), tokenRequestAttempts: 1 } })(
          '/v1/tasks',
        ),
      );
    }
    idp.setFault(null);
    // A valid token the API still refuses: one retry, then HttpError.
    await run(createTransport({ baseUrl: api.url, auth: oauth, onEvent, authOptions: fresh })('/v1/tasks'));
    // Token URL with credentials in it, and a plain-http remote one.
    await run(
      createTransport({
        baseUrl: api.url,
        auth: {
          ...oauth,
          oauthUrl: `http://leak-client:${encodeURIComponent(CLIENT_SECRET)}@127.0.0.1:1/token?client_secret=${encodeURIComponent(CLIENT_SECRET)}`,
        },
        onEvent,
        authOptions: { tokenCache: new TokenCache() },
      })('/v1/tasks'),
    );
    await run(() =>
      createTransport({
        baseUrl: api.url,
        auth: { ...oauth, oauthUrl: 'http://idp.example.com/token' },
        onEvent,
        authOptions: { tokenCache: new TokenCache() },
      })('/v1/tasks'),
    );
    // Basic and cookie with a wrong password; cookie login against a dead port.
    await run(
      createTransport({ baseUrl: api.url, auth: { strategy: 'BASIC', username: 'demo', password: PASSWORD }, onEvent })('/v1/tasks'),
    );
    await run(
      createTransport({ baseUrl: api.url, auth: { strategy: 'COOKIE', username: 'demo', password: PASSWORD }, onEvent })('/v1/tasks'),
    );
    await run(
      createTransport({
        baseUrl: 'http://127.0.0.1:1',
        auth: { strategy: 'COOKIE', username: 'demo', password: PASSWORD },
        onEvent,
        retry: false,
      })('/v1/tasks'),
    );
    // Configuration errors with the secret set.
    await run(() => resolveAuthConfig({ CAMUNDA_CLIENT_SECRET: CLIENT_SECRET }));
    await run(() => resolveAuthConfig({ CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_PASSWORD: PASSWORD }));
    // An unwritable disk cache warns (through console.warn, the default).
    const blocker = path.join(root, 'blocker');
    await writeFile(blocker, 'x');
    await run(
      createNodeTransport({
        env: {
          CAMUNDA_TASKLIST_BASE_URL: api.url,
          CAMUNDA_CLIENT_ID: 'leak-client',
          CAMUNDA_CLIENT_SECRET: CLIENT_SECRET,
          CAMUNDA_OAUTH_URL: idp.tokenUrl,
          CAMUNDA_TOKEN_CACHE_DIR: path.join(blocker, 'd'),
        },
        onEvent,
        authOptions: { tokenCache: new TokenCache() },
      })('/v1/tasks'),
    );
    const descriptions = [
      createAuthStrategy(oauth).describe(),
      createAuthStrategy({ strategy: 'BASIC', username: 'demo', password: PASSWORD }).describe(),
      createAuthStrategy({ strategy: 'COOKIE', username: 'demo', password: PASSWORD }).describe(),
    ];

    // The scenarios really failed (otherwise this test would prove nothing).
    expect(failures.length).toBeGreaterThanOrEqual(14);
    expect(written.some((line) => /in-memory cache only/.test(line))).toBe(true);
    expect(seen.some((e) => e.includes('token-request-failed'))).toBe(true);

    const haystack = [...failures.map(everything), ...seen, ...written, ...descriptions].join('\n');
    for (const secret of forbidden) {
      expect(haystack.includes(secret), `secret form ${JSON.stringify(secret)} leaked`).toBe(false);
    }
  });
});
