/**
 * Shapes of valid OpenAPI documents found in public APIs (GitHub, Stripe, Camunda's v2 API), each
 * reduced to a minimal document: the generated code must type-check under `--strict` (one `tsc`
 * run over every case, usage files with `@ts-expect-error`s included) and, where it sends
 * something, put the bytes the document declares on the wire of a local server, on the runtime's
 * direct path and on its openapi-fetch path alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthStrategy } from '../../src/auth/strategies/index.js';
import { noAuth } from '../../src/auth/strategies/index.js';
import { loadOpenApiSource } from '../../src/fetch/openapi/load.js';
import { generateRest, OpenApiDocumentError } from '../../src/generate/rest/index.js';
import { createRestClient, RestError, type RestClient } from '../../src/runtime/rest-client.js';
import { createStrategyTransport } from '../../src/runtime/transport.js';
import type { TasklistFetch } from '../../src/runtime/types.js';
import {
  generateCases,
  recordingServer,
  repoRoot,
  typeCheck,
  type GeneratedCase,
  type GeneratedCases,
  type RecordingServer,
  type SeenRequest,
} from './helpers/generated-cases.js';

const info = { title: 'Shapes', version: '1' };
const ok = (schema: object = { type: 'object', properties: { ok: { type: 'boolean' } } }) => ({
  description: 'ok',
  content: { 'application/json': { schema } },
});
const noContent = { description: 'done' };

/** GitHub's document carries example payloads holding `"$ref": "https://…"`: data, not references. */
const dataRefs = {
  openapi: '3.1.0',
  info,
  paths: {
    '/repos': {
      get: {
        operationId: 'listRepos',
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Repo' },
                examples: { one: { $ref: '#/components/examples/repo' }, inline: { value: { $ref: 'https://example.com/inline' } } },
              },
            },
          },
          default: { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
  components: {
    examples: { repo: { value: { url: { $ref: 'https://api.github.com/repos/x' }, self: { $ref: '#/not/a/pointer' } } } },
    responses: { Problem: { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
    schemas: {
      Repo: {
        type: 'object',
        'x-sample': { $ref: 'https://example.com/sample' },
        properties: {
          links: {
            type: 'object',
            default: { $ref: '#/not/a/pointer' },
            example: { $ref: 'https://x' },
            examples: [{ $ref: 'https://x' }],
          },
          kind: { const: { $ref: 'https://example.com/kind' } },
          shape: { enum: [{ $ref: '#/nowhere' }, 'plain'] },
          // Properties that happen to be called like data keywords are schemas, and their refs are followed.
          default: { $ref: '#/components/schemas/Owner' },
          example: { $ref: '#/components/schemas/Owner' },
        },
      },
      Owner: { type: 'object', properties: { login: { type: 'string' } } },
      Problem: { type: 'object', properties: { message: { type: 'string' } } },
    },
  },
};

const pathItemRefs = {
  openapi: '3.1.0',
  info,
  paths: {
    '/users': { $ref: '#/components/pathItems/users' },
    '/users/{id}': { $ref: '#/components/pathItems/user' },
  },
  components: {
    pathItems: {
      users: {
        get: {
          operationId: 'listUsers',
          tags: ['users'],
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
          responses: { '200': ok({ type: 'array', items: { type: 'string' } }) },
        },
        post: {
          operationId: 'createUser',
          tags: ['users'],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
          },
          responses: { '201': ok() },
        },
      },
      user: {
        parameters: [{ $ref: '#/components/parameters/id' }],
        get: { operationId: 'getUser', tags: ['users'], responses: { '200': ok() } },
      },
    },
    parameters: { id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
  },
};

/** Five operations whose names compete: five functions, each clash a warning. */
const collisions = {
  openapi: '3.0.3',
  info,
  paths: {
    '/a': { get: { operationId: 'getItem', responses: { '200': ok() } } },
    '/b': { get: { operationId: 'get-item', responses: { '200': ok() } } },
    '/things/search': {
      post: {
        operationId: 'searchThings',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { pageSize: { type: 'integer' }, searchAfter: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
        responses: {
          '200': ok({
            type: 'array',
            items: { type: 'object', properties: { id: { type: 'string' }, sortValues: { type: 'array', items: { type: 'string' } } } },
          }),
        },
      },
    },
    '/c': { get: { operationId: 'paginateSearchThings', responses: { '200': ok() } } },
    '/d': { get: { operationId: 'callOperation', responses: { '200': ok() } } },
  },
};

/** Stripe sends every request body as `application/x-www-form-urlencoded`, nested with brackets. */
const formBodies = {
  openapi: '3.0.0',
  info,
  paths: {
    '/v1/customers': {
      post: {
        operationId: 'createCustomer',
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  balance: { type: 'integer' },
                  metadata: { type: 'object', additionalProperties: { type: 'string' } },
                  address: { type: 'object', properties: { city: { type: 'string' }, line1: { type: 'string' } } },
                  expand: { type: 'array', items: { type: 'string' } },
                  tags: { type: 'array', items: { type: 'string' } },
                  items: {
                    type: 'array',
                    items: { type: 'object', properties: { price: { type: 'string' }, quantity: { type: 'integer' } } },
                  },
                },
              },
              encoding: {
                expand: { style: 'deepObject', explode: true },
                items: { style: 'deepObject', explode: true },
                metadata: { style: 'deepObject', explode: true },
              },
            },
          },
        },
        responses: { '200': ok() },
      },
    },
  },
};

