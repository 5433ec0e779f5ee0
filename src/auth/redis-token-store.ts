/**
 * An opt-in token store on Redis, shared by every process that uses the same Redis: bots and task
 * UIs running as many processes ask the identity provider for one token between them instead of
 * one each. Node only, and in its own entry point (`tasklist-codegen/runtime/redis`), so neither
 * the browser runtime nor a Node user without Redis loads a Redis client.
 *
 * - Tokens are stored under `<prefix><sha256 of the cache key>` (no client id in a key name) with
 *   a TTL that ends when the token does. Their values are never logged, nor put in a message.
 * - Single-flight across processes: the process that wins `SET <key>:lock NX PX` looks for a
 *   token once more (one may have been saved since it last looked) and otherwise asks for it; the
 *   others poll for the token it saves. A holder that dies is replaced when its lock
 *   expires.
 * - Redis down (at start or later): one warning, then the `fallback` store (e.g. the disk cache)
 *   or none. The strategy's in-memory cache keeps working either way. Redis is tried again after a
 *   cooldown.
 *
 * The client is node-redis's core, `@redis/client` (an optional peer dependency: install it to use
 * this entry point).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { isCachedToken, type CachedToken, type TokenStore } from './token-cache.js';

export interface RedisTokenStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. Credentials in it are never printed. */
  url: string;
  /** Prefix of every key this store writes. Default `tasklist-codegen:token:`. */
  prefix?: string;
  /** Where tokens go while Redis cannot be reached, e.g. `createDiskTokenStore(…)`. Default: none (memory only). */
  fallback?: TokenStore;
  /** Called once per outage, with a message that names the Redis host and never a token or password. Default `console.warn`. */
  warn?: (message: string) => void;
  /** How long the process asking for a token holds the lock before another may take over. Default 30 s. */
  lockMs?: number;
  /** How often a waiting process looks for the token. Default 50 ms. */
  pollMs?: number;
  /** Connecting to Redis and each command give up after this. Default 1 s. */
  timeoutMs?: number;
  /** After Redis failed, how long before it is tried again. Default 30 s. */
  retryAfterMs?: number;
}

export interface RedisTokenStore extends TokenStore {
  /** Closes the connection (it does not keep a process alive in any case). */
  close(): Promise<void>;
}

/** A client that fails fast instead of queueing commands for a server that is not there; reconnecting is done by the store, lazily, after its cooldown. */
function newClient(url: string, timeoutMs: number) {
  return createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
}

type Client = ReturnType<typeof newClient>;

