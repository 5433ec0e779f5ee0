/**
 * The Node transport under the Node entry's `createTasklistClient` and the CLI: configuration from
 * `process.env`, the disk token cache, and TLS with custom CAs and client certificates (Camunda's
 * `CAMUNDA_CUSTOM_ROOT_CERT_PATH` / `CAMUNDA_CUSTOM_ROOT_CERT_STRING`,
 * `CAMUNDA_CUSTOM_CERT_CHAIN_PATH`, `CAMUNDA_CUSTOM_PRIVATE_KEY_PATH`) through undici's Agent and
 * its own fetch. Not a public entry: apps get all of it through `createTasklistClient`.
 *
 * undici is an optional peer dependency, loaded only when it is used: it is 2 MB, several times the
 * rest of the runtime, and an app that needs neither TLS material nor a connection cap should not
 * have to install it. When it is installed, every Node client caps its sockets per origin (64 by
 * default); when it is not, the client runs on Node's own fetch, and asking for TLS material or
 * `maxConnections` is a `ConfigError` that says to install it.
 *
 * A ready strategy and an `AuthConfig` get the same: the TLS material, the connection cap and the
 * disk token cache, for API calls and token requests alike.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rootCertificates } from 'node:tls';
import { resolveAuthConfig, resolveBaseUrl, type Env } from '../auth/env.js';
import { createDiskTokenStore } from '../auth/disk-token-store.js';
import { isAuthStrategy } from '../auth/strategy.js';
import type { TokenStore } from '../auth/token-cache.js';
import { assertSecureUrl } from '../util/secure-url.js';
import { ConfigError } from '../util/errors.js';
import { createTransport, type Transport, type TransportOptions } from './transport.js';

export interface TlsOptions {
  /** Extra trusted CA certificates (PEM). Node's own roots (and `NODE_EXTRA_CA_CERTS`) stay trusted too. */
  ca?: string | Uint8Array;
  /** Client certificate chain for mutual TLS (PEM). */
  cert?: string | Uint8Array;
  /** Client private key for mutual TLS (PEM). */
  key?: string | Uint8Array;
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
   * backlog with connection errors. Ignored when `fetch` is given. Applied through undici: the
   * default cap when undici is installed, and an explicit one is a `ConfigError` when it is not.
   */
  maxConnections?: number;
  /**
   * Wraps the fetch built here (TLS, socket cap) or given as `fetch`: the layer under sign-in and
   * retries, where the answer's bytes arrive (the CLI bounds schema downloads there).
   */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
}

/**
 * PEM material as text. The options take `Uint8Array` (a `Buffer` is one) rather than `Buffer`, so
 * the declarations an app type-checks against need no Node types.
 */
function pemText(pem: string | Uint8Array): string {
  return typeof pem === 'string' ? pem : new TextDecoder().decode(pem);
}

/** The default socket cap per origin (browsers allow 6 per host over HTTP/1.1; 64 is generous and still bounded). */
export const DEFAULT_MAX_CONNECTIONS = 64;

type Undici = typeof import('undici');

/** undici when the app installed it, `null` when it did not; `undefined` until first asked. */
let undiciModule: Undici | null | undefined;

/** undici, loaded on first use (synchronously: it is CommonJS), or undefined when not installed. */
function optionalUndici(): Undici | undefined {
  if (undiciModule === undefined) {
    try {
      undiciModule = createRequire(import.meta.url)('undici') as Undici;
    } catch (error) {
      // Only "undici itself is not there" means absent; a broken undici says what broke it.
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !/'undici'/.test((error as Error).message)) throw error;
      undiciModule = null;
    }
  }
  return undiciModule ?? undefined;
}

/** undici for a feature only it provides; a `ConfigError` naming the feature and the fix when it is not installed. */
function requireUndici(feature: string, variable?: string): Undici {
  const undici = optionalUndici();
  if (undici) return undici;
  throw new ConfigError(`${feature} needs the undici package, which is not installed`, {
    ...(variable ? { variable } : {}),
    hint: 'npm install undici (an optional peer dependency of @tasklist-codegen/runtime, used only for TLS material and the connection cap)',
  });
}