const mediaTypes = {
  openapi: '3.0.3',
  info,
  paths: {
    '/notes': {
      post: {
        operationId: 'addNote',
        requestBody: { required: true, content: { 'text/plain': { schema: { type: 'string' } } } },
        responses: { '204': noContent },
      },
    },
    '/docs/{id}': {
      put: {
        operationId: 'putDoc',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'text/plain': { schema: { type: 'string' } },
            'application/json': { schema: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } } },
          },
        },
        responses: { '204': noContent },
      },
      patch: {
        operationId: 'patchDoc',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/merge-patch+json': { schema: { type: 'object', properties: { title: { type: 'string', nullable: true } } } },
          },
        },
        responses: { '204': noContent },
      },
    },
    '/either': {
      post: {
        operationId: 'sendEither',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', properties: { a: { type: 'integer' } } } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        responses: { '204': noContent },
      },
    },
    '/avatars': {
      post: {
        operationId: 'uploadAvatar',
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { note: { type: 'string' }, file: { type: 'string', format: 'binary' } } },
            },
          },
        },
        responses: { '204': noContent },
      },
    },
    '/files': {
      post: {
        operationId: 'uploadFile',
        requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { '204': noContent },
      },
    },
  },
};

const cookies = {
  openapi: '3.0.3',
  info,
  paths: {
    '/prefs': {
      get: {
        operationId: 'getPrefs',
        parameters: [
          { name: 'session', in: 'cookie', required: true, schema: { type: 'string' } },
          { name: 'theme', in: 'cookie', schema: { type: 'string' } },
          { name: 'x-trace', in: 'header', schema: { type: 'string' } },
        ],
        responses: { '200': ok() },
      },
    },
  },
};

/** GET and PUT on one path, both `getThing` (openapi-typescript keys `operations` by operationId). */
const duplicateIds = {
  openapi: '3.0.3',
  info,
  paths: {
    '/thing': {
      get: { operationId: 'getThing', responses: { '200': ok({ type: 'string' }) } },
      put: {
        operationId: 'getThing',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
        },
        responses: { '204': noContent },
      },
    },
  },
};

/** Stripe declares bodies on GET and DELETE operations. */
const bodyOnGet = {
  openapi: '3.0.0',
  info,
  paths: {
    '/search': {
      get: {
        operationId: 'searchGet',
        parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { filter: { type: 'string' } } } } } },
        responses: { '200': ok() },
      },
    },
    '/items/{id}': {
      delete: {
        operationId: 'deleteItem',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string' } } } } } },
        responses: { '204': noContent },
      },
    },
  },
};

