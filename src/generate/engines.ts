/**
 * Runs a generator from its bundled engine when the package has one, else from its modules.
 *
 * The engines (`dist/engines/graphql.cjs`, `dist/engines/rest.cjs`, built by scripts/build.mjs)
 * are the same generator code bundled with its libraries into one CommonJS file, loaded with a V8
 * code cache kept in the project's `node_modules/.cache/tasklist-codegen/v8/` (Node's own compile
 * cache on Node >= 22.1, our hand-made one on Node 20: src/util/code-cache.ts). Loading them costs a
 * fraction of loading the ~600 modules they are made of (bench/RESULTS.md, "where the time goes").
 *
 * They are only an accelerator, never the only way: from the sources (tsx, tests) there are none;
 * an engine that cannot be loaded is passed over; and when an engine throws, the input is run again
 * through the modules, so that the error the user gets is the typed one of this package's own
 * classes (OperationError, OpenApiDocumentError …, with file:line:column), identical either way.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngineCache, type CodeCache } from '../util/code-cache.js';
import { findNodeModules } from '../util/node-modules.js';
import type { GenerateGraphQLOptions } from './graphql/index.js';
import type { GenerateRestOptions } from './rest/index.js';
import type { GenerationResult } from './types.js';

export type EngineName = 'graphql' | 'rest';

interface GraphQLEngine {
  generateGraphQL(options: GenerateGraphQLOptions): Promise<GenerationResult>;
}
interface RestEngine {
  generateRest(options: GenerateRestOptions): Promise<GenerationResult>;
}

/** The GraphQL generator: `graphql/*` for the schema and operations. */
export function runGraphQLGenerator(options: GenerateGraphQLOptions): Promise<GenerationResult> {
  return viaEngine<GraphQLEngine>(
    'graphql',
    options.cwd,
    (engine) => engine.generateGraphQL(options),
    async () => {
      const { generateGraphQL } = await import('./graphql/index.js');
      return generateGraphQL(options);
    },
  );
}

/** The REST generator: `rest/schema.d.ts` and `rest/index.ts` for the OpenAPI document. */
export function runRestGenerator(options: GenerateRestOptions): Promise<GenerationResult> {
  return viaEngine<RestEngine>(
    'rest',
    options.cwd,
    (engine) => engine.generateRest(options),
    async () => {
      const { generateRest } = await import('./rest/index.js');
      return generateRest(options);
    },
  );
}

/** The engine's file in this package, when this is the built package and the build made one. */
export function engineFile(name: EngineName): string | undefined {
  if (import.meta.url.endsWith('.ts')) return undefined;
  const file = fileURLToPath(new URL(`../engines/${name}.cjs`, import.meta.url));
  return existsSync(file) ? file : undefined;
}

/** Where the project keeps the V8 code caches of the engines, when it has a `node_modules`. */
export function codeCacheDir(cwd: string): string | undefined {
  const nodeModules = findNodeModules(cwd);
  return nodeModules === undefined ? undefined : path.join(nodeModules, '.cache', 'tasklist-codegen', 'v8');
}

/**
 * Packages an engine requires from outside its bundle (scripts/engines.mjs keeps `typescript` out),
 * loaded first through the code cache, so that the engine's `require('typescript')` finds them in
 * require.cache instead of compiling them without one.
 */
const outsideTheBundle: Record<EngineName, readonly string[]> = { graphql: [], rest: ['typescript'] };

function viaEngine<E>(
  name: EngineName,
  cwd: string,
  run: (engine: E) => Promise<GenerationResult>,
  fromModules: () => Promise<GenerationResult>,
): Promise<GenerationResult> {
  return withEngine(engineFile(name), createEngineCache(codeCacheDir(cwd)), run, fromModules, outsideTheBundle[name]);
}

/**
 * `run` on the engine in `file` (loaded through `cache`, after the packages it requires from
 * outside its bundle, `preload`), falling back to `fromModules` when there is no file, it does not
 * load, or `run` throws; the cache is saved after a successful run.
 */
export async function withEngine<E>(
  file: string | undefined,
  cache: CodeCache,
  run: (engine: E) => Promise<GenerationResult>,
  fromModules: () => Promise<GenerationResult>,
  preload: readonly string[] = [],
): Promise<GenerationResult> {
  const engine = file === undefined ? undefined : loadEngine<E>(file, cache, preload);
  if (engine === undefined) return fromModules();
  let result: GenerationResult;
  try {
    result = await run(engine);
  } catch {
    // The modules throw the same failure as this package's own typed error.
    return fromModules();
  }
  // After the work: the cache then holds the functions V8 compiled while generating, too.
  cache.save();
  return result;
}

function loadEngine<E>(file: string, cache: CodeCache, preload: readonly string[]): E | undefined {
  try {
    for (const id of preload) cache.require(createRequire(file).resolve(id));
    return cache.require(file) as E;
  } catch {
    return undefined;
  }
}
