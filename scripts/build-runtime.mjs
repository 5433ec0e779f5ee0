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
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const packageDir = path.join(root, 'packages', 'runtime');
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const outDirIndex = args.indexOf('--outDir');
const outDir = path.resolve(packageDir, outDirIndex >= 0 ? args[outDirIndex + 1] : 'dist');

// A file renamed or removed in src/ must not live on in the package.
rmSync(outDir, { recursive: true, force: true });
// Two passes: the declarations keep every doc comment (an editor shows them), the JavaScript keeps
// none (nobody reads it in node_modules, and comments were half of its bytes: an app installs it).
for (const pass of [['--emitDeclarationOnly'], ['--declaration', 'false', '--removeComments']]) {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(packageDir, 'tsconfig.json'), '--outDir', outDir, ...pass],
    { cwd: root, stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
console.log(`built ${path.relative(root, outDir) || '.'}/ (@tasklist-codegen/runtime)`);
