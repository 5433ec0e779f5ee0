/**
 * The packages as a consumer gets them: both built with their real build scripts and packed
 * (test/cli/packed.ts), installed offline into a fresh project the way the README says (the
 * runtime as a dependency, the generator as a dev dependency), then `init`, `fetch` (from the
 * emulator, through OAuth client credentials configured in `.env`), `generate`, compile a small
 * app against the generated files with `tsc --strict`, run it against the emulator, and `check`.
 * Then what production gets: `npm install --omit=dev` of the same project installs the runtime alone
 * (it has no dependencies) and nothing of the generator, and the compiled app runs on that alone.
 *
 * This is the slowest test of the suite (two builds: tsc and the bundled engines, unless an earlier
 * test file or run packed the same sources (packed.ts); an install of ~120 packages from the npm
 * cache, two tsc runs): about 1–2 minutes on two cores.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, readText, removeProject, repoRoot } from './helpers.js';
import { exec, expectOk, npmInstallOffline, packedGenerator, packedRuntime, type Packed } from './packed.js';

/** Packages of the generator an app must never get in production. */
const GENERATOR_PACKAGES = [
  'tasklist-codegen',
  'typescript',
  'openapi-typescript',
  '@redocly/openapi-core',
  '@graphql-codegen/core',
  '@graphql-tools/utils',
  'graphql',
  'undici',
];

/**
 * Packages the generator's install does without: the REST engine prints with code-block-writer,
 * bundled into it, and uses no ts-morph (nor its copy of TypeScript in @ts-morph/common).
 */
const NOT_INSTALLED_WITH_THE_GENERATOR = ['code-block-writer', 'ts-morph', '@ts-morph/common'];

/** Every `//# sourceMappingURL=` in the packed files names a file that is packed too, and every map's sources are packed or inlined. */
async function expectNoDanglingSourceMaps(packed: Packed): Promise<void> {
  const listing = await exec('tar', ['-tzf', packed.tarball], { cwd: packed.folder });
  expectOk(listing, 'tar -tzf');
  const files = new Set(
    listing.stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, '')),
  );
  const dangling: string[] = [];
  for (const file of files) {
    if (!/\.(c|m)?js$|\.d\.ts$|\.map$/.test(file)) continue;
    const text = readFileSync(path.join(packed.folder, file), 'utf8');
    for (const [, target] of text.matchAll(/[#@] sourceMappingURL=(\S+)/g)) {
      if (target!.startsWith('data:')) continue;
      const mapFile = path.posix.join(path.posix.dirname(file), target!);
      if (!files.has(mapFile)) dangling.push(`${file} → ${mapFile}`);
    }
    if (file.endsWith('.map')) {
      const map = JSON.parse(text) as { sources?: string[]; sourcesContent?: unknown[] };
      map.sources?.forEach((source, i) => {
        if (map.sourcesContent?.[i] == null && !files.has(path.posix.join(path.posix.dirname(file), source)))
          dangling.push(`${file} → ${source}`);
      });
    }
  }
  expect(dangling, `${path.basename(packed.tarball)}: source maps pointing at files not shipped`).toEqual([]);
}

/** The packages installed under node_modules (scoped ones as `@scope/name`). */
function installedPackages(dir: string): string[] {
  const root = path.join(dir, 'node_modules');
  return readdirSync(root)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(path.join(root, name)).map((inner) => `${name}/${inner}`) : [name]))
    .sort();
}

const APP = `import { createTasklistClient } from '@tasklist-codegen/runtime';
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

/** Existing imports through the generator's package: the same runtime, the same classes. */
const COMPAT = `import * as viaGenerator from 'tasklist-codegen/runtime';
import * as viaRoot from 'tasklist-codegen';
import * as runtime from '@tasklist-codegen/runtime';
console.log(JSON.stringify({ runtime: viaGenerator.HttpError === runtime.HttpError, root: viaRoot.createTasklistClient === runtime.createTasklistClient }));
`;

/** A CommonJS file of a project without "type": "module" requiring the runtime. */
const CJS = `const runtime = require('@tasklist-codegen/runtime');
console.log(typeof runtime.createTasklistClient, typeof runtime.HttpError);
`;

/** A custom CA without undici installed: one clear error at client creation. */
const NO_UNDICI = `import { createTasklistClient } from '@tasklist-codegen/runtime';
try {
  createTasklistClient();
  console.log('created');
} catch (error) {
  console.log(JSON.stringify({ name: error.name, message: error.message, hint: error.hint }));
}
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
  include: ['app.ts', 'compat.ts', 'generated'],
};

