/**
 * A local stand-in for Camunda Tasklist: GraphQL at `/graphql`, REST v1 under `/v1`, the
 * Orchestration Cluster API's user-task endpoints under `/v2`, their OpenAPI documents where
 * springdoc serves them, one in-memory store behind all of them, Camunda's sign-in modes and
 * injectable faults. `camunda: '8.5' … '8.10'` picks which of the APIs a run serves, as that
 * release does. Loopback only. Dev tooling: not part of the published build.
 *
 *     const emulator = await startEmulator({ auth: 'oidc' });
 *     process.env = { ...process.env, ...emulator.env() };
 *     // … fetch, generate, call …
 *     await emulator.close();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { stringify as toYaml } from 'yaml';
import { AuthGate, type AuthMode, type UserCredentials } from './auth.js';
import { FaultController, type Fault } from './faults.js';
import { createGraphQLHandler } from './graphql-endpoint.js';
import { sendJson, sendProblem, sendText, unsupportedMediaType } from './http.js';
import type { IdentityProvider } from './identity-provider.js';
import type { Caller } from './model.js';
import { generationsOf, isCamundaVersion, legacyGenerations, type ApiGenerations, type CamundaVersion } from './camunda-versions.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { handleRest } from './rest.js';
import { buildOrchestrationClusterDocument } from './v2-document.js';
import { handleV2, SearchIndex, sendV2Problem } from './v2-rest.js';
import { serveStatic, STATIC_PREFIX } from './static-files.js';
import { TaskStore, type TaskStoreOptions } from './store.js';

export type { AuthMode, UserCredentials } from './auth.js';
export { SESSION_COOKIE, CSRF_HEADER, CSRF_COOKIE } from './auth.js';
export { FaultController, type Fault, type FaultMatch, type FaultType, type RateOptions } from './faults.js';
export { TaskStore, type TaskStoreOptions, type VariableInput, type AssignOptions } from './store.js';
export type { Caller, TaskRecord, VariableRecord, FormRecord, ProcessRecord, TaskHit, TaskSearch, TaskState } from './model.js';
export { buildOpenApiDocument } from './openapi-document.js';
export { buildOrchestrationClusterDocument, ORCHESTRATION_CLUSTER_GROUP } from './v2-document.js';
export { CAMUNDA_VERSIONS, generationsOf, type ApiGenerations, type CamundaVersion } from './camunda-versions.js';
export { tasklistTypeDefs } from './graphql-schema.js';
export { TasklistRuleError } from './errors.js';

export interface EmulatorOptions {
  /** Port on 127.0.0.1. Default 0: any free port (tests). */
  port?: number;
  /** Sign-in mode for the whole run. Default `none`. */
  auth?: AuthMode;
  /**
   * The Camunda release to behave like: `8.5`/`8.6` GraphQL + REST v1; `8.7` REST v1 only
   * (`/graphql` 404); `8.8`/`8.9` REST v1 + v2; `8.10` v2 only (`/v1/…` 404). 8.8+ also moves
   * the web login to `/login` with a `camunda-session` cookie. Default: none of them — GraphQL
   * (see `graphql`) and REST v1, as the emulator always behaved.
   */
  camunda?: CamundaVersion;
  /** Without `camunda`: `false` drops the GraphQL API, `/graphql` answers 404. Default true. Not combinable with `camunda`. */
  graphql?: boolean;
  /** GraphQL introspection. Default true. */
  introspection?: boolean;
  /** The OpenAPI document needs the same sign-in as the API. Default: true unless `auth` is `none`. */
  openApiBehindAuth?: boolean;
  /** Lifetime of access tokens in `oidc` mode. Default 300. */
  tokenTtlSeconds?: number;
  /** Idle timeout of cookie sessions. Default 1800 (Tasklist's 30 minutes). */
  sessionTtlSeconds?: number;
  /** Accounts for `basic` and `cookie`. Default `demo/demo`. */
  users?: UserCredentials[];
  /** Served at `/app/` (the browser example). */
  staticDir?: string;
  /** The release to claim to be (`X-Tasklist-Version` header, `info.x-camunda-version`). Default `<camunda>.0`; without `camunda`, `8.7.0`, or `8.8.0` when `graphql` is false. */
  version?: string;
  /** `oidc`: the client the identity provider knows. Default id `tasklist-codegen-demo` and a random secret per start. */
  clientId?: string;
  clientSecret?: string;
  /** `oidc`: the audience tokens must carry. Default `tasklist-api` (Self-Managed). */
  audience?: string;
  /** Other origins allowed to call with credentials (CORS). The emulator's own origin always is. */
  corsOrigins?: string[];
  /** Store options: seed size, clock, preview limit. */
  store?: TaskStoreOptions;
  /**
   * v2's eventually consistent reads (user-task search, get) see writes only after the search
   * index refreshes, at most this many milliseconds later. Default 0: at once.
   */
  searchIndexLagMs?: number;
}

