/**
 * `rest.targetVersion` on what stays of the document: properties, parameters and bodies whose
 * `x-added-in-version` is later than the target get an 'Added in' line in schema.d.ts's JSDoc and
 * are optional in the types (an older cluster does not send them). A small document always; Camunda's
 * Orchestration Cluster document when it is there.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRest } from '../../src/generate/rest/index.js';
import { type GeneratedCases, generateCases, repoRoot, runtimeModule, typeCheck } from './helpers/generated-cases.js';

const added = (version: string) => ({ 'x-added-in-version': version });

/** 8.10 is later than 8.9 (numerically; as strings it would sort first), 8.9 is not. */
const document = {
  openapi: '3.0.3',
  info: { title: 'Things', version: '1' },
  paths: {
    '/things/{thingKey}': {
      get: {
        operationId: 'getThing',
        ...added('8.8'),
        parameters: [
          { name: 'thingKey', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'view', in: 'query', required: true, description: 'Which view.', schema: { type: 'string' }, ...added('8.10') },
        ],
        responses: {
          '200': { description: 'The thing.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        },
      },
    },
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name', 'colour'],
                properties: { name: { type: 'string' }, colour: { type: 'string', ...added('8.10') } },
              },
            },
          },
        },
        responses: { '204': { description: 'Created.' } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['thingKey', 'ninth', 'tenth', 'extra'],
        properties: {
          thingKey: { type: 'string' },
          ninth: { type: 'string', description: 'Since 8.9.', ...added('8.9') },
          // A description that tries to end the JSDoc comment: openapi-typescript escapes it.
          tenth: { type: 'string', description: 'New. */ export const pwned = 1; /*', ...added('8.10') },
          // A `$ref` with the extension beside it, as a bundler writes a property of a shared type.
          extra: { $ref: '#/components/schemas/Extra', ...added('8.10') },
        },
      },
      Extra: { type: 'string' },
    },
  },
};

const usage = `import type { components } from './rest/schema.js';
import { createThing, getThing, type TasklistRestClient } from './rest/index.js';
// An 8.9 cluster sends no tenth: the type does not promise one.
export const fromOlder: components['schemas']['Thing'] = { thingKey: '1', ninth: 'n' };
// @ts-expect-error: ninth (8.9, not later than the target) stays required
export const noNinth: components['schemas']['Thing'] = { thingKey: '1' };
export async function use(client: TasklistRestClient) {
  await getThing(client, { path: { thingKey: '1' } });
  // @ts-expect-error: the path parameter stays required
  await getThing(client, { path: {} });
  await createThing(client, { body: { name: 'x' } });
}
`;

describe('targetVersion marks later properties and parameters (a small document)', () => {
  let cases: GeneratedCases;
  let errors: Map<string, string[]>;
  let schema: string;
  beforeAll(async () => {
    cases = await generateCases([
      { name: 'at-8-9', document, usage, targetVersion: '8.9' },
      { name: 'no-target', document },
    ]);
    errors = await typeCheck(cases.root);
    schema = cases.results.get('at-8-9')!.files.find((f) => f.path === 'rest/schema.d.ts')!.contents;
  }, 120_000);
  afterAll(() => cases?.remove());

  it('generates, and the output and its usage pass strict tsc', () => {
    expect([...cases.failures.keys()]).toEqual([]);
    expect(errors.get('at-8-9') ?? []).toEqual([]);
    expect(errors.get('no-target') ?? []).toEqual([]);
  });

  it('a later property, parameter and body property get the line in their JSDoc; 8.9 ones do not', () => {
    const line = 'Added in Camunda 8.10: a Camunda 8.9 cluster does not send or accept it.';
    const before = (name: string) => schema.slice(schema.lastIndexOf('/**', schema.indexOf(name)), schema.indexOf(name));
    expect(before('tenth?: string')).toContain(line);
    expect(before('view?: string')).toContain('Which view.');
    expect(before('view?: string')).toContain(line);
    expect(before('colour?: string')).toContain(line);
    expect(before('extra?: components')).toContain(line);
    expect(before('ninth: string')).toContain('Since 8.9.');
    expect(before('ninth: string')).not.toContain('Added in');
    expect(schema).not.toContain('Added in Camunda 8.9');
  });

  it('later required ones become optional; the rest stay as the document says', () => {
    expect(schema).toMatch(/\btenth\?: string;/);
    expect(schema).toMatch(/\bview\?: string;/);
    expect(schema).toMatch(/\bcolour\?: string;/);
    expect(schema).toMatch(/\bextra\?: components\["schemas"\]\["Extra"\];/);
    expect(schema).toMatch(/\bninth: string;/);
    expect(schema).toMatch(/\bname: string;/);
    expect(schema).toMatch(/\bthingKey: string;/);
  });

  it('the hostile description stays inside its comment', () => {
    expect(schema).not.toMatch(/^\s*export const pwned/m);
    expect(schema).not.toContain('New. */');
  });

  it('without targetVersion nothing is marked and required stays required', () => {
    const plain = cases.results.get('no-target')!.files.find((f) => f.path === 'rest/schema.d.ts')!.contents;
    expect(plain).not.toContain('Added in Camunda');
    expect(plain).toMatch(/\btenth: string;/);
    expect(plain).toMatch(/\bview: string;/);
  });
});

const realDocument = path.resolve(repoRoot, '../shared/fixtures/real/orchestration-cluster-openapi.json');
const haveReal = existsSync(realDocument);
if (!haveReal) console.warn(`targetVersion marking on Camunda's document skipped: ${realDocument} is missing`);

describe.skipIf(!haveReal)("targetVersion marks later schemas of Camunda's Orchestration Cluster document", () => {
  let dir: string;
  let schema: string;
  beforeAll(async () => {
    await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
    dir = await mkdtemp(path.join(repoRoot, '.tmp', 'target-version-'));
    // The whole document: its later parts (SignalWaitStateDetails, JobBatchUpdateRequest, both 8.10)
    // are component schemas, which a selection by tag would leave out.
    const result = await generateRest({ documentFile: realDocument, cwd: repoRoot, runtimeImport: runtimeModule, targetVersion: '8.8' });
    for (const out of result.files) {
      await mkdir(path.dirname(path.join(dir, out.path)), { recursive: true });
      await writeFile(path.join(dir, out.path), out.contents);
    }
    schema = result.files.find((f) => f.path === 'rest/schema.d.ts')!.contents;
  }, 180_000);
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('the 8.10 schemas carry the line in their JSDoc; nothing of 8.8 or earlier does', () => {
    const line = 'Added in Camunda 8.10: a Camunda 8.8 cluster does not send or accept it.';
    for (const name of ['SignalWaitStateDetails', 'JobBatchUpdateRequest']) {
      const at = schema.indexOf(`        ${name}: `);
      expect(at, name).toBeGreaterThan(0);
      expect(schema.slice(schema.lastIndexOf('/**', at), at), name).toContain(line);
    }
    expect(schema).not.toMatch(/Added in Camunda 8\.[5-8]:/);
  });

  it('the output passes strict tsc', async () => {
    const errors = await typeCheck(dir);
    expect([...errors.values()].flat()).toEqual([]);
  }, 180_000);
});
