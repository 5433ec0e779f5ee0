/**
 * The one way the GraphQL and REST generators run: from their engines, each generator bundled with
 * its libraries into one CommonJS file (`engines/graphql.cjs`, `engines/rest.cjs`, made by
 * scripts/engines.mjs), loaded with a V8 code cache (util/code-cache.ts), on this thread or on a
 * worker (worker.ts).
 *
 * Why engines: the generators' time goes into loading modules, not generating. The GraphQL side
 * alone is ~530 small files (graphql, @graphql-tools, relay-compiler, change-case …) that cost
 * ~300 ms to resolve, read and compile, against ~30 ms for one bundled file; and the bundler leaves
 * out what the generators never call (openapi-typescript's Redocly) (bench/RESULTS.md, "where the
 * time goes").
 *
 * Where they come from: the package ships them (`dist/engines/`, `npm run build`); running from
 * the sources (tsx, the tests) they are bundled on first use into this repository's
 * `node_modules/.cache/tasklist-codegen/engines/<hash of their sources and the lockfile>/`, so the
 * tests run exactly what users run.
 *
 * An engine never throws: it answers with its result or its error as data (engine-reply.ts), and
 * the error is rebuilt here as this package's own class (OperationError, OpenApiDocumentError …,
 * with file:line:column), so the CLI's `instanceof` and exit codes work as for any other error.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache, saveCodeCache } from '../util/code-cache.js';
import { OutsideFolderError } from '../util/contained-path.js';
import { AuthError, ConfigError, InsecureUrlError, TasklistCodegenError, TasklistError } from '../util/errors.js';
import { findNodeModules } from '../util/node-modules.js';
import { OpenApiDocumentError } from '../fetch/openapi/errors.js';
import type { Engine, EngineReply, ErrorData } from './engine-reply.js';
import { generatorSources } from './fingerprint.js';
import { GraphQLSchemaFileError, OperationError } from './graphql/errors.js';
import type { GenerateGraphQLOptions } from './graphql/index.js';
import type { GenerateRestOptions } from './rest/index.js';
import type { GenerationResult } from './types.js';
import { sha256 } from './write.js';

export type EngineName = 'graphql' | 'rest';

export interface EngineOptions {
  graphql: GenerateGraphQLOptions;
  rest: GenerateRestOptions;
}

/** The GraphQL generator, on this thread: `graphql/*` for the schema and operations. */
export function runGraphQLGenerator(options: GenerateGraphQLOptions): Promise<GenerationResult> {
  return runOnThisThread('graphql', options);
}

/** The REST generator, on this thread: `rest/schema.d.ts` and `rest/index.ts` for the OpenAPI document. */
export function runRestGenerator(options: GenerateRestOptions): Promise<GenerationResult> {
  return runOnThisThread('rest', options);
}

async function runOnThisThread<N extends EngineName>(name: N, options: EngineOptions[N]): Promise<GenerationResult> {
  const engine = requireWithCodeCache(await engineFile(name), codeCacheDir(options.cwd)) as Engine<EngineOptions[N]>;
  const result = resultOf(await engine.run(options));
  // After the work: the cache then also holds the functions V8 compiled while generating.
  saveCodeCache();
  return result;
}

/** The engine's result, or its error rebuilt as this package's class. */
export function resultOf(reply: EngineReply): GenerationResult {
  if (reply.ok) return reply.result;
  throw errorFromData(reply.error);
}

/** Where the project keeps the code cache of the engines (code-cache.ts), when it has a `node_modules`. */
export function codeCacheDir(cwd: string): string | undefined {
  const nodeModules = findNodeModules(cwd);
  return nodeModules === undefined ? undefined : path.join(nodeModules, '.cache', 'tasklist-codegen', 'v8');
}

const fromSources = import.meta.url.endsWith('.ts');

/** The engine's file: the package's own, or (from the sources) the one bundled from them. */
export async function engineFile(name: EngineName): Promise<string> {
  if (!fromSources) {
    const file = fileURLToPath(new URL(`../engines/${name}.cjs`, import.meta.url));
    if (!existsSync(file))
      throw new Error(`${file} is missing: this copy of tasklist-codegen is incomplete (its build makes it); install it again`);
    return file;
  }
  return path.join(await enginesFromSources(), 'engines', `${name}.cjs`);
}

