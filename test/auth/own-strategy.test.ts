/**
 * A strategy of your own writes one method, `authorize(request)`, which sets credentials on the
 * request's headers in place. That one method is enough for every way a call goes out: the
 * REST and GraphQL clients of `createTasklistClient` (browser and Node entries alike), an
 * openapi-fetch client over its `fetch`, and the transport the `fetch` command downloads schemas with. An
 * object that is neither a strategy nor an `AuthConfig` gets one clear `ConfigError`.
 */
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { buildSchema } from 'graphql';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchSchemas } from '../../src/fetch/index.js';
import type { AuthStrategy, PendingRequest } from '../../src/auth/strategy.js';
import type { AuthConfig } from '../../src/auth/types.js';
import { createTasklistClient as createBrowserClient } from '../../src/runtime/client.js';
import { callOperation } from '../../src/runtime/rest-client.js';
import { requestGraphQL } from '../../src/runtime/graphql.js';
import { createStrategyTransport } from '../../src/runtime/transport.js';
import { createTasklistClient } from '../../src/runtime/node.js';
import { createNodeTransport } from '../../src/runtime/node-transport.js';
import { ConfigError } from '../../src/util/errors.js';
import { SMALL_SDL, graphqlHandler, smallOpenApi, startServer, tempDir, type Handler, type TestServer } from '../fetch/helpers.js';

/** The one credential the server takes; `stale` is refused with 401, as an expired token would be. */
const GOOD = 'Custom fresh';
const STALE = 'Custom stale';

let server: TestServer;
/** The authorization header of every request the server saw, in order. */
const seen: Array<string | undefined> = [];

function guarded(handler: Handler): Handler {
  return async (req: IncomingMessage, body, res) => {
    seen.push(req.headers.authorization);
    if (req.headers.authorization !== GOOD) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"status":401,"message":"who are you"}');
      return;
    }
    await handler(req, body, res);
  };
}

beforeAll(async () => {
  server = await startServer({
    'GET /v1/tasks/1': guarded((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
    }),
    'POST /v1/tasks/search': guarded((_req, body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ id: '1', echoed: JSON.parse(body) }]));
    }),
    'POST /graphql': guarded(graphqlHandler(() => buildSchema(SMALL_SDL))),
    'GET /v3/api-docs/Tasklist-v1': guarded((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(smallOpenApi()));
    }),
  });
});
afterAll(async () => server.close());
beforeEach(() => {
  seen.length = 0;
});

/**
 * What a user writes: `authorize` alone, plus the optional 401 hook. The first credential it hands
 * out is stale; after `onUnauthorized` it hands out the good one.
 */
function ownStrategy(): AuthStrategy & { signed: PendingRequest[] } {
  let credential = STALE;
  const signed: PendingRequest[] = [];
  return {
    name: 'BEARER',
    signed,
    async authorize(request) {
      signed.push(request);
      request.headers.set('authorization', credential);
    },
    async onUnauthorized() {
      credential = GOOD;
      return true;
    },
    describe: () => 'a strategy of my own',
  };
}

const introspectionQuery = '{ __schema { queryType { name } } }';

const getTask = { method: 'get', path: '/v1/tasks/{taskId}' } as const;