/** Camunda's v2 searches: some sit under a path parameter; a default on a non-cursor property. */
const paging = {
  openapi: '3.0.3',
  info,
  paths: {
    '/user-tasks/{userTaskKey}/variables/search': {
      post: {
        operationId: 'searchUserTaskVariables',
        parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/VariableSearchQuery' } } } },
        responses: { '200': ok({ $ref: '#/components/schemas/VariableSearchResult' }) },
      },
    },
    '/v1/tasks/search': {
      post: {
        operationId: 'searchTasks',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/TaskSearchRequest' } } } },
        responses: { '200': ok({ type: 'array', items: { $ref: '#/components/schemas/Task' } }) },
      },
    },
  },
  components: {
    schemas: {
      VariableSearchQuery: {
        type: 'object',
        properties: {
          page: { type: 'object', properties: { limit: { type: 'integer' }, after: { type: 'string' } } },
          filter: { type: 'object', default: {}, properties: { name: { type: 'string' } } },
        },
      },
      VariableSearchResult: {
        type: 'object',
        required: ['items', 'page'],
        properties: {
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          page: { type: 'object', properties: { endCursor: { type: 'string', nullable: true } } },
        },
      },
      TaskSearchRequest: {
        type: 'object',
        properties: {
          pageSize: { type: 'integer' },
          searchAfter: { type: 'array', items: { type: 'string' } },
          state: { type: 'string', default: 'CREATED' },
        },
      },
      Task: { type: 'object', properties: { id: { type: 'string' }, sortValues: { type: 'array', items: { type: 'string' } } } },
    },
  },
};

const defaultStatus = {
  openapi: '3.0.3',
  info,
  paths: {
    '/thing/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': ok(),
          '404': {
            description: 'missing',
            content: { 'application/json': { schema: { type: 'object', properties: { missing: { type: 'string' } } } } },
          },
          '4XX': {
            description: 'client',
            content: { 'application/json': { schema: { type: 'object', properties: { client: { type: 'string' } } } } },
          },
          default: {
            description: 'other',
            content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } },
          },
        },
      },
    },
  },
};

