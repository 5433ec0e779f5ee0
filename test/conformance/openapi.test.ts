/**
 * Conformance of the REST generator on OpenAPI documents nobody on this project wrote (public:
 * openapi-typescript's and openapi-fetch's test documents, DigitalOcean, Discord; real: Camunda's
 * Tasklist, Operate and Orchestration Cluster documents):
 *
 * - each generates, and the output of all of them type-checks in one strict `tsc`;
 * - every operation becomes one function, or a warning names it and says why not;
 * - for a handful of operations per document (one per kind of parameter and body media type found),
 *   a call of the generated function puts the right bytes on the wire: path, query, headers,
 *   cookies, body per media type;
 * - the generated functions of a few documents are held by snapshots (`__snapshots__/`).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRest } from '../../src/generate/rest/index.js';
import type { GenerationResult } from '../../src/generate/types.js';
import {
  type DeclaredOperation,
  type DeclaredParameter,
  type GeneratedFunction,
  type Json,
  type RecordingServer,
  declaredOperations,
  fixturesPresent,
  generatedRestFunctions,
  publicDir,
  readDocument,
  realDir,
  removeDir,
  resolve,
  runtimeModule,
  scratchDir,
  snapshotText,
  startRecordingServer,
  typeCheck,
  writeFiles,
} from './helpers.js';

const present = fixturesPresent('openapi.test.ts');

interface Case {
  name: string;
  file: string;
  /** Held by a snapshot of its generated functions (small documents only: the snapshots are committed). */
  snapshot?: boolean;
}

/**
 * The parts of a request none of the documents above happens to have (a cookie parameter, a
 * text/plain or form-urlencoded body, a body offered in several media types), in one small
 * document written for this suite, so that every kind of wire encoding is checked.
 */
const WIRE_KINDS_DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'wire kinds', version: '1' },
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'getItem',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          { name: 'session', in: 'cookie', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/notes': {
      post: {
        operationId: 'addNote',
        requestBody: { required: true, content: { 'text/plain': { schema: { type: 'string' } } } },
        responses: { '204': { description: 'added' } },
      },
    },
    '/forms': {
      post: {
        operationId: 'submitForm',
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', properties: { probe: { type: 'string' }, count: { type: 'integer' } } },
            },
          },
        },
        responses: { '204': { description: 'submitted' } },
      },
    },
    '/either': {
      post: {
        operationId: 'sendEither',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', properties: { probe: { type: 'string' } } } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        responses: { '204': { description: 'sent' } },
      },
    },
  },
};

const cases: Case[] = [
  { name: 'wire-kinds', file: 'wire-kinds.json' },
  ...(present.public
    ? [
        { name: 'simple-example', file: path.join(publicDir, 'openapi/simple-example.yaml'), snapshot: true },
        { name: 'openapi-fetch-common', file: path.join(publicDir, 'openapi/openapi-fetch-common.yaml'), snapshot: true },
        { name: 'digital-ocean', file: path.join(publicDir, 'openapi/digital-ocean-api.bundled.yaml') },
        { name: 'discord', file: path.join(publicDir, 'openapi/discord-openapi-3.1.json') },
      ]
    : []),
  ...(present.real
    ? [
        { name: 'tasklist-8.5', file: path.join(realDir, 'tasklist-openapi-8.5.yaml') },
        { name: 'tasklist-8.7', file: path.join(realDir, 'tasklist-openapi-8.7.yaml'), snapshot: true },
        { name: 'tasklist-early', file: path.join(realDir, 'tasklist-openapi-webapp-early.yaml') },
        { name: 'operate-8.6', file: path.join(realDir, 'operate-openapi-8.6.yaml'), snapshot: true },
        { name: 'orchestration-cluster', file: path.join(realDir, 'orchestration-cluster-openapi.json') },
      ]
    : []),
];

interface Generated {
  result: GenerationResult;
  document: Json;
  operations: DeclaredOperation[];
  functions: GeneratedFunction[];
  index: string;
}

