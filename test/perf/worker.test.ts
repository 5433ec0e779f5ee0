/**
 * The engines on worker threads (src/generate/worker.ts): the same files as on the main thread, and
 * on bad input the located error as this package's own class, from that one run.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OperationError } from '../../src/generate/graphql/errors.js';
import { generateGraphQL } from '../../src/generate/graphql/index.js';
import { generateGraphQLInWorker, generateRestInWorker } from '../../src/generate/worker.js';
import { BIG_DOCUMENT_BYTES, isBigDocument } from '../../src/generate/index.js';
import { generateRest } from '../../src/generate/rest/index.js';
import { OpenApiDocumentError } from '../../src/fetch/openapi/errors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasInputs = existsSync(path.join(repoRoot, 'schemas/tasklist.graphql')) && existsSync(path.join(repoRoot, 'operations'));
if (!hasInputs) console.warn('test/perf/worker.test.ts: skipped, schemas/tasklist.graphql or operations/ is missing in the repo');

describe.skipIf(!hasInputs)('GraphQL generation on a worker thread', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'graphql-worker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(repoRoot, 'schemas/tasklist.graphql'), path.join(dir, 'schemas/tasklist.graphql'));
  cpSync(path.join(repoRoot, 'operations'), path.join(dir, 'operations'), { recursive: true });
  const options = {
    schemaFile: 'schemas/tasklist.graphql',
    operations: ['operations/**/*.graphql'],
    cwd: dir,
    runtimeImport: 'tasklist-codegen/runtime',
    scalars: { DateTime: 'string' },
  };

  it('produces exactly what the main thread produces', async () => {
    const [inWorker, inProcess] = await Promise.all([generateGraphQLInWorker(options), generateGraphQL(options)]);
    expect(inWorker.files.map((f) => f.path)).toEqual(inProcess.files.map((f) => f.path));
    expect(inWorker).toEqual(inProcess);
  }, 120_000);

  it('a bad operation rejects with the OperationError the modules throw, file:line:column and all', async () => {
    writeFileSync(path.join(dir, 'operations/broken.graphql'), 'query Broken { noSuchField }\n');
    try {
      const fromModules = await generateGraphQL(options).catch((error: unknown) => error);
      const fromWorker = await generateGraphQLInWorker(options).catch((error: unknown) => error);
      expect(fromWorker).toBeInstanceOf(OperationError);
      expect((fromWorker as OperationError).message).toBe((fromModules as OperationError).message);
      expect((fromWorker as OperationError).message).toMatch(/broken\.graphql:1:\d+/);
      expect({ ...(fromWorker as OperationError) }).toEqual({ ...(fromModules as OperationError) });
    } finally {
      rmSync(path.join(dir, 'operations/broken.graphql'));
    }
  }, 120_000);
});

const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const hasReal = existsSync(realDir);
if (!hasReal) console.warn(`test/perf/worker.test.ts: the real-document REST cases are skipped, ${realDir} is absent`);

/**
 * The REST engine on a worker (big documents): exactly what the main thread generates, and a bad
 * document's error and warnings, file:line:column, as there.
 */
describe('REST generation on a worker thread', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rest-worker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rest = (documentFile: string) => ({ documentFile, cwd: dir, runtimeImport: 'tasklist-codegen/runtime' });

  const documents = [
    { name: "this repo's JSON document", file: path.join(repoRoot, 'schemas/tasklist.openapi.json'), real: false },
    { name: 'Tasklist 8.7 as YAML', file: path.join(realDir, 'tasklist-openapi-8.7.yaml'), real: true },
    { name: 'Operate 8.6 as YAML', file: path.join(realDir, 'operate-openapi-8.6.yaml'), real: true },
  ];
  for (const document of documents) {
    it.skipIf(document.real && !hasReal)(
      `${document.name}: exactly what the main thread produces`,
      async () => {
        const [inWorker, inProcess] = await Promise.all([generateRestInWorker(rest(document.file)), generateRest(rest(document.file))]);
        expect(inWorker.files.map((f) => f.path)).toEqual(['rest/schema.d.ts', 'rest/index.ts']);
        expect(inWorker).toEqual(inProcess);
      },
      120_000,
    );
  }

  const yamlDocument = (paths: string) => ['openapi: 3.0.3', 'info: { title: t, version: "1" }', 'paths:', paths, ''].join('\n');
  const operation = (path: string, id: string) =>
    `  ${path}:\n    get:\n      operationId: ${id}\n      responses:\n        "200": { description: ok }`;

  it('a key written twice: the same located warning, and the later operation generated', async () => {
    writeFileSync(path.join(dir, 'twice.yaml'), yamlDocument(`${operation('/a', 'first')}\n${operation('/a', 'second')}`));
    const [inWorker, inProcess] = await Promise.all([generateRestInWorker(rest('twice.yaml')), generateRest(rest('twice.yaml'))]);
    expect(inWorker.warnings.map((w) => w.location)).toContain('twice.yaml:9:3');
    expect(inWorker).toEqual(inProcess);
  }, 120_000);

  it.each([
    ['a syntax error', yamlDocument(`${operation('/a', 'first')}\n  /b: [unclosed`), /bad\.yaml:\d+:\d+/],
    [
      'a reference to nothing',
      yamlDocument(`${operation('/a', 'first')}\n      parameters: [{ $ref: '#/components/parameters/none' }]`),
      /bad\.yaml:\d+:\d+/,
    ],
  ])(
    '%s: rejects with the OpenApiDocumentError the modules throw, file:line:column and all',
    async (_what, text, where) => {
      writeFileSync(path.join(dir, 'bad.yaml'), text);
      const fromModules = await generateRest(rest('bad.yaml')).catch((error: unknown) => error);
      const fromWorker = await generateRestInWorker(rest('bad.yaml')).catch((error: unknown) => error);
      expect(fromModules).toBeInstanceOf(OpenApiDocumentError);
      expect(fromWorker).toBeInstanceOf(OpenApiDocumentError);
      expect((fromWorker as Error).message).toBe((fromModules as Error).message);
      expect((fromWorker as Error).message).toMatch(where);
      expect({ ...(fromWorker as OpenApiDocumentError) }).toEqual({ ...(fromModules as OpenApiDocumentError) });
    },
    120_000,
  );

  it(`a document of ${BIG_DOCUMENT_BYTES} bytes or more goes to the worker, a smaller one stays on this thread`, async () => {
    const big = path.join(dir, 'big.json');
    writeFileSync(
      big,
      `{"openapi":"3.0.3","info":{"title":"t","version":"1","description":"${'x'.repeat(BIG_DOCUMENT_BYTES)}"},"paths":{}}`,
    );
    expect(await isBigDocument(big)).toBe(true);
    expect(await isBigDocument(path.join(repoRoot, 'schemas/tasklist.openapi.json'))).toBe(false);
    expect(await isBigDocument(path.join(dir, 'absent.json'))).toBe(false);
  });
});
