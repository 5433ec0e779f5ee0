/**
 * `require` for the generator's engines with a V8 code cache on disk: the next run reuses the
 * bytecode V8 compiled for them instead of compiling them again. One loader for both threads: engines.ts calls it on the main thread, and the worker
 * (worker.ts) requires this module bundled as `engines/code-cache.cjs` beside the engines
 * (scripts/engines.mjs).
 *
 * On Node >= 22.1 it is Node's own compile cache (`module.enableCompileCache()`), for every module
 * loaded after it, with Node's own checks. Node 20 has no such switch, so there the engine is compiled here
 * with the public `vm.Script` API (`cachedData`, `createCachedData()`), run with their own `createRequire`
 * and memoised here: nothing of Node's module system is touched (no entry in its module cache, no patched
 * `Module`), so a module loaded this way is this loader's own copy.
 *
 * Only ever an optimisation: a missing, unreadable, foreign or rejected cache means "compile as
 * usual", and a cache that cannot be written is skipped silently. The key (the file name) covers
 * the file's path, size and mtime and the exact Node version and architecture; V8 checks its own
 * version, its flags and the source, and rejects a cache it did not make (`cachedDataRejected`).
 * V8 does not check the rest of the bytes (a corrupt cache crashes the process), so each cache file
 * carries a SHA-256 of its payload and is handed to V8 only when that matches. Cache files are
 * input: only a regular file under the expected name is read (a symlink is not followed) and
 * nothing in one names a path. The checksum is against damage, not against someone who can write
 * the project's node_modules: they can change the code itself.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { replaceFileSync } from './atomic-write.js';

/**
 * `used`: compiled from the cache; `absent`: there was none; `rejected`: there was one and it was
 * not used (corrupt, another file's or Node's, not a regular file); `off`: no cache folder;
 * `node`: left to Node's compile cache, which does not say per file.
 */
export type CodeCacheStatus = 'used' | 'absent' | 'rejected' | 'off' | 'node';

export interface CodeCacheUse {
  file: string;
  cache: CodeCacheStatus;
}

/** `module.enableCompileCache` and `module.flushCompileCache` (Node >= 22.1 and >= 22.10); absent from Node 20's types. */
const nodeCompileCache = Module as unknown as { enableCompileCache?: (dir?: string) => unknown; flushCompileCache?: () => void };

/** Whether this Node has a compile cache of its own (then this module only turns it on). */
export const hasCompileCache = typeof nodeCompileCache.enableCompileCache === 'function';

interface Loaded {
  module: { exports: unknown };
  status: CodeCacheStatus;
  /** Node 20 only: the compiled script and where its cache goes, until it is written. */
  script?: Script;
  cacheFile?: string;
}

/** This thread's loaded files, by path: this loader's memo, as Node's module cache is for its own. */
const loaded = new Map<string, Loaded>();

/** The `module.exports` of the CommonJS `file`, compiled with the code cache in `dir` (none when `undefined`). */
export function requireWithCodeCache(file: string, dir: string | undefined): unknown {
  if (hasCompileCache) {
    if (dir !== undefined) {
      try {
        // A folder set already (NODE_COMPILE_CACHE, an earlier call) stays: Node then answers ALREADY_ENABLED.
        nodeCompileCache.enableCompileCache?.(dir);
      } catch {
        // Only an optimisation.
      }
    }
    if (!loaded.has(file)) loaded.set(file, { module: { exports: undefined }, status: dir === undefined ? 'off' : 'node' });
    return createRequire(file)(file);
  }
  const known = loaded.get(file);
  return known ? known.module.exports : compileAndRun(file, dir);
}

/**
 * Writes the caches that were missing or rejected (Node 20), or flushes Node's (Node >= 22.10).
 * Call it after the work, not right after loading: V8 compiles most functions lazily, on first
 * call, and a cache made after the work holds those too (on the Tasklist inputs most of the saving).
 */
