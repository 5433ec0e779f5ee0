/**
 * `codegen.ts` is the user's code, run on every command: one that never settles, loops, exports
 * a Promise or throws ends with one clear message naming the file (and the line where it can be
 * known) and a non-zero exit, never a silent hang or exit 13 without output. The CLI runs as a
 * real process here: a loop can only be stopped by ending it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { makeProject, removeProject, repoRoot, writeFile } from '../cli/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

function project(codegen: string): string {
  const dir = makeProject({
    'codegen.ts': codegen,
    'schemas/tasklist.openapi.json': '{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}\n',
  });
  dirs.push(dir);
  return dir;
}

function cli(
  cwd: string,
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; signal: string | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'src/cli/main.ts'), ...argv], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A hang must fail the test, not the suite.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stderr, ms: Date.now() - started });
    });
  });
}

const ONE_SECOND = { TASKLIST_CODEGEN_CONFIG_TIMEOUT_SECONDS: '1' };

describe('a codegen.ts that does not finish', () => {
  it('never settles (top-level await): a clear error within the bound, not exit 13 without output', async () => {
    const dir = project('await new Promise(() => {});\nexport const tasklist = { rest: false };\n');
    const result = await cli(dir, ['generate'], ONE_SECOND);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error codegen.ts: did not finish loading within 1 s');
    expect(result.stderr).toMatch(/top-level await/);
    expect(result.stderr).toMatch(/hint /);
  }, 40_000);

  it('loops: stopped with a message naming codegen.ts:line:column of the loop', async () => {
    const dir = project('export const tasklist = { graphql: false };\nlet n = 0;\nwhile (true) {\n  n++;\n}\n');
    const result = await cli(dir, ['generate'], ONE_SECOND);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error codegen\.ts:[34]:\d+: did not finish loading within 1 s: it is still running/m);
    expect(result.stderr).toMatch(/hint /);
    expect(result.ms).toBeLessThan(15_000);
  }, 40_000);
});

describe('loadConfigFile', () => {
  it('awaits a tasklist export that is a Promise', async () => {
    const dir = project("export const tasklist = Promise.resolve({ outDir: 'out-from-promise', graphql: false });\n");
    const loaded = await loadConfigFile(path.join(dir, 'codegen.ts'), dir);
    expect(loaded.tasklist).toEqual({ outDir: 'out-from-promise', graphql: false });
  });

  it('a Promise export that rejects is reported with the file', async () => {
    const dir = project("export const tasklist = Promise.reject(new Error('no settings'));\n");
    await expect(loadConfigFile(path.join(dir, 'codegen.ts'), dir)).rejects.toThrow(/codegen\.ts:1:\d+: no settings/);
  });

  it('a config that throws is reported at codegen.ts:line:column', async () => {
    const dir = project(
      "interface X { a: string }\nconst x: X = { a: 'b' };\nexport const tasklist = {};\nthrow new Error('boom ' + x.a);\n",
    );
    await expect(loadConfigFile(path.join(dir, 'codegen.ts'), dir)).rejects.toThrow('Could not load codegen.ts:4:7: boom b');
  });

  it('a config that throws in a file it imports names that file', async () => {
    const dir = project("import { settings } from './settings.js';\nexport const tasklist = settings;\n");
    writeFile(dir, 'settings.ts', "export const settings = {};\nthrow new TypeError('bad settings');\n");
    await expect(loadConfigFile(path.join(dir, 'codegen.ts'), dir)).rejects.toThrow(/settings\.ts:2:\d+: bad settings/);
  });
});
