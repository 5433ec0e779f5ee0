/**
 * The bundled engines (scripts/engines.mjs → dist/engines/*.cjs) and their V8 code cache
 * (src/util/code-cache.ts): an accelerator that must never change what is generated or which error
 * the user sees.
 *
 * The engines are built here from the sources into a scratch folder inside the repo (so that their
 * `require('typescript')` resolves to the repo's node_modules, as it does in an installed package).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEngine } from '../../src/generate/engines.js';
import { generateGraphQL } from '../../src/generate/graphql/index.js';
import { OpenApiDocumentError, generateRest, type GenerateRestOptions } from '../../src/generate/rest/index.js';
import type { GenerateGraphQLOptions } from '../../src/generate/graphql/index.js';
import type { GenerationResult } from '../../src/generate/types.js';
import { createCodeCache } from '../../src/util/code-cache.js';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildEngines } from '../../scripts/engines.mjs';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const hasReal = existsSync(realDir);
if (!hasReal) console.warn(`[engines] the real-document cases are skipped: ${realDir} is absent`);

interface RestEngine {
  generateRest(options: GenerateRestOptions): Promise<GenerationResult>;
}
interface GraphQLEngine {
  generateGraphQL(options: GenerateGraphQLOptions): Promise<GenerationResult>;
}

let scratch: string;
let restEngine: RestEngine;
let graphqlEngine: GraphQLEngine;

beforeAll(async () => {
  await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
  scratch = await mkdtemp(path.join(repoRoot, '.tmp', 'engines-'));
  await (buildEngines as (outDir: string) => Promise<unknown>)(scratch);
  const cache = createCodeCache(undefined);
  restEngine = cache.require(path.join(scratch, 'engines', 'rest.cjs')) as RestEngine;
  graphqlEngine = cache.require(path.join(scratch, 'engines', 'graphql.cjs')) as GraphQLEngine;
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const runtimeImport = 'tasklist-codegen/runtime';

describe('the bundled engines generate byte for byte what the modules generate', () => {
  const restCases: { name: string; file: string; select?: GenerateRestOptions['select']; real?: boolean }[] = [
    { name: "this repo's schemas/ (emulator)", file: path.join(repoRoot, 'schemas/tasklist.openapi.json') },
    { name: 'Tasklist 8.7 (YAML)', file: path.join(realDir, 'tasklist-openapi-8.7.yaml'), real: true },
    { name: 'Orchestration Cluster API', file: path.join(realDir, 'orchestration-cluster-openapi.json'), real: true },
    {
      name: 'Orchestration Cluster API, user tasks only',
      file: path.join(realDir, 'orchestration-cluster-openapi.json'),
      select: { tags: ['User task'] },
      real: true,
    },
  ];
  for (const c of restCases) {
    it.skipIf(c.real && !hasReal)(`REST: ${c.name}`, async () => {
      const options: GenerateRestOptions = {
        documentFile: c.file,
        cwd: repoRoot,
        runtimeImport,
        ...(c.select ? { select: c.select } : {}),
      };
      const [fromEngine, fromModules] = [await restEngine.generateRest(options), await generateRest(options)];
      expect(fromEngine.files.map((f) => f.path)).toEqual(['rest/schema.d.ts', 'rest/index.ts']);
      expect(fromEngine).toEqual(fromModules);
    });
  }

  const graphqlCases: { name: string; schemaFile: string; real?: boolean }[] = [
    { name: "this repo's schemas/ and operations/", schemaFile: path.join(repoRoot, 'schemas/tasklist.graphql') },
    { name: 'the published Tasklist SDL', schemaFile: path.join(realDir, 'tasklist.graphqls'), real: true },
  ];
  for (const c of graphqlCases) {
    it.skipIf(c.real && !hasReal)(`GraphQL: ${c.name}`, async () => {
      const options: GenerateGraphQLOptions = {
        schemaFile: c.schemaFile,
        operations: ['operations/**/*.graphql'],
        cwd: repoRoot,
        runtimeImport,
      };
      const [fromEngine, fromModules] = [await graphqlEngine.generateGraphQL(options), await generateGraphQL(options)];
      expect(fromEngine.files).toHaveLength(3);
      expect(fromEngine).toEqual(fromModules);
    });
  }
});

