/**
 * `tasklist-codegen/runtime/node`: the runtime plus what only Node can do — configuration from
 * `process.env`, the disk token cache, and TLS with custom CAs and client certificates
 * (Camunda's `CAMUNDA_CUSTOM_ROOT_CERT_PATH`, `CAMUNDA_CUSTOM_CERT_CHAIN_PATH`,
 * `CAMUNDA_CUSTOM_PRIVATE_KEY_PATH`) through undici's Agent and its own fetch.
 */
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { resolveAuthConfig, resolveBaseUrl, type Env } from '../auth/env.js';
import { createDiskTokenStore } from '../auth/disk-token-store.js';
import { isAuthStrategy } from '../auth/strategy.js';
import { ConfigError } from './errors.js';
import { createTransport, type Transport, type TransportOptions } from './transport.js';

export * from './index.js';
export { createDiskTokenStore, type DiskTokenStoreOptions } from '../auth/disk-token-store.js';

export interface TlsOptions {
  /** Extra trusted CA certificates (PEM). Node's own roots stay trusted too. */
  ca?: string | Buffer;
  /** Client certificate chain for mutual TLS (PEM). */
  cert?: string | Buffer;
  /** Client private key for mutual TLS (PEM). */
  key?: string | Buffer;
}

export interface NodeTransportOptions extends TransportOptions {
  /** Where configuration is read from. Default `process.env`. */
  env?: Env;
  /** TLS material; default from the `CAMUNDA_CUSTOM_*_PATH` variables. */
  tls?: TlsOptions;
  /** Disk token cache folder; `false` turns it off. Default: the OAuth config's `cacheDir` (`CAMUNDA_TOKEN_CACHE_DIR`). */
  tokenCacheDir?: string | false;
  /** Where the one-time warnings go (unusable disk cache). Default `console.warn`. */
  warn?: (message: string) => void;
  /**
   * Most sockets open to one origin at once; further calls queue. Default 64. Without a cap, Node's
   * fetch opens a socket per concurrent call, and a burst of 1,000 overflows a server's listen
   * backlog with connection errors. Ignored when `fetch` is given.
   */
  maxConnections?: number;
}

/** The default socket cap per origin (browsers allow 6 per host over HTTP/1.1; 64 is generous and still bounded). */
export const DEFAULT_MAX_CONNECTIONS = 64;

const TLS_VARIABLES = {
  ca: 'CAMUNDA_CUSTOM_ROOT_CERT_PATH',
  cert: 'CAMUNDA_CUSTOM_CERT_CHAIN_PATH',
  key: 'CAMUNDA_CUSTOM_PRIVATE_KEY_PATH',
} as const;

/** TLS material from Camunda's variables; undefined when none is set. Throws `ConfigError` naming a file that cannot be read. */
export function resolveTlsFromEnv(env: Env = process.env): TlsOptions | undefined {
  const tls: TlsOptions = {};
  for (const [field, variable] of Object.entries(TLS_VARIABLES) as Array<[keyof TlsOptions, string]>) {
    const file = env[variable]?.trim();
    if (!file) continue;
    try {
      tls[field] = readFileSync(file);
    } catch (error) {
      throw new ConfigError(`${variable}=${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
        variable,
        hint: 'Point it at a PEM file this process can read',
      });
    }
  }
  if (tls.cert && !tls.key) throw new ConfigError(`${TLS_VARIABLES.cert} is set but ${TLS_VARIABLES.key} is not`, { variable: TLS_VARIABLES.key, hint: 'Mutual TLS needs the client certificate and its private key' });
  if (tls.key && !tls.cert) throw new ConfigError(`${TLS_VARIABLES.key} is set but ${TLS_VARIABLES.cert} is not`, { variable: TLS_VARIABLES.cert, hint: 'Mutual TLS needs the client certificate and its private key' });
  return Object.keys(tls).length > 0 ? tls : undefined;
}

/**
 * A fetch over undici with the given TLS material. Requests and responses are the global
 * `Request`/`Response` classes on both sides, so the rest of the runtime does not notice.
 */
export function createTlsFetch(tls: TlsOptions, options: { maxConnections?: number } = {}): typeof fetch {
  const dispatcher = new Agent({
    connections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    connect: {
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
    },
  });
  return async (input, init) => {
    // The transport's common case, (url, init) with a string or bytes body, goes straight through;
    // a Request or a FormData (undici's own class differs from the global one) is taken apart first.
    if (!(input instanceof Request) && !(init?.body instanceof FormData)) {
      const response = await undiciFetch(String(input), { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1]);
      return new Response(response.body as ReadableStream<Uint8Array> | null, {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
      });
    }
    const request = new Request(input, init);
    const body = request.body ? await request.arrayBuffer() : undefined;
    const response = await undiciFetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      ...(body === undefined ? {} : { body }),
      redirect: request.redirect,
      signal: request.signal,
      dispatcher,
    });
    return new Response(response.body as ReadableStream<Uint8Array> | null, {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
    });
  };
}

/**
 * Node's own fetch through an undici Agent that opens at most `maxConnections` sockets per origin.
 * Responses stay the global `Response` class.
 */
export function createPooledFetch(maxConnections: number = DEFAULT_MAX_CONNECTIONS): typeof fetch {
  const dispatcher = new Agent({ connections: maxConnections });
  // `dispatcher` is undici's extension of RequestInit; Node's fetch accepts an Agent from the undici package.
  return (input, init) => globalThis.fetch(input, { ...init, dispatcher } as RequestInit);
}

/**
 * `createTransport` configured from the environment: base URL, auth strategy, disk token cache,
 * TLS. Explicit options win over the environment.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport {
  const env = options.env ?? process.env;
  const baseUrl = options.baseUrl ?? resolveBaseUrl(env);
  const auth = options.auth ?? resolveAuthConfig(env);
  const tls = options.tls ?? resolveTlsFromEnv(env);
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const fetchImpl = options.fetch ?? (tls ? createTlsFetch(tls, { maxConnections }) : createPooledFetch(maxConnections));

  const authOptions = { ...options.authOptions };
  if (!isAuthStrategy(auth) && auth.strategy === 'OAUTH' && !authOptions.tokenStore) {
    const dir = options.tokenCacheDir === false ? undefined : (options.tokenCacheDir ?? auth.cacheDir);
    if (dir) authOptions.tokenStore = createDiskTokenStore({ dir, ...(options.warn ? { warn: options.warn } : {}) });
  }
  return createTransport({
    ...options,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    auth,
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
    authOptions,
  });
}
