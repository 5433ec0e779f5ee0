/**
 * The GraphQL generator on a worker thread (src/generate/worker.ts): the same files as on the
 * main thread, and no result (so the caller reruns it in-process for the typed error) on bad input.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateGraphQL } from '../../src/generate/graphql/index.js';
import { generateGraphQLInWorker } from '../../src/generate/worker.js';

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
    expect(inWorker).toBeDefined();
    expect(inWorker!.files.map((f) => f.path)).toEqual(inProcess.files.map((f) => f.path));
    expect(inWorker).toEqual(inProcess);
  }, 30_000);

  it('a bad operation gives no result, and the main thread then throws the located error', async () => {
    writeFileSync(path.join(dir, 'operations/broken.graphql'), 'query Broken { noSuchField }\n');
    try {
      expect(await generateGraphQLInWorker(options)).toBeUndefined();
      await expect(generateGraphQL(options)).rejects.toThrow(/broken\.graphql:1:\d+/);
    } finally {
      rmSync(path.join(dir, 'operations/broken.graphql'));
    }
  }, 30_000);
});
