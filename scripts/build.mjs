/**
 * `npm run build [-- --outDir DIR]`: compiles src/ with tsc into DIR (default dist/), then bundles
 * the two generators into one CommonJS file each, their libraries included:
 *
 *   DIR/engines/graphql.cjs   src/generate/graphql + graphql + graphql-codegen and its plugins
 *   DIR/engines/rest.cjs      src/generate/rest + openapi-typescript's transform + ts-morph + yaml
 *
 * Why: `generate` spent most of its time loading modules, not generating. The GraphQL side alone
 * loads ~530 small files (graphql, @graphql-tools, relay-compiler, change-case …): ~300 ms of
 * resolving, reading and compiling before any work, against ~30 ms for one bundled file. One file
 * can also be given a V8 code cache (src/util/code-cache.ts), which Node 20 offers for no ES module.
 *
 * The engines are an accelerator only. The orchestrator (src/generate/engines.ts) uses them when
 * they are there and falls back to the modules in DIR/generate when they are not; whenever an
 * engine throws, the same input is run again through those modules, so the error the user sees is
 * the typed one with file:line:column. The test suite holds both paths to byte-identical output.
 *
 * `typescript` stays outside the bundle: it is the largest file by far, it is our dependency
 * (~5.9.3) and is loaded on its own with a code cache. ts-morph bundles a copy of TypeScript of
 * its own; when that copy has the same major.minor as ours, the engine uses ours instead of
 * loading a second 9 MB compiler (checked here, at build time).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngines } from './engines.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const outDirIndex = args.indexOf('--outDir');
const outDir = path.resolve(root, outDirIndex >= 0 ? args[outDirIndex + 1] : 'dist');

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const { note } = await buildEngines(outDir);
console.log(`built ${path.relative(root, outDir) || '.'}/ and its engines (graphql, rest${note})`);
