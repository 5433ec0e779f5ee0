/**
 * The two packages as npm would publish them, for the tests that install them into fresh projects
 * (pack.test.ts, consumer-layouts.test.ts) and for bench/install.ts: each built with its real build script into a staging
 * folder (not the repo's dist/, which other work may be using) with its package.json and README
 * beside it, then `npm pack --ignore-scripts`: the files `prepack` + `npm pack` would ship, per each
 * package.json's `files`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Not from ./helpers.js, which loads the CLI: bench/install.ts packs with this module too. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async on purpose: an emulator running in the test's process must keep answering meanwhile. */
export function exec(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function expectOk(result: Exec, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/** A packed package: its tarball and the staging folder it was packed from. */
export interface Packed {
  tarball: string;
  folder: string;
}

/** Builds and packs @tasklist-codegen/runtime into `stage/runtime`. */
export async function packRuntime(stage: string): Promise<Packed> {
  const folder = path.join(stage, 'runtime');
  mkdirSync(folder, { recursive: true });
  expectOk(
    await exec(process.execPath, [path.join(repoRoot, 'scripts/build-runtime.mjs'), '--outDir', path.join(folder, 'dist')], {
      cwd: repoRoot,
    }),
    'node scripts/build-runtime.mjs',
  );
  copyFileSync(path.join(repoRoot, 'packages/runtime/package.json'), path.join(folder, 'package.json'));
  copyFileSync(path.join(repoRoot, 'packages/runtime/README.md'), path.join(folder, 'README.md'));
  return pack(folder);
}

/** Builds and packs tasklist-codegen (the generator) into `stage/main`. */
export async function packGenerator(stage: string): Promise<Packed> {
  const folder = path.join(stage, 'main');
  mkdirSync(folder, { recursive: true });
  expectOk(
    await exec(process.execPath, [path.join(repoRoot, 'scripts/build.mjs'), '--outDir', path.join(folder, 'dist')], { cwd: repoRoot }),
    'node scripts/build.mjs (npm run build)',
  );
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(folder, 'package.json'));
  copyFileSync(path.join(repoRoot, 'README.md'), path.join(folder, 'README.md'));
  return pack(folder);
}

async function pack(folder: string): Promise<Packed> {
  expectOk(await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', folder], { cwd: folder }), `npm pack in ${folder}`);
  const name = readdirSync(folder).find((f) => f.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack wrote no tarball in ${folder}`);
  return { tarball: path.join(folder, name), folder };
}

/**
 * `npm install` from the npm cache only; when a dependency is not cached (a fresh machine), once
 * more preferring the cache, saying so.
 */
export async function npmInstallOffline(cwd: string, args: string[] = []): Promise<Exec> {
  const install = await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', ...args], { cwd });
  if (install.code === 0 || !/ENOTCACHED/.test(install.stderr)) return install;
  console.warn(`npm install ${args.join(' ')}: a dependency is not in the npm cache; installing with --prefer-offline instead`);
  return exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], { cwd });
}
