/**
 * A cache of what a TypeScript `codegen.ts` evaluated to, so a no-op `generate` or `check` does not
 * start jiti (its import and transpile are most of a no-op run's time).
 *
 * Correct first: the cache is used only when the evaluation provably depends on nothing but bytes
 * we hash. The key covers the config file and every local file it imports (followed recursively),
 * the file's absolute path, tasklist-codegen's version, and, when any of those files mentions
 * `process`, the whole environment. A file is not cached at all when it imports a package other
 * than `tasklist-codegen` or a Node built-in (outside `import type`), reads files, imports
 * dynamically, or uses time or randomness; nor when its `tasklist` export carries `auth` (secrets
 * stay out of caches) or is not plain JSON data. Only the `tasklist` export is kept: `generate`,
 * `check` and `fetch` never use the default export.
 *
 * It lives in `node_modules/.cache/tasklist-codegen/` of the project, like other tools' caches, and
 * is only ever an optimisation: any doubt, any unreadable or foreign entry, means "load the file".
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { replaceFileSync } from '../util/atomic-write.js';
import { findNodeModules } from '../util/node-modules.js';

const CACHE_FILE = 'config.json';

/** What decides whether a config file's evaluation may be cached, and under which key. */
export interface ConfigCacheKey {
  key: string;
  cacheFile: string;
}

interface CacheEntry {
  key: string;
  tasklist: unknown;
}

/**
 * The key for `file`, or undefined when its evaluation cannot be cached (see the module comment) or
 * the project has no `node_modules` to keep the cache in.
 */
export function configCacheKey(file: string, version: string): ConfigCacheKey | undefined {
  const nodeModules = findNodeModules(path.dirname(file));
  if (!nodeModules) return undefined;
  const hash = createHash('sha256').update(`tasklist-codegen ${version}\n${file}\n`);
  let usesProcess = false;
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    let source: string;
    try {
      source = readFileSync(current, 'utf8');
    } catch {
      return undefined;
    }
    hash.update(`${current}\n${source.length}\n${source}\n`);
    if (DYNAMIC.test(source)) return undefined;
    if (/\bprocess\b/.test(source)) usesProcess = true;
    for (const { specifier, typeOnly } of importsOf(source)) {
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const resolved = resolveLocal(path.dirname(current), specifier);
        if (!resolved) return undefined;
        queue.push(resolved);
      } else if (!typeOnly && !isBuiltin(specifier) && specifier !== 'tasklist-codegen' && !specifier.startsWith('tasklist-codegen/')) {
        return undefined;
      } else if (!typeOnly && /^(node:)?fs(\/|$)/.test(specifier)) {
        return undefined;
      }
    }
  }
  if (usesProcess) {
    for (const name of Object.keys(process.env).sort()) hash.update(`env ${name}=${process.env[name]}\n`);
  }
  return { key: hash.digest('hex'), cacheFile: path.join(nodeModules, '.cache', 'tasklist-codegen', CACHE_FILE) };
}

/** The cached `tasklist` export for this key, or undefined. */
export function readConfigCache(cache: ConfigCacheKey): { tasklist: unknown } | undefined {
  try {
    const entry = JSON.parse(readFileSync(cache.cacheFile, 'utf8')) as CacheEntry;
    return entry.key === cache.key ? { tasklist: entry.tasklist } : undefined;
  } catch {
    return undefined;
  }
}

/** Records the `tasklist` export when it is plain data without `auth`; a failure to write is ignored. */
export function writeConfigCache(cache: ConfigCacheKey, tasklist: unknown): void {
  if (tasklist !== undefined && (typeof tasklist !== 'object' || tasklist === null || 'auth' in tasklist)) return;
  try {
    const text = JSON.stringify({ key: cache.key, tasklist } satisfies CacheEntry);
    if (tasklist !== undefined && !isDeepStrictEqual((JSON.parse(text) as CacheEntry).tasklist, tasklist)) return;
    // A concurrent reader sees the old entry or the new one.
    replaceFileSync(cache.cacheFile, text);
  } catch {
    // Only an optimisation.
  }
}

/** Anything that makes an evaluation depend on more than the hashed bytes (and the environment). */
const DYNAMIC =
  /\b(import\s*\(|require\s*\(|createRequire|readFile|readdir|existsSync|statSync|Date\b|Math\.random|crypto|fetch\s*\(|eval\s*\(|Function\s*\()/;

/** Static import/export-from specifiers (comments are not stripped: a false hit only makes the key stricter or the file uncached). */
function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const pattern = /\b(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) found.push({ specifier: match[3]!, typeOnly: Boolean(match[2]) });
  return found;
}

/** `./x.js` → `./x.ts` (NodeNext style) or `./x.js`; `./x` → `./x.ts`, … ; undefined when there is no such file. */
function resolveLocal(dir: string, specifier: string): string | undefined {
  const base = path.resolve(dir, specifier);
  const stem = base.replace(/\.(m|c)?(j|t)sx?$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.mts`,
    `${stem}.cts`,
    `${stem}.tsx`,
    `${stem}.js`,
    `${stem}.mjs`,
    `${stem}.cjs`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.js'),
  ];
  return candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith(path.sep));
}
