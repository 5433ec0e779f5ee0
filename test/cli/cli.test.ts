/** The command line itself: help on every command, usage errors, output modes, --debug, secrets. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, removeProject, repoRoot, run } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});
function project(files: Record<string, string> = {}): string {
  const dir = makeProject(files);
  dirs.push(dir);
  return dir;
}

describe('help', () => {
  it.each(['init', 'fetch', 'generate', 'watch', 'diff', 'check'])('%s --help shows usage with examples and exits 0', async (command) => {
    const result = await run([command, '--help'], { cwd: project() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: tasklist-codegen ${command}`);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--json');
  });

  it('check --help documents the exit codes, the top level documents precedence', async () => {
    const check = await run(['check', '--help'], { cwd: project() });
    for (const code of [
      '0  up to date',
      '2  generated code is stale',
      '3  the live schema changed',
      '4  the live schema changed with breaking',
      '5  could not reach',
    ])
      expect(check.stdout).toContain(code);
    const top = await run(['--help'], { cwd: project() });
    expect(top.stdout).toContain('defaults < codegen.ts (`tasklist` export) < environment (CAMUNDA_*, .env) < flags');
    expect(top.code).toBe(0);
  });
});

describe('usage errors exit 1 with one readable message', () => {
  it('unknown command and unknown option', async () => {
    const unknown = await run(['frobnicate'], { cwd: project() });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
    const badFlag = await run(['generate', '--nope'], { cwd: project() });
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toContain("error: unknown option '--nope'");
  });

  it('a bad codegen.ts names the key and file; --debug adds the stack', async () => {
    const dir = project({ 'codegen.ts': "export const tasklist = { baseUrl: 'localhost:8080' };\n" });
    const result = await run(['generate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error tasklist.baseUrl must be an absolute http:// or https:// URL (got 'localhost:8080') in codegen.ts\nhint  Write the scheme, e.g. 'http://localhost:8080'.\n",
    );
    const debug = await run(['generate', '--debug'], { cwd: dir });
    expect(debug.stderr).toMatch(/\n {4}at .*validate\.ts:\d+:\d+/);
  });

  it('a missing --config file', async () => {
    const result = await run(['generate', '--config', 'nope.ts'], { cwd: project() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error Config file not found: .*nope\.ts\nhint {2}Check the --config path/);
  });

  it('fetch without a base URL says where to set one', async () => {
    const result = await run(['fetch'], { cwd: project() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error No Tasklist base URL');
    expect(result.stderr).toContain('CAMUNDA_TASKLIST_BASE_URL');
  });

  it('--json reports the error as JSON on stdout, nothing on stderr', async () => {
    const dir = project({ 'codegen.ts': 'export const tasklist = { outdir: 1 };\n' });
    const result = await run(['generate', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      error: { message: "Unknown key tasklist.outdir in codegen.ts (did you mean 'outDir'?)" },
    });
  });
});

describe('output modes', () => {
  const files = { 'codegen.ts': 'export const tasklist = { graphql: false };\n' };

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const tty = await run(['generate'], { cwd: project(files), isTTY: true });
    expect(tty.stderr).toContain('\u001b[31merror\u001b[39m');
    const noColor = await run(['generate'], { cwd: project(files), isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stderr).not.toContain('\u001b[');
    const pipe = await run(['generate'], { cwd: project(files) });
    expect(pipe.stderr).not.toContain('\u001b[');
  });

  it('--quiet prints errors only', async () => {
    const dir = project({ 'codegen.ts': files['codegen.ts'] });
    const result = await run(['init', '--quiet'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const failing = await run(['generate', '-q'], { cwd: dir });
    expect(failing.stderr).toContain('error No OpenAPI document');
  });
});

describe('secrets', () => {
  it('a secret from .env never appears in output, even inside an error message', async () => {
    const secret = 's3cr3t-client-secret-value';
    // The secret also sits where it will be echoed: the base URL is not a URL.
    const dir = project({ '.env': `CAMUNDA_CLIENT_SECRET=${secret}\nCAMUNDA_TASKLIST_BASE_URL=${secret}\n` });
    const result = await run(['fetch', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout).toContain('***');
  });
});

describe('the executable', () => {
  it('runs through tsx with the real process: a user error exits 1 with one line, no stack', () => {
    const tsx = `${repoRoot}/node_modules/.bin/tsx`;
    const dir = project();
    const bad = spawnSync(tsx, [`${repoRoot}/src/cli/main.ts`, 'generate', '--rest'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'error No OpenAPI document at schemas/tasklist.openapi.json\nhint  Run `tasklist-codegen fetch` first (or check schemaFile in codegen.ts).\n',
    );
  });

  it('--version prints the package version', async () => {
    const result = await run(['--version'], { cwd: project() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')).version);
  });
});