const TLS_VARIABLES = {
  ca: 'CAMUNDA_CUSTOM_ROOT_CERT_PATH',
  cert: 'CAMUNDA_CUSTOM_CERT_CHAIN_PATH',
  key: 'CAMUNDA_CUSTOM_PRIVATE_KEY_PATH',
} as const;

/** Camunda's SDK reads the CA as a PEM string too. */
const ROOT_CERT_STRING = 'CAMUNDA_CUSTOM_ROOT_CERT_STRING';

/**
 * TLS material from Camunda's variables; undefined when none is set. The CA may come from a file
 * (`CAMUNDA_CUSTOM_ROOT_CERT_PATH`), a PEM string (`CAMUNDA_CUSTOM_ROOT_CERT_STRING`, `\n` escapes
 * allowed) or both. Throws `ConfigError` naming a file that cannot be read.
 */
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
  const pem = env[ROOT_CERT_STRING]?.trim();
  if (pem) {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(`${ROOT_CERT_STRING} is not a PEM certificate`, {
        variable: ROOT_CERT_STRING,
        hint: 'Paste the CA certificate, -----BEGIN CERTIFICATE----- line included',
      });
    }
    const text = pem.includes('\n') ? pem : pem.replaceAll('\\n', '\n');
    tls.ca = tls.ca === undefined ? text : `${pemText(tls.ca)}\n${text}`;
  }
  if (tls.cert && !tls.key)
    throw new ConfigError(`${TLS_VARIABLES.cert} is set but ${TLS_VARIABLES.key} is not`, {
      variable: TLS_VARIABLES.key,
      hint: 'Mutual TLS needs the client certificate and its private key',
    });
  if (tls.key && !tls.cert)
    throw new ConfigError(`${TLS_VARIABLES.key} is set but ${TLS_VARIABLES.cert} is not`, {
      variable: TLS_VARIABLES.cert,
      hint: 'Mutual TLS needs the client certificate and its private key',
    });
  return Object.keys(tls).length > 0 ? tls : undefined;
}

/**
 * What a connection trusts when a CA is configured: Node's bundled roots, the certificates of
 * `NODE_EXTRA_CA_CERTS`, and `ca`. (Node's `ca` option alone replaces its defaults, and with them
 * a public identity provider's CA: a self-managed Tasklist on an internal CA signing in at Entra ID
 * would fail.) An unreadable `NODE_EXTRA_CA_CERTS` is skipped, as Node itself does at startup.
 */
export function trustedCertificates(ca: string | Uint8Array, env: Env = process.env): string[] {
  const extra: string[] = [];
  const extraFile = env['NODE_EXTRA_CA_CERTS']?.trim();
  if (extraFile) {
    try {
      extra.push(readFileSync(extraFile, 'utf8'));
    } catch {
      // Node has already warned about it.
    }
  }
  return [...rootCertificates, ...extra, pemText(ca)];
}

/**
 * A fetch over undici with the given TLS material. Requests and responses are the global
 * `Request`/`Response` classes on both sides, so the rest of the runtime does not notice.
 */