export function saveCodeCache(): void {
  if (hasCompileCache) {
    try {
      nodeCompileCache.flushCompileCache?.();
    } catch {
      // Only an optimisation.
    }
    return;
  }
  for (const entry of loaded.values()) {
    const { script, cacheFile } = entry;
    if (script === undefined || cacheFile === undefined) continue;
    // Written once per process: a second run of the engine here compiles nothing new worth a rewrite.
    entry.script = undefined;
    if (entry.status === 'used') continue;
    try {
      const payload = script.createCachedData();
      // A concurrent run reads the old cache or the new one, never half.
      replaceFileSync(cacheFile, Buffer.concat([MAGIC, sha256(payload), payload]));
      removeOlderCaches(path.dirname(cacheFile), cacheFile);
    } catch {
      // Only an optimisation: a folder that cannot be written is skipped.
    }
  }
}

/** What happened to each file loaded so far on this thread (for tests and measurements). */
export function codeCacheReport(): CodeCacheUse[] {
  return [...loaded].map(([file, { status }]) => ({ file, cache: status }));
}

/** Node 20: compiles `file` with its cache, when there is a usable one, and runs it as a CommonJS module. */
function compileAndRun(file: string, dir: string | undefined): unknown {
  const cacheFile = dir === undefined ? undefined : path.join(dir, cacheName(file));
  const cached = cacheFile === undefined ? undefined : readCache(cacheFile);
  const script = new Script(wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cached instanceof Buffer ? { cachedData: cached } : {}),
    // import() inside the engine (a library's optional import) as in a module Node loaded.
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const status: CodeCacheStatus =
    cacheFile === undefined
      ? 'off'
      : cached === undefined
        ? 'absent'
        : cached === 'rejected' || script.cachedDataRejected
          ? 'rejected'
          : 'used';
  const dirname = path.dirname(file);
  // What CommonJS code reads of its `module` (the engines read only `exports`).
  const module = { id: file, filename: file, path: dirname, exports: {} as unknown, loaded: false };
  // Registered before it runs, as Node does, so that a cycle back to it gets the partial exports.
  loaded.set(file, { module, status, script, ...(cacheFile === undefined ? {} : { cacheFile }) });
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname);
  } catch (error) {
    loaded.delete(file);
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/** The CommonJS wrapper's parameters, as Node's loader passes them. A `#!` line stays a comment. */
function wrap(source: string): string {
  const body = source.startsWith('#!') ? `//${source}` : source;
  return `(function (exports, require, module, __filename, __dirname) { ${body}\n})`;
}

/** Every cache file starts with this and a SHA-256 of the rest, which is V8's data. */
const MAGIC = Buffer.from('tlcg-v8\n');
const HEADER = MAGIC.length + 32;

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * V8's data from the cache file, `undefined` when there is none, `'rejected'` when what is there
 * is not a cache this loader wrote whole: not a regular file (opened without following a symlink,
 * and without blocking on a pipe), a wrong header, a checksum that does not match.
 */
function readCache(file: string): Buffer | 'rejected' | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    // No file, or no folder (a file where the folder should be); anything else is there and not opened.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : 'rejected';
  }
  try {
    if (!fstatSync(fd).isFile()) return 'rejected';
    const data = readFileSync(fd);
    if (data.length <= HEADER || !data.subarray(0, MAGIC.length).equals(MAGIC)) return 'rejected';
    const payload = data.subarray(HEADER);
    return sha256(payload).equals(data.subarray(MAGIC.length, HEADER)) ? payload : 'rejected';
  } catch {
    return 'rejected';
  } finally {
    closeSync(fd);
  }
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
    if (entry !== name && entry.startsWith(samePath) && /^[0-9a-f]{16}\.v8$/.test(entry.slice(samePath.length))) {
      try {
        rmSync(path.join(dir, entry), { force: true });
      } catch {
        // A folder under that name is not ours to remove.
      }
    }
  }
}

/** `<basename>-<hash of the path>-<hash of path, size, mtime, Node version and arch>.v8`. */
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