const cases: GeneratedCase[] = [
  {
    name: 'data-refs',
    document: dataRefs,
    usage: `import type { components } from './rest/schema.js';
import { listRepos, type TasklistRestClient } from './rest/index.js';
export const owner: NonNullable<components['schemas']['Repo']['default']> = { login: 'x' };
export const call = (client: TasklistRestClient) => listRepos(client);
`,
  },
  {
    name: 'path-item-refs',
    document: pathItemRefs,
    usage: `import { createUser, getUser, listUsers, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  const names: string[] = await listUsers(client, { query: { limit: 2 } });
  await createUser(client, { body: { name: 'x' } });
  // @ts-expect-error: name is required
  await createUser(client, { body: {} });
  await getUser(client, { path: { id: '7' } });
  return names;
}
`,
  },
  {
    name: 'collisions',
    document: collisions,
    usage: `import { getItem, getItem2, paginateSearchThings, paginateSearchThings2, callOperation2, type TasklistRestClient } from './rest/index.js';
export const all = (client: TasklistRestClient) => [getItem(client), getItem2(client), paginateSearchThings(client), paginateSearchThings2(client), callOperation2(client)];
`,
  },
  {
    name: 'form-bodies',
    document: formBodies,
    usage: `import { createCustomer, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  await createCustomer(client, { body: { name: 'Jane Doe', metadata: { plan: 'pro' }, address: { city: 'Berlin' }, expand: ['a', 'b'], items: [{ price: 'p1', quantity: 2 }] } });
  // @ts-expect-error: the body is the schema's object, not FormData
  await createCustomer(client, { body: new FormData() });
  // @ts-expect-error: name is required
  await createCustomer(client, { body: { balance: 1 } });
}
`,
  },
  {
    name: 'media-types',
    document: mediaTypes,
    usage: `import { addNote, patchDoc, putDoc, sendEither, uploadAvatar, uploadFile, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  await addNote(client, { body: 'hello' });
  // @ts-expect-error: a text/plain body is a string
  await addNote(client, { body: { text: 'hello' } });
  await putDoc(client, { path: { id: '1' }, body: { title: 'T' } });
  await putDoc(client, { path: { id: '1' }, contentType: 'application/json', body: { title: 'T' } });
  await putDoc(client, { path: { id: '1' }, contentType: 'text/plain', body: 'plain words' });
  // @ts-expect-error: as text/plain the body is a string
  await putDoc(client, { path: { id: '1' }, contentType: 'text/plain', body: { title: 'T' } });
  // @ts-expect-error: not a media type the operation declares
  await putDoc(client, { path: { id: '1' }, contentType: 'application/xml', body: '<t/>' });
  await patchDoc(client, { path: { id: '1' }, body: { title: null } });
  await uploadFile(client, { body: new Blob(['bytes']) });
  await uploadAvatar(client, { body: new FormData() });
  await sendEither(client, { body: { a: 1 } });
  await sendEither(client, { contentType: 'text/plain', body: 'x' });
  // @ts-expect-error: the body is required
  await sendEither(client);
  await uploadFile(client, { body: new Uint8Array([1, 2]) });
  await uploadFile(client, { body: new ArrayBuffer(2) });
}
`,
  },
  {
    name: 'cookies',
    document: cookies,
    usage: `import { getPrefs, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  await getPrefs(client, { cookie: { session: 'abc', theme: 'dark' } });
  // @ts-expect-error: the session cookie is required
  await getPrefs(client, { cookie: { theme: 'dark' } });
}
`,
  },
  {
    name: 'duplicate-ids',
    document: duplicateIds,
    usage: `import { getThing, getThing2, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  const text: string = await getThing(client);
  await getThing2(client, { body: { name: 'x' } });
  // @ts-expect-error: name is a string
  await getThing2(client, { body: { name: 1 } });
  return text;
}
`,
  },
  {
    name: 'body-on-get',
    document: bodyOnGet,
    usage: `import { deleteItem, searchGet, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  await searchGet(client, { query: { q: 'x' } });
  // @ts-expect-error: fetch cannot send a body with GET, so the function takes none
  await searchGet(client, { query: { q: 'x' }, body: { filter: 'y' } });
  await deleteItem(client, { path: { id: '1' }, body: { reason: 'gone' } });
}
`,
  },
  {
    name: 'paging',
    document: paging,
    usage: `import { paginateSearchTasks, paginateSearchUserTaskVariables, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient) {
  const names: (string | undefined)[] = [];
  for await (const variable of paginateSearchUserTaskVariables(client, { path: { userTaskKey: '1' } })) names.push(variable.name);
  for await (const variable of paginateSearchUserTaskVariables(client, { path: { userTaskKey: '1' } }, { filter: { name: 'x' } }, { pageSize: 2 })) names.push(variable.name);
  // @ts-expect-error: the path parameter is required
  paginateSearchUserTaskVariables(client, {});
  for await (const task of paginateSearchTasks(client)) names.push(task.id);
  for await (const task of paginateSearchTasks(client, { state: 'COMPLETED' })) names.push(task.id);
  return names;
}
`,
  },
  {
    name: 'default-status',
    document: defaultStatus,
    usage: `import { RestError } from 'RUNTIME';
import { getThing, type GetThingErrors, type TasklistRestClient } from './rest/index.js';
export async function use(client: TasklistRestClient): Promise<string | undefined> {
  try {
    await getThing(client, { path: { id: '1' } });
    return undefined;
  } catch (error) {
    if (!(error instanceof RestError)) throw error;
    const failure = error as RestError<GetThingErrors>;
    if (failure.hasStatus(404)) return failure.body.missing;
    if (failure.hasStatus('4XX')) return failure.body.client;
    if (failure.hasStatus('default')) return failure.body.message;
    return undefined;
  }
}
`,
  },
];

let generated: GeneratedCases;
let errors: Map<string, string[]>;
let server: RecordingServer;

beforeAll(async () => {
  generated = await generateCases(cases);
  errors = await typeCheck(generated.root);
  server = await recordingServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  await generated?.remove();
});

/** The case generated without throwing and its output (usage file included) type-checks. */
function expectCompiles(name: string): void {
  expect(generated.failures.get(name)?.message).toBeUndefined();
  expect(errors.get(name) ?? []).toEqual([]);
  // Errors outside any case's folder (in the runtime sources the cases import) count against every case.
  expect(errors.get('(outside)') ?? []).toEqual([]);
}