describe('REST conformance on real-world OpenAPI documents', () => {
  let outDir: string;
  const generated = new Map<string, Generated>();

  beforeAll(async () => {
    outDir = await scratchDir('openapi');
    await writeFile(path.join(outDir, 'wire-kinds.json'), JSON.stringify(WIRE_KINDS_DOCUMENT));
    for (const c of cases) {
      const result = await generateRest({ documentFile: path.resolve(outDir, c.file), cwd: outDir, runtimeImport: runtimeModule });
      await writeFiles(path.join(outDir, c.name), result.files);
      const document = await readDocument(path.resolve(outDir, c.file));
      const index = result.files.find((file) => file.path === 'rest/index.ts')?.contents ?? '';
      generated.set(c.name, {
        result,
        document,
        operations: declaredOperations(document),
        functions: generatedRestFunctions(index),
        index,
      });
    }
  }, 180_000);
  afterAll(() => removeDir(outDir));

  it('the output of every document type-checks under --strict (one tsc run)', async () => {
    expect(await typeCheck(outDir)).toBe('');
  }, 180_000);

  it.each(cases.map((c) => c.name))('%s: one function per operation, or a warning naming the operation', (name) => {
    const { operations, functions, result } = generated.get(name)!;
    const missing = operations.filter((operation) => !functions.some((f) => f.method === operation.method && f.path === operation.path));
    const unexplained = missing.filter((operation) => !result.warnings.some((warning) => namesOperation(warning, operation)));
    expect(unexplained.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([]);
    // No operation twice, no function for an operation the document does not have.
    const keys = functions.map((f) => `${f.method} ${f.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys)
      expect(
        operations.some((o) => `${o.method} ${o.path}` === key),
        key,
      ).toBe(true);
    // An operation with parameters or a body takes them: a function without an input argument could never send them.
    const inputless = functions.filter((f) => {
      const operation = operations.find((o) => o.method === f.method && o.path === f.path);
      return !f.takesInput && operation !== undefined && (operation.parameters.length > 0 || operation.bodyTypes.length > 0);
    });
    expect(inputless.map((f) => `${f.name} (${f.method.toUpperCase()} ${f.path})`)).toEqual([]);
  });

  describe('the bytes on the wire', () => {
    let server: RecordingServer;
    beforeAll(async () => {
      server = await startRecordingServer();
    });
    afterAll(() => server?.close());

    it.each(cases.map((c) => c.name))('%s: a call per kind of parameter and body sends what the document says', async (name) => {
      const { operations, functions, document } = generated.get(name)!;
      const probes = chooseProbes(operations, functions);
      expect(probes.length, 'at least one operation to call').toBeGreaterThan(0);
      console.info(`[conformance] ${name}: on the wire: ${probes.map((p) => `${p.kind} (${p.fn.name})`).join(', ')}`);
      const module = (await import(pathToFileURL(path.join(outDir, name, 'rest/index.ts')).href)) as Record<string, unknown>;
      const runtime = (await import(
        pathToFileURL(path.join(path.dirname(runtimeModule), 'index.ts')).href
      )) as typeof import('../../src/runtime/index.js');
      const basePath = String(module.REST_BASE_PATH ?? '');
      const client = runtime.createTasklistClient({
        baseUrl: server.baseUrl,
        auth: runtime.noAuth(),
        rest: { basePath },
        graphql: false,
      }).rest;
      for (const probe of probes) {
        const call = buildCall(document, probe.operation);
        const before = server.requests.length;
        const fn = module[probe.fn.name] as (...args: unknown[]) => Promise<unknown>;
        const outcome = await (probe.fn.takesInput ? fn(client, call.input) : fn(client)).then(
          () => undefined,
          (error: unknown) => error,
        );
        const label = `${probe.fn.name} (${probe.operation.method.toUpperCase()} ${probe.operation.path}) for ${probe.kind}`;
        const sent = server.requests[before];
        expect(sent, `${label} sent nothing: ${String(outcome)}`).toBeDefined();
        if (!sent) continue;
        const url = new URL(sent.url, server.baseUrl);
        expect(sent.method, label).toBe(probe.operation.method.toUpperCase());
        expect(url.pathname, label).toBe(`${basePath}${call.expectedPath}`);
        for (const [key, values] of Object.entries(call.expectedQuery))
          expect(url.searchParams.getAll(key), `${label}: query ${key}`).toEqual(values);
        for (const [key, value] of Object.entries(call.expectedHeaders))
          expect(sent.headers[key.toLowerCase()], `${label}: header ${key}`).toBe(value);
        const cookies = parseCookies(sent.headers.cookie);
        for (const [key, value] of Object.entries(call.expectedCookies))
          expect(cookies[key], `${label}: cookie ${key} (Cookie: ${sent.headers.cookie ?? 'none'})`).toBe(value);
        if (call.body) {
          const contentType = String(sent.headers['content-type'] ?? '');
          expect(contentType.split(';')[0]!.trim(), `${label}: content type`).toBe(call.body.mediaType);
          expect(decodeBody(call.body.mediaType, sent.body), `${label}: body`).toEqual(call.body.expected);
        }
      }
    });
  });

  it.each(cases.filter((c) => c.snapshot).map((c) => c.name))('%s: the generated functions match their snapshot', async (name) => {
    const { index } = generated.get(name)!;
    await expect(snapshotText(index)).toMatchFileSnapshot(`./__snapshots__/${name}.rest-index.ts.snap`);
  });
});

/** A warning is about an operation when it points at it (`#/paths/~1x/get`) or names it (`GET /x`). */
function namesOperation(warning: { location: string; message: string }, operation: DeclaredOperation): boolean {
  const pointer = `#/paths/${operation.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${operation.method}`;
  return (
    warning.location.startsWith(pointer) ||
    `${warning.location} ${warning.message}`.includes(`${operation.method.toUpperCase()} ${operation.path}`)
  );
}

interface Probe {
  kind: string;
  operation: DeclaredOperation;
  fn: GeneratedFunction;
}

/** Media types whose encoding the wire check knows; others (binary uploads) are left out. */
const CHECKED_MEDIA = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'];

/**
 * The first operation of each kind the document has: a path, query, header and cookie parameter
 * of a simple type, and a body of each checked media type (declared alone, so the default is
 * unambiguous). HEAD/OPTIONS/TRACE carry no body to check and are left out.
 */
function chooseProbes(operations: readonly DeclaredOperation[], functions: readonly GeneratedFunction[]): Probe[] {
  const probes: Probe[] = [];
  const callable = operations
    .filter((o) => ['get', 'put', 'post', 'delete', 'patch'].includes(o.method))
    .map((operation) => ({ operation, fn: functions.find((f) => f.method === operation.method && f.path === operation.path) }))
    .filter((entry): entry is { operation: DeclaredOperation; fn: GeneratedFunction } => entry.fn !== undefined)
    // Every required part must be something the probe can build.
    .filter(({ operation }) => operation.parameters.every((p) => !p.required || simpleSchema(p.schema) !== undefined))
    .filter(({ operation }) => !operation.bodyRequired || CHECKED_MEDIA.some((type) => bodyMediaType(operation) === type));
  const kinds: Array<[string, (o: DeclaredOperation) => boolean]> = [
    ['path parameter', (o) => o.parameters.some((p) => p.in === 'path')],
    ['query parameter', (o) => o.parameters.some((p) => p.in === 'query' && simpleSchema(p.schema) !== undefined)],
    ['header parameter', (o) => o.parameters.some((p) => p.in === 'header' && simpleSchema(p.schema) === 'scalar')],
    ['cookie parameter', (o) => o.parameters.some((p) => p.in === 'cookie' && simpleSchema(p.schema) === 'scalar')],
    ...CHECKED_MEDIA.map((type): [string, (o: DeclaredOperation) => boolean] => [
      `${type} body`,
      (o) => o.bodyTypes.length === 1 && bodyMediaType(o) === type,
    ]),
    // Offered in several media types, JSON among them: JSON is the default.
    ['body in several media types', (o) => o.bodyTypes.length > 1 && o.bodyTypes.some((type) => /^application\/(.+\+)?json$/.test(type))],
  ];
  for (const [kind, matches] of kinds) {
    const found = callable.find(({ operation, fn }) => matches(operation) && fn.takesInput);
    if (found) probes.push({ kind, ...found });
  }
  return probes;
}

function bodyMediaType(operation: DeclaredOperation): string | undefined {
  const json = operation.bodyTypes.find((type) => /^application\/(.+\+)?json$/.test(type));
  const type = operation.bodyTypes.length > 1 && json ? json : operation.bodyTypes[0];
  if (!type) return undefined;
  return /^application\/(.+\+)?json$/.test(type) ? 'application/json' : type;
}

/** `scalar` for string/number/boolean (and enums), `array` for an array of those; anything else is not probed. */
function simpleSchema(schema: Json): 'scalar' | 'array' | undefined {
  const type = Array.isArray(schema.type) ? (schema.type as unknown[]).find((t) => t !== 'null') : schema.type;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return 'scalar';
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return 'scalar';
  if (type === 'array' && schema.items && typeof schema.items === 'object') {
    const items = schema.items as Json;
    if (!('$ref' in items) && simpleSchema(items) === 'scalar') return 'array';
  }
  return undefined;
}

/** A value of the schema's type, with characters that need encoding where the place allows them. */
function sampleValue(schema: Json, name: string, where: DeclaredParameter['in']): string | number | boolean {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as string;
  const type = Array.isArray(schema.type) ? (schema.type as unknown[]).find((t) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number') return 7;
  if (type === 'boolean') return true;
  if (schema.format === 'date-time') return '2024-05-01T08:00:00Z';
  // Headers and cookies hold visible ASCII only; paths and queries get a space, a slash and an é.
  return where === 'header' || where === 'cookie' ? `v-${name}` : `v ${name}/é`;
}

interface Call {
  input: Record<string, unknown>;
  expectedPath: string;
  expectedQuery: Record<string, string[]>;
  expectedHeaders: Record<string, string>;
  expectedCookies: Record<string, string>;
  body: { mediaType: string; expected: unknown } | undefined;
}

/** The input for the generated function and what the server must then see. */
function buildCall(document: Json, operation: DeclaredOperation): Call {
  const input: Record<string, Record<string, unknown> | unknown> = {};
  const call: Call = { input, expectedPath: operation.path, expectedQuery: {}, expectedHeaders: {}, expectedCookies: {}, body: undefined };
  for (const parameter of operation.parameters) {
    const kind = simpleSchema(parameter.schema);
    if (kind === undefined || (kind === 'array' && parameter.in !== 'query')) continue;
    const item = kind === 'array' ? ((resolve(document, parameter.schema.items) ?? {}) as Json) : parameter.schema;
    const value = sampleValue(item, parameter.name, parameter.in);
    const group = ((input[parameter.in] as Record<string, unknown> | undefined) ??= {});
    group[parameter.name] = kind === 'array' ? [value] : value;
    if (parameter.in === 'path') call.expectedPath = call.expectedPath.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === 'query') call.expectedQuery[parameter.name] = [String(value)];
    else if (parameter.in === 'header') call.expectedHeaders[parameter.name] = String(value);
    else call.expectedCookies[parameter.name] = String(value);
  }
  const mediaType = bodyMediaType(operation);
  if (mediaType && CHECKED_MEDIA.includes(mediaType) && (operation.bodyRequired || operation.bodyTypes.length >= 1)) {
    const schema = (operation.bodyTypes.length > 1 ? operation.bodySchemas[mediaType] : operation.bodySchema) ?? {};
    const type = Array.isArray(schema.type) ? (schema.type as unknown[])[0] : schema.type;
    if (mediaType === 'text/plain') {
      input.body = 'hello, conformance';
      call.body = { mediaType, expected: 'hello, conformance' };
    } else if (mediaType === 'application/x-www-form-urlencoded') {
      input.body = { probe: 'a b&c', count: 2 };
      call.body = { mediaType, expected: { probe: 'a b&c', count: '2' } };
    } else {
      const value = type === 'array' ? [] : type === 'string' ? 'probe' : { probe: 'conformance' };
      input.body = value;
      call.body = { mediaType, expected: value };
    }
  }
  return call;
}

function decodeBody(mediaType: string, body: Buffer): unknown {
  const text = body.toString('utf8');
  if (mediaType === 'application/json') return text === '' ? undefined : (JSON.parse(text) as unknown);
  if (mediaType === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  return text;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) out[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
  }
  return out;
}
