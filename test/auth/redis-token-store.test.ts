/**
 * The opt-in Redis token store against a real redis-server (started here on 127.0.0.1 with a free
 * port, no persistence, and stopped afterwards): the store contract with TTLs, one token request
 * for a fleet of processes on a cold store, and the fall-back to the local cache when Redis is
 * down, with one warning that carries no token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenStore } from '../../src/auth/redis-token-store.js';
import { createOAuth } from '../../src/auth/strategies/oauth.js';
import { TokenCache, type CachedToken } from '../../src/auth/token-cache.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const hasRedis = spawnSync('redis-server', ['--version']).error === undefined;
if (!hasRedis) console.log('redis-token-store.test.ts: skipped, no redis-server binary (Debian: apt-get install -y redis-server)');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(givenPort?: number): Promise<{ url: string; process: ChildProcess }> {
  const port = givenPort ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A token endpoint that counts requests and answers slowly, so concurrent askers overlap. */
async function startTokenServer(delayMs: number): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: `access-token-${requests}-marker`, token_type: 'Bearer', expires_in: 300 }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    count: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const token = (accessToken: string, ttlMs = 60_000): CachedToken => ({
  accessToken,
  tokenType: 'Bearer',
  expiresAt: Date.now() + ttlMs,
  refreshAt: Date.now() + ttlMs / 2,
});

