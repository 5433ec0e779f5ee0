/**
 * `require` for a few large CommonJS files with a V8 code cache on disk: the next process reuses
 * the bytecode V8 compiled for them instead of parsing and compiling them again.
 *
 * Why: the generator's start-up is dominated by compiling JavaScript, not by generating: the
 * TypeScript compiler alone is a 9 MB file that takes ~170 ms to compile on these machines, and
 * ~60 ms from a code cache. Node 22 offers this for every module (`module.enableCompileCache()`);
 * Node 20 has no such switch, so we do it for the files that matter, the way `v8-compile-cache` did
 * (that package patches `Module.prototype._compile` for every file and breaks Node 20.19's
 * `require()` of ES modules, which openapi-typescript's dependencies rely on; we touch nothing
 * global).
 *
 * On Node >= 22.1 `createEngineCache` hands the job to Node's own `module.enableCompileCache()`
 * instead (`createCompileCache`): the same saving, for every module loaded after it, with Node's
 * own checks; the hand-made cache below stays for Node 20.
 *
 * Only ever an optimisation: a missing, unreadable, foreign or rejected cache means "compile as
 * usual", and a cache that cannot be written is skipped silently. The key covers the file's path,
 * size and mtime and the exact Node version and architecture (V8 also checks its own version and
 * flags and rejects a cache it did not make: `cachedDataRejected`).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { replaceFileSync } from './atomic-write.js';

export interface CodeCache {
  /** The file's `module.exports`, compiled with the cached bytecode when there is a usable cache. */
  require(file: string): unknown;
  /**
   * Writes the caches that were missing or rejected. Call it after the work, not right after
   * loading: V8 compiles most functions lazily, on first call, and a cache made after the work
   * holds those too (on the Tasklist inputs that is most of the saving).
   */
  save(): void;
  /** What happened to each file loaded so far (for `--debug` and tests). */
  report(): CodeCacheUse[];
}

/**
 * `used`: compiled from the cache; `absent`: there was none; `rejected`: V8 refused it (another
 * Node, changed file); `off`: no cache folder; `node`: left to Node's compile cache, which does not
 * say per file.
 */
export interface CodeCacheUse {
  file: string;
  cache: 'used' | 'absent' | 'rejected' | 'off' | 'node';
}

/** `module.enableCompileCache` and `module.flushCompileCache` (Node >= 22.1 and >= 22.10); absent from Node 20's types. */
const nodeCompileCache = Module as unknown as { enableCompileCache?: (dir?: string) => unknown; flushCompileCache?: () => void };

/** The code cache for the engines on this Node: Node's own compile cache where there is one (>= 22.1), else ours. */
export function createEngineCache(dir: string | undefined): CodeCache {
  return typeof nodeCompileCache.enableCompileCache === 'function' ? createCompileCache(dir) : createCodeCache(dir);
}

/**
 * Node's compile cache kept in `dir` (its own layout: a folder per Node version), turned on at the
 * first `require` and from then on for every module this process loads; plain `require` otherwise.
 * `save` flushes it now rather than at exit, so a run that is killed later still leaves it.
 */
export function createCompileCache(dir: string | undefined): CodeCache {
  const loaded: string[] = [];
  const nodeRequire = createRequire(import.meta.url);
  let enabled = false;
  return {
    require(file) {
      if (dir !== undefined && !enabled) {
        enabled = true;
        try {
          // A folder set already (NODE_COMPILE_CACHE, an earlier call) stays: Node says ALREADY_ENABLED.
          nodeCompileCache.enableCompileCache?.(dir);
        } catch {
          // Only an optimisation.
        }
      }
      loaded.push(file);
      return nodeRequire(file);
    },
    save() {
      try {
        if (enabled) nodeCompileCache.flushCompileCache?.();
      } catch {
        // Only an optimisation.
      }
    },
    report() {
      return loaded.map((file) => ({ file, cache: dir === undefined ? 'off' : 'node' }));
    },
  };
}

interface Loaded {
  script: Script;
  cacheFile: string | undefined;
  status: CodeCacheUse['cache'];
}

/**
 * A code cache kept in `dir` (e.g. `node_modules/.cache/tasklist-codegen/v8`); `undefined` loads
 * files the same way without reading or writing any cache.
 */
export function createCodeCache(dir: string | undefined): CodeCache {
  const loaded = new Map<string, Loaded>();
  const nodeRequire = createRequire(import.meta.url);
  return {
    require(file) {
      const cached = nodeRequire.cache[file];
      if (cached) return cached.exports;
      const source = readFileSync(file, 'utf8');
      const cacheFile = dir === undefined ? undefined : path.join(dir, cacheName(file));
      const cachedData = cacheFile === undefined ? undefined : readOptional(cacheFile);
      const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
      const status =
        cacheFile === undefined ? 'off' : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
      loaded.set(file, { script, cacheFile, status });
      return runAsModule(script, file);
    },
    save() {
      if (dir === undefined) return;
      for (const { script, cacheFile, status } of loaded.values()) {
        if (cacheFile === undefined || status === 'used') continue;
        try {
          // A concurrent run reads the old cache or the new one, never half.
          replaceFileSync(cacheFile, script.createCachedData());
          removeOlderCaches(dir, cacheFile);
        } catch {
          // Only an optimisation.
        }
      }
    },
    report() {
      return [...loaded].map(([file, { status }]) => ({ file, cache: status }));
    },
  };
}

/** Runs a compiled CommonJS wrapper as Node's loader would, registered in `require.cache` first (cycles see the partial exports). */
function runAsModule(script: Script, file: string): unknown {
  const require = createRequire(file);
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (
      exports: unknown,
      require: NodeJS.Require,
      module: Module,
      filename: string,
      dirname: string,
    ) => void;
    wrapper.call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  mod.loaded = true;
  return mod.exports;
}

/**
 * The caches of earlier versions of the same file (another size, mtime or Node): after an upgrade
 * they would never be read again, and each is megabytes. Names are `<basename>-<path>-<version>.v8`
 * (see `cacheName`): another file of the same basename (a second install in a monorepo sharing
 * this folder) has another `<path>` part and is left alone.
 */
function removeOlderCaches(dir: string, current: string): void {
  const name = path.basename(current);
  const samePath = name.slice(0, name.length - '0123456789abcdef.v8'.length);
  for (const entry of readdirSync(dir)) {
    if (entry !== name && entry.startsWith(samePath) && /^[0-9a-f]{16}\.v8$/.test(entry.slice(samePath.length)))
      rmSync(path.join(dir, entry), { force: true });
  }
}

/** `<basename>-<hash of the path>-<hash of size, mtime, Node version and arch>.v8`. */
function cacheName(file: string): string {
  let stamp = '';
  try {
    const stat = statSync(file);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // readFileSync will say what is wrong.
  }
  const where = createHash('sha256').update(file).digest('hex').slice(0, 8);
  const version = createHash('sha256').update(`${file}\n${stamp}\n${process.version}\n${process.arch}`).digest('hex').slice(0, 16);
  return `${path.basename(file).replace(/[^\w.-]/g, '_')}-${where}-${version}.v8`;
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