/** Deletes the lock only if it is still ours (it may have expired and been taken by another process). */
const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  const prefix = options.prefix ?? 'tasklist-codegen:token:';
  const lockMs = options.lockMs ?? 30_000;
  const pollMs = options.pollMs ?? 50;
  const timeoutMs = options.timeoutMs ?? 1_000;
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const where = describeServer(options.url);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let client: Client | undefined;
  let connecting: Promise<Client | undefined> | undefined;
  let downSince: number | undefined;
  let warned = false;

  function markDown(error: unknown): void {
    downSince = Date.now();
    const dropped = client;
    client = undefined;
    connecting = undefined;
    dropped?.destroy();
    if (warned) return;
    warned = true;
    warn(`Redis token store at ${where} is not usable (${reasonOf(error)}); using the local token cache until it is back`);
  }

  /** A connected client, or undefined while Redis is down (then the fallback is used). */
  function connected(): Promise<Client | undefined> {
    if (client?.isReady) return Promise.resolve(client);
    if (downSince !== undefined && Date.now() - downSince < retryAfterMs) return Promise.resolve(undefined);
    connecting ??= (async () => {
      const fresh = newClient(options.url, timeoutMs);
      fresh.on('error', (error: unknown) => {
        if (client === fresh) markDown(error);
      });
      try {
        await withTimeout(fresh.connect(), timeoutMs);
        // A token store must never keep a finished program running.
        fresh.unref();
        client = fresh;
        downSince = undefined;
        if (warned) {
          warned = false;
          warn(`Redis token store at ${where} is reachable again`);
        }
        return fresh;
      } catch (error) {
        fresh.destroy();
        markDown(error);
        return undefined;
      } finally {
        connecting = undefined;
      }
    })();
    return connecting;
  }

  /** Runs a command; a Redis failure marks it down and gives `undefined`. */
  async function command<T>(run: (redis: Client) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    const redis = await connected();
    if (!redis) return { ok: false };
    try {
      return { ok: true, value: await withTimeout(run(redis), timeoutMs) };
    } catch (error) {
      markDown(error);
      return { ok: false };
    }
  }

  const keyFor = (key: string) => `${prefix}${createHash('sha256').update(key).digest('hex')}`;

  async function load(key: string): Promise<CachedToken | undefined> {
    const result = await command((redis) => redis.get(keyFor(key)));
    if (!result.ok) return options.fallback?.load(key);
    return parseToken(result.value);
  }

  async function save(key: string, token: CachedToken): Promise<void> {
    const ttl = Math.floor(token.expiresAt - Date.now());
    if (ttl <= 0) return;
    const result = await command((redis) => redis.set(keyFor(key), JSON.stringify(token), { expiration: { type: 'PX', value: ttl } }));
    if (!result.ok) await options.fallback?.save(key, token);
  }

  return {
    load,
    save,
    async remove(key) {
      const result = await command((redis) => redis.del(keyFor(key)));
      if (!result.ok) await options.fallback?.remove(key);
    },
    async singleFlight(key, request, isFresh) {
      const tokenKey = keyFor(key);
      const lockKey = `${tokenKey}:lock`;
      const owner = randomBytes(16).toString('hex');
      // A holder that died frees the lock after lockMs; past twice that, stop waiting for anyone.
      const giveUpAt = Date.now() + 2 * lockMs;
      for (;;) {
        const stored = await command((redis) => redis.get(tokenKey));
        if (!stored.ok) return localFlight(key, request);
        const token = parseToken(stored.value);
        if (token && isFresh(token)) return token;
        const locked = await command((redis) => redis.set(lockKey, owner, { condition: 'NX', expiration: { type: 'PX', value: lockMs } }));
        if (!locked.ok) return localFlight(key, request);
        if (locked.value === 'OK') {
          try {
            // Another process may have saved a token and freed the lock between our read and our
            // lock: look again before asking the identity provider.
            const saved = await command((redis) => redis.get(tokenKey));
            const current = saved.ok ? parseToken(saved.value) : undefined;
            if (current && isFresh(current)) return current;
            const fresh = await request();
            await save(key, fresh);
            return fresh;
          } finally {
            await command((redis) => redis.eval(RELEASE_LOCK, { keys: [lockKey], arguments: [owner] }));
          }
        }
        if (Date.now() > giveUpAt) return localFlight(key, request);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    async close() {
      const open = client;
      client = undefined;
      downSince = Date.now();
      if (open) await open.close().catch(() => open.destroy());
    },
  };

  /** Without Redis: this process asks on its own, and keeps the token in the fallback store. */
  async function localFlight(key: string, request: () => Promise<CachedToken>): Promise<CachedToken> {
    const token = await request();
    await options.fallback?.save(key, token).catch(() => undefined);
    return token;
  }
}

function parseToken(text: string | null | undefined): CachedToken | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isCachedToken(value)) return value;
  } catch {
    // Not ours: treated as absent, and replaced by the next token.
  }
  return undefined;
}

/** `redis://host:port`, without user, password or anything after the port. */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(an invalid Redis URL)';
  }
}

/** An error's code or first line, for the warning; never the URL (node-redis may include it) nor a value. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')[0]!
    .replace(/\b\w+:\/\/\S+/g, '<url>')
    .slice(0, 120);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'TIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
