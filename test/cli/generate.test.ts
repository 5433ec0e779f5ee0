/**
 * The orchestrator's own logic — which sides run, the no-op fast path, the manifest, keeping the
 * other side's files, never losing generated/ — with counting generators injected through
 * `Generators`. The real generators run in check.test.ts and the packaging test.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationError } from '../../src/generate/graphql/errors.js';
import type { Generators } from '../../src/generate/index.js';
import { makeProject, readText, removeProject, run, snapshotTree, writeFile } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

/** Generators that echo their inputs into files, and count their calls. */
function countingGenerators(): Generators & { calls: { graphql: number; rest: number } } {
  const calls = { graphql: 0, rest: 0 };
  return {
    calls,
    async graphql({ schemaFile, operations, cwd }) {
      calls.graphql++;
      const ops = operations.map((op) => readFileSync(`${cwd}/${op}`, 'utf8')).join('\n');
      if (ops.includes('BROKEN'))
        throw new OperationError([{ file: operations[0]!, line: 1, column: 9, message: 'Cannot query field "BROKEN" on type "Query".' }]);
      return {
        files: [
          { path: 'graphql/operations.ts', contents: `// ${readFileSync(schemaFile, 'utf8').length}\n// ${ops.replace(/\n/g, ' ')}\n` },
        ],
        warnings: [],
      };
    },
    async rest({ documentFile }) {
      calls.rest++;
      return {
        files: [{ path: 'rest/client.ts', contents: `// ${readFileSync(documentFile, 'utf8').trim()}\n` }],
        warnings: [{ location: '#/paths/~1x/get', message: 'skipped' }],
      };
    },
  };
}

function project(): string {
  const dir = makeProject({
    'schemas/tasklist.graphql': 'type Query { tasks: [String] }\n',
    'schemas/tasklist.openapi.json': '{"openapi":"3.0.1"}\n',
    'operations/tasks.graphql': 'query A { tasks }\n',
  });
  dirs.push(dir);
  return dir;
}

describe('generate', () => {
  it('writes both sides and a manifest, then a second run is a no-op that loads no generator', async () => {
    const dir = project();
    const generators = countingGenerators();
    const first = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✔ generate graphql {2}1 file\(s\) {2}\(\d+ ms\)/);
    expect(first.stdout).toMatch(/✎ write generated\//);
    expect(first.stderr).toContain('warning #/paths/~1x/get: skipped');
    expect(readText(dir, 'generated/rest/client.ts')).toBe('// {"openapi":"3.0.1"}\n');
    const manifest = JSON.parse(readText(dir, 'generated/.tasklist-codegen.json'));
    expect(Object.keys(manifest.sides)).toEqual(['graphql', 'rest']);
    expect(generators.calls).toEqual({ graphql: 1, rest: 1 });

    const before = snapshotTree(`${dir}/generated`);
    const second = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/– generate graphql {2}inputs unchanged/);
    expect(second.stdout).toMatch(/generated\/ up to date/);
    expect(generators.calls).toEqual({ graphql: 1, rest: 1 });
    expect(snapshotTree(`${dir}/generated`)).toEqual(before);
  });

  it('regenerates only the side whose inputs changed', async () => {
    const dir = project();
    const generators = countingGenerators();
    await run(['generate'], { cwd: dir, deps: { generators } });
    writeFile(dir, 'operations/more.graphql', 'query B { tasks }\n');
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(0);
    expect(generators.calls).toEqual({ graphql: 2, rest: 1 });
    expect(readText(dir, 'generated/graphql/operations.ts')).toContain('query B');
  });

  it('--force runs the generators and --rest keeps the GraphQL files', async () => {
    const dir = project();
    const generators = countingGenerators();
    await run(['generate'], { cwd: dir, deps: { generators } });
    writeFile(dir, 'schemas/tasklist.openapi.json', '{"openapi":"3.0.3"}\n');
    writeFile(dir, 'operations/tasks.graphql', 'query Changed { tasks }\n');
    const graphqlBefore = readText(dir, 'generated/graphql/operations.ts');
    const result = await run(['generate', '--rest', '--force'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(0);
    expect(generators.calls).toEqual({ graphql: 1, rest: 2 });
    expect(readText(dir, 'generated/rest/client.ts')).toBe('// {"openapi":"3.0.3"}\n');
    // The GraphQL side was not asked for: its file stays exactly as it was, even though its input changed.
    expect(readText(dir, 'generated/graphql/operations.ts')).toBe(graphqlBefore);
  });

  it('a broken operation exits 1 with file:line:column and leaves generated/ untouched', async () => {
    const dir = project();
    const generators = countingGenerators();
    await run(['generate'], { cwd: dir, deps: { generators } });
    writeFile(dir, 'generated/mine.md', 'kept\n');
    const before = snapshotTree(`${dir}/generated`);
    writeFile(dir, 'operations/tasks.graphql', 'query A { BROKEN }\n');
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error operations/tasks.graphql:1:9: Cannot query field "BROKEN" on type "Query".\nFix the operation(s) above and run generate again; nothing under generated/ was changed.\n',
    );
    expect(snapshotTree(`${dir}/generated`)).toEqual(before);
  });

  it('keeps files in generated/ that it did not write, and removes its own stale ones', async () => {
    const dir = project();
    const generators = countingGenerators();
    await run(['generate'], { cwd: dir, deps: { generators } });
    writeFile(dir, 'generated/README.md', 'my notes\n');
    writeFile(dir, 'codegen.ts', 'export const tasklist = { rest: false };\n');
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(0);
    const tree = snapshotTree(`${dir}/generated`);
    expect(Object.keys(tree).sort()).toEqual(['.tasklist-codegen.json', 'README.md', 'graphql/operations.ts']);
  });

  it('a missing OpenAPI document is a user error that says to fetch first', async () => {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    dirs.push(dir);
    const result = await run(['generate'], { cwd: dir, deps: { generators: countingGenerators() } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error No OpenAPI document at schemas/tasklist.openapi.json\nhint  Run `tasklist-codegen fetch` first (or check schemaFile in codegen.ts).\n',
    );
  });

  it('skips GraphQL with a note when there is neither schema nor operations (Camunda 8.7+)', async () => {
    const dir = makeProject({ 'schemas/tasklist.openapi.json': '{"openapi":"3.0.1"}\n' });
    dirs.push(dir);
    const generators = countingGenerators();
    const result = await run(['generate', '--json'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.sides[0]).toMatchObject({ side: 'graphql', status: 'skipped' });
    expect(json.sides[0].note).toContain('no GraphQL schema at schemas/tasklist.graphql');
    expect(json.sides[1]).toMatchObject({ side: 'rest', status: 'generated', files: ['rest/client.ts'] });
    expect(generators.calls.graphql).toBe(0);
  });
});
