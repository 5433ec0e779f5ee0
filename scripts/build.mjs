/**
 * `npm run build [-- --outDir DIR]`: compiles src/ with tsc into DIR (default dist/), then bundles
 * the two generators into one CommonJS file each, their libraries included:
 *
 *   DIR/engines/graphql.cjs   src/generate/graphql + graphql + graphql-codegen and its plugins
 *   DIR/engines/rest.cjs      src/generate/rest + openapi-typescript's transform + code-block-writer + yaml
 *                             (openapi-typescript's `typescript` is src/generate/rest/syntax-printer/, not the compiler)
 *
 * The engines are how `generate` and `check` always run the generators (src/generate/engines.ts
 * says why and how they are loaded); from the sources, engines.ts bundles the same engines on first
 * use, so the tests run what the package runs.
 *
 * The runtime an app imports is its own package, @tasklist-codegen/runtime (packages/runtime, built
 * by scripts/build-runtime.mjs), and this package depends on it. The entries through which this
 * package offers the runtime (`tasklist-codegen`, `tasklist-codegen/runtime`, `/runtime/node`,
 * `/runtime/redis`) re-export that package rather than this build's own copy of src/runtime, which
 * only the CLI uses: an app that mixes the two import paths still gets one set of classes (one
 * `HttpError` for `instanceof`), and existing imports of `tasklist-codegen/runtime` keep working.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngines } from './engines.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const outDirIndex = args.indexOf('--outDir');
const outDir = path.resolve(root, outDirIndex >= 0 ? args[outDirIndex + 1] : 'dist');

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

writePublicEntries(outDir);
await buildEngines(outDir);
console.log(`built ${path.relative(root, outDir) || '.'}/ and its engines (graphql, rest)`);

/**
 * DIR/public/*: one-line re-exports of @tasklist-codegen/runtime for the package's runtime entries,
 * and DIR/index.* re-exporting the runtime from there too instead of from ./runtime/index.js.
 * @param {string} dir
 */
function writePublicEntries(dir) {
  const RUNTIME = '@tasklist-codegen/runtime';
  const entries = { runtime: RUNTIME, 'runtime-node': `${RUNTIME}/node`, 'runtime-redis': `${RUNTIME}/redis` };
  mkdirSync(path.join(dir, 'public'), { recursive: true });
  for (const [name, specifier] of Object.entries(entries)) {
    for (const extension of ['.js', '.d.ts'])
      writeFileSync(path.join(dir, 'public', `${name}${extension}`), `export * from '${specifier}';\n`);
  }
  for (const file of ['index.js', 'index.d.ts']) {
    // `export * from` or `export { … } from` './runtime/index.js' alike.
    const text = readFileSync(path.join(dir, file), 'utf8').replaceAll("from './runtime/index.js'", `from '${RUNTIME}'`);
    // Anything else of the runtime's own files there would be this build's second copy of its classes.
    const other = /from '\.\/(runtime|auth|util)\/[^']*'/.exec(text);
    if (other) throw new Error(`build: ${file} re-exports ${other[0]}; take it from src/runtime/index.ts so it comes from ${RUNTIME}`);
    writeFileSync(path.join(dir, file), text);
  }
}
