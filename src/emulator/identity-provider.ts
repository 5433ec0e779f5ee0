/**
 * A real OAuth 2.0 / OpenID provider (`oidc-provider`) for the emulator and the tests: the
 * client-credentials grant, signed JWT access tokens, a JWKS endpoint. It speaks the dialects
 * Camunda clients use, which differ from plain RFC 6749 + RFC 8707:
 *
 * - Camunda sends `audience=<name>` rather than a `resource=<URI>` indicator, so a thin
 *   pre-handler rewrites it to `resource=urn:tasklist-codegen:audience:<name>`, and
 *   `getResourceServerInfo` turns that back into the token's `aud`.
 * - The older SaaS docs send the token request as JSON; the pre-handler converts it to a form.
 * - Keycloak / Entra ID clients send only `scope`; then `defaultAudience` is used.
 *
 * `setFault` makes the token endpoint misbehave (down, slow, 500, broken JSON) for reliability tests.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/**
 * oidc-provider ships no type declarations; these are the few parts used here. The import goes
 * through a variable so TypeScript does not look for declarations that do not exist.
 */
interface OidcContext {
  path: string;
  status: number;
  body: unknown;
  oidc: { params?: Record<string, unknown> };
}
interface OidcProvider {
  on(event: string, listener: (...args: unknown[]) => void): void;
  use(middleware: (ctx: OidcContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  /** The provider is a Koa app; `silent` stops Koa printing the errors tests provoke on purpose. */
  silent: boolean;
}
interface OidcProviderModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  errors: { InvalidTarget: new (description?: string) => Error };
}
const OIDC_PROVIDER_MODULE = 'oidc-provider';

export interface IdentityProviderClient {
  clientId: string;
  clientSecret: string;
  /** How the client must authenticate at the token endpoint: `body` = client_secret_post (default), `basic` = client_secret_basic. */
  authMethod?: 'body' | 'basic';
}

export interface IdentityProviderOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  clients: IdentityProviderClient[];
  /** Lifetime of issued access tokens (the JWT `exp`). Default 300. */
  tokenTtlSeconds?: number;
  /** Audiences a client may ask for. Default `['tasklist.camunda.io']`. */
  audiences?: string[];
  /** Audience used when the request names none (Keycloak / Entra ID style, scope only). Default: the first of `audiences`. */
  defaultAudience?: string;
}

export type IdentityProviderFault = null | 'down' | 'slow' | 'status500' | 'malformedJson';

/** What arrived at the token endpoint, secrets removed: for tests that check how a client asks. */
export interface TokenRequestRecord {
  contentType: string;
  /** `basic` when an `Authorization: Basic` header was sent, else `body`. */
  clientAuth: 'basic' | 'body';
  /** The request parameters as received (before translation), with `client_secret` replaced by `***`. */
  params: Record<string, string>;
  /** The raw body as received, with the client secret's value replaced by `***` — to check encoding. */
  rawBody: string;
}

export interface IdentityProvider {
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Requests that reached the token endpoint so far, faulted ones included. */
  tokenRequests(): number;
  /** Every token request so far, secrets removed. */
  tokenRequestLog(): readonly TokenRequestRecord[];
  /** Verifies a token with jose against this provider's JWKS endpoint, audience and issuer included. */
  verify(token: string, audience: string): Promise<JWTPayload>;
  setFault(fault: IdentityProviderFault, opts?: { delayMs?: number }): void;
  /** Changes the lifetime of tokens issued from now on. */
  setTokenTtl(seconds: number): void;
  /**
   * Makes the response's `expires_in` say this many seconds regardless of the JWT's real `exp`
   * (identity servers that hand out cached tokens do this); `null` restores the truth.
   */
  setReportedExpiresIn(seconds: number | null): void;
  close(): Promise<void>;
}

