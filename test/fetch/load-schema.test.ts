import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema, graphqlSync, getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/fetch/errors.js';
import { loadGraphQLSchemaSource } from '../../src/fetch/load-schema.js';
import { loadOpenApiSource } from '../../src/fetch/openapi/load.js';
import { SMALL_SDL, SMALL_SDL_SHUFFLED, hasReal, realDir, smallOpenApi } from './helpers.js';

async function rejection(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

function thrown(fn: () => unknown): FetchError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error('expected a FetchError');
}

describe('loadGraphQLSchemaSource', () => {
  it('prints SDL sorted, so the order of the source does not matter', () => {
    const a = loadGraphQLSchemaSource(SMALL_SDL, 'a.graphql');
    const b = loadGraphQLSchemaSource(SMALL_SDL_SHUFFLED, 'b.graphql');
    expect(a.sdl).toBe(b.sdl);
    expect(a.sourceKind).toBe('sdl');
    // Sorted types and fields, descriptions, deprecations and @specifiedBy kept.
    expect(a.sdl.indexOf('scalar DateTime')).toBeLessThan(a.sdl.indexOf('type Query'));
    expect(a.sdl).toMatch(/type Task \{\n {2}"""When it is due\."""\n {2}dueDate: DateTime\n {2}id: ID!\n {2}name: String!/);
    expect(a.sdl).toContain('oldField: String @deprecated(reason: "Use name")');
    expect(a.sdl).toContain('scalar DateTime @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339")');
    expect(a.sdl).toContain('enum TaskState {\n  CANCELED\n  COMPLETED\n  CREATED\n}');
    expect(a.sdl.endsWith('}\n')).toBe(true);
  });

  it('reads an introspection result, wrapped in data or not, to the same SDL', () => {
    const result = graphqlSync({ schema: buildSchema(SMALL_SDL), source: getIntrospectionQuery({ specifiedByUrl: true }) });
    const wrapped = loadGraphQLSchemaSource(JSON.stringify(result), 'i.json');
    const bare = loadGraphQLSchemaSource(JSON.stringify(result.data), 'i.json');
    expect(wrapped.sourceKind).toBe('introspection');
    expect(wrapped.sdl).toBe(loadGraphQLSchemaSource(SMALL_SDL, 's.graphql').sdl);
    expect(bare.sdl).toBe(wrapped.sdl);
  });

  it('reads SDL and introspection JSON saved with a byte order mark', () => {
    const result = graphqlSync({ schema: buildSchema(SMALL_SDL), source: getIntrospectionQuery({ specifiedByUrl: true }) });
    const plain = loadGraphQLSchemaSource(SMALL_SDL, 's.graphql').sdl;
    expect(loadGraphQLSchemaSource(`\ufeff${JSON.stringify(result)}`, 'i.json').sdl).toBe(plain);
    expect(loadGraphQLSchemaSource(`\ufeff${SMALL_SDL}`, 's.graphql').sdl).toBe(plain);
    // Positions count from the first character after the mark.
    expect(thrown(() => loadGraphQLSchemaSource('\ufeff{\n  "data": {,\n', 'i.json')).url).toBe('i.json:2:12');
  });

  it('names file:line:column for SDL syntax and validation errors', () => {
    const syntax = thrown(() => loadGraphQLSchemaSource('type Query {\n  a: String\n  b: [String\n}\n', 'schema.graphql'));
    expect(syntax.code).toBe('SYNTAX');
    expect(syntax.url).toBe('schema.graphql:4:1');
    const unknownType = thrown(() => loadGraphQLSchemaSource('type Query {\n  a: Nope\n}\n', 'schema.graphql'));
    expect(unknownType.message).toContain('Unknown type "Nope"');
    expect(unknownType.url).toBe('schema.graphql:2:6');
  });

  it('names file:line:column for broken introspection JSON and refuses JSON that is not one', () => {
    const broken = thrown(() => loadGraphQLSchemaSource('{\n  "data": {\n    "__schema": {,\n', 'i.json'));
    expect(broken.code).toBe('SYNTAX');
    expect(broken.url).toBe('i.json:3:18');
    const errors = thrown(() => loadGraphQLSchemaSource('{"errors":[{"message":"Not authorized"}]}', 'i.json'));
    expect(errors.code).toBe('NOT_A_SCHEMA');
    expect(errors.message).toContain('Not authorized');
  });

  it.skipIf(!hasReal)('loads the published Tasklist SDL', async () => {
    const loaded = loadGraphQLSchemaSource(await readFile(path.join(realDir, 'tasklist.graphqls'), 'utf8'), 'tasklist.graphqls');
    expect(loaded.schema.getQueryType()?.getFields()['tasks']).toBeDefined();
    expect(loaded.schema.getMutationType()?.getFields()['completeTask']).toBeDefined();
  });
});

describe('loadOpenApiSource', () => {
  it('reads JSON and YAML to the same document and tells the version', async () => {
    const doc = smallOpenApi();
    const fromJson = await loadOpenApiSource(JSON.stringify(doc), 'a.json');
    const { stringify } = await import('yaml');
    const fromYaml = await loadOpenApiSource(stringify(doc), 'a.yaml');
    expect(fromJson.document).toEqual(doc);
    expect(fromYaml.document).toEqual(doc);
    expect(fromJson.sourceFormat).toBe('json');
    expect(fromYaml.sourceFormat).toBe('yaml');
    expect(fromJson.version).toBe('3.0');
    expect((await loadOpenApiSource(JSON.stringify({ ...doc, openapi: '3.1.0' }), 'b.json')).version).toBe('3.1');
  });

  it('names file:line:column for JSON and YAML syntax errors', async () => {
    const jsonError = await rejection(loadOpenApiSource('{\n  "openapi": "3.0.1",\n  "paths": {,\n}', 'doc.json'));
    expect(jsonError.code).toBe('SYNTAX');
    expect(jsonError.url).toBe('doc.json:3:13');
    const yamlError = await rejection(loadOpenApiSource('openapi: 3.0.1\npaths:\n  /a: [\n', 'doc.yaml'));
    expect(yamlError.code).toBe('SYNTAX');
    expect(yamlError.url).toMatch(/^doc\.yaml:4:\d+$/);
  });

  it('refuses Swagger 2.0, other versions and a document without paths, with what to do', async () => {
    const swagger = await rejection(loadOpenApiSource('swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n', 'old.yaml'));
    expect(swagger.message).toContain('Swagger 2.0 document, not OpenAPI 3');
    expect(swagger.url).toBe('old.yaml:1:10');
    expect(swagger.hint).toContain('/v3/api-docs');
    const version = await rejection(loadOpenApiSource('{"openapi":"4.0.0","paths":{}}', 'v.json'));
    expect(version.message).toContain('Unsupported OpenAPI version "4.0.0"');
    const noPaths = await rejection(loadOpenApiSource('openapi: 3.0.1\ninfo: {title: x, version: "1"}\n', 'p.yaml'));
    expect(noPaths.message).toContain('No "paths" object');
    const notObject = await rejection(loadOpenApiSource('- 1\n- 2\n', 'list.yaml'));
    expect(notObject.code).toBe('NOT_OPENAPI');
  });

  it('locates a broken $ref and refuses an external one', async () => {
    const doc = smallOpenApi();
    const yamlText = (await import('yaml')).stringify(doc).replace('#/components/schemas/Task', '#/components/schemas/Missing');
    const unresolved = await rejection(loadOpenApiSource(yamlText, 'r.yaml'));
    expect(unresolved.message).toContain('Broken $ref "#/components/schemas/Missing"');
    const line = yamlText.split('\n').findIndex((l) => l.includes('Missing')) + 1;
    expect(unresolved.url).toMatch(new RegExp(`^r\\.yaml:${line}:\\d+$`));
    const external = await rejection(
      loadOpenApiSource(JSON.stringify(doc).replace('#/components/schemas/Task', 'other.yaml#/Task'), 'e.json'),
    );
    expect(external.message).toContain('External $ref "other.yaml#/Task"');
    expect(external.hint).toContain('bundle');
  });

  it('follows no $ref held in data while checking the structure: no file read, no request sent', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('SECRET: served');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.yaml`;
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'tlcg-data-ref-')), 'outside.yaml');
      await writeFile(file, 'SECRET: on disk\n');
      // Redocly resolves a `$ref` in an extension or a schema's `example` unless told not to.
      const doc = smallOpenApi({ note: { type: 'string', 'x-sample': { $ref: url }, example: { $ref: file } } });
      const loaded = await loadOpenApiSource(JSON.stringify(doc, null, 2), 'data.json');
      expect(JSON.stringify(loaded.document)).not.toContain('SECRET');
      expect(requests).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('runs the structural check (a parameter without "in")', async () => {
    const doc = smallOpenApi() as { paths: Record<string, { get?: { parameters: Array<Record<string, unknown>> } }> };
    delete doc.paths['/v1/tasks/{taskId}']!.get!.parameters[0]!['in'];
    const error = await rejection(loadOpenApiSource(JSON.stringify(doc, null, 2), 's.json'));
    expect(error.code).toBe('NOT_OPENAPI');
    expect(error.message).toMatch(/in/);
    expect(error.url).toMatch(/^s\.json:\d+:\d+$/);
  });

  it.skipIf(!hasReal)('accepts every published Camunda document', async () => {
    for (const name of [
      'tasklist-openapi-8.5.yaml',
      'tasklist-openapi-8.7.yaml',
      'tasklist-openapi-webapp-early.yaml',
      'operate-openapi-8.6.yaml',
    ]) {
      const loaded = await loadOpenApiSource(await readFile(path.join(realDir, name), 'utf8'), name);
      expect(Object.keys(loaded.document.paths ?? {}).length, name).toBeGreaterThan(5);
    }
  });
});
