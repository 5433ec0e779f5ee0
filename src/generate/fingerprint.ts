/**
 * The generator's identity, from its version and, running from the sources, from the source files
 * it is made of: part of every inputs hash in `generated/`'s manifest, and the name under which
 * engines.ts keeps the engines it bundles from the sources.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './write.js';

let cachedFingerprint: string | undefined;

/**
 * The generator's identity, part of every inputs hash: the package version, and when running
 * from source (this repo, `tsx`), a hash of the generator sources too, so editing a generator
 * invalidates the fast path without a version bump.
 */
export function generatorFingerprint(): string {
  if (cachedFingerprint) return cachedFingerprint;
  const here = fileURLToPath(import.meta.url);
  const pkg = JSON.parse(readFileSync(path.resolve(path.dirname(here), '../../package.json'), 'utf8')) as { version: string };
  let fingerprint = pkg.version;
  if (here.endsWith('.ts')) {
    const srcRoot = path.resolve(path.dirname(here), '..');
    // What the orchestrator (index.ts, beside this file) loads.
    const sources = generatorSources(path.join(path.dirname(here), 'index.ts'));
    fingerprint += `+src.${sha256(sources.map((f) => `${f}\n${readFileSync(path.join(srcRoot, f), 'utf8')}`).join('\n')).slice(0, 12)}`;
  }
  cachedFingerprint = fingerprint;
  return fingerprint;
}

/** `from './x.js'`, `export … from '../y.js'`, `import('./z.js')`, `import './w.js'`: relative specifiers only. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.\.?\/[^'"]+)['"]/g;

/**
 * The source files generation loads, found by following relative imports from `entry` (static,
 * re-exports and dynamic ones) within `srcRoot` (default: the folder above the entry's own, `src/`
 * for `src/generate/index.ts`); paths relative to that folder,
 * sorted. What nothing imports (a scratch file beside the generator, absent from a clean clone) is
 * not part of the generator, and a module outside `src/generate` it uses is.
 */
export function generatorSources(entry: string, srcRoot = path.resolve(path.dirname(entry), '..')): string[] {
  const seen = new Set<string>();
  const pending = [path.resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    seen.add(file);
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1]!).replace(/\.js$/, '.ts');
      if (target.startsWith(srcRoot + path.sep)) pending.push(target);
    }
  }
  return [...seen].map((file) => path.relative(srcRoot, file).split(path.sep).join('/')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
