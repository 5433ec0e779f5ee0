/**
 * `check` that cannot run (server unreachable: exit 5) still writes its report and the GitHub job
 * summary, and its `--json` object has the same shape as a successful one, plus `error`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, readText, removeProject, run } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

describe('check --fetch against a server that is not there', () => {
  it('exits 5 and writes the report and a non-empty $GITHUB_STEP_SUMMARY saying why', async () => {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    dirs.push(dir);
    const summary = `${dir}/summary.md`;
    const result = await run(['check', '--fetch', '--report', 'report.md', '--base-url', 'http://127.0.0.1:9'], {
      cwd: dir,
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^error .*127\.0\.0\.1:9/);
    const report = readText(dir, 'report.md');
    expect(report).toContain('**Could not reach the server or sign in** (exit code 5)');
    expect(report).toContain('127.0.0.1:9');
    expect(readText(dir, 'summary.md')).toBe(`${report}\n`);
  });

  it('--json: the failure object has the fields of a successful one, and an error', async () => {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    dirs.push(dir);
    const failed = JSON.parse((await run(['check', '--fetch', '--json', '--base-url', 'http://127.0.0.1:9'], { cwd: dir })).stdout);
    expect(failed).toMatchObject({
      command: 'check',
      exitCode: 5,
      status: 'Could not reach the server or sign in',
      fetched: false,
      changes: { graphql: [], rest: [] },
      impacts: [],
      drift: [],
    });
    expect(failed.error.message).toContain('127.0.0.1:9');
    // A successful run (nothing to generate here): the same keys, without `error`.
    const ok = JSON.parse((await run(['check', '--json'], { cwd: makeProjectWithNoSides(dirs) })).stdout);
    expect(Object.keys(failed).sort()).toEqual([...Object.keys(ok), 'error'].sort());
  });
});

function makeProjectWithNoSides(dirs: string[]): string {
  const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false, rest: false };\n' });
  dirs.push(dir);
  return dir;
}
