import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configCacheKey, readConfigCache, writeConfigCache } from './cache.js';
import { CodegenConfigError } from './errors.js';
import { DEFAULT_CONFIG_TIMEOUT_MS, withinTimeBound } from './time-bound.js';
import type { TasklistCodegenConfig } from './types.js';
import { validateTasklistConfig } from './validate.js';

/** Names `tasklist-codegen` looks for in the project folder, in this order, when no `--config` is given. */
export const CONFIG_FILE_NAMES = ['codegen.ts', 'codegen.mts', 'codegen.cts', 'codegen.js', 'codegen.mjs', 'codegen.cjs'] as const;

export interface LoadedConfigFile {
  /** Absolute path of the file that was loaded. */
  file: string;
  /** The validated `tasklist` export (empty when the file has none). */
  tasklist: TasklistCodegenConfig;
  /** The default export: a graphql-codegen `CodegenConfig`, passed through untouched (undefined when read from the cache). */
  codegen: unknown;
  /** True when the `tasklist` export came from the cache of an unchanged file (see cache.ts), without evaluating it. */
  fromCache?: boolean;
}

export interface LoadConfigOptions {
  /**
   * Reuse the last evaluation of an unchanged TypeScript config (`node_modules/.cache/tasklist-codegen`)
   * instead of starting jiti. For commands that need only the `tasklist` export.
   */
  cache?: boolean;
  /** How long evaluating the file may take (see time-bound.ts). Default 10 s. */
  timeoutMs?: number;
}

/** Finds `codegen.ts` (or a sibling name) in `cwd`; undefined when there is none. */
export function findConfigFile(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Loads a config file written in TypeScript or JavaScript with jiti, the loader graphql-codegen
 * and many other tools use, so `codegen.ts` needs no build step and no `tsx` in the consumer repo.
 */
/** `displayRoot`: messages name the file relative to it (the project folder). */
export async function loadConfigFile(
  file: string,
  displayRoot: string = process.cwd(),
  options: LoadConfigOptions = {},
): Promise<LoadedConfigFile> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) {
    throw new CodegenConfigError(`Config file not found: ${absolute}`, {
      source: absolute,
      hint: 'Check the --config path, or run `tasklist-codegen init` to write a starter codegen.ts.',
    });
  }
  // JavaScript configs load natively, which is as fast as reading a cache.
  const cache = options.cache && !/\.[mc]?js$/.test(absolute) ? configCacheKey(absolute, packageVersion()) : undefined;
  const cached = cache && readConfigCache(cache);
  if (cached) {
    const tasklist = validateTasklistConfig(cached.tasklist, displayPath(absolute, displayRoot));
    return { file: absolute, tasklist, codegen: undefined, fromCache: true };
  }
  let mod: Record<string, unknown>;
  try {
    mod = await withinTimeBound(
      async () => {
        const loaded = await importConfigModule(absolute);
        // `export const tasklist = loadSettings()` with an async function: use what it resolves to.
        return isThenable(loaded.tasklist) ? { ...loaded, tasklist: await loaded.tasklist } : loaded;
      },
      { file: absolute, display: displayPath(absolute, displayRoot), ms: options.timeoutMs ?? DEFAULT_CONFIG_TIMEOUT_MS },
    );
  } catch (error) {
    if (error instanceof CodegenConfigError) throw error;
    throw new CodegenConfigError(`Could not load ${describeLoadError(error, absolute, displayRoot)}`, {
      source: absolute,
      hint: 'Fix the file so it runs as a module; `tasklist-codegen init` writes a working example.',
      cause: error,
    });
  }
  const tasklist = validateTasklistConfig(mod.tasklist, displayPath(absolute, displayRoot));
  // Cached only once it validated: a broken config is evaluated (and reported) every time.
  if (cache) writeConfigCache(cache, mod.tasklist);
  return { file: absolute, tasklist, codegen: mod.default };
}

let version: string | undefined;
/** tasklist-codegen's version: part of the cache key (`tasklist-codegen/config` may behave differently in another one). */
function packageVersion(): string {
  return (version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
}

/**
 * JavaScript configs load natively (no transpiler to start: a no-op `generate` stays fast);
 * TypeScript ones through jiti. Both bypass the module cache, so `watch` sees an edited file.
 */
async function importConfigModule(file: string): Promise<Record<string, unknown>> {
  if (/\.m?js$/.test(file)) {
    const { pathToFileURL } = await import('node:url');
    const { statSync } = await import('node:fs');
    const url = pathToFileURL(file);
    url.searchParams.set('mtime', String(statSync(file).mtimeMs));
    return (await import(url.href)) as Record<string, unknown>;
  }
  // Required, not imported: an ES module importing this CommonJS package makes Node scan its
  // 190 KB for export names first, a cost that a first run (no config cache yet) pays in full.
  const { createRequire } = await import('node:module');
  const { createJiti } = createRequire(import.meta.url)('jiti') as typeof import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: true, interopDefault: false });
  return (await jiti.import(file)) as Record<string, unknown>;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Leads with the position: jiti reports syntax errors as `ParseError: …` with ` <file>:line:column`
 * on a later line; an error the config throws has it in the first stack frame inside the file.
 */
function describeLoadError(error: unknown, file: string, root: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split('\n').find((line) => line.trim() !== '') ?? message).trim();
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const inFile = new RegExp(`${escaped}:(\\d+):(\\d+)`);
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const location = inFile.exec(message) ?? /\((\d+):(\d+)\)/.exec(first);
  if (location) return `${displayPath(file, root)}:${location[1]}:${location[2]}: ${first}`;
  // Thrown while it ran: the first frame in the project's own code (the config, or a file it imports).
  const frame = ownFrame(stack, root) ?? ownFrame(stack, path.dirname(file));
  return `${frame ? `${displayPath(frame.file, root)}:${frame.line}:${frame.column}` : displayPath(file, root)}: ${first}`;
}

/** The first stack frame in a file under `root` that is not a package (`node_modules`). */
function ownFrame(stack: string, root: string): { file: string; line: string; column: string } | undefined {
  for (const match of stack.matchAll(/(?:\(|at )(?:file:\/\/)?(\/[^():\n]+):(\d+):(\d+)\)?$/gm)) {
    const file = match[1]!;
    if (!file.includes(`${path.sep}node_modules${path.sep}`) && !path.relative(root, file).startsWith('..'))
      return { file, line: match[2]!, column: match[3]! };
  }
  return undefined;
}

function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
