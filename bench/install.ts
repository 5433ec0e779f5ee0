/**
 * What an app pays at install time (issue 16): `npm install --omit=dev` of an app that imports
 * generated clients, beside an app that uses openapi-fetch alone. Packages installed and bytes on
 * disk (the sum of the files' sizes under node_modules, npm's own bookkeeping left out).
 *
 * Ours is packed the way it is published (test/cli/packed.ts: each package built with its build
 * script, `npm pack`), and installed from the tarballs; the other packages come from the npm cache.
 * Two manifests for ours: the runtime as the app's one dependency, and the same with the generator
 * as a dev dependency (what the README tells an app to do; `--omit=dev` must then leave the
 * generator and everything only it needs out, optional peers included).
 *
 *   tsx bench/install.ts
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { npmInstallOffline, packGenerator, packRuntime } from '../test/cli/packed.js';
import { repoRoot, workDir } from './lib/paths.js';
import { kib, table, writePartResult } from './lib/report.js';

const installDir = path.join(workDir, 'install');

interface Footprint {
  label: string;
  packages: string[];
  bytes: number;
}

/** Every file's size under `dir`, following no links. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(file);
    else if (entry.isFile() && entry.name !== '.package-lock.json') total += statSync(file).size;
  }
  return total;
}

/** The packages under node_modules, nested ones included (`a/node_modules/b` counts as `b`). */
function packagesUnder(nodeModules: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    const names = name.startsWith('@') ? readdirSync(path.join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name];
    for (const pkg of names) {
      found.push(pkg);
      const nested = path.join(nodeModules, pkg, 'node_modules');
      try {
        found.push(...packagesUnder(nested));
      } catch {
        // No nested node_modules.
      }
    }
  }
  return found.sort();
}

async function footprint(label: string, manifest: Record<string, unknown>): Promise<Footprint> {
  const dir = path.join(installDir, label.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'bench-app', private: true, type: 'module', ...manifest }, null, 2)}\n`,
  );
  const installed = await npmInstallOffline(dir, ['--omit=dev']);
  if (installed.code !== 0) throw new Error(`npm install --omit=dev for ${label} failed:\n${installed.stderr.slice(-2000)}`);
  const nodeModules = path.join(dir, 'node_modules');
  return { label, packages: packagesUnder(nodeModules), bytes: bytesUnder(nodeModules) };
}

rmSync(installDir, { recursive: true, force: true });
const stage = path.join(installDir, 'stage');
const [runtime, generator] = await Promise.all([packRuntime(stage), packGenerator(stage)]);
const openapiFetchVersion = (
  JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/openapi-fetch/package.json'), 'utf8')) as { version: string }
).version;

const alone = await footprint('openapi-fetch alone', { dependencies: { 'openapi-fetch': openapiFetchVersion } });
const runtimeOnly = await footprint('ours: the runtime', { dependencies: { '@tasklist-codegen/runtime': `file:${runtime.tarball}` } });
const withGenerator = await footprint('ours: the runtime, the generator as a dev dependency', {
  dependencies: { '@tasklist-codegen/runtime': `file:${runtime.tarball}` },
  devDependencies: { 'tasklist-codegen': `file:${generator.tarball}` },
});

const rows = [runtimeOnly, withGenerator, alone];
const ratio = (bytes: number) => `${(bytes / alone.bytes).toFixed(2)}×`;
const goalMet = Math.max(runtimeOnly.bytes, withGenerator.bytes) <= 2 * alone.bytes;
const markdown = [
  '## Production install: what an app that imports generated clients installs',
  '',
  `\`npm install --omit=dev\` into an empty project, from the packed tarballs (ours) and the npm cache, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}. Bytes are the files under node_modules. Goal: within 2× openapi-fetch alone — ${goalMet ? 'met' : 'not met'}.`,
  '',
  table(
    ['app depends on', 'packages', 'bytes on disk', 'vs openapi-fetch alone', 'what is installed'],
    rows.map((r) => [
      r.label,
      String(r.packages.length),
      `${kib(r.bytes)} (${r.bytes} B)`,
      ratio(r.bytes),
      r.packages.map((p) => `\`${p}\``).join(', '),
    ]),
  ),
  '',
].join('\n');
writePartResult('install', markdown, { rows, goalMet });
console.log(markdown);