describe('a strategy with only authorize()', () => {
  it('signs REST calls, and signs again after a 401', async () => {
    const auth = ownStrategy();
    const client = createBrowserClient<any>({ baseUrl: server.baseUrl, auth, graphql: false });
    expect(await callOperation(client.rest, getTask, { path: { taskId: '1' } }, undefined)).toEqual({ id: '1' });
    expect(seen).toEqual([STALE, GOOD]);
    // Each attempt is signed afresh, with the call's own method and URL.
    expect(auth.signed.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${server.baseUrl}/v1/tasks/1`],
      ['GET', `${server.baseUrl}/v1/tasks/1`],
    ]);
  });

  it('signs a REST POST, its body sent again on the retry', async () => {
    const client = createBrowserClient<any>({ baseUrl: server.baseUrl, auth: ownStrategy(), graphql: false });
    const answer = await callOperation(
      client.rest,
      { method: 'post', path: '/v1/tasks/search' },
      { body: { state: 'CREATED' } },
      undefined,
    );
    expect(answer).toEqual([{ id: '1', echoed: { state: 'CREATED' } }]);
    expect(seen).toEqual([STALE, GOOD]);
  });

  it('signs GraphQL calls', async () => {
    const client = createBrowserClient<any>({ baseUrl: server.baseUrl, auth: ownStrategy() });
    expect(await requestGraphQL<{ __schema: unknown }, undefined>(client.graphql, introspectionQuery)).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect(seen).toEqual([STALE, GOOD]);
  });

  it("signs both of the Node entry's clients", async () => {
    const client = createTasklistClient<any>({ baseUrl: server.baseUrl, auth: ownStrategy(), env: {} });
    expect(await callOperation(client.rest, getTask, { path: { taskId: '1' } }, undefined)).toEqual({ id: '1' });
    // The strategy keeps the good credential from now on.
    expect(await requestGraphQL<{ __schema: unknown }, undefined>(client.graphql, introspectionQuery)).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect(seen).toEqual([STALE, GOOD, GOOD]);
  });

  it("signs an openapi-fetch client of your own over the client's fetch, the 401 retry and a POST body included", async () => {
    const openapiFetch = () =>
      createClient<any>({
        baseUrl: server.baseUrl,
        fetch: createTasklistClient<any>({ baseUrl: server.baseUrl, auth: ownStrategy(), env: {}, graphql: false }).fetch,
      });
    const { data, response } = await openapiFetch().GET('/v1/tasks/{taskId}', { params: { path: { taskId: '1' } } });
    expect([response.status, data]).toEqual([200, { id: '1' }]);
    const posted = await openapiFetch().POST('/v1/tasks/search', { body: { state: 'CREATED' } });
    expect(posted.data).toEqual([{ id: '1', echoed: { state: 'CREATED' } }]);
    expect(seen).toEqual([STALE, GOOD, STALE, GOOD]);
  });

  it("signs the fetch command's downloads (createNodeTransport, as `tasklist-codegen fetch` builds it)", async () => {
    const { dir, cleanup } = await tempDir('own-strategy-');
    try {
      const fetch = createNodeTransport({ baseUrl: server.baseUrl, auth: ownStrategy(), env: {}, tokenCacheDir: false });
      const result = await fetchSchemas({ baseUrl: server.baseUrl, fetch, schemasDir: path.join(dir, 'schemas') });
      expect([result.graphql.status, result.rest.status]).toEqual(['written', 'written']);
      expect(seen[0]).toBe(STALE);
      expect(seen.slice(1).every((header) => header === GOOD)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});

describe('an auth that is neither a strategy nor a config', () => {
  // A strategy written against the two-method contract, with `apply(request)` only.
  const applyOnly = {
    name: 'BEARER',
    apply: async (request: Request) => request,
    describe: () => 'old style',
  } as unknown as AuthStrategy;

  it.each([
    ['createTasklistClient (browser)', () => createBrowserClient({ baseUrl: server.baseUrl, auth: applyOnly })],
    ['createTasklistClient (Node)', () => createTasklistClient({ baseUrl: server.baseUrl, auth: applyOnly, env: {} })],
    ['createStrategyTransport', () => createStrategyTransport({ baseUrl: server.baseUrl, auth: applyOnly })],
    ['createNodeTransport', () => createNodeTransport({ baseUrl: server.baseUrl, auth: applyOnly, env: {} })],
  ])('%s refuses it with a ConfigError that says what a strategy needs', (_name, build) => {
    let error: unknown;
    try {
      build();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/authorize\(request\)/);
    expect((error as ConfigError).hint).toMatch(/request\.headers/);
  });

  it('a config with a strategy name the toolkit does not know is refused, not sent unsigned', async () => {
    const config = { strategy: 'KERBEROS' } as unknown as AuthConfig;
    let error: unknown;
    try {
      createTasklistClient({ baseUrl: server.baseUrl, auth: config, env: {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^Unknown auth strategy "KERBEROS"/);
    expect((error as ConfigError).variable).toBe('CAMUNDA_AUTH_STRATEGY');
    expect(seen).toEqual([]);
  });
});