export interface EmulatorAuthInfo {
  mode: AuthMode;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
  audience?: string;
  identity?: IdentityProvider;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  graphqlUrl: string;
  version: string;
  /** The APIs this run serves and its web login. */
  generations: ApiGenerations;
  auth: EmulatorAuthInfo;
  store: TaskStore;
  faults: FaultController;
  /** Requests received so far, all or for one pathname (exact, or a RegExp). Faulted ones count. */
  requestCount(path?: string | RegExp): number;
  /** The `CAMUNDA_*` variables a client needs to reach this emulator (secrets included: keep them out of logs). */
  env(): Record<string, string>;
  /** Ends all cookie sessions, as a server restart would. */
  clearSessions(): void;
  close(): Promise<void>;
}

/** springdoc's place for the Orchestration Cluster document (the group name has spaces). */
const ORCHESTRATION_CLUSTER_PATHS = new Set(['/v3/api-docs/Orchestration%20Cluster%20API']);
const ORCHESTRATION_CLUSTER_YAML_PATHS = new Set([
  '/v3/api-docs.yaml/Orchestration%20Cluster%20API',
  '/v3/api-docs/Orchestration%20Cluster%20API.yaml',
]);

/** springdoc's places for the document: the Tasklist groups (`v1`, `Tasklist-v1`) and the default. */
const OPENAPI_JSON_PATHS = new Set(['/v3/api-docs', '/v3/api-docs/v1', '/v3/api-docs/Tasklist-v1']);
const OPENAPI_YAML_PATHS = new Set([
  '/v3/api-docs.yaml',
  '/v3/api-docs.yaml/v1',
  '/v3/api-docs.yaml/Tasklist-v1',
  '/v3/api-docs/v1.yaml',
  '/v3/api-docs/Tasklist-v1.yaml',
]);

