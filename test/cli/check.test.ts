/**
 * `check` without the network, with the real generators: up to date, stale (hand edit, new
 * operation, removed operation), and that check never writes. The `--fetch` cases (schema changed
 * safely / breaking / unreachable) are in check-fetch.test.ts against the emulator.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, readText, realFixtures, removeProject, run, snapshotTree, writeFile, copyProject } from './helpers.js';

const haveFixtures = existsSync(realFixtures);
if (!haveFixtures) console.warn(`check.test.ts: skipped, the real Camunda documents are not at ${realFixtures}`);

describe.skipIf(!haveFixtures)('check (committed schemas, real generators)', () => {
  let golden: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    golden = makeProject({
      'schemas/tasklist.graphql': readFileSync(`${realFixtures}/tasklist.graphqls`, 'utf8'),
      'schemas/tasklist.openapi.yaml': readFileSync(`${realFixtures}/tasklist-openapi-8.5.yaml`, 'utf8'),
      'codegen.ts': "export const tasklist = { rest: { format: 'yaml' } };\n",
      'operations/tasks.graphql':
        'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    id\n    name\n    assignee\n  }\n}\n',
    });
    const result = await run(['generate'], { cwd: golden });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  afterAll(() => {
    removeProject(golden);
    for (const dir of dirs) removeProject(dir);
  });

  function copy(): string {
    const dir = copyProject(golden);
    dirs.push(dir);
    return dir;
  }

  it('exits 0 when generated/ matches, both on the fast path and with a full regeneration', async () => {
    const dir = copy();
    const fast = await run(['check'], { cwd: dir });
    expect(fast.code).toBe(0);
    expect(fast.stdout).toContain('Up to date (exit 0)');
    const full = await run(['check', '--force', '--json'], { cwd: dir });
    expect(full.code).toBe(0);
    const json = JSON.parse(full.stdout);
    expect(json).toMatchObject({ command: 'check', exitCode: 0, status: 'Up to date', drift: [] });
  });

  it('exits 2 on a hand-edited generated file and names it; writes nothing', async () => {
    const dir = copy();
    const file = 'generated/graphql/operations.ts';
    writeFile(dir, file, `${readText(dir, file)}// edited\n`);
    const before = snapshotTree(dir);
    const result = await run(['check', '--report', 'report.md'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('changed generated/graphql/operations.ts');
    expect(result.stdout).toContain('Generated code is stale — run `tasklist-codegen generate` and commit (exit 2)');
    const report = readText(dir, 'report.md');
    expect(report).toContain('**Generated code is stale** (exit code 2)');
    expect(report).toContain('- `generated/graphql/operations.ts` (changed)');
    rmSync(`${dir}/report.md`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('exits 2 when an operation was added or removed without regenerating, and appends to $GITHUB_STEP_SUMMARY', async () => {
    const dir = copy();
    writeFile(dir, 'operations/task.graphql', 'query GetTask($id: String!) {\n  task(id: $id) {\n    id\n  }\n}\n');
    writeFile(dir, 'summary.md', '# earlier step\n');
    const result = await run(['check'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: `${dir}/summary.md` } });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/changed +generated\/graphql\/operations\.ts/);
    const summary = readText(dir, 'summary.md');
    expect(summary.startsWith('# earlier step\n## tasklist-codegen check')).toBe(true);
  });

  it('exits 1 with file:line:column when an operation is invalid', async () => {
    const dir = copy();
    writeFile(dir, 'operations/tasks.graphql', 'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    nme\n  }\n}\n');
    const result = await run(['check'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error operations\/tasks\.graphql:3:5: Cannot query field "nme" on type "Task"/);
  });
});
