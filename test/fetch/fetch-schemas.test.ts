import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, graphqlSync, getIntrospectionQuery } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchError, NO_GRAPHQL_NOTE, fetchSchemas, readSnapshot, type FetchSchemasOptions } from '../../src/fetch/index.js';
import { createTransport } from '../../src/runtime/transport.js';
import {
  SMALL_SDL,
  SMALL_SDL_SHUFFLED,
  graphqlHandler,
  json,
  smallOpenApi,
  snapshotDir,
  startServer,
  tempDir,
  text,
  type Handler,
  type TestServer,
} from './helpers.js';

let servers: TestServer[] = [];
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  await cleanup();
});

async function serve(routes: Record<string, Handler>): Promise<TestServer> {
  const server = await startServer(routes);
  servers.push(server);
  return server;
}

const fixedClock = () => new Date('2026-01-02T03:04:05.000Z');

function options(server: TestServer, extra: Partial<FetchSchemasOptions> = {}): FetchSchemasOptions {
  return { baseUrl: server.baseUrl, fetch, schemasDir: path.join(dir, 'schemas'), now: fixedClock, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

/** A complete, healthy server: GraphQL and the document at the first springdoc group. */
function healthyRoutes(sdl = SMALL_SDL, doc: object = smallOpenApi()): Record<string, Handler> {
  return {
    'POST /graphql': graphqlHandler(() => buildSchema(sdl), { 'x-tasklist-version': '8.5.1' }),
    'GET /v3/api-docs/Tasklist-v1': json(200, doc),
  };
}

describe('fetchSchemas', () => {
  it('writes both schemas with metadata; a second fetch of the same server is byte-identical and touches nothing', async () => {
    const server = await serve(healthyRoutes());
    const first = await fetchSchemas(options(server));
    expect(first.graphql.status).toBe('written');
    expect(first.rest.status).toBe('written');
    const schemas = path.join(dir, 'schemas');
    expect((await readdir(schemas)).sort()).toEqual([
      'tasklist.graphql',
      'tasklist.graphql.meta.json',
      'tasklist.openapi.json',
      'tasklist.openapi.json.meta.json',
    ]);
    const meta = JSON.parse(await readFile(path.join(schemas, 'tasklist.graphql.meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({
      sourceUrl: `${server.baseUrl}/graphql`,
      fetchedAt: '2026-01-02T03:04:05.000Z',
      contentHash: first.graphql.contentHash,
      serverVersion: '8.5.1',
      detail: 'introspection query: full',
    });
    expect((await readSnapshot(path.join(schemas, 'tasklist.openapi.json')))?.consistent).toBe(true);

    const before = await snapshotDir(schemas);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A later clock: if anything were rewritten, the timestamp would show it.
    const second = await fetchSchemas(options(server, { now: () => new Date('2027-01-01T00:00:00Z') }));
    expect(second.graphql.status).toBe('unchanged');
    expect(second.rest.status).toBe('unchanged');
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('writes the same bytes when the server lists everything in another order', async () => {
    const a = await serve(healthyRoutes(SMALL_SDL, smallOpenApi()));
    const b = await serve(healthyRoutes(SMALL_SDL_SHUFFLED, smallOpenApi({}, true)));
    const first = await fetchSchemas(options(a, { write: false }));
    const second = await fetchSchemas(options(b, { write: false }));
    expect(second.graphql.contents).toBe(first.graphql.contents);
    expect(second.rest.contents).toBe(first.rest.contents);
    expect(first.graphql.status).toBe('changed');
  });

  it('reports what changed since the last snapshot and rewrites only the side that changed', async () => {
    const server = await serve(healthyRoutes());
    await fetchSchemas(options(server));
    const schemas = path.join(dir, 'schemas');
    const graphqlBefore = await snapshotDir(schemas);
    const changed = await serve(healthyRoutes(SMALL_SDL, smallOpenApi({ priority: { type: 'integer' } })));
    const result = await fetchSchemas(options(changed));
    expect(result.graphql.status).toBe('unchanged');
    expect(result.rest.status).toBe('written');
    expect(result.rest.changes).toEqual([expect.objectContaining({ level: 'safe', kind: 'property-added', path: 'Task.priority' })]);
    const after = await snapshotDir(schemas);
    expect(after['tasklist.graphql']).toEqual(graphqlBefore['tasklist.graphql']);
    expect(after['tasklist.graphql.meta.json']).toEqual(graphqlBefore['tasklist.graphql.meta.json']);
    expect(after['tasklist.openapi.json']!.contents).toContain('"priority"');
  });

  it('repairs metadata that no longer vouches for its schema file, without a change report', async () => {
    const server = await serve(healthyRoutes());
    await fetchSchemas(options(server));
    const metaFile = path.join(dir, 'schemas', 'tasklist.graphql.meta.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { contentHash: string };
    await writeFile(metaFile, JSON.stringify({ ...meta, contentHash: 'sha256:0000' }));
    expect((await readSnapshot(path.join(dir, 'schemas', 'tasklist.graphql')))?.consistent).toBe(false);
    const result = await fetchSchemas(options(server));
    expect(result.graphql.status).toBe('written');
    expect(result.graphql.changes).toEqual([]);
    expect(result.rest.status).toBe('unchanged');
    expect((await readSnapshot(path.join(dir, 'schemas', 'tasklist.graphql')))?.consistent).toBe(true);
  });

  it('dry run: returns contents and changes, writes nothing', async () => {
    const server = await serve(healthyRoutes());
    const result = await fetchSchemas(options(server, { write: false }));
    expect(result.graphql.contents).toContain('type Task {');
    expect(result.rest.document?.openapi).toBe('3.0.1');
    expect(await snapshotDir(path.join(dir, 'schemas'))).toEqual({});
  });

  it('reports a server without GraphQL as absent, with the note; an error only when required', async () => {
    const server = await serve({ 'GET /v3/api-docs/Tasklist-v1': json(200, smallOpenApi()) });
    const result = await fetchSchemas(options(server));
    expect(result.graphql.status).toBe('absent');
    expect(result.graphql.note).toBe(NO_GRAPHQL_NOTE);
    expect(result.notes).toContain('this server has no GraphQL API; it was removed after 8.5 — generating REST only');
    expect(result.rest.status).toBe('written');

    const required = await failure(fetchSchemas(options(server, { graphql: { required: true }, schemasDir: path.join(dir, 'other') })));
    expect(required.code).toBe('NO_GRAPHQL');
    expect(required.url).toBe(`${server.baseUrl}/graphql`);
    expect(await snapshotDir(path.join(dir, 'other'))).toEqual({});
  });

  it('tries the springdoc locations in order, URL-encodes group names and says which answered', async () => {
    const server = await serve({ 'GET /v3/api-docs': json(200, smallOpenApi()) });
    const result = await fetchSchemas(options(server, { graphql: false }));
    expect(result.rest.tried).toEqual([
      `${server.baseUrl}/v3/api-docs/Tasklist-v1`,
      `${server.baseUrl}/v3/api-docs/v1`,
      `${server.baseUrl}/v3/api-docs/Orchestration%20Cluster%20API`,
      `${server.baseUrl}/v3/api-docs`,
    ]);
    expect(result.rest.sourceUrl).toBe(`${server.baseUrl}/v3/api-docs`);
    expect(result.rest.note).toContain(`found at ${server.baseUrl}/v3/api-docs`);
    expect(result.graphql.status).toBe('disabled');

    const grouped = await serve({ 'GET /v3/api-docs/Orchestration%20Cluster%20API': json(200, smallOpenApi()) });
    const oc = await fetchSchemas(
      options(grouped, { graphql: false, rest: { documentUrl: '/v3/api-docs/Orchestration Cluster API', format: 'yaml' }, write: false }),
    );
    expect(oc.rest.sourceUrl).toBe(`${grouped.baseUrl}/v3/api-docs/Orchestration%20Cluster%20API`);
    expect(oc.rest.schemaFile).toBe(path.join(dir, 'schemas', 'tasklist.openapi.yaml'));
    expect(oc.rest.contents).toMatch(/^openapi: 3\.0\.1\ninfo:\n/);
  });

  it('keeps the base URL path (a Tasklist behind /tasklist)', async () => {
    const server = await serve({
      'POST /tasklist/graphql': graphqlHandler(() => buildSchema(SMALL_SDL)),
      'GET /tasklist/v3/api-docs/v1': json(200, smallOpenApi()),
    });
    const result = await fetchSchemas(options(server, { baseUrl: `${server.baseUrl}/tasklist`, write: false }));
    expect(result.graphql.sourceUrl).toBe(`${server.baseUrl}/tasklist/graphql`);
    expect(result.rest.sourceUrl).toBe(`${server.baseUrl}/tasklist/v3/api-docs/v1`);
  });

  it('falls back to the basic introspection query when the server rejects the newer fields', async () => {
    // An older server: it does not know specifiedByURL / isRepeatable / argument deprecation.
    const older: Handler = (_req, body, res) => {
      const { query } = JSON.parse(body) as { query: string };
      if (query.includes('specifiedByURL')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: "Validation error: Field 'specifiedByURL' in type '__Type' is undefined" }] }));
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(graphqlSync({ schema: buildSchema(SMALL_SDL), source: query })));
    };
    const server = await serve({ 'POST /graphql': older, 'GET /v3/api-docs/Tasklist-v1': json(200, smallOpenApi()) });
    const result = await fetchSchemas(options(server));
    expect(result.graphql.status).toBe('written');
    expect(result.graphql.metadata?.detail).toBe('introspection query: basic');
    expect(server.requests.filter((request) => request === 'POST /graphql')).toHaveLength(2);
  });
});

describe('fetchSchemas failures: a clear error, and the previous snapshot exactly as it was', () => {
  async function withSnapshot(): Promise<{ schemas: string; before: Awaited<ReturnType<typeof snapshotDir>> }> {
    const good = await serve(healthyRoutes());
    await fetchSchemas(options(good));
    const schemas = path.join(dir, 'schemas');
    return { schemas, before: await snapshotDir(schemas) };
  }

  it('GraphQL fine but the OpenAPI document broken: nothing written', async () => {
    const { schemas, before } = await withSnapshot();
    const server = await serve({
      'POST /graphql': graphqlHandler(() => buildSchema(`${SMALL_SDL}\ntype Extra { a: Int }`)),
      'GET /v3/api-docs/Tasklist-v1': text(200, '{"openapi": "3.0.1", "paths": {,}', 'application/json'),
    });
    const error = await failure(fetchSchemas(options(server)));
    expect(error.code).toBe('SYNTAX');
    expect(error.url).toBe(`${server.baseUrl}/v3/api-docs/Tasklist-v1:1:32`);
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('introspection disabled', async () => {
    const { schemas, before } = await withSnapshot();
    const server = await serve({
      'POST /graphql': json(400, {
        errors: [{ message: 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".' }],
      }),
      'GET /v3/api-docs/Tasklist-v1': json(200, smallOpenApi()),
    });
    const error = await failure(fetchSchemas(options(server)));
    expect(error.code).toBe('INTROSPECTION_DISABLED');
    expect(error.message).toContain(`(${server.baseUrl}/graphql)`);
    expect(error.hint).toContain('--from');
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('an HTML login page where JSON was expected', async () => {
    const { schemas, before } = await withSnapshot();
    const login = text(200, '<!DOCTYPE html><html><body><form action="/api/login"></form></body></html>', 'text/html');
    const server = await serve({
      'POST /graphql': login,
      '/v3/api-docs/Tasklist-v1': login,
      '/v3/api-docs/v1': login,
      '/v3/api-docs': login,
    });
    const error = await failure(fetchSchemas(options(server)));
    expect(error.code).toBe('HTML_RESPONSE');
    expect(error.hint).toMatch(/login page.*not authenticated/);
    const restOnly = await failure(fetchSchemas(options(server, { graphql: false })));
    expect(restOnly.code).toBe('HTML_RESPONSE');
    expect(restOnly.url).toBe(`${server.baseUrl}/v3/api-docs/Tasklist-v1`);
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('401 and 403 name the strategy and the likely credential, never the secret', async () => {
    const { schemas, before } = await withSnapshot();
    const server = await serve({ 'POST /graphql': json(401, { status: 401 }), 'GET /v3/api-docs/Tasklist-v1': json(403, { status: 403 }) });
    const secret = 'sup3r-s3cret-pa55word';
    const transport = createTransport({
      baseUrl: server.baseUrl,
      auth: { strategy: 'BASIC', username: 'demo', password: secret },
      retry: false,
    });
    const unauthorized = await failure(fetchSchemas(options(server, { fetch: transport })));
    expect(unauthorized.code).toBe('UNAUTHORIZED');
    expect(unauthorized.message).toContain('401');
    expect(unauthorized.message).toContain('CAMUNDA_BASIC_AUTH_PASSWORD');
    expect(`${unauthorized.message} ${unauthorized.hint}`).not.toContain(secret);
    const forbidden = await failure(fetchSchemas(options(server, { fetch: transport, graphql: false })));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.message).toMatch(/403 Forbidden, signed in with .*BASIC/i);
    expect(forbidden.message).not.toContain(secret);
    // Plain fetch (no strategy) says so.
    const plain = await failure(fetchSchemas(options(server)));
    expect(plain.hint).toContain('CAMUNDA_AUTH_STRATEGY');
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('connection refused and DNS failure', async () => {
    const { schemas, before } = await withSnapshot();
    const gone = await startServer({});
    await gone.close();
    const refused = await failure(fetchSchemas(options(gone)));
    expect(refused.code).toBe('UNREACHABLE');
    expect(refused.message).toContain('ECONNREFUSED');
    expect(refused.url).toBe(`${gone.baseUrl}/graphql`);
    const dns = await failure(fetchSchemas({ ...options(gone), baseUrl: 'http://no-such-host.invalid' }));
    expect(dns.code).toBe('UNREACHABLE');
    expect(dns.message).toMatch(/host not found|ENOTFOUND|EAI_AGAIN/);
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('timeout', async () => {
    const { schemas, before } = await withSnapshot();
    const server = await serve({ 'POST /graphql': () => new Promise<void>(() => undefined) });
    const transport = createTransport({ baseUrl: server.baseUrl, timeoutMs: 200, retry: false });
    const error = await failure(fetchSchemas(options(server, { fetch: transport })));
    expect(error.code).toBe('TIMEOUT');
    expect(error.url).toBe(`${server.baseUrl}/graphql`);
    expect(await snapshotDir(schemas)).toEqual(before);
  });

  it('answers that are not a schema / not OpenAPI', async () => {
    const { schemas, before } = await withSnapshot();
    const server = await serve({
      'POST /graphql': json(200, { data: { hello: 'world' } }),
      '/v3/api-docs/Tasklist-v1': json(200, { swagger: '2.0', info: {}, paths: {} }),
    });
    const notSchema = await failure(fetchSchemas(options(server)));
    expect(notSchema.code).toBe('NOT_A_SCHEMA');
    const notOpenApi = await failure(fetchSchemas(options(server, { graphql: false })));
    expect(notOpenApi.code).toBe('NOT_OPENAPI');
    expect(notOpenApi.message).toContain('Swagger 2.0');
    const nothing = await serve({});
    const noDocument = await failure(fetchSchemas(options(nothing, { graphql: false })));
    expect(noDocument.code).toBe('NO_OPENAPI_DOCUMENT');
    expect(noDocument.message).toContain('/v3/api-docs/v1 → 404');
    expect(await snapshotDir(schemas)).toEqual(before);
  });
});

describe('fetchSchemas --from', () => {
  it('reads SDL, introspection JSON and OpenAPI from files or URLs, no server needed', async () => {
    const sources = path.join(dir, 'sources');
    await mkdir(sources);
    await writeFile(path.join(sources, 'schema.graphql'), SMALL_SDL_SHUFFLED);
    const introspection = graphqlSync({ schema: buildSchema(SMALL_SDL), source: getIntrospectionQuery({ specifiedByUrl: true }) });
    await writeFile(path.join(sources, 'introspection.json'), JSON.stringify(introspection));
    await writeFile(path.join(sources, 'openapi.yaml'), (await import('yaml')).stringify(smallOpenApi()));
    const base = { baseUrl: 'http://127.0.0.1:9', fetch, schemasDir: path.join(dir, 'schemas'), now: fixedClock };
    const fromSdl = await fetchSchemas({
      ...base,
      from: { graphql: path.join(sources, 'schema.graphql'), rest: path.join(sources, 'openapi.yaml') },
    });
    expect(fromSdl.graphql.status).toBe('written');
    expect(fromSdl.rest.status).toBe('written');
    expect(fromSdl.graphql.sourceUrl).toBe(path.join(sources, 'schema.graphql'));
    // The same schema from introspection JSON: byte-identical, so nothing changes on disk.
    const fromJson = await fetchSchemas({
      ...base,
      from: { graphql: path.join(sources, 'introspection.json'), rest: path.join(sources, 'openapi.yaml') },
    });
    expect(fromJson.graphql.status).toBe('unchanged');

    const server = await serve({ 'GET /files/openapi.json': json(200, smallOpenApi()) });
    const fromUrl = await fetchSchemas({ ...base, write: false, graphql: false, from: { rest: `${server.baseUrl}/files/openapi.json` } });
    expect(fromUrl.rest.status).toBe('unchanged');

    const missing = await failure(fetchSchemas({ ...base, graphql: false, from: { rest: path.join(sources, 'nope.json') } }));
    expect(missing.url).toBe(path.join(sources, 'nope.json'));
  });
});
