/**
 * A new user's first run and a server that drops GraphQL, end to end through the CLI against the
 * emulator: init → fetch → generate must give a REST client on a server without GraphQL (Camunda
 * 8.8+), init must not add a second `GetTasks`, and a GraphQL snapshot the server no longer backs
 * must not live on unnoticed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, readText, removeProject, run, writeFile } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

function project(files: Record<string, string> = {}): string {
  const dir = makeProject(files);
  dirs.push(dir);
  return dir;
}

/** init's codegen.ts imports `tasklist-codegen/config`, which only resolves in a real install. */
const LOCAL_CONFIG =
  "export const tasklist = { graphql: { operations: 'operations/**/*.graphql' }, runtimeImport: 'tasklist-codegen/runtime' };\n";

describe('first run on a server without GraphQL (8.8+)', () => {
  let emulator: Emulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, auth: 'none', graphql: false });
    env = emulator.env();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("init, fetch, generate: the REST client is generated and init's sample operation only warns", async () => {
    const dir = project({ 'codegen.ts': LOCAL_CONFIG });
    expect((await run(['init'], { cwd: dir })).code).toBe(0);
    expect(existsSync(path.join(dir, 'operations/tasks.graphql'))).toBe(true);
    const fetched = await run(['fetch'], { cwd: dir, env });
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toContain('generating REST only');
    const generated = await run(['generate'], { cwd: dir, env });
    expect(generated.stderr).toContain('operations/tasks.graphql');
    expect(generated.stderr).toMatch(/no GraphQL API/);
    expect(generated.code).toBe(0);
    expect(existsSync(path.join(dir, 'generated/rest/index.ts'))).toBe(true);
    expect(existsSync(path.join(dir, 'generated/graphql'))).toBe(false);
    // Asking for the GraphQL side explicitly says why there is none, not "run fetch first".
    const graphqlOnly = await run(['generate', '--graphql'], { cwd: dir });
    expect(graphqlOnly.code).toBe(1);
    expect(graphqlOnly.stderr).toMatch(/the server has no GraphQL API \(fetch found 404 at http:\/\/127\.0\.0\.1:\d+\/graphql\)/);
    expect(graphqlOnly.stderr).not.toMatch(/fetch` first/);
    // The committed state already says "no GraphQL API": the scheduled check finds nothing new.
    const checked = await run(['check', '--fetch'], { cwd: dir, env });
    expect(checked.stdout).toContain('Up to date (exit 0)');
    expect(checked.code).toBe(0);
    // Before any fetch, missing schema + operations is still the clear "run fetch first" error.
    const fresh = project({
      'codegen.ts': LOCAL_CONFIG,
      'operations/q.graphql': 'query Q { currentUser { userId } }\n',
      'schemas/tasklist.openapi.json': readText(dir, 'schemas/tasklist.openapi.json'),
    });
    const unfetched = await run(['generate'], { cwd: fresh });
    expect(unfetched.code).toBe(1);
    expect(unfetched.stderr).toMatch(/No GraphQL schema at schemas\/tasklist\.graphql, but operation files need it/);
  });

  it('a GraphQL snapshot the server no longer backs: fetch removes it and says so, check --fetch reports it', async () => {
    const withGraphql = await startEmulator({ port: 0, auth: 'none' });
    const dir = project({ 'codegen.ts': LOCAL_CONFIG, 'operations/q.graphql': 'query Me { currentUser { userId } }\n' });
    try {
      expect((await run(['fetch'], { cwd: dir, env: withGraphql.env() })).code).toBe(0);
      expect((await run(['generate'], { cwd: dir })).code).toBe(0);
    } finally {
      await withGraphql.close();
    }
    expect(existsSync(path.join(dir, 'schemas/tasklist.graphql'))).toBe(true);

    // The server was upgraded: no GraphQL any more.
    const checked = await run(['check', '--fetch', '--report', 'report.md'], { cwd: dir, env });
    expect(checked.code).toBe(4);
    const report = readText(dir, 'report.md');
    expect(report).not.toMatch(/GraphQL \(`schemas\/tasklist\.graphql`\): no changes/);
    expect(report).toMatch(/no longer serves a GraphQL API/);
    expect(existsSync(path.join(dir, 'schemas/tasklist.graphql')), 'check writes nothing').toBe(true);

    const fetched = await run(['fetch'], { cwd: dir, env });
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toMatch(/graphql .*removed/);
    expect(existsSync(path.join(dir, 'schemas/tasklist.graphql'))).toBe(false);
    const generated = await run(['generate'], { cwd: dir });
    expect(generated.code).toBe(0);
    expect(generated.stderr).toContain('operations/q.graphql');
    expect(existsSync(path.join(dir, 'generated/graphql/index.ts'))).toBe(false);
    expect(existsSync(path.join(dir, 'generated/rest/index.ts'))).toBe(true);
  });
});

describe('init in a project that already has operations', () => {
  it('does not add its sample GetTasks next to an operation of that name', async () => {
    const dir = project({ 'operations/mine.graphql': 'query GetTasks { tasks { id } }\n' });
    const result = await run(['init', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(path.join(dir, 'operations/tasks.graphql'))).toBe(false);
    expect(JSON.parse(result.stdout).kept).toContain('operations/');
  });

  it('still writes the sample into an operations folder without .graphql files', async () => {
    const dir = project({ 'operations/README.md': 'notes\n' });
    writeFile(dir, 'operations/.keep', '');
    expect((await run(['init'], { cwd: dir })).code).toBe(0);
    expect(existsSync(path.join(dir, 'operations/tasks.graphql'))).toBe(true);
  });
});
