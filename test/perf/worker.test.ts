/**
 * The GraphQL engine on a worker thread (src/generate/worker.ts): the same files as on the main
 * thread, and on bad input the located error as this package's own class, from that one run.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OperationError } from '../../src/generate/graphql/errors.js';
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
