import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliDependencies } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/program.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const realFixtures = path.resolve(repoRoot, '../shared/fixtures/real');

/** A throwaway project folder with the given files (paths relative, `/` separators). */
export function makeProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tlcg-cli-'));
  for (const [file, contents] of Object.entries(files)) writeFile(dir, file, contents);
  return dir;
}

/** A throwaway copy of a prepared project, so each test starts from the same state. */
export function copyProject(source: string): string {
  const dir = makeProject();
  cpSync(source, dir, { recursive: true });
  return dir;
}

export function writeFile(dir: string, file: string, contents: string): void {
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, contents);
}

export function readText(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` with its contents: a snapshot to prove "nothing changed". */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (relative: string) => {
    const full = path.join(dir, relative);
    let entries: string[];
    try {
      entries = readdirSync(full);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      const child = relative ? `${relative}/${name}` : name;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return out;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with its own env (never the test runner's CAMUNDA_* variables). */
export async function run(
  argv: string[],
  options: { cwd: string; env?: Record<string, string>; isTTY?: boolean; deps?: CliDependencies },
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      isTTY: options.isTTY ?? false,
    },
    options.deps,
  );
  return { code, stdout, stderr };
}
