import { afterEach, describe, expect, it } from 'vitest';
import { STARTER_CODEGEN, STARTER_ENV_EXAMPLE, STARTER_OPERATIONS } from '../../src/cli/commands/init.js';
import { makeProject, readText, removeProject, run, snapshotTree } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

describe('init', () => {
  it('sets up an empty folder', async () => {
    const dir = makeProject();
    dirs.push(dir);
    const result = await run(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('create codegen.ts');
    expect(readText(dir, 'codegen.ts')).toBe(STARTER_CODEGEN);
    expect(readText(dir, 'operations/tasks.graphql')).toBe(STARTER_OPERATIONS);
    expect(readText(dir, '.env.example')).toBe(STARTER_ENV_EXAMPLE);
    const pkg = JSON.parse(readText(dir, 'package.json'));
    expect(pkg.scripts).toEqual({
      fetch: 'tasklist-codegen fetch',
      generate: 'tasklist-codegen generate',
      check: 'tasklist-codegen check',
    });
    expect(pkg.private).toBe(true);
  });

  it('says to install the runtime as a dependency unless package.json lists it', async () => {
    const bare = makeProject();
    const ready = makeProject({ 'package.json': '{ "name": "app", "dependencies": { "@tasklist-codegen/runtime": "^0.1.0" } }\n' });
    dirs.push(bare, ready);
    const told = await run(['init'], { cwd: bare });
    expect(told.code).toBe(0);
    expect(told.stdout).toContain('npm install @tasklist-codegen/runtime');
    const quiet = await run(['init'], { cwd: ready });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('npm install @tasklist-codegen/runtime');
  });

  it('never overwrites: existing files and scripts are kept byte for byte', async () => {
    const pkgText = '{\n    "name": "app",\n    "scripts": {\n        "generate": "my-own-thing"\n    },\n    "dependencies": {}\n}\n';
    const dir = makeProject({
      'codegen.ts': '// mine\n',
      'operations/tasks.graphql': '# mine\n',
      'package.json': pkgText,
    });
    dirs.push(dir);
    const result = await run(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('keep codegen.ts');
    expect(result.stdout).toContain('keep npm scripts  generate (already defined)');
    expect(readText(dir, 'codegen.ts')).toBe('// mine\n');
    expect(readText(dir, 'operations/tasks.graphql')).toBe('# mine\n');
    expect(readText(dir, '.env.example')).toBe(STARTER_ENV_EXAMPLE);
    // Same indentation, the user's script untouched, the two missing ones added.
    expect(readText(dir, 'package.json')).toBe(
      '{\n    "name": "app",\n    "scripts": {\n        "generate": "my-own-thing",\n        "fetch": "tasklist-codegen fetch",\n        "check": "tasklist-codegen check"\n    },\n    "dependencies": {}\n}\n',
    );
    // A second run changes nothing at all.
    const before = snapshotTree(dir);
    const again = await run(['init', '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ created: [], scriptsAdded: [] });
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('treats another codegen.* as an existing config', async () => {
    const dir = makeProject({ 'codegen.mjs': 'export const tasklist = {};\n' });
    dirs.push(dir);
    await run(['init'], { cwd: dir });
    expect(Object.keys(snapshotTree(dir))).not.toContain('codegen.ts');
  });

  it('a broken package.json is a user error and nothing is written to it', async () => {
    const dir = makeProject({ 'package.json': '{ "name": ' });
    dirs.push(dir);
    const result = await run(['init'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error package\.json is not valid JSON/);
    expect(readText(dir, 'package.json')).toBe('{ "name": ');
  });
  // That the starter codegen.ts loads (it imports `tasklist-codegen/config`) is proven in pack.test.ts, in a real install.
});