export function createTlsFetch(tls: TlsOptions, options: { maxConnections?: number; env?: Env } = {}): typeof fetch {
  const { Agent, fetch: undiciFetch } = requireUndici('A custom CA or client certificate (CAMUNDA_CUSTOM_* or the `node.tls` option)');
  const dispatcher = new Agent({
    connections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    connect: {
      ...(tls.ca === undefined ? {} : { ca: trustedCertificates(tls.ca, options.env) }),
      ...(tls.cert === undefined ? {} : { cert: pemText(tls.cert) }),
      ...(tls.key === undefined ? {} : { key: pemText(tls.key) }),
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
  const { Agent } = requireUndici('A connection cap (`maxConnections`)', 'maxConnections');
  const dispatcher = new Agent({ connections: maxConnections });
  // `dispatcher` is undici's extension of RequestInit; Node's fetch accepts an Agent from the undici package.
  return (input, init) => globalThis.fetch(input, { ...init, dispatcher } as RequestInit);
}

/**
 * `createTransport` configured from the environment: base URL, auth strategy, disk token cache,
 * TLS, connection cap. Explicit options win over the environment. A ready strategy
 * (`oauthClientCredentials(…)`, `cookieAuth(…)`) built without a `fetch` or `tokenStore` of its
 * own signs in through this transport's fetch and keeps its tokens in the disk cache, as one built
 * from a config does.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport {
  const env = options.env ?? process.env;
  const baseUrl = options.baseUrl ?? resolveBaseUrl(env);
  const auth = options.auth ?? resolveAuthConfig(env);
  const tls = options.tls ?? resolveTlsFromEnv(env);
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // The default cap is applied when undici is there to apply it; one asked for explicitly needs it.
  const pooled = options.maxConnections !== undefined || optionalUndici() !== undefined;
  const underlying =
    options.fetch ??
    (tls
      ? createTlsFetch(tls, { maxConnections, env })
      : pooled
        ? createPooledFetch(maxConnections)
        : (input, init) => globalThis.fetch(input, init));
  const fetchImpl = options.wrapFetch ? options.wrapFetch(underlying) : underlying;

  const authOptions = { ...options.authOptions };
  const oauthCacheDir = !isAuthStrategy(auth) && auth.strategy === 'OAUTH' ? auth.cacheDir : diskCacheDirFromEnv(env);
  const dir = options.tokenCacheDir === false ? undefined : (options.tokenCacheDir ?? oauthCacheDir);
  const wantsStore = isAuthStrategy(auth) ? auth.name === 'OAUTH' : auth.strategy === 'OAUTH';
  const tokenStore: TokenStore | undefined =
    authOptions.tokenStore ??
    (dir && wantsStore ? createDiskTokenStore({ dir, ...(options.warn ? { warn: options.warn } : {}) }) : undefined);
  if (isAuthStrategy(auth)) {
    const allowInsecure = options.allowInsecureHttp ?? false;
    auth.useTransportDefaults?.({
      // Token and login requests get the same https check as the transport gives a config-built strategy.
      fetch: (input, init) => {
        assertSecureUrl(input instanceof Request ? input.url : String(input), allowInsecure);
        return fetchImpl(input, init);
      },
      ...(tokenStore ? { tokenStore } : {}),
    });
  } else if (auth.strategy === 'OAUTH' && tokenStore) {
    authOptions.tokenStore = tokenStore;
  }
  return createTransport({
    ...options,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    auth,
    fetch: fetchImpl,
    authOptions,
    networkHint: options.networkHint ?? tlsHint,
  });
}

/** A failed TLS handshake needs a different fix than a server that is down: the variables that give the CA and client certificate. */
function tlsHint(errno: string): string | undefined {
  if (!/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/i.test(errno)) return undefined;
  return "The TLS handshake failed: trust the server's CA with CAMUNDA_CUSTOM_ROOT_CERT_PATH, and for mutual TLS set CAMUNDA_CUSTOM_CERT_CHAIN_PATH and CAMUNDA_CUSTOM_PRIVATE_KEY_PATH";
}

/** `CAMUNDA_TOKEN_CACHE_DIR` unless `CAMUNDA_TOKEN_DISK_CACHE_DISABLE` is set: what `resolveAuthConfig` reads for OAuth. */
function diskCacheDirFromEnv(env: Env): string | undefined {
  if (/^(1|true|yes)$/i.test(env['CAMUNDA_TOKEN_DISK_CACHE_DISABLE']?.trim() ?? '')) return undefined;
  return env['CAMUNDA_TOKEN_CACHE_DIR']?.trim() || undefined;
}
