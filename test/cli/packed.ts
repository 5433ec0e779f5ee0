/**
 * The two packages as npm would publish them, for the tests that install them into fresh projects
 * (pack.test.ts, consumer-layouts.test.ts) and for bench/install.ts: each built with its real build script into a staging
 * folder (not the repo's dist/, which other work may be using) with its package.json and README
 * beside it, then `npm pack --ignore-scripts`: the files `prepack` + `npm pack` would ship, per each
 * package.json's `files`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/**
 * The packages of the current sources, built and packed once and kept under
 * `.tmp/packed/<hash of every file the builds read>/`: pack.test.ts and consumer-layouts.test.ts
 * (and .ci/run's second and third runs of them, on Node 22 and 24) install the same tarballs
 * instead of building the runtime three times. A tarball does not depend on the Node that built
 * it (the engines target node20, tsc's output is the same on any Node); the installs, which may,
 * stay each test's own. An edit to any input makes a new folder, so a broken build still fails.
 * Test files running at once wait for the one that builds (a lock folder naming its process).
 */
export function packedRuntime(): Promise<Packed> {
  return packedOnce('runtime', packRuntime);
}

/** The generator's package of the current sources, as {@link packedRuntime}. */
export function packedGenerator(): Promise<Packed> {
  return packedOnce('main', packGenerator);
}

/** Everything scripts/build.mjs and scripts/build-runtime.mjs read, besides node_modules (named by the lockfile). */
const BUILD_INPUTS = [
  'src',
  'scripts',
  'packages/runtime/package.json',
  'packages/runtime/README.md',
  'packages/runtime/tsconfig.json',
  'package.json',
  'package-lock.json',
  'README.md',
  'tsconfig.json',
  'tsconfig.build.json',
];

function buildInputsHash(): string {
  const hash = createHash('sha256');
  const add = (relative: string) => {
    const full = path.join(repoRoot, relative);
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) add(`${relative}/${name}`);
      return;
    }
    hash.update(`${relative}\0`);
    hash.update(readFileSync(full));
    hash.update('\0');
  };
  for (const input of BUILD_INPUTS) add(input);
  return hash.digest('hex').slice(0, 16);
}

const packedRoot = path.join(repoRoot, '.tmp', 'packed');

async function packedOnce(name: 'runtime' | 'main', build: (stage: string) => Promise<Packed>): Promise<Packed> {
  const key = buildInputsHash();
  const stage = path.join(packedRoot, key);
  const folder = path.join(stage, name);
  const lock = path.join(stage, `${name}.lock`);
  mkdirSync(stage, { recursive: true });
  for (;;) {
    if (existsSync(folder)) return packedIn(folder);
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
      continue;
    }
    const scratch = path.join(stage, `${name}.building-${process.pid}`);
    try {
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      rmSync(scratch, { recursive: true, force: true });
      const built = await build(scratch);
      // The build stages into `scratch/<name>`; only a finished, packed folder gets the final name.
      renameSync(built.folder, folder);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      rmSync(lock, { recursive: true, force: true });
    }
    removeStalePacked(key);
  }
}

/** A lock whose process is gone (killed mid-build), or that is older than any build takes. */
function lockIsStale(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Just made, its pid not written yet; or made by a process killed right then.
    try {
      return Date.now() - statSync(lock).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Packages of earlier sources, an hour old (a run started before the edit may still be installing them). */
function removeStalePacked(current: string): void {
  for (const entry of readdirSync(packedRoot)) {
    const dir = path.join(packedRoot, entry);
    try {
      if (entry !== current && Date.now() - statSync(dir).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

async function pack(folder: string): Promise<Packed> {
  expectOk(await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', folder], { cwd: folder }), `npm pack in ${folder}`);
  return packedIn(folder);
}

function packedIn(folder: string): Packed {
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