const TOKEN_PATH = '/oauth/token';
const JWKS_PATH = '/.well-known/jwks.json';
const AUDIENCE_URN_PREFIX = 'urn:tasklist-codegen:audience:';

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const audiences = options.audiences ?? ['tasklist.camunda.io'];
  const defaultAudience = options.defaultAudience ?? audiences[0];
  let tokenTtl = options.tokenTtlSeconds ?? 300;
  let reportedExpiresIn: number | null = null;
  let fault: IdentityProviderFault = null;
  let faultDelayMs = 2000;
  const log: TokenRequestRecord[] = [];
  const secrets = options.clients.map((c) => c.clientSecret).filter((s) => s.length > 0);

  const sockets = new Set<Socket>();
  // The handler is attached once the provider exists; the provider needs the port for its issuer.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const signingKey = processSigningKey();

  // oidc-provider prints development notices (runtime version, in-memory adapter) on import and
  // construction; they are right for a production server and noise for a test double.
  const provider = await withoutOidcNotices(async () => {
    const { default: Provider, errors } = (await import(OIDC_PROVIDER_MODULE)) as OidcProviderModule;
    return new Provider(issuer, {
      clients: options.clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: c.authMethod === 'basic' ? 'client_secret_basic' : 'client_secret_post',
      })),
      jwks: { keys: [signingKey] },
      routes: { token: TOKEN_PATH, jwks: JWKS_PATH },
      features: {
        clientCredentials: { enabled: true },
        devInteractions: { enabled: false },
        introspection: { enabled: false },
        revocation: { enabled: false },
        resourceIndicators: {
          enabled: true,
          // Scope-only requests (Keycloak, Entra ID) still get a token for the default audience.
          defaultResource: async (_ctx: OidcContext, _client: unknown, oneOf?: string | string[]) =>
            oneOf ?? `${AUDIENCE_URN_PREFIX}${defaultAudience}`,
          useGrantedResource: async () => false,
          getResourceServerInfo: async (ctx: OidcContext, resourceIndicator: string) => {
            const audience = resourceIndicator.startsWith(AUDIENCE_URN_PREFIX)
              ? resourceIndicator.slice(AUDIENCE_URN_PREFIX.length)
              : resourceIndicator;
            if (!audiences.includes(audience)) {
              throw new errors.InvalidTarget(`audience ${JSON.stringify(audience)} is not known to this provider`);
            }
            const requested = typeof ctx.oidc.params?.['scope'] === 'string' ? (ctx.oidc.params['scope'] as string) : '';
            return {
              audience,
              scope: requested,
              accessTokenFormat: 'jwt',
              accessTokenTTL: tokenTtl,
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      // Only used for CORS preflights; answering it here also keeps the provider from printing a notice.
      clientBasedCORS: () => true,
      ttl: { ClientCredentials: () => tokenTtl },
    });
  });
  provider.on('server_error', () => {});
  provider.silent = true;

  // Post-process token responses: lets tests make `expires_in` disagree with the JWT's `exp`.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === TOKEN_PATH && reportedExpiresIn !== null && ctx.status === 200) {
      const body = ctx.body as Record<string, unknown> | undefined;
      if (body && typeof body === 'object' && 'expires_in' in body) {
        ctx.body = { ...body, expires_in: reportedExpiresIn };
      }
    }
  });

  const callback = provider.callback();

  handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname !== TOKEN_PATH || req.method !== 'POST') {
      callback(req, res);
      return;
    }
    void handleTokenRequest(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };

  async function handleTokenRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const params = parseParams(raw, contentType);
    log.push({
      contentType,
      clientAuth: /^basic /i.test(String(req.headers.authorization ?? '')) ? 'basic' : 'body',
      params: 'client_secret' in params ? { ...params, client_secret: '***' } : params,
      rawBody: maskSecrets(raw, secrets),
    });

    switch (fault) {
      case 'down':
        // A reset connection is what a client sees from a token endpoint that went away mid-flight.
        req.socket.destroy();
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, faultDelayMs));
        if (req.socket.destroyed) return;
        break;
      case 'status500':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'server_error', error_description: 'the identity provider failed (injected fault)' }));
        return;
      case 'malformedJson':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token": "abc", "expires_in": ');
        return;
      case null:
        break;
    }

    // oidc-provider accepts either secret-based method for any client; a real server often wants
    // exactly one, and clients must be tested against that.
    const clientAuth = log[log.length - 1]?.clientAuth;
    const clientId = clientAuth === 'basic' ? basicClientId(req.headers.authorization) : params['client_id'];
    const registered = options.clients.find((c) => c.clientId === clientId);
    if (registered && (registered.authMethod ?? 'body') !== clientAuth) {
      const wanted = registered.authMethod === 'basic' ? 'client_secret_basic' : 'client_secret_post';
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="token"' });
      res.end(JSON.stringify({ error: 'invalid_client', error_description: `this client must authenticate with ${wanted}` }));
      return;
    }

    // Camunda's `audience` → an RFC 8707 resource indicator oidc-provider understands.
    const translated: Record<string, string> = { ...params };
    if (translated['audience'] !== undefined) {
      if (translated['resource'] === undefined && translated['audience'] !== '') {
        translated['resource'] = `${AUDIENCE_URN_PREFIX}${translated['audience']}`;
      }
      delete translated['audience'];
    }
    const form = Buffer.from(new URLSearchParams(translated).toString());

    // Hand oidc-provider a fresh request carrying the rewritten form; it reads the body itself.
    const replay = new IncomingMessage(req.socket);
    replay.method = req.method;
    replay.url = req.url;
    replay.httpVersion = req.httpVersion;
    replay.httpVersionMajor = req.httpVersionMajor;
    replay.httpVersionMinor = req.httpVersionMinor;
    replay.headers = {
      ...req.headers,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(form.length),
    };
    replay.push(form);
    replay.push(null);
    // Without this, the replay destroying itself after its end would take the shared socket down.
    replay.complete = true;
    callback(replay, res);
  }

  const jwks = createRemoteJWKSet(new URL(`${issuer}${JWKS_PATH}`));

  return {
    issuer,
    tokenUrl: `${issuer}${TOKEN_PATH}`,
    jwksUrl: `${issuer}${JWKS_PATH}`,
    tokenRequests: () => log.length,
    tokenRequestLog: () => log,
    async verify(token, audience) {
      const { payload } = await jwtVerify(token, jwks, { issuer, audience });
      return payload;
    },
    setFault(next, opts) {
      fault = next;
      faultDelayMs = opts?.delayMs ?? 2000;
    },
    setTokenTtl(seconds) {
      tokenTtl = seconds;
    },
    setReportedExpiresIn(seconds) {
      reportedExpiresIn = seconds;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would hold close() open; end them.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

let cachedSigningKey: Record<string, unknown> | undefined;

/**
 * One RS256 key per process: generating 2048-bit RSA keys costs up to seconds on a busy machine,
 * and providers in one process (test files, the demo) gain nothing from distinct keys — each
 * still has its own issuer, which `verify` checks.
 */
function processSigningKey(): Record<string, unknown> {
  if (!cachedSigningKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    cachedSigningKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
  }
  return cachedSigningKey;
}

async function withoutOidcNotices<T>(run: () => Promise<T>): Promise<T> {
  const { warn, info } = console;
  const filter =
    (print: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider ')) return;
      print(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await run();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

function basicClientId(header: string | undefined): string | undefined {
  const encoded = /^basic\s+(.+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return decodeURIComponent(colon === -1 ? decoded : decoded.slice(0, colon));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form or JSON (older Camunda SaaS docs) → flat string parameters. */
function parseParams(raw: string, contentType: string): Record<string, string> {
  if (/application\/json/i.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(
          Object.entries(parsed as Record<string, unknown>)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => [k, String(v)]),
        );
      }
    } catch {
      // Fall through: oidc-provider answers an empty form with `invalid_request`.
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function maskSecrets(raw: string, secrets: string[]): string {
  let out = raw;
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      out = out.split(form).join('***');
    }
  }
  return out;
}
