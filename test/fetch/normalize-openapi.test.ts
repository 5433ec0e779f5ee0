import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { normalizeOpenApiDocument, serializeOpenApiDocument } from '../../src/fetch/openapi/canonical.js';
import type { OpenApiDocument } from '../../src/fetch/openapi/document.js';
import { hasReal, realDir, smallOpenApi } from './helpers.js';

/** Reverses the key order of every object, recursively: what a server iterating a hash map might do. */
function shuffle(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffle);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, shuffle(child)]),
  );
}

describe('normalizeOpenApiDocument', () => {
  it('gives the same bytes whatever order the server used, in JSON and YAML', () => {
    const doc = smallOpenApi() as OpenApiDocument;
    const reversed = smallOpenApi({}, true) as OpenApiDocument;
    expect(JSON.stringify(doc)).not.toBe(JSON.stringify(reversed));
    expect(serializeOpenApiDocument(reversed, 'json')).toBe(serializeOpenApiDocument(doc, 'json'));
    expect(serializeOpenApiDocument(shuffle(doc) as OpenApiDocument, 'yaml')).toBe(serializeOpenApiDocument(doc, 'yaml'));
  });

  it('orders keywords as the specification does, names alphabetically, and keeps data and $refs', () => {
    const doc = {
      paths: {
        '/b': {
          post: { responses: { default: { description: 'd' }, '200': { description: 'ok' } }, operationId: 'b' },
          get: { operationId: 'bGet', responses: {} },
        },
        '/a': { get: { responses: {}, operationId: 'a', 'x-zeta': { z: 1, a: 2 } } },
      },
      info: { version: '1', title: 'T' },
      openapi: '3.1.0',
      components: {
        schemas: {
          Zed: {
            properties: { b: { type: 'string' }, a: { $ref: '#/components/schemas/Alpha' } },
            required: ['b', 'a'],
            type: 'object',
            example: { y: 1, x: 2 },
          },
          Alpha: { enum: ['Z', 'A'], type: 'string' },
        },
      },
    } as unknown as OpenApiDocument;
    const normal = normalizeOpenApiDocument(doc) as unknown as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    expect(Object.keys(normal)).toEqual(['openapi', 'info', 'paths', 'components']);
    expect(Object.keys(normal['info']!)).toEqual(['title', 'version']);
    expect(Object.keys(normal['paths']!)).toEqual(['/a', '/b']);
    expect(Object.keys(normal['paths']!['/b']!)).toEqual(['get', 'post']);
    expect(Object.keys(normal['paths']!['/b']!['post']!)).toEqual(['operationId', 'responses']);
    const schemas = normal['components']!['schemas']!;
    expect(Object.keys(schemas)).toEqual(['Alpha', 'Zed']);
    const zed = schemas['Zed'] as Record<string, unknown>;
    expect(Object.keys(zed)).toEqual(['type', 'required', 'properties', 'example']);
    expect(zed['required']).toEqual(['a', 'b']);
    expect(Object.keys(zed['properties'] as object)).toEqual(['a', 'b']);
    expect(zed['properties']).toMatchObject({ a: { $ref: '#/components/schemas/Alpha' } });
    // Data stays as served: enum order, example key order, extension values.
    expect((schemas['Alpha'] as { enum: string[] }).enum).toEqual(['Z', 'A']);
    expect(Object.keys(zed['example'] as object)).toEqual(['y', 'x']);
    expect(Object.keys((normal['paths']!['/a']!['get'] as Record<string, object>)['x-zeta']!)).toEqual(['z', 'a']);
  });

  it.skipIf(!hasReal)('keeps the published 8.7 document equal in content, only reordered', async () => {
    const doc = parseYaml(await readFile(path.join(realDir, 'tasklist-openapi-8.7.yaml'), 'utf8')) as OpenApiDocument;
    const text = serializeOpenApiDocument(doc, 'json');
    expect(JSON.parse(text)).toEqual(doc);
    expect(serializeOpenApiDocument(shuffle(doc) as OpenApiDocument, 'json')).toBe(text);
    expect(parseYaml(serializeOpenApiDocument(doc, 'yaml'))).toEqual(doc);
  });
});
