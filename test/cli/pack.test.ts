/**
 * The package as a consumer gets it: build with the real build config, `npm pack`, install the
 * tarball offline into a fresh project, then `init`, `fetch` (from the emulator, through OAuth
 * client credentials configured in `.env`), `generate`, compile a small app against the generated
 * files with `tsc --strict`, run it against the emulator, and `check`.
 *
 * The build goes to a staging folder (not the repo's dist/, which other work may be using) with
 * the repo's package.json and README beside it, and `npm pack --ignore-scripts` packs that: the
 * same files `prepack` + `npm pack` would ship, per package.json `files`.
 *
 * This is the slowest test of the suite (a full build: tsc and the bundled engines, an install of ~350 packages from the
 * npm cache, two tsc runs): about 1–2 minutes on two cores.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, readText, removeProject, repoRoot } from './helpers.js';

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async on purpose: the emulator runs in this process and must keep answering meanwhile. */
function exec(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Exec> {
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

function expectOk(result: Exec, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

const APP = `import { createTasklistClient } from 'tasklist-codegen';
import { getTasks } from './generated/graphql/index.js';
import { searchTasks } from './generated/rest/index.js';
import type { paths } from './generated/rest/schema.js';

// Base URL and sign-in from the CAMUNDA_* environment, as in production.
const client = createTasklistClient<paths>();
const page = await searchTasks(client.rest, { body: { state: 'CREATED', pageSize: 5 } });
const names: string[] = page.map((task) => task.name ?? '');
const result = await getTasks(client.graphql, { query: { pageSize: 5 } });
const ids: string[] = result.tasks.map((task) => task.id);
// @ts-expect-error the generated types are strict: a task has no field \`nme\`.
result.tasks[0]?.nme;
console.log(JSON.stringify({ rest: names.length, graphql: ids.length }));
`;

const APP_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    strict: true,
    skipLibCheck: false,
    types: [],
    outDir: 'dist',
  },
  include: ['app.ts', 'generated'],
};

describe('the packed tarball in a fresh consumer project', () => {
  const dirs: string[] = [];
  let emulator: Emulator | undefined;
  afterAll(async () => {
    await emulator?.close();
    for (const dir of dirs) removeProject(dir);
  });

  it('installs offline, and init → fetch → generate → tsc --strict → run → check all work', async () => {
    const stage = makeProject();
    const consumer = makeProject();
    dirs.push(stage, consumer);

    // 1. Build with the real build config, then pack.
    const build = await exec(process.execPath, [path.join(repoRoot, 'scripts/build.mjs'), '--outDir', path.join(stage, 'dist')], { cwd: repoRoot });
    expectOk(build, 'node scripts/build.mjs (npm run build)');
    copyFileSync(path.join(repoRoot, 'package.json'), path.join(stage, 'package.json'));
    copyFileSync(path.join(repoRoot, 'README.md'), path.join(stage, 'README.md'));
    expectOk(await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', stage], { cwd: stage }), 'npm pack');
    const tarball = readdirSync(stage).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^tasklist-codegen-\d+\.\d+\.\d+\.tgz$/);

    // 2. Install into a fresh project from the npm cache only.
    writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2)}\n`);
    let install = await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(stage, tarball!)], { cwd: consumer });
    if (install.code !== 0 && /ENOTCACHED/.test(install.stderr)) {
      console.warn('pack.test.ts: a dependency is not in the npm cache; installing with --prefer-offline instead');
      install = await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(stage, tarball!)], { cwd: consumer });
    }
    expectOk(install, 'npm install <tarball>');
    const cli = path.join(consumer, 'node_modules/.bin/tasklist-codegen');
    expect(existsSync(cli)).toBe(true);

    // 3. init.
    expectOk(await exec(cli, ['init'], { cwd: consumer }), 'tasklist-codegen init');
    expect(JSON.parse(readText(consumer, 'package.json')).scripts).toMatchObject({ fetch: 'tasklist-codegen fetch', generate: 'tasklist-codegen generate', check: 'tasklist-codegen check' });

    // 4. fetch from the emulator, signing in with OAuth client credentials from .env.
    emulator = await startEmulator({ port: 0, auth: 'oidc' });
    const env = emulator.env();
    writeFileSync(path.join(consumer, '.env'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    const fetched = await exec('npm', ['run', '--silent', 'fetch'], { cwd: consumer, env: { NO_COLOR: '1' } });
    expectOk(fetched, 'npm run fetch');
    expect(fetched.stdout + fetched.stderr).not.toContain(env.CAMUNDA_CLIENT_SECRET!);
    expect(existsSync(path.join(consumer, 'schemas/tasklist.graphql'))).toBe(true);
    expect(existsSync(path.join(consumer, 'schemas/tasklist.openapi.json'))).toBe(true);

    // 5. generate.
    expectOk(await exec('npm', ['run', '--silent', 'generate'], { cwd: consumer }), 'npm run generate');
    expect(existsSync(path.join(consumer, 'generated/graphql/index.ts'))).toBe(true);
    expect(existsSync(path.join(consumer, 'generated/rest/index.ts'))).toBe(true);
    // The package ships its bundled engines, and generate ran them: their V8 code caches (and the
    // TypeScript compiler's) are in the project's node_modules/.cache.
    expect(existsSync(path.join(consumer, 'node_modules/tasklist-codegen/dist/engines/graphql.cjs'))).toBe(true);
    expect(existsSync(path.join(consumer, 'node_modules/tasklist-codegen/dist/engines/rest.cjs'))).toBe(true);
    const codeCaches = readdirSync(path.join(consumer, 'node_modules/.cache/tasklist-codegen/v8')).map((f) => f.replace(/-[0-9a-f]{8}-[0-9a-f]{16}\.v8$/, '')).sort();
    expect(codeCaches).toEqual(['graphql.cjs', 'rest.cjs', 'typescript.js']);

    // 6. A small app against the generated files, strict, no lib check skipped.
    writeFileSync(path.join(consumer, 'app.ts'), APP);
    writeFileSync(path.join(consumer, 'tsconfig.json'), `${JSON.stringify(APP_TSCONFIG, null, 2)}\n`);
    expectOk(await exec(process.execPath, [path.join(consumer, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: consumer }), 'tsc --strict on the app');

    // 7. It runs against the emulator with the same environment.
    const app = await exec(process.execPath, ['dist/app.js'], { cwd: consumer, env });
    expectOk(app, 'node dist/app.js');
    const counts = JSON.parse(app.stdout.trim()) as { rest: number; graphql: number };
    expect(counts.rest).toBeGreaterThan(0);
    expect(counts.graphql).toBeGreaterThan(0);

    // 8. check: up to date.
    const checked = await exec('npm', ['run', '--silent', 'check'], { cwd: consumer });
    expectOk(checked, 'npm run check');
    expect(checked.stdout).toContain('Up to date');
  }, 600_000);
});