const HTML_LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to Camunda</title></head>
<body><form method="post" action="/api/login"><h1>Sign in</h1>
<label>Username <input name="username"></label><label>Password <input name="password" type="password"></label>
<button type="submit">Log in</button></form></body></html>
`;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const mode: AuthMode = options.auth ?? 'none';
  if (options.camunda !== undefined && !isCamundaVersion(options.camunda)) {
    throw new Error(`camunda must be one of 8.5, 8.6, 8.7, 8.8, 8.9, 8.10; got "${String(options.camunda)}"`);
  }
  if (options.camunda !== undefined && options.graphql !== undefined) {
    throw new Error('Give either camunda (which decides whether GraphQL exists) or graphql, not both');
  }
  const generations = options.camunda ? generationsOf(options.camunda) : legacyGenerations(options.graphql ?? true);
  const graphqlEnabled = generations.graphql;
  const version = options.version ?? (options.camunda ? `${options.camunda}.0` : graphqlEnabled ? '8.7.0' : '8.8.0');
  const openApiBehindAuth = options.openApiBehindAuth ?? mode !== 'none';
  const users = options.users ?? [{ username: 'demo', password: 'demo' }];
  const store = new TaskStore(options.store);
  const searchIndex = new SearchIndex(store, options.searchIndexLagMs ?? 0);
  const faults = new FaultController();
  const counts = new Map<string, number>();

  let identity: IdentityProvider | undefined;
  const audience = options.audience ?? 'tasklist-api';
  const clientId = options.clientId ?? 'tasklist-codegen-demo';
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url');
  if (mode === 'oidc') {
    // Loaded only when needed: oidc-provider is the heaviest thing the emulator can load.
    const { startIdentityProvider } = await import('./identity-provider.js');
    identity = await startIdentityProvider({
      clients: [{ clientId, clientSecret }],
      tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
      // A second audience lets tests obtain a valid token that is not for Tasklist.
      audiences: [audience, 'zeebe-api'],
      defaultAudience: audience,
    });
  }
  const gate = new AuthGate({
    mode,
    users,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 1800,
    identity,
    audience,
    login: generations.login,
  });
  const graphql = createGraphQLHandler({ introspection: options.introspection ?? true });
  const openApiJson = JSON.stringify(buildOpenApiDocument({ serverVersion: version }), null, 2);
  const openApiYaml = toYaml(JSON.parse(openApiJson));
  const clusterJson = JSON.stringify(buildOrchestrationClusterDocument({ serverVersion: version }), null, 2);
  const clusterYaml = toYaml(JSON.parse(clusterJson));

  let baseUrl = '';
  const allowedOrigins = new Set(options.corsOrigins ?? []);

  /** CORS for browsers: credentials allowed for our own origin and the configured ones only. */
  function applyCors(req: IncomingMessage, res: ServerResponse): 'preflight-done' | 'continue' {
    const origin = req.headers.origin;
    if (!origin) return 'continue';
    const allowed = origin === baseUrl || allowedOrigins.has(origin);
    if (allowed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-expose-headers', 'X-CSRF-TOKEN, Retry-After, X-Tasklist-Version');
    }
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!allowed) {
        sendProblem(res, 403, `Origin ${origin} is not allowed`);
        return 'preflight-done';
      }
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, X-CSRF-TOKEN, Accept',
        'access-control-max-age': '600',
      });
      res.end();
      return 'preflight-done';
    }
    return 'continue';
  }

  /** Applies injected faults; true when a fault answered the request already. */
  async function applyFaults(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ): Promise<{ done: boolean; introspectionDisabled: boolean }> {
    const hit: Fault[] = faults.take(req.method ?? 'GET', pathname);
    let introspectionDisabled = false;
    for (const f of hit) if (f.type === 'latency') await new Promise((r) => setTimeout(r, f.ms));
    for (const f of hit) {
      switch (f.type) {
        case 'latency':
          continue;
        case 'introspectionDisabled':
          introspectionDisabled = true;
          continue;
        case 'rateLimit':
          sendProblem(res, 429, 'Too many requests (injected fault)', { 'retry-after': String(f.retryAfterSeconds ?? 1) });
          return { done: true, introspectionDisabled };
        case 'unavailable':
          sendProblem(
            res,
            503,
            'Service unavailable (injected fault)',
            f.retryAfterSeconds !== undefined ? { 'retry-after': String(f.retryAfterSeconds) } : {},
          );
          return { done: true, introspectionDisabled };
        case 'htmlLogin':
          sendText(res, 200, 'text/html; charset=utf-8', HTML_LOGIN_PAGE);
          return { done: true, introspectionDisabled };
        case 'listenerTimeout':
          sendV2Problem(res, 504, 'Expected to handle request, but request timed out between gateway and broker', pathname);
          return { done: true, introspectionDisabled };
        case 'drop':
          // Headers and a piece of the body, then the connection goes: a proxy or pod dying mid-response.
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1024' });
          res.write('{"data":{"tasks":[{"id":"');
          await new Promise((r) => setImmediate(r));
          req.socket.destroy();
          return { done: true, introspectionDisabled };
      }
    }
    return { done: false, introspectionDisabled };
  }

  async function requireAuth(req: IncomingMessage, res: ServerResponse): Promise<Caller | undefined> {
    const result = await gate.authenticate(req);
    if (result.ok) return result.caller;
    sendProblem(res, result.status, result.message, result.headers);
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const { pathname } = url;
    counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
    res.setHeader('x-tasklist-version', version);
    if (applyCors(req, res) === 'preflight-done') return;
    const fault = await applyFaults(req, res, pathname);
    if (fault.done) return;

    if (options.staticDir && (pathname === '/app' || pathname.startsWith(STATIC_PREFIX))) {
      if (pathname === '/app') {
        res.writeHead(302, { location: STATIC_PREFIX });
        res.end();
        return;
      }
      return serveStatic(options.staticDir, pathname, res);
    }
    if (pathname === generations.login.path) {
      if (mode !== 'cookie') return sendProblem(res, 404, 'This emulator run does not use cookie sessions (start it with auth: cookie)');
      return gate.login(req, res);
    }
    if (pathname === generations.login.logoutPath) {
      if (mode !== 'cookie') return sendProblem(res, 404, 'This emulator run does not use cookie sessions');
      return gate.logout(req, res);
    }
    if (pathname === '/graphql') {
      if (!graphqlEnabled) {
        // What Spring Boot says for a path without a handler (Camunda 8.7+ has no GraphQL API).
        return sendJson(res, 404, { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path: pathname });
      }
      const caller = await requireAuth(req, res);
      if (!caller) return;
      return graphql(req, res, { store, caller, introspectionDisabled: fault.introspectionDisabled });
    }
    const clusterDoc = !generations.v2
      ? undefined
      : ORCHESTRATION_CLUSTER_PATHS.has(pathname) || (!generations.v1 && pathname === '/v3/api-docs')
        ? 'json'
        : ORCHESTRATION_CLUSTER_YAML_PATHS.has(pathname) || (!generations.v1 && pathname === '/v3/api-docs.yaml')
          ? 'yaml'
          : undefined;
    if (clusterDoc) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, 405, `Use GET ${pathname}`, { allow: 'GET' });
      // Camunda 8.8+ serves this document without authentication.
      return clusterDoc === 'json'
        ? sendText(res, 200, 'application/json', clusterJson)
        : sendText(res, 200, 'application/vnd.oai.openapi', clusterYaml);
    }
    const openApi = !generations.v1
      ? undefined
      : OPENAPI_JSON_PATHS.has(pathname)
        ? 'json'
        : OPENAPI_YAML_PATHS.has(pathname)
          ? 'yaml'
          : undefined;
    if (openApi) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, 405, `Use GET ${pathname}`, { allow: 'GET' });
      if (openApiBehindAuth && !(await requireAuth(req, res))) return;
      return openApi === 'json'
        ? sendText(res, 200, 'application/json', openApiJson)
        : sendText(res, 200, 'application/vnd.oai.openapi', openApiYaml);
    }
    if (generations.v1 && pathname.startsWith('/v1/')) {
      const caller = await requireAuth(req, res);
      if (!caller) return;
      if (unsupportedMediaType(req))
        return sendProblem(res, 415, `Content-Type '${req.headers['content-type'] ?? ''}' is not supported; send application/json`);
      return handleRest(req, res, url, store, caller);
    }
    if (generations.v2 && pathname.startsWith('/v2/')) {
      const result = await gate.authenticate(req);
      if (!result.ok) return sendV2Problem(res, result.status, result.message, pathname, result.headers);
      if (unsupportedMediaType(req)) {
        return sendV2Problem(
          res,
          415,
          `Content-Type '${req.headers['content-type'] ?? ''}' is not supported; send application/json`,
          pathname,
        );
      }
      return handleV2({ req, res, url, store, caller: result.caller, session: mode === 'cookie', index: searchIndex });
    }
    // Spring Security stands in front of every path: without valid credentials an unknown path is a 401, not a 404.
    if (mode !== 'none' && !(await requireAuth(req, res))) return;
    sendProblem(res, 404, `No such endpoint: ${pathname}`);
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendProblem(res, 500, 'Unexpected error in the Tasklist emulator');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await identity?.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const authInfo: EmulatorAuthInfo = { mode };
  if (mode === 'basic' || mode === 'cookie') {
    authInfo.username = users[0]?.username;
    authInfo.password = users[0]?.password;
  }
  if (mode === 'oidc' && identity) {
    Object.assign(authInfo, { clientId, clientSecret, tokenUrl: identity.tokenUrl, audience, identity });
  }

  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    version,
    generations,
    auth: authInfo,
    store,
    faults,
    requestCount(path) {
      if (path === undefined) return [...counts.values()].reduce((a, b) => a + b, 0);
      if (typeof path === 'string') return counts.get(path) ?? 0;
      return [...counts].filter(([p]) => path.test(p)).reduce((a, [, n]) => a + n, 0);
    },
    env() {
      const strategy = { none: 'NONE', basic: 'BASIC', oidc: 'OAUTH', cookie: 'COOKIE' }[mode];
      const env: Record<string, string> = { CAMUNDA_TASKLIST_BASE_URL: baseUrl, CAMUNDA_AUTH_STRATEGY: strategy };
      // Camunda's own 8.8+ clients read the cluster address from this one (and add `/v2`).
      if (generations.v2) env['CAMUNDA_REST_ADDRESS'] = baseUrl;
      if (authInfo.username !== undefined && authInfo.password !== undefined) {
        env['CAMUNDA_BASIC_AUTH_USERNAME'] = authInfo.username;
        env['CAMUNDA_BASIC_AUTH_PASSWORD'] = authInfo.password;
      }
      if (mode === 'oidc' && identity) {
        env['CAMUNDA_CLIENT_ID'] = clientId;
        env['CAMUNDA_CLIENT_SECRET'] = clientSecret;
        env['CAMUNDA_OAUTH_URL'] = identity.tokenUrl;
        env['CAMUNDA_TASKLIST_OAUTH_AUDIENCE'] = audience;
      }
      return env;
    },
    clearSessions: () => gate.clearSessions(),
    close() {
      closed ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections would hold close() open.
        for (const s of sockets) s.destroy();
        await done;
        await identity?.close();
      })();
      return closed;
    },
  };
}
