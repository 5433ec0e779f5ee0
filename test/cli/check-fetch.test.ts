/**
 * `check --fetch` against the emulator, through the real transport: up to date (0), schema changed
 * safely (3), schema changed so the project's own operation breaks (4), unreachable or refused
 * sign-in (5). And check never writes to schemas/ or generated/.
 *
 * The GraphQL side only (REST impact is covered on the published documents in impact.test.ts):
 * its generator is the faster one, and each case needs a real generate first.
 */
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, readText, realFixtures, removeProject, run, snapshotTree, writeFile, copyProject } from './helpers.js';

describe('check --fetch against the emulator', () => {
  let emulator: Emulator;
  let golden: string;
  let env: Record<string, string>;
  const dirs: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, auth: 'basic' });
    env = emulator.env();
    golden = makeProject({
      'codegen.ts': 'export const tasklist = { rest: false };\n',
      'operations/tasks.graphql': 'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    id\n    name\n  }\n}\n',
    });
    const fetched = await run(['fetch'], { cwd: golden, env });
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    const generated = await run(['generate'], { cwd: golden, env });
    expect(generated.code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    removeProject(golden);
    for (const dir of dirs) removeProject(dir);
  });

  function copy(): string {
    const dir = copyProject(golden);
    dirs.push(dir);
    return dir;
  }

  it('exits 0 when the live schema equals the committed one, and writes nothing', async () => {
    const dir = copy();
    const before = snapshotTree(dir);
    const result = await run(['check', '--fetch'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Up to date (exit 0)');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('exits 3 when the live schema only added something, and the report says so', async () => {
    const dir = copy();
    // The committed schema lacks a field the server has: to the server, that field was added.
    const sdl = readText(dir, 'schemas/tasklist.graphql');
    expect(sdl).toMatch(/\n {2}formKey: String\n/);
    writeFile(dir, 'schemas/tasklist.graphql', sdl.replace(/\n {2}formKey: String\n/, '\n'));
    expect((await run(['generate'], { cwd: dir, env })).code).toBe(0);
    const before = snapshotTree(dir);
    const fromRoot = await run(['check', '--fetch', '--report', 'report.md'], { cwd: dir, env });
    expect(fromRoot.code).toBe(3);
    const report = readText(dir, 'report.md');
    expect(report).toContain('**Schema changed, nothing breaks** (exit code 3)');
    expect(report).toContain('Task.formKey');
    expect(report).toContain("None of the project's operations is affected.");
    rmSync(`${dir}/report.md`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('exits 4 and names the operation when a field it selects is gone from the live schema', async () => {
    const dir = copy();
    const sdl = readText(dir, 'schemas/tasklist.graphql');
    writeFile(dir, 'schemas/tasklist.graphql', sdl.replace(/\ntype Task \{\n/, '\ntype Task {\n  legacyPriority: Int\n'));
    writeFile(
      dir,
      'operations/tasks.graphql',
      'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    id\n    legacyPriority\n  }\n}\n',
    );
    expect((await run(['generate'], { cwd: dir, env })).code).toBe(0);
    const result = await run(['check', '--fetch', '--json'], { cwd: dir, env });
    expect(result.code).toBe(4);
    const json = JSON.parse(result.stdout);
    expect(json.status).toBe('Schema changed with breaking changes');
    expect(
      json.changes.graphql.some((c: { level: string; path: string }) => c.level === 'breaking' && c.path.includes('legacyPriority')),
    ).toBe(true);
    expect(json.impacts).toEqual([
      {
        side: 'graphql',
        operation: 'GetTasks',
        location: 'operations/tasks.graphql:4:5',
        kind: 'invalid',
        message: 'Cannot query field "legacyPriority" on type "Task".',
      },
    ]);
  });

  it('exits 5 when the server is unreachable or refuses the credentials, without printing the password', async () => {
    const dir = copy();
    const closed = await run(['check', '--fetch', '--base-url', 'http://127.0.0.1:9'], { cwd: dir, env });
    expect(closed.code).toBe(5);
    expect(closed.stderr).toMatch(/^error .*127\.0\.0\.1:9/);
    const wrong = { ...env, CAMUNDA_BASIC_AUTH_PASSWORD: 'wrong-password-123' };
    const refused = await run(['check', '--fetch'], { cwd: dir, env: wrong });
    expect(refused.code).toBe(5);
    expect(refused.stdout + refused.stderr).not.toContain('wrong-password-123');
  });

  it('fetch: a second run reports both sides unchanged and touches nothing', async () => {
    const dir = copy();
    const before = snapshotTree(dir);
    const result = await run(['fetch'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ fetch {2}http:\/\/127\.0\.0\.1:\d+ {2}\(\d+(\.\d)? m?s\)\n/);
    expect(result.stdout).toContain('✔   graphql  schemas/tasklist.graphql  unchanged\n');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it.skipIf(!existsSync(realFixtures))('fetch --from-rest needs no server, and reports the change between two documents', async () => {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    dirs.push(dir);
    const first = await run(['fetch', '--from-rest', `${realFixtures}/tasklist-openapi-8.5.yaml`], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('✎   rest  schemas/tasklist.openapi.json  created');
    const second = await run(['fetch', '--from-rest', `${realFixtures}/tasklist-openapi-8.7.yaml`, '--report', 'changes.md'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('✎   rest  schemas/tasklist.openapi.json  updated');
    expect(second.stdout).toContain('Enum value "FAILED" was added');
    const report = readText(dir, 'changes.md');
    expect(report).toMatch(/### REST \(`schemas\/tasklist\.openapi\.json`\)\n\n\d+ (dangerous|safe)/);
    // One "Schema changes" heading, at the top: not repeated under the side's heading.
    expect(report.match(/Schema changes/g)).toEqual(['Schema changes']);
    expect(report.startsWith('## Schema changes\n')).toBe(true);
  });
});