describe.skipIf(!hasRedis)('Redis token store (real redis-server)', () => {
  let redis: { url: string; process: ChildProcess };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await stop(redis?.process);
  });

  it('keeps the store contract, with a TTL that ends with the token and no client id in key names', async () => {
    const store = createRedisTokenStore({ url: redis.url, prefix: 'contract:' });
    try {
      expect(await store.load('["https://idp/token","client-id-marker",null,null]')).toBeUndefined();
      await store.save('["https://idp/token","client-id-marker",null,null]', token('stored-token', 60_000));
      expect((await store.load('["https://idp/token","client-id-marker",null,null]'))?.accessToken).toBe('stored-token');
      const raw = createClient({ url: redis.url });
      await raw.connect();
      const keys = await raw.keys('contract:*');
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain('client-id-marker');
      const ttl = await raw.pTTL(keys[0]!);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // Something that is not a token (planted, or another tool's) reads as absent.
      await raw.set(keys[0]!, '{"accessToken":1}');
      expect(await store.load('["https://idp/token","client-id-marker",null,null]')).toBeUndefined();
      await store.save('["https://idp/token","client-id-marker",null,null]', token('again'));
      await store.remove('["https://idp/token","client-id-marker",null,null]');
      expect(await raw.keys('contract:*')).toEqual([]);
      await raw.close();
    } finally {
      await store.close();
    }
  });

  it('a fleet of 8 processes on a cold store makes one token request between them', async () => {
    const server = await startTokenServer(300);
    try {
      const fleet = Array.from({ length: 8 }, () => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(here, 'fixtures/redis-token-client.ts'), redis.url, server.url],
          {
            stdio: ['pipe', 'pipe', 'inherit'],
          },
        );
        let out = '';
        const ready = new Promise<void>((resolve) =>
          child.stdout.on('data', (chunk) => {
            out += chunk;
            if (out.startsWith('ready\n')) resolve();
          }),
        );
        const done = new Promise<{ token: string; warnings: string[] }>((resolve, reject) =>
          child.once('exit', (code) =>
            code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`client exited with ${code}: ${out}`)),
          ),
        );
        return { child, ready, done };
      });
      // All started and connected; then all ask at once.
      await Promise.all(fleet.map((member) => member.ready));
      for (const { child } of fleet) child.stdin.end('go\n');
      const results = await Promise.all(fleet.map((member) => member.done));
      // Warnings first: a process that gave up on Redis asks on its own, and says so.
      expect(results.flatMap((r) => r.warnings)).toEqual([]);
      expect(server.count()).toBe(1);
      expect(new Set(results.map((r) => r.token))).toEqual(new Set(['access-token-1-marker']));
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a store that wins the lock just after another saved the token uses that token (the check after the lock)', async () => {
    // Many stores (each its own connection) race for one key, round after round, with a token
    // request that answers at once: the winner saves and frees the lock while the others are
    // between reading "no token" and taking the lock. Without a second look after taking the lock
    // a late winner asks again.
    const stores = Array.from({ length: 12 }, () => createRedisTokenStore({ url: redis.url, prefix: 'race:', pollMs: 5 }));
    try {
      await Promise.all(stores.map((store) => store.load('warm-up')));
      const perRound: number[] = [];
      for (let round = 0; round < 25; round++) {
        let requests = 0;
        const request = async (): Promise<CachedToken> => {
          requests++;
          await new Promise((resolve) => setImmediate(resolve));
          return token(`round-${round}-${requests}`);
        };
        // Staggered starts, so some stores read while the winner is saving and freeing the lock.
        const got = await Promise.all(
          stores.map(async (store, i) => {
            for (let spin = 0; spin < i * 3; spin++) await new Promise((resolve) => setImmediate(resolve));
            return store.singleFlight!(`round-${round}`, request, () => true);
          }),
        );
        perRound.push(requests);
        expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);
      }
      expect(perRound.filter((n) => n !== 1)).toEqual([]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  }, 30_000);

  it('Redis down: the local cache takes over with one warning (no token in it), and Redis is used again once back', async () => {
    const down = await startRedis();
    const server = await startTokenServer(10);
    const warnings: string[] = [];
    const store = createRedisTokenStore({ url: down.url, warn: (message) => warnings.push(message), retryAfterMs: 200 });
    try {
      await stop(down.process);
      const cache = new TokenCache();
      const oauth = createOAuth(
        { strategy: 'OAUTH', clientId: 'c', clientSecret: 's', oauthUrl: server.url },
        { tokenStore: store, tokenCache: cache, fetch: globalThis.fetch },
      );
      const first = await oauth.getToken();
      expect(first).toBe('access-token-1-marker');
      for (let i = 0; i < 5; i++) expect(await oauth.getToken()).toBe(first);
      expect(server.count()).toBe(1);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^Redis token store at redis:\/\/127\.0\.0\.1:\d+ is not usable \(ECONNREFUSED\); using the local token cache/,
      );
      expect(warnings.join('\n')).not.toContain('access-token');
      // More failing calls after the cooldown: still one warning.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await store.save('k', token('while-down'));
      expect(await store.load('k')).toBeUndefined();
      expect(warnings).toHaveLength(1);
      // Back on the same port: after the cooldown the store uses it again, and says so once.
      const back = await startRedis(Number(new URL(down.url).port));
      try {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await store.save('k', token('after-restart'));
        expect((await store.load('k'))?.accessToken).toBe('after-restart');
        expect(warnings).toHaveLength(2);
        expect(warnings[1]).toMatch(/is reachable again$/);
      } finally {
        await stop(back.process);
      }
    } finally {
      await store.close();
      await server.close();
    }
  }, 30_000);

  it('Redis that is not there at all does not hold up the first token for more than the connect timeout', async () => {
    const server = await startTokenServer(10);
    const warnings: string[] = [];
    // A port nothing listens on, and a short timeout.
    const store = createRedisTokenStore({
      url: `redis://127.0.0.1:${await freePort()}`,
      warn: (message) => warnings.push(message),
      timeoutMs: 500,
    });
    try {
      const oauth = createOAuth(
        { strategy: 'OAUTH', clientId: 'c2', clientSecret: 's', oauthUrl: server.url },
        { tokenStore: store, tokenCache: new TokenCache(), fetch: globalThis.fetch },
      );
      const started = Date.now();
      expect(await oauth.getToken()).toBe('access-token-1-marker');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(warnings).toHaveLength(1);
    } finally {
      await store.close();
      await server.close();
    }
  });
});
