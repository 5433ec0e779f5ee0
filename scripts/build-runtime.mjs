/**
 * `npm run build -w @tasklist-codegen/runtime [-- --outDir DIR]`: compiles the runtime package
 * (packages/runtime) from the repository's own sources into DIR (default packages/runtime/dist).
 *
 * The runtime is not a second copy of the code: src/runtime, the browser-safe src/auth and the few
 * src/util files they import are compiled a second time, on their own, by
 * packages/runtime/tsconfig.json, which names the package's three entry points (the browser entry,
 * the Node entry, the Redis token store). tsc follows their imports and emits only those files, so
 * nothing of the generator can end up in the package: a generator import would have to appear in
 * the runtime's sources first, which the browser-safety test forbids.
 *
 * The JavaScript keeps the sources' layout (DIR/runtime, DIR/auth, DIR/util). The declarations are
 * rolled up, one file per entry (DIR/index.d.ts, DIR/node.d.ts, DIR/redis.d.ts) and one chunk they
 * share (DIR/shared.d.ts, so each class is declared once and `HttpError` is the same type through
 * every entry): an app's compiler reads, parses and binds each declaration the runtime publishes,
 * and with `skipLibCheck: false` checks it too, so it gets what the entries export and no more,
 * in a few files rather than ~25 (the modules' helpers that they export to each other are left out).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const packageDir = path.join(root, 'packages', 'runtime');
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const outDirIndex = args.indexOf('--outDir');
const outDir = path.resolve(packageDir, outDirIndex >= 0 ? args[outDirIndex + 1] : 'dist');

/** The package's entries (packages/runtime/package.json `exports`): their declaration file in DIR, and the source it comes from. */
const ENTRIES = { index: 'runtime/index', node: 'runtime/node', redis: 'auth/redis-token-store' };

/** @param {string[]} options */
function tsc(options) {
  const run = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(packageDir, 'tsconfig.json'), ...options],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
}

// A file renamed or removed in src/ must not live on in the package.
rmSync(outDir, { recursive: true, force: true });
// The declarations keep every doc comment (an editor shows them); tsc writes them per module into a
// scratch folder, and rollup-plugin-dts rolls them up into DIR.
const declarations = mkdtempSync(path.join(os.tmpdir(), 'tasklist-runtime-declarations-'));
try {
  tsc(['--outDir', declarations, '--emitDeclarationOnly']);
  dropModuleHeaders(declarations);
  await rollUpDeclarations(declarations, outDir);
} finally {
  rmSync(declarations, { recursive: true, force: true });
}
// The JavaScript keeps no comments (nobody reads it in node_modules, and comments were half of its
// bytes: an app installs it).
tsc(['--outDir', outDir, '--declaration', 'false', '--removeComments']);
console.log(`built ${path.relative(root, outDir) || '.'}/ (@tasklist-codegen/runtime)`);

/**
 * A module's header comment, before its imports, says what the module is: rolled up, with the
 * imports gone, it would sit above the module's first declaration and an editor would show it as
 * that declaration's documentation.
 * @param {string} dir
 */
function dropModuleHeaders(dir) {
  for (const name of readdirSync(dir, { recursive: true })) {
    if (!name.endsWith('.d.ts')) continue;
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const first = source.statements[0];
    if (first && (ts.isImportDeclaration(first) || (ts.isExportDeclaration(first) && first.moduleSpecifier)))
      writeFileSync(file, text.slice(first.getStart(source)));
  }
}

/**
 * One declaration file per entry in `to`, from the per-module ones in `from`. Every module the
 * browser entry reaches goes into one shared chunk (the Node entry and the Redis store import from
 * it); what only the Node entry reaches (its transport, the disk token store) stays in node.d.ts.
 * @param {string} from
 * @param {string} to
 */
async function rollUpDeclarations(from, to) {
  const input = Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, path.join(from, `${source}.d.ts`)]));
  /** @type {Set<string> | undefined} */
  let browserModules;
  const bundle = await rollup({
    input,
    plugins: [dts()],
    onwarn: (warning) => console.warn(`build-runtime: ${warning.message}`),
  });
  await bundle.write({
    dir: to,
    format: 'es',
    entryFileNames: '[name].d.ts',
    chunkFileNames: '[name].d.ts',
    manualChunks: (id, { getModuleInfo }) => {
      if (!browserModules) {
        browserModules = new Set();
        const visit = (/** @type {string} */ module) => {
          if (browserModules.has(module)) return;
          browserModules.add(module);
          for (const imported of getModuleInfo(module)?.importedIds ?? []) visit(imported);
        };
        visit(input.index);
        browserModules.delete(input.index);
      }
      return browserModules.has(id) ? 'shared' : undefined;
    },
  });
  await bundle.close();
}