describe('the packed tarballs in a fresh consumer project', () => {
  const dirs: string[] = [];
  let emulator: Emulator | undefined;
  afterAll(async () => {
    await emulator?.close();
    for (const dir of dirs) removeProject(dir);
  });

  it('install offline as README says, init → fetch → generate → tsc --strict → run → check work, and production gets the runtime alone', async () => {
    const consumer = makeProject();
    const production = makeProject();
    dirs.push(consumer, production);

    // 1. Build with the real build scripts, then pack (once per state of the sources: packed.ts);
    //    no source map points at a file not shipped.
    const [runtime, generator] = await Promise.all([packedRuntime(), packedGenerator()]);
    expect(path.basename(runtime.tarball)).toMatch(/^tasklist-codegen-runtime-\d+\.\d+\.\d+\.tgz$/);
    expect(path.basename(generator.tarball)).toMatch(/^tasklist-codegen-\d+\.\d+\.\d+\.tgz$/);
    await expectNoDanglingSourceMaps(runtime);
    await expectNoDanglingSourceMaps(generator);

    // 2. Install into a fresh project from the npm cache only: the runtime as a dependency, the
    //    generator as a dev dependency.
    const manifest = {
      name: 'consumer-app',
      private: true,
      type: 'module',
      dependencies: { '@tasklist-codegen/runtime': `file:${runtime.tarball}` },
      devDependencies: { 'tasklist-codegen': `file:${generator.tarball}` },
    };
    writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const install = await npmInstallOffline(consumer);
    expectOk(install, 'npm install');
    // Every package the generator brings accepts this Node (graphql-codegen's libraries, which
    // declare Node >= 22.15, are bundled into the engines rather than installed).
    expect(`${install.stdout}\n${install.stderr}`).not.toMatch(/EBADENGINE/);
    expect(installedPackages(consumer).filter((name) => NOT_INSTALLED_WITH_THE_GENERATOR.includes(name))).toEqual([]);
    const cli = path.join(consumer, 'node_modules/.bin/tasklist-codegen');
    expect(existsSync(cli)).toBe(true);

    // 3. init.
    expectOk(await exec(cli, ['init'], { cwd: consumer }), 'tasklist-codegen init');
    expect(JSON.parse(readText(consumer, 'package.json')).scripts).toMatchObject({
      fetch: 'tasklist-codegen fetch',
      generate: 'tasklist-codegen generate',
      check: 'tasklist-codegen check',
    });

    // 4. fetch from the emulator, signing in with OAuth client credentials from .env.
    emulator = await startEmulator({ port: 0, auth: 'oidc' });
    const env = emulator.env();
    writeFileSync(
      path.join(consumer, '.env'),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    const fetched = await exec('npm', ['run', '--silent', 'fetch'], { cwd: consumer, env: { NO_COLOR: '1' } });
    expectOk(fetched, 'npm run fetch');
    expect(fetched.stdout + fetched.stderr).not.toContain(env.CAMUNDA_CLIENT_SECRET!);
    expect(existsSync(path.join(consumer, 'schemas/tasklist.graphql'))).toBe(true);
    expect(existsSync(path.join(consumer, 'schemas/tasklist.openapi.json'))).toBe(true);

    // 5. generate: the generated files import the runtime package and their neighbours, nothing else.
    expectOk(await exec('npm', ['run', '--silent', 'generate'], { cwd: consumer }), 'npm run generate');
    const generatedFiles = (readdirSync(path.join(consumer, 'generated'), { recursive: true }) as string[]).filter((f) => /\.ts$/.test(f));
    expect(generatedFiles.length).toBeGreaterThanOrEqual(5);
    for (const file of generatedFiles) {
      const imported = [...readText(consumer, `generated/${file}`).matchAll(/^(?:import|export)\b[^;]*?\bfrom ['"]([^'"]+)['"];/gm)].map(
        (m) => m[1]!,
      );
      expect(
        imported.filter((specifier) => specifier !== '@tasklist-codegen/runtime' && !specifier.startsWith('./')),
        file,
      ).toEqual([]);
    }
    // The package ships its engines, and generate ran them with a code cache in the project's
    // node_modules/.cache: Node's compile cache on Node >= 22.1 (a folder per Node version), ours
    // on Node 20 (a file per compiled file: the two engines; generating loads no TypeScript compiler).
    expect(existsSync(path.join(consumer, 'node_modules/tasklist-codegen/dist/engines/graphql.cjs'))).toBe(true);
    expect(existsSync(path.join(consumer, 'node_modules/tasklist-codegen/dist/engines/rest.cjs'))).toBe(true);
    const cacheDir = path.join(consumer, 'node_modules/.cache/tasklist-codegen/v8');
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 1)) {
      const versionDirs = readdirSync(cacheDir).filter((name) => name.startsWith(`v${process.versions.node}-`));
      expect(versionDirs, readdirSync(cacheDir).join(', ')).toHaveLength(1);
      // The engines, and whatever the CLI loaded after them.
      expect(readdirSync(path.join(cacheDir, versionDirs[0]!)).length).toBeGreaterThanOrEqual(2);
    } else {
      expect(
        readdirSync(cacheDir)
          .map((name) => name.replace(/-[0-9a-f]{8}-[0-9a-f]{16}\.v8$/, ''))
          .sort(),
      ).toEqual(['graphql.cjs', 'rest.cjs']);
    }

    // 5b. A bad operation: one run of the GraphQL engine (each run reads the schema once, and
    //     generate reads it once to hash it), the located error, exit code 1, generated/ untouched.
    const operation = readText(consumer, 'operations/tasks.graphql');
    const generatedBefore = readText(consumer, 'generated/graphql/operations.ts');
    writeFileSync(path.join(consumer, 'operations/tasks.graphql'), `${operation}\nquery Broken { noSuchField }\n`);
    const readLog = path.join(consumer, 'reads.log');
    const bad = await exec(
      process.execPath,
      [
        '--require',
        path.join(repoRoot, 'test/support/read-log.cjs'),
        path.join(consumer, 'node_modules/tasklist-codegen/dist/cli/main.js'),
        'generate',
      ],
      { cwd: consumer, env: { READ_LOG: readLog, NO_COLOR: '1' } },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error operations\/tasks\.graphql:\d+:16: Cannot query field "noSuchField" on type "Query"\./);
    const schema = path.join(consumer, 'schemas/tasklist.graphql');
    expect(
      readFileSync(readLog, 'utf8')
        .split('\n')
        .filter((line) => line.endsWith(` ${schema}`)),
    ).toHaveLength(2);
    expect(readText(consumer, 'generated/graphql/operations.ts')).toBe(generatedBefore);
    writeFileSync(path.join(consumer, 'operations/tasks.graphql'), operation);

    // 6. A small app against the generated files, strict, no lib check skipped.
    writeFileSync(path.join(consumer, 'app.ts'), APP);
    writeFileSync(path.join(consumer, 'compat.ts'), COMPAT);
    writeFileSync(path.join(consumer, 'tsconfig.json'), `${JSON.stringify(APP_TSCONFIG, null, 2)}\n`);
    expectOk(
      await exec(process.execPath, [path.join(consumer, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: consumer }),
      'tsc --strict on the app',
    );

    // 7. It runs against the emulator with the same environment; the generator's package gives
    //    existing imports the runtime package's own classes.
    const app = await exec(process.execPath, ['dist/app.js'], { cwd: consumer, env });
    expectOk(app, 'node dist/app.js');
    const counts = JSON.parse(app.stdout.trim()) as { rest: number; graphql: number };
    expect(counts.rest).toBeGreaterThan(0);
    expect(counts.graphql).toBeGreaterThan(0);
    const compat = await exec(process.execPath, ['dist/compat.js'], { cwd: consumer });
    expectOk(compat, 'node dist/compat.js');
    expect(JSON.parse(compat.stdout.trim())).toEqual({ runtime: true, root: true });

    // 8. check: up to date.
    const checked = await exec('npm', ['run', '--silent', 'check'], { cwd: consumer });
    expectOk(checked, 'npm run check');
    expect(checked.stdout).toContain('Up to date');

    // 9. Production: the same manifest with --omit=dev installs the runtime alone (it has no
    //    dependencies), nothing of the generator (no undici either: an optional peer the app did not ask for),
    //    and the compiled app runs on that alone.
    writeFileSync(path.join(production, 'package.json'), readText(consumer, 'package.json'));
    expectOk(await npmInstallOffline(production, ['--omit=dev']), 'npm install --omit=dev');
    const installed = installedPackages(production);
    expect(installed.filter((name) => GENERATOR_PACKAGES.includes(name))).toEqual([]);
    expect(installed).toEqual(['@tasklist-codegen/runtime']);
    cpSync(path.join(consumer, 'dist'), path.join(production, 'dist'), { recursive: true });
    const inProduction = await exec(process.execPath, ['dist/app.js'], { cwd: production, env });
    expectOk(inProduction, 'node dist/app.js with the production install');
    expect(JSON.parse(inProduction.stdout.trim())).toEqual(counts);

    // 10. Without undici, a custom CA is one clear ConfigError at client creation.
    writeFileSync(path.join(production, 'no-undici.mjs'), NO_UNDICI);
    const pem = '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----';
    const noUndici = await exec(process.execPath, ['no-undici.mjs'], {
      cwd: production,
      env: { ...env, CAMUNDA_CUSTOM_ROOT_CERT_STRING: pem },
    });
    expectOk(noUndici, 'node no-undici.mjs');
    const refusal = JSON.parse(noUndici.stdout.trim()) as { name: string; message: string; hint: string };
    expect(refusal.name).toBe('ConfigError');
    expect(refusal.message).toMatch(/custom CA .* needs the undici package, which is not installed/);
    expect(refusal.hint).toMatch(/^npm install undici/);

    // 11. CommonJS: a project without "type": "module" can require() the runtime (Node >= 20.19
    //     loads ES modules from require without a flag or a warning to act on).
    const cjsProject = path.join(production, 'cjs');
    cpSync(path.join(production, 'node_modules'), path.join(cjsProject, 'node_modules'), { recursive: true });
    writeFileSync(path.join(cjsProject, 'package.json'), `${JSON.stringify({ name: 'cjs-app', private: true, type: 'commonjs' })}\n`);
    writeFileSync(path.join(cjsProject, 'index.js'), CJS);
    const required = await exec(process.execPath, ['index.js'], { cwd: cjsProject });
    expectOk(required, 'node index.js (CommonJS)');
    expect(required.stdout.trim()).toBe('function function');
  }, 600_000);
});
