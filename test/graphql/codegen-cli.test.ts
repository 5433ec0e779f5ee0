/**
 * codegen.ts is a real graphql-codegen config: `graphql-codegen --config codegen.ts` loads it (and our
 * TypeScript plugin through its pluginLoader) and writes the same three files generateGraphQL
 * returns — the two read one shared plugin config, so they cannot drift.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GRAPHQL_SIDE } from '../../codegen.js';
import { generateGraphQL, tidy } from '../../src/generate/graphql/index.js';
import { emulatorSdl, makeProject, removeProject, repoRoot, shippedOperations } from './helpers.js';

const run = promisify(execFile);
let dir = '';
afterAll(async () => {
  if (dir) await removeProject(dir);
});

describe('npx graphql-codegen with codegen.ts', () => {
  it('writes the same schema types, operation types and functions as generateGraphQL', async () => {
    dir = await makeProject({ 'schemas/tasklist.graphql': emulatorSdl, ...(await shippedOperations()) }, path.join(repoRoot, '.tmp'));
    const bin = path.join(repoRoot, 'node_modules/@graphql-codegen/cli/esm/bin.js');
    await run(process.execPath, [bin, '--config', path.join(repoRoot, 'codegen.ts')], { cwd: dir, env: { ...process.env, CI: '1' } });

    const expected = await generateGraphQL({
      schemaFile: GRAPHQL_SIDE.schemaFile,
      operations: GRAPHQL_SIDE.operations,
      cwd: dir,
      runtimeImport: GRAPHQL_SIDE.repoRuntimeImport,
      scalars: GRAPHQL_SIDE.scalars,
    });
    expect(expected.files).toHaveLength(3);
    for (const file of expected.files) {
      const written = await readFile(path.join(dir, 'generated', file.path), 'utf8');
      // The CLI leaves runs of blank lines and no final newline; tidy() is the only difference.
      expect(tidy(written), file.path).toBe(file.contents);
    }
  });
});
