/**
 * Node's compile cache (`module.enableCompileCache()`, Node >= 22.1) for the generator's engines:
 * the next run reuses the bytecode V8 compiled for them (and for the TypeScript compiler, a 9 MB
 * file that takes ~170 ms to compile on these machines, ~60 ms from a cache) instead of compiling
 * them again.
 *
 * Node 20 has no such switch; there the engines compile on every run (bench/RESULTS.md says what
 * that costs). Only ever an optimisation: Node checks what it reads, and a folder that cannot be
 * written is skipped.
 */
import Module from 'node:module';

/** `module.enableCompileCache` and `module.flushCompileCache` (Node >= 22.1 and >= 22.10); absent from Node 20's types. */
const nodeCompileCache = Module as unknown as { enableCompileCache?: (dir?: string) => unknown; flushCompileCache?: () => void };

/** Whether this Node has a compile cache to turn on. */
export const hasCompileCache = typeof nodeCompileCache.enableCompileCache === 'function';

/**
 * Turns Node's compile cache on in `dir` for every module this thread loads from now on. A folder
 * set already (NODE_COMPILE_CACHE, an earlier call) stays: Node then answers ALREADY_ENABLED.
 */
export function turnOnCompileCache(dir: string | undefined): void {
  if (dir === undefined) return;
  try {
    nodeCompileCache.enableCompileCache?.(dir);
  } catch {
    // Only an optimisation.
  }
}

/** Writes the cache now rather than at exit, so a run that is killed later still leaves it. */
export function flushCompileCache(): void {
  try {
    nodeCompileCache.flushCompileCache?.();
  } catch {
    // Only an optimisation.
  }
}
