import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tscProject } from '../support/compiler-host.js';
import { STRICT_COMPILER_OPTIONS } from '../support/strict-compiler-options.js';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRest } from '../../src/generate/rest/index.js';
import type { GenerationResult } from '../../src/generate/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const runtimeModule = path.join(repoRoot, 'src/runtime/rest-client.js');
if (!existsSync(realDir)) console.warn(`[rest] skipping the real-documents matrix: ${realDir} is absent`);

/** Every OpenAPI document Camunda published that we keep, and one selection from the big one. */
const cases: { name: string; file: string; select?: { tags?: string[]; operationIds?: string[] } }[] = [
  { name: 'tasklist-8.5', file: 'tasklist-openapi-8.5.yaml' },
  { name: 'tasklist-8.7', file: 'tasklist-openapi-8.7.yaml' },
  { name: 'tasklist-early', file: 'tasklist-openapi-webapp-early.yaml' },
  { name: 'operate-8.6', file: 'operate-openapi-8.6.yaml' },
  { name: 'orchestration', file: 'orchestration-cluster-openapi.json' },
  { name: 'orchestration-user-tasks', file: 'orchestration-cluster-openapi.json', select: { tags: ['User task'] } },
];

describe.skipIf(!existsSync(realDir))('REST generation on every real document', () => {
  let outDir: string;
  const results = new Map<string, GenerationResult>();

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'rest-real-'));
    for (const c of cases) {
      const result = await generateRest({
        documentFile: path.join(realDir, c.file),
        cwd: repoRoot,
        runtimeImport: runtimeModule,
        ...(c.select ? { select: c.select } : {}),
      });
      results.set(c.name, result);
      for (const file of result.files) {
        const target = path.join(outDir, c.name, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.contents);
      }
    }
    // Six generations, two of the 1.3 MB document, on a shared 2-core machine.
  }, 120_000);
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('emits one function per operation, named by operationId', () => {
    const tasklist = results.get('tasklist-8.7')?.files.find((f) => f.path === 'rest/index.ts')?.contents ?? '';
    for (const id of [
      'searchTasks',
      'getTaskById',
      'assignTask',
      'unassignTask',
      'completeTask',
      'searchTaskVariables',
      'saveDraftTaskVariables',
      'getVariableById',
      'getForm',
    ]) {
      expect(tasklist).toMatch(new RegExp(`export function ${id}\\(`));
    }
    const all = results.get('orchestration')?.files.find((f) => f.path === 'rest/index.ts')?.contents ?? '';
    expect(all.match(/^export function (?!paginate)/gm)?.length).toBe(241);
    const operate = results.get('operate-8.6')?.files.find((f) => f.path === 'rest/index.ts')?.contents ?? '';
    // springdoc's de-duplicated ids stay as written; `delete` is a reserved word and gets renamed.
    expect(operate).toMatch(/export function search_1\(/);
    expect(operate).toMatch(/export function deleteOperation\(/);
  });

  it('every cursor-paged search of the v2 API gets its pager, those under a path parameter too', () => {
    const all = results.get('orchestration')?.files.find((f) => f.path === 'rest/index.ts')?.contents ?? '';
    const functions = [...all.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1] as string);
    const searches = functions.filter((name) => name.startsWith('search'));
    expect(searches.length).toBe(48);
    expect(functions).toContain('paginateSearchUserTaskVariables');
    // The one search without a pager pages by offset only (its body's `page` has no `after`).
    expect(searches.filter((name) => !functions.includes(`paginate${name.charAt(0).toUpperCase()}${name.slice(1)}`))).toEqual([
      'searchUserTaskEffectiveVariables',
    ]);
  });

  it('a selection by tag keeps only those operations and the schemas they reach', () => {
    const selected = results.get('orchestration-user-tasks');
    const index = selected?.files.find((f) => f.path === 'rest/index.ts')?.contents ?? '';
    const schema = selected?.files.find((f) => f.path === 'rest/schema.d.ts')?.contents ?? '';
    const functions = [...index.matchAll(/^export function (?!paginate)(\w+)\(/gm)].map((m) => m[1]);
    expect(functions).toEqual(
      expect.arrayContaining([
        'searchUserTasks',
        'getUserTask',
        'assignUserTask',
        'completeUserTask',
        'getUserTaskForm',
        'searchUserTaskVariables',
      ]),
    );
    expect(functions.length).toBe(10);
    expect(schema).toContain('"/user-tasks/search"');
    expect(schema).not.toContain('"/process-instances');
    // Pruned: far fewer schemas than the 742 of the whole document, but the ones used are there.
    const full = results.get('orchestration')?.files.find((f) => f.path === 'rest/schema.d.ts')?.contents ?? '';
    expect(schema.length).toBeLessThan(full.length / 5);
    expect(schema).toMatch(/\n {8}UserTaskSearchQuery(Request)?: \{/);
  });

  it('the output type-checks under strict, and wrong calls do not compile', async () => {
    await cp(path.join(repoRoot, 'test/rest/fixtures/usage-8.7.ts'), path.join(outDir, 'usage.ts'));
    await writeFile(
      path.join(outDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...STRICT_COMPILER_OPTIONS, noUnusedLocals: true },
        include: ['**/*.ts'],
      }),
    );
    // usage.ts imports the runtime by a path relative to the repo; point it there.
    const usage = path.join(outDir, 'usage.ts');
    const { readFile } = await import('node:fs/promises');
    await writeFile(usage, (await readFile(usage, 'utf8')).replace('../../../src/runtime/rest-client.js', runtimeModule));
    expect(tscProject(outDir)).toBe('');
  }, 120_000);

  it('examples/orchestration-user-tasks holds this output (only the runtime import differs)', async () => {
    const exampleDir = path.join(repoRoot, 'examples/orchestration-user-tasks/generated');
    const { readFile } = await import('node:fs/promises');
    for (const file of results.get('orchestration-user-tasks')?.files ?? []) {
      const committed = await readFile(path.join(exampleDir, file.path), 'utf8');
      expect(committed.replace("'../../../../src/runtime/index.js'", `'${runtimeModule}'`), file.path).toBe(file.contents);
    }
  });

  it('is deterministic: the same document gives byte-identical files', async () => {
    const again = await generateRest({
      documentFile: path.join(realDir, 'tasklist-openapi-8.7.yaml'),
      cwd: repoRoot,
      runtimeImport: runtimeModule,
    });
    expect(again.files).toEqual(results.get('tasklist-8.7')?.files);
  });

  it('schema.d.ts is what openapi-typescript itself prints (its own openapiTS(), Redocly included)', async () => {
    const { default: openapiTS, astToString, COMMENT_HEADER } = await import('openapi-typescript');
    const { parse } = await import('yaml');
    const { readFile } = await import('node:fs/promises');
    const document = parse(await readFile(path.join(realDir, 'tasklist-openapi-8.7.yaml'), 'utf8'));
    const expected = COMMENT_HEADER + astToString(await openapiTS(document, { silent: true }));
    expect(results.get('tasklist-8.7')?.files.find((f) => f.path === 'rest/schema.d.ts')?.contents).toBe(expected);
  });
});
