/**
 * Generated code type-checks where an app can import only what it lists itself: npm's linked
 * layout (`npm install --install-strategy=linked`) and pnpm. The app depends on the packed
 * @tasklist-codegen/runtime and on typescript, nothing else; generated/ comes from this
 * repository's schemas and operations with the default `runtimeImport`. Under a hoisted layout an
 * import of a package the app never listed (as operations.ts once imported
 * @graphql-typed-document-node/core) resolves by luck; here it is TS2307.
 *
 * pnpm is installed from the npm registry (`npm install --prefix <cache>/pnpm pnpm@12`) when it is
 * not there yet, and reads packages from the registry into its own store (<cache>/pnpm-store),
 * since it does not read npm's cache. <cache> is a folder of the user's cache
 * (`$XDG_CACHE_HOME` or `~/.cache`, then `tasklist-codegen-tests`), like npm's own cache: a fresh
 * clone on the same machine does not download pnpm and typescript again (the first fill takes
 * minutes; a warm run, seconds).
 */
import { cpSync, existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, repoRoot } from './helpers.js';
import { exec, expectOk, npmInstallOffline, packedRuntime, type Packed } from './packed.js';

const APP = `import { createTasklistClient, HttpError } from '@tasklist-codegen/runtime';
import { getTasks } from './generated/graphql/index.js';
import { searchTasks } from './generated/rest/index.js';
import type { paths } from './generated/rest/schema.js';

const client = createTasklistClient<paths>({ baseUrl: 'http://localhost:8080' });
try {
  const page = await searchTasks(client.rest, { body: { state: 'CREATED', pageSize: 5 } });
  const names: string[] = page.map((task) => task.name ?? '');
  const result = await getTasks(client.graphql, { query: { pageSize: 5 } });
  const ids: string[] = result.tasks.map((task) => task.id);
  console.log(names, ids);
} catch (error) {
  if (!(error instanceof HttpError)) throw error;
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    strict: true,
    skipLibCheck: false,
    types: [],
    noEmit: true,
  },
  include: ['app.ts', 'generated'],
};

const typescriptVersion = (
  JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }
).version;

/** Outside the clone, so that every clone on this machine shares one pnpm and one store. */
const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'tasklist-codegen-tests');

/** pnpm from the npm registry into the cache, once. */
async function pnpmBin(): Promise<string> {
  const prefix = path.join(cacheDir, 'pnpm');
  const bin = path.join(prefix, 'node_modules', '.bin', 'pnpm');
  if (!existsSync(bin))
    expectOk(
      await exec('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--no-save', 'pnpm@12'], {
        cwd: repoRoot,
      }),
      `npm install --prefix ${prefix} pnpm@12`,
    );
  return bin;
}

describe('generated code under strict dependency layouts', () => {
  const dirs: string[] = [];
  let runtime: Packed;
  let generated: string;
  afterAll(() => {
    for (const dir of dirs) removeProject(dir);
  });

  /** A project depending on the runtime tarball and typescript, with generated/ and an app that uses it. */
  function project(): string {
    const dir = makeProject();
    dirs.push(dir);
    cpSync(path.join(generated, 'generated'), path.join(dir, 'generated'), { recursive: true });
    writeFileSync(path.join(dir, 'app.ts'), APP);
    writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    const manifest = {
      name: 'strict-layout-app',
      private: true,
      type: 'module',
      dependencies: { '@tasklist-codegen/runtime': `file:${runtime.tarball}` },
      devDependencies: { typescript: typescriptVersion },
    };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return dir;
  }

  async function typeCheck(dir: string, layout: string): Promise<void> {
    // A strict layout indeed: the runtime is a link into the store, not a folder of its own at the top
    // (the runtime has no dependencies, so no hoisted package can show it).
    expect(lstatSync(path.join(dir, 'node_modules', '@tasklist-codegen', 'runtime')).isSymbolicLink(), `${layout}: runtime linked`).toBe(
      true,
    );
    expectOk(
      await exec(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir }),
      `tsc under ${layout}`,
    );
  }

  it('builds the runtime tarball and generates both sides with the default runtimeImport', async () => {
    generated = makeProject();
    dirs.push(generated);
    for (const folder of ['schemas', 'operations']) cpSync(path.join(repoRoot, folder), path.join(generated, folder), { recursive: true });
    writeFileSync(path.join(generated, 'package.json'), '{ "name": "generated", "private": true, "type": "module" }\n');
    const [packed, generate] = await Promise.all([
      packedRuntime(),
      exec(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), 'generate', '--cwd', generated], {
        cwd: repoRoot,
      }),
    ]);
    runtime = packed;
    expectOk(generate, 'tasklist-codegen generate');
    expect(readFileSync(path.join(generated, 'generated/graphql/operations.ts'), 'utf8')).toContain(
      "import type { DocumentTypeDecoration } from '@tasklist-codegen/runtime';",
    );
  }, 300_000);

  it('type-checks under npm install --install-strategy=linked', async () => {
    const dir = project();
    expectOk(await npmInstallOffline(dir, ['--install-strategy=linked']), 'npm install --install-strategy=linked');
    await typeCheck(dir, 'npm --install-strategy=linked');
  }, 300_000);

  it('type-checks under pnpm', async () => {
    const dir = project();
    const pnpm = await pnpmBin();
    const store = path.join(cacheDir, 'pnpm-store');
    expectOk(
      await exec(pnpm, ['install', '--prefer-offline', '--store-dir', store, '--config.confirmModulesPurge=false'], {
        cwd: dir,
        env: { CI: '1' },
      }),
      'pnpm install',
    );
    await typeCheck(dir, 'pnpm');
  }, 300_000);
});