function functionsOf(name: string): string[] {
  const index = generated.results.get(name)?.files.find((file) => file.path === 'rest/index.ts')?.contents ?? '';
  return [...index.matchAll(/^export function (\w+)\(/gm)].map((match) => match[1] as string);
}

type Module = Record<string, (...args: unknown[]) => Promise<unknown>>;

async function load(name: string): Promise<Module> {
  return (await import(`${generated.dirOf(name)}/rest/index.ts`)) as Module;
}

/**
 * Runs `call` on both runtime paths (the direct path over our transport, and openapi-fetch over a
 * plain wrapper around the same transport) and returns what the server saw; the two must agree.
 */
async function onTheWire(call: (client: RestClient<any>) => Promise<unknown>): Promise<SeenRequest[]> {
  const transport = createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
  const wrapped: TasklistFetch = (input, init) => transport(input, init);
  const runs: SeenRequest[][] = [];
  for (const client of [
    createRestClient<any>({ baseUrl: server.url, fetch: transport }),
    createRestClient<any>({ baseUrl: server.url, fetch: wrapped }),
  ]) {
    server.seen.length = 0;
    await call(client);
    runs.push(server.seen.map((request) => withoutBoundary({ ...request, headers: pick(request.headers) })));
  }
  expect(runs[1]).toEqual(runs[0]);
  return runs[0] as SeenRequest[];
}

/** A multipart body's boundary is random per request: the same request, the boundary named `BOUNDARY`. */
function withoutBoundary(request: SeenRequest): SeenRequest {
  const boundary = /boundary=(\S+)/.exec(String(request.headers['content-type']))?.[1];
  if (!boundary) return request;
  const strip = (text: string) => text.split(boundary).join('BOUNDARY');
  const headers = { ...request.headers, 'content-type': strip(String(request.headers['content-type'])) };
  return { ...request, headers, body: strip(request.body) };
}

/** The headers a request's meaning depends on (not host, connection, user-agent …). */
function pick(headers: SeenRequest['headers']): SeenRequest['headers'] {
  const kept: SeenRequest['headers'] = {};
  for (const name of ['content-type', 'content-length', 'cookie', 'x-trace']) if (headers[name] !== undefined) kept[name] = headers[name];
  return kept;
}

describe('$ref-shaped data (examples, default, enum, const, extensions) is data', () => {
  it('generates and type-checks; fetch accepts the same document', async () => {
    expectCompiles('data-refs');
    await expect(loadOpenApiSource(JSON.stringify(dataRefs), 'doc.json')).resolves.toBeDefined();
  });

  it('a broken $ref in a property named "default", or an Example object, is still an error for both', async () => {
    const brokenProperty = structuredClone(dataRefs) as any;
    brokenProperty.components.schemas.Repo.properties.default.$ref = '#/components/schemas/Nobody';
    const brokenExample = structuredClone(dataRefs) as any;
    brokenExample.paths['/repos'].get.responses['200'].content['application/json'].examples.one.$ref = '#/components/examples/nothing';
    for (const [document, ref] of [
      [brokenProperty, '#/components/schemas/Nobody'],
      [brokenExample, '#/components/examples/nothing'],
    ] as const) {
      const text = JSON.stringify(document, null, 2);
      const error = await generateRest({ documentFile: 'doc.json', documentText: text, cwd: repoRoot, runtimeImport: 'rt' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenApiDocumentError);
      expect((error as Error).message).toContain(`broken $ref "${ref}"`);
      await expect(loadOpenApiSource(text, 'doc.json')).rejects.toThrow(`Broken $ref "${ref}"`);
    }
  });
});

describe('path items given by $ref (OpenAPI 3.1 components/pathItems)', () => {
  it('every operation gets its function, and the output type-checks', () => {
    expectCompiles('path-item-refs');
    expect(functionsOf('path-item-refs')).toEqual(['listUsers', 'createUser', 'getUser']);
  });

  it('a selection by tag reaches them too', async () => {
    const result = await generateRest({
      documentFile: 'doc.json',
      documentText: JSON.stringify(pathItemRefs),
      cwd: repoRoot,
      runtimeImport: 'rt',
      select: { tags: ['users'] },
    });
    const index = result.files.find((file) => file.path === 'rest/index.ts')?.contents ?? '';
    expect([...index.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1])).toEqual(['listUsers', 'createUser', 'getUser']);
  });

  it('the shared path parameter of the referenced item is sent', async () => {
    const { getUser, listUsers } = await load('path-item-refs');
    const seen = await onTheWire(async (client) => {
      await getUser!(client, { path: { id: 'a b' } });
      await listUsers!(client, { query: { limit: 2 } });
    });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /users/a%20b', 'GET /users?limit=2']);
  });
});

describe('operations whose names compete', () => {
  it('five operations give five functions (plus the pager), each renamed one with a warning', () => {
    expectCompiles('collisions');
    expect(functionsOf('collisions').filter((name) => name !== 'paginateSearchThings')).toEqual([
      'getItem',
      'getItem2',
      'searchThings',
      'paginateSearchThings2',
      'callOperation2',
    ]);
    const warnings = generated.results.get('collisions')?.warnings.map((warning) => `${warning.location}: ${warning.message}`) ?? [];
    expect(warnings).toEqual([
      '#/paths/~1b/get: operationId "get-item" cannot name a function (not an identifier); the function is named getItem',
      '#/paths/~1b/get: the name getItem is taken; the function is named getItem2',
      '#/paths/~1c/get: the name paginateSearchThings is taken; the function is named paginateSearchThings2',
      '#/paths/~1d/get: the name callOperation is taken; the function is named callOperation2',
    ]);
  });

  it('a path or method written twice (the parse keeps only the last) is a located warning, in YAML and JSON', async () => {
    const yaml = [
      'openapi: 3.0.3',
      'info: { title: x, version: "1" }',
      'paths:',
      '  /a:',
      '    get: { operationId: first, responses: { "200": { description: ok } } }',
      '  /b:',
      '    get: { operationId: second, responses: { "200": { description: ok } } }',
      '  /a:',
      '    post: { operationId: third, responses: { "200": { description: ok } } }',
    ].join('\n');
    const json =
      '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {"/a": {\n  "get": {"operationId": "first", "responses": {"200": {"description": "ok"}}},\n  "get": {"operationId": "again", "responses": {"200": {"description": "ok", "x-note": "a \\"get\\": here"}}}}}}';
    const warningsOf = async (text: string, file: string) =>
      (await generateRest({ documentFile: file, documentText: text, cwd: repoRoot, runtimeImport: 'rt' })).warnings.map(
        (w) => `${w.location}: ${w.message}`,
      );
    expect(await warningsOf(yaml, 'doc.yaml')).toEqual([
      'doc.yaml:8:3: "/a" is written twice in one object; only this later one is read, what the first holds is not generated',
    ]);
    expect(await warningsOf(json, 'doc.json')).toEqual([
      'doc.json:3:3: "get" is written twice in one object; only this later one is read, what the first holds is not generated',
    ]);
  });
});

describe('application/x-www-form-urlencoded bodies', () => {
  it("are typed as the schema's object", () => {
    expectCompiles('form-bodies');
    expect(generated.results.get('form-bodies')?.warnings).toEqual([]);
  });

  it('are sent urlencoded, nested with brackets (arrays indexed where the encoding says deepObject)', async () => {
    const { createCustomer } = await load('form-bodies');
    const [request] = await onTheWire((client) =>
      createCustomer!(client, {
        body: {
          name: 'Jane Doe',
          balance: 5,
          metadata: { plan: 'pro', 'a&b': 'c=d' },
          address: { city: 'Berlin' },
          expand: ['x', 'y'],
          tags: ['t1', 't2'],
          items: [{ price: 'p1', quantity: 2 }],
          skipped: undefined,
        },
      }),
    );
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toMatch(/^name=Jane\+Doe&balance=5&metadata%5Bplan%5D=pro&metadata%5Ba%26b%5D=c%3Dd&/);
    expect([...new URLSearchParams(request?.body)].map(([name, value]) => `${name}=${value}`)).toEqual([
      'name=Jane Doe',
      'balance=5',
      'metadata[plan]=pro',
      'metadata[a&b]=c=d',
      'address[city]=Berlin',
      'expand[0]=x',
      'expand[1]=y',
      'tags=t1',
      'tags=t2',
      'items[0][price]=p1',
      'items[0][quantity]=2',
    ]);
  });
});

describe('non-JSON request bodies are sent as their media type declares', () => {
  it('type-check: text is a string; with several media types the caller picks one, JSON by default', () => {
    expectCompiles('media-types');
  });

  it("text/plain, application/octet-stream and +json go out as declared; the caller's choice is honoured", async () => {
    const { addNote, putDoc, patchDoc, uploadFile, uploadAvatar, sendEither } = await load('media-types');
    const seen = await onTheWire(async (client) => {
      await addNote!(client, { body: 'hello' });
      await putDoc!(client, { path: { id: '1' }, body: { title: 'T' } });
      await putDoc!(client, { path: { id: '1' }, contentType: 'text/plain', body: 'plain words' });
      await patchDoc!(client, { path: { id: '1' }, body: { title: null } });
      await uploadFile!(client, { body: new Blob([new Uint8Array([0, 1, 2, 255])]) });
      await uploadFile!(client, { body: new Uint8Array([0, 1, 2, 255]) });
      await uploadFile!(client, { body: new Uint8Array([0, 1, 2, 255]).buffer });
      const form = new FormData();
      form.append('note', 'hi');
      await uploadAvatar!(client, { body: form });
      // From untyped code, a plain object is made into the form.
      await uploadAvatar!(client, { body: { note: 'hi' } });
      await sendEither!(client, { body: { a: 1 } });
      await sendEither!(client, { contentType: 'text/plain', body: 'x' });
    });
    expect(seen.map((request) => [request.method, request.url, request.headers['content-type'], request.body])).toEqual([
      ['POST', '/notes', 'text/plain', 'hello'],
      ['PUT', '/docs/1', 'application/json', '{"title":"T"}'],
      ['PUT', '/docs/1', 'text/plain', 'plain words'],
      ['PATCH', '/docs/1', 'application/merge-patch+json', '{"title":null}'],
      ['POST', '/files', 'application/octet-stream', Buffer.from([0, 1, 2, 255]).toString('utf8')],
      ['POST', '/files', 'application/octet-stream', Buffer.from([0, 1, 2, 255]).toString('utf8')],
      ['POST', '/files', 'application/octet-stream', Buffer.from([0, 1, 2, 255]).toString('utf8')],
      [
        'POST',
        '/avatars',
        'multipart/form-data; boundary=BOUNDARY',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--BOUNDARY--\r\n',
      ],
      [
        'POST',
        '/avatars',
        'multipart/form-data; boundary=BOUNDARY',
        '--BOUNDARY\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--BOUNDARY--\r\n',
      ],
      ['POST', '/either', 'application/json', '{"a":1}'],
      ['POST', '/either', 'text/plain', 'x'],
    ]);
  });
});

describe('cookie parameters', () => {
  it('type-check', () => expectCompiles('cookies'));

  it('are sent in the Cookie header', async () => {
    const { getPrefs } = await load('cookies');
    const seen = await onTheWire(async (client) => {
      await getPrefs!(client, { cookie: { session: 'abc', theme: 'dark mode' }, header: { 'x-trace': 't1' } });
      await getPrefs!(client, { cookie: { session: 'only' } });
      await getPrefs!(client, { cookie: { session: 'param' } }, { headers: { Cookie: 'mine=1' } });
    });
    expect(seen.map((request) => request.headers)).toEqual([
      { cookie: 'session=abc; theme=dark%20mode', 'x-trace': 't1' },
      { cookie: 'session=only' },
      { cookie: 'mine=1; session=param' },
    ]);
  });
  it('survive cookie auth: the session cookie is added after them', async () => {
    const { getPrefs } = await load('cookies');
    server.answers.set('/api/login', { status: 204, body: '', headers: { 'set-cookie': 'TASKLIST-SESSION=s1; Path=/; HttpOnly' } });
    const auth = createAuthStrategy(
      { strategy: 'COOKIE', username: 'demo', password: 'demo' },
      { baseUrl: server.url, cookieMode: 'manual' },
    );
    const transport = createStrategyTransport({ baseUrl: server.url, auth, retry: false });
    server.seen.length = 0;
    await getPrefs!(createRestClient<any>({ baseUrl: server.url, fetch: transport }), { cookie: { session: 'abc' } });
    expect(server.seen.filter((request) => request.url === '/prefs').map((request) => request.headers.cookie)).toEqual([
      'session=abc; TASKLIST-SESSION=s1',
    ]);
  });
});

describe('duplicate operationIds', () => {
  it('schema.d.ts has no duplicate identifier; getThing2 is typed by its own operation', () => {
    expectCompiles('duplicate-ids');
    const schema = generated.results.get('duplicate-ids')?.files.find((file) => file.path === 'rest/schema.d.ts')?.contents ?? '';
    expect(schema).toMatch(/put: operations\["getThing2"\]/);
    expect(generated.results.get('duplicate-ids')?.warnings.map((warning) => warning.location)).toEqual(['#/paths/~1thing/put']);
  });

  it('the renamed operation sends its body', async () => {
    const { getThing2 } = await load('duplicate-ids');
    server.answers.set('/thing', { status: 204, body: '' });
    const [request] = await onTheWire((client) => getThing2!(client, { body: { name: 'x' } }));
    expect([request?.method, request?.body]).toEqual(['PUT', '{"name":"x"}']);
  });
});

describe('a request body on GET', () => {
  it('is left out of the type with a located warning; DELETE keeps its body', () => {
    expectCompiles('body-on-get');
    const warnings = generated.results.get('body-on-get')?.warnings ?? [];
    expect(warnings.map((warning) => warning.location)).toEqual(['#/paths/~1search/get/requestBody']);
    expect(warnings[0]?.message).toMatch(/GET/);
  });

  it('GET goes out without a body (no TypeError); DELETE sends its body', async () => {
    const { searchGet, deleteItem } = await load('body-on-get');
    server.answers.set('/items/1', { status: 204, body: '' });
    const seen = await onTheWire(async (client) => {
      await searchGet!(client, { query: { q: 'x' } });
      await deleteItem!(client, { path: { id: '1' }, body: { reason: 'gone' } });
    });
    expect(seen.map((request) => [request.method, request.url, request.body])).toEqual([
      ['GET', '/search?q=x', ''],
      ['DELETE', '/items/1', '{"reason":"gone"}'],
    ]);
  });
});

describe('paging', () => {
  it('a search under a path parameter gets its pager; a default on a filter does not break type-checking', () => {
    expectCompiles('paging');
    expect(functionsOf('paging')).toEqual([
      'searchUserTaskVariables',
      'paginateSearchUserTaskVariables',
      'searchTasks',
      'paginateSearchTasks',
    ]);
  });

  it('the pager sends the path parameter and the cursor page by page', async () => {
    const { paginateSearchUserTaskVariables } = await load('paging');
    server.answers.set('/user-tasks/7/variables/search', (request) => {
      const after = (JSON.parse(request.body) as { page?: { after?: string } }).page?.after;
      return after
        ? { status: 200, body: JSON.stringify({ items: [{ name: 'c' }], page: { endCursor: null } }) }
        : { status: 200, body: JSON.stringify({ items: [{ name: 'a' }, { name: 'b' }], page: { endCursor: 'cursor-1' } }) };
    });
    const names: unknown[] = [];
    const seen = await onTheWire(async (client) => {
      names.length = 0;
      const pages = paginateSearchUserTaskVariables!(
        client,
        { path: { userTaskKey: '7' } },
        { filter: { name: 'x' } },
        { pageSize: 2 },
      ) as unknown as AsyncIterable<{ name: string }>;
      for await (const variable of pages) names.push(variable.name);
    });
    expect(names).toEqual(['a', 'b', 'c']);
    expect(seen.map((request) => [request.url, JSON.parse(request.body)])).toEqual([
      ['/user-tasks/7/variables/search', { filter: { name: 'x' }, page: { limit: 2 } }],
      ['/user-tasks/7/variables/search', { filter: { name: 'x' }, page: { limit: 2, after: 'cursor-1' } }],
    ]);
  });
});

describe("hasStatus('default') and ranges", () => {
  it('type-check', () => expectCompiles('default-status'));

  it("a status no other key documents is 'default'; 4XX is a 4xx without its own key", async () => {
    const { getThing } = await load('default-status');
    const client = createRestClient<any>({
      baseUrl: server.url,
      fetch: createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false }),
    });
    const statusOf = async (status: number) => {
      server.answers.set('/thing/1', { status, body: '{"message":"m"}' });
      const error = (await (getThing!(client, { path: { id: '1' } }) as Promise<unknown>).catch((e: unknown) => e)) as RestError<any>;
      expect(error).toBeInstanceOf(RestError);
      return [error.hasStatus(404), error.hasStatus('4XX'), error.hasStatus('default')];
    };
    expect(await statusOf(404)).toEqual([true, false, false]);
    expect(await statusOf(409)).toEqual([false, true, false]);
    expect(await statusOf(500)).toEqual([false, false, true]);
  });
});