describe('withEngine: an accelerator only', () => {
  const brokenDocument = async (dir: string) => {
    const file = path.join(dir, 'broken.json');
    await writeFile(
      file,
      '{\n  "openapi": "3.0.3",\n  "info": { "title": "x", "version": "1" },\n  "paths": { "/a": { "get": { "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Nope" } } } } } } } }\n}\n',
    );
    return file;
  };

  it('a failing engine gives way to the modules, so the error is the typed one with file:line:column', async () => {
    const file = await brokenDocument(scratch);
    const options: GenerateRestOptions = { documentFile: file, cwd: scratch, runtimeImport };
    // The engine alone throws its own bundled copy of the class: not ours.
    const engineError = await restEngine.generateRest(options).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(engineError).toBeInstanceOf(Error);
    expect(engineError).not.toBeInstanceOf(OpenApiDocumentError);
    // Through withEngine the user gets this package's class and the same message.
    const error = await withEngine<RestEngine>(
      path.join(scratch, 'engines', 'rest.cjs'),
      createCodeCache(undefined),
      (e) => e.generateRest(options),
      () => generateRest(options),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenApiDocumentError);
    expect((error as Error).message).toBe((engineError as Error).message);
    expect((error as Error).message).toMatch(/broken\.json:\d+:\d+: broken \$ref "#\/components\/schemas\/Nope"/);
  });

  it('an engine that does not load, or no engine at all, means the modules', async () => {
    const garbage = path.join(scratch, 'garbage.cjs');
    await writeFile(garbage, 'this is not JavaScript (');
    const modules = async (): Promise<GenerationResult> => ({ files: [{ path: 'x', contents: 'from the modules' }], warnings: [] });
    const engine = async (): Promise<GenerationResult> => ({ files: [{ path: 'x', contents: 'from the engine' }], warnings: [] });
    expect((await withEngine(garbage, createCodeCache(undefined), engine, modules)).files[0]!.contents).toBe('from the modules');
    expect((await withEngine(undefined, createCodeCache(undefined), engine, modules)).files[0]!.contents).toBe('from the modules');
  });
});

describe('the V8 code cache', () => {
  /** Loads the GraphQL engine in a fresh process through a code cache in `dir`, generates, saves; prints the report. */
  const loadInChild = async (dir: string): Promise<{ file: string; cache: string }[]> => {
    const script = `
      import { createCodeCache } from ${JSON.stringify(path.join(repoRoot, 'src/util/code-cache.ts'))};
      const cache = createCodeCache(${JSON.stringify(dir)});
      const engine = cache.require(${JSON.stringify(path.join(scratch, 'engines', 'graphql.cjs'))});
      const result = await engine.generateGraphQL({ schemaFile: 'schemas/tasklist.graphql', operations: ['operations/**/*.graphql'], cwd: ${JSON.stringify(repoRoot)}, runtimeImport: 'x' });
      if (result.files.length !== 3) throw new Error('no output');
      cache.save();
      console.log(JSON.stringify(cache.report()));`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot });
    return JSON.parse(stdout.trim().split('\n').pop()!) as { file: string; cache: string }[];
  };

  it('is written after the first run, used by the next, and a damaged one is rejected and rewritten', async () => {
    const dir = path.join(scratch, 'v8-cache');
    expect((await loadInChild(dir)).map((r) => r.cache)).toEqual(['absent']);
    const written = await readdir(dir);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^graphql\.cjs-[0-9a-f]{8}-[0-9a-f]{16}\.v8$/);
    expect((await loadInChild(dir)).map((r) => r.cache)).toEqual(['used']);

    await writeFile(path.join(dir, written[0]!), Buffer.from('not a V8 code cache'));
    expect((await loadInChild(dir)).map((r) => r.cache)).toEqual(['rejected']);
    expect((await loadInChild(dir)).map((r) => r.cache)).toEqual(['used']);
    // No temporary files left behind by the atomic writes.
    expect(await readdir(dir)).toEqual(written);
  }, 60_000);

  it('drops the cache of an earlier version of the same file, and only that', async () => {
    const dir = path.join(scratch, 'v8-upgrade');
    await loadInChild(dir);
    const [before] = await readdir(dir);
    // Another install's engine of the same name (a monorepo sharing node_modules/.cache): not ours to remove.
    const neighbour = 'graphql.cjs-0badc0de-0123456789abcdef.v8';
    await writeFile(path.join(dir, neighbour), 'x');
    // An upgrade: the engine file changes (here only its mtime), so its cache key does.
    const engine = path.join(scratch, 'engines', 'graphql.cjs');
    const later = new Date(Date.now() + 60_000);
    await utimes(engine, later, later);
    expect((await loadInChild(dir)).map((r) => r.cache)).toEqual(['absent']);
    const after = (await readdir(dir)).sort();
    expect(after).toHaveLength(2);
    expect(after).toContain(neighbour);
    expect(after).not.toContain(before);
    expect((await loadInChild(dir)).map((r) => r.cache)).toEqual(['used']);
  }, 60_000);

  it('without a folder it compiles as usual and says so', async () => {
    const file = path.join(scratch, 'answer.cjs');
    await writeFile(file, "module.exports = { answer: 42, self: __filename, sibling: require.resolve('./answer.cjs') };\n");
    const cache = createCodeCache(undefined);
    expect(cache.require(file)).toEqual({ answer: 42, self: file, sibling: file });
    cache.save();
    expect(cache.report()).toEqual([{ file, cache: 'off' }]);
    // A second require is the module already loaded, as with Node's own require.
    expect(cache.require(file)).toBe(cache.require(file));
  });
});