/** The code cache's loader (src/util/code-cache.ts) as CommonJS, bundled beside the engines for the worker thread. */
export async function codeCacheLoaderFile(): Promise<string> {
  return path.join(path.dirname(await engineFile('graphql')), 'code-cache.cjs');
}

let built: Promise<string> | undefined;

/**
 * The folder holding the engines bundled from the current sources, bundled first when there is
 * none (~1.5 s): named by a hash of everything that goes into them, so an edit makes new ones.
 * Concurrent processes (test files) may bundle at once; each writes its own folder and renames
 * it into place, and the first rename wins.
 */
async function enginesFromSources(): Promise<string> {
  // Bundled again when the last bundling failed (a syntax error since fixed), or when another
  // process removed this one's engines as stale (a long-running watch).
  const previous = built && (await built.catch(() => undefined));
  if (previous === undefined || !existsSync(path.join(previous, 'engines'))) built = undefined;
  built ??= (async () => {
    const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const root = path.dirname(srcRoot);
    const script = path.join(root, 'scripts', 'engines.mjs');
    // The syntax printer is no import of the generator's: the bundler puts it in place of `typescript`.
    const entries = [
      'generate/engine-reply.ts',
      'generate/graphql/index.ts',
      'generate/rest/index.ts',
      'generate/rest/syntax-printer/index.ts',
      'util/code-cache.ts',
    ].map((entry) => path.join(srcRoot, entry));
    const sources = [...new Set(entries.flatMap((entry) => generatorSources(entry, srcRoot)))].sort();
    const key = sha256(
      [
        ...sources.map((file) => `${file}\n${readFileSync(path.join(srcRoot, file), 'utf8')}`),
        readFileSync(script, 'utf8'),
        readFileSync(path.join(root, 'package-lock.json'), 'utf8'),
      ].join('\n'),
    ).slice(0, 16);
    const cache = path.join(root, 'node_modules', '.cache', 'tasklist-codegen', 'engines');
    const dir = path.join(cache, key);
    if (existsSync(path.join(dir, 'engines', 'rest.cjs'))) return dir;
    const scratch = `${dir}.building-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const { buildEngines } = (await import(/* @vite-ignore */ new URL('../../scripts/engines.mjs', import.meta.url).href)) as {
      buildEngines(outDir: string): Promise<unknown>;
    };
    await buildEngines(scratch);
    try {
      renameSync(scratch, dir);
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      if (!existsSync(path.join(dir, 'engines', 'rest.cjs'))) throw error;
    }
    removeStaleEngines(cache, key);
    return dir;
  })();
  return built;
}

/** Engines of earlier sources, an hour old (a process started before the edit may still be loading its own). */
function removeStaleEngines(cache: string, current: string): void {
  for (const entry of readdirSync(cache)) {
    const dir = path.join(cache, entry);
    try {
      if (entry !== current && Date.now() - statSync(dir).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The classes an engine's errors are rebuilt as, by name: every error class of the modules bundled
 * into the engines (test/perf/engines.test.ts checks that none is missing). An error of another
 * class deriving from the root comes back as a `TasklistCodegenError` with the same code, category,
 * hint and message; a built-in one (a bug: TypeError …) as that built-in.
 */
const ENGINE_ERRORS: Record<string, ErrorClass> = {
  OperationError,
  GraphQLSchemaFileError,
  OpenApiDocumentError,
  OutsideFolderError,
  TasklistError,
  ConfigError,
  AuthError,
  InsecureUrlError,
  TasklistCodegenError,
};

/** The error an engine reported, as the object it threw: its class here, its message, stack, fields and cause. */
export function errorFromData(data: ErrorData): Error {
  const builtIn = (globalThis as unknown as Record<string, unknown>)[data.name];
  const Class =
    ENGINE_ERRORS[data.name] ??
    (data.own
      ? TasklistCodegenError
      : typeof builtIn === 'function' && builtIn.prototype instanceof Error
        ? (builtIn as ErrorClass)
        : Error);
  // Not through the constructor: each class takes other arguments, and the fields are already the finished object's.
  const error = Object.create(Class.prototype) as Error;
  const define = (key: string, value: unknown) => Object.defineProperty(error, key, { value, writable: true, configurable: true });
  define('message', data.message);
  if (data.stack !== undefined) define('stack', data.stack);
  if (data.cause !== undefined) define('cause', errorFromData(data.cause));
  Object.assign(error, data.fields);
  return error;
}
