/**
 * The engines (scripts/engines.mjs, loaded by src/generate/engines.ts): the one way `generate`
 * and `check` run the generators, from the package and from the sources alike. They must generate
 * byte for byte what the generator's modules generate, report every error as this package's own
 * class, and leave a code cache in the project (Node's compile cache on Node >= 22.1, ours on Node 20).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorToData } from '../../src/generate/engine-reply.js';
import { engineFile, errorFromData, runGraphQLGenerator, runRestGenerator } from '../../src/generate/engines.js';
import { generatorSources } from '../../src/generate/fingerprint.js';
import { generateGraphQL, type GenerateGraphQLOptions } from '../../src/generate/graphql/index.js';
import { generateRest, type GenerateRestOptions } from '../../src/generate/rest/index.js';
import { hasCompileCache } from '../../src/util/code-cache.js';
import { TasklistCodegenError } from '../../src/util/errors.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const hasReal = existsSync(realDir);
if (!hasReal) console.warn(`[engines] the real-document cases are skipped: ${realDir} is absent`);

const runtimeImport = 'tasklist-codegen/runtime';

describe('the engines generate byte for byte what the modules generate', () => {
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
    it.skipIf(c.real && !hasReal)(
      `REST: ${c.name}`,
      async () => {
        const options: GenerateRestOptions = {
          documentFile: c.file,
          cwd: repoRoot,
          runtimeImport,
          ...(c.select ? { select: c.select } : {}),
        };
        const [fromEngine, fromModules] = [await runRestGenerator(options), await generateRest(options)];
        expect(fromEngine.files.map((f) => f.path)).toEqual(['rest/schema.d.ts', 'rest/index.ts']);
        expect(fromEngine).toEqual(fromModules);
      },
      120_000,
    );
  }

  const graphqlCases: { name: string; schemaFile: string; real?: boolean }[] = [
    { name: "this repo's schemas/ and operations/", schemaFile: path.join(repoRoot, 'schemas/tasklist.graphql') },
    { name: 'the published Tasklist SDL', schemaFile: path.join(realDir, 'tasklist.graphqls'), real: true },
  ];
  for (const c of graphqlCases) {
    it.skipIf(c.real && !hasReal)(
      `GraphQL: ${c.name}`,
      async () => {
        const options: GenerateGraphQLOptions = {
          schemaFile: c.schemaFile,
          operations: ['operations/**/*.graphql'],
          cwd: repoRoot,
          runtimeImport,
        };
        const [fromEngine, fromModules] = [await runGraphQLGenerator(options), await generateGraphQL(options)];
        expect(fromEngine.files).toHaveLength(3);
        expect(fromEngine).toEqual(fromModules);
      },
      120_000,
    );
  }

  it('from the sources, the engines are bundled from them into node_modules/.cache, as the build bundles them', async () => {
    const file = await engineFile('rest');
    expect(path.relative(repoRoot, file).split(path.sep).join('/')).toMatch(
      /^node_modules\/\.cache\/tasklist-codegen\/engines\/[0-9a-f]{16}\/engines\/rest\.cjs$/,
    );
  }, 120_000);

  it('they are loaded and fed the public way: no Node loader internals, require.cache or deep imports of a dist/', () => {
    const offending: string[] = [];
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) scan(file);
        else if (/\.(ts|mjs)$/.test(entry.name)) {
          const text = readFileSync(file, 'utf8');
          for (const pattern of [
            /\b_(?:nodeModulePaths|resolveFilename|load|compile|extensions|pathCache)\b/,
            /require\.cache/,
            /['"][\w@][\w./@-]*\/dist\//,
          ])
            if (pattern.test(text)) offending.push(`${path.relative(repoRoot, file)}: ${pattern.exec(text)![0]}`);
        }
      }
    };
    scan(path.join(repoRoot, 'src'));
    scan(path.join(repoRoot, 'scripts'));
    expect(offending).toEqual([]);
  });
});

describe('errors cross as data and come back as this package’s classes', () => {
  /** Every error class the modules bundled into the engines export, from their sources. */
  async function engineErrorClasses(): Promise<Map<string, new (...args: never[]) => Error>> {
    const src = path.join(repoRoot, 'src');
    const entries = ['generate/graphql/index.ts', 'generate/rest/index.ts', 'generate/engine-reply.ts'].map((e) => path.join(src, e));
    const files = new Set(entries.flatMap((entry) => generatorSources(entry, src).map((file) => path.join(src, file))));
    const classes = new Map<string, new (...args: never[]) => Error>();
    for (const file of files) {
      if (!/export class \w+ extends/.test(readFileSync(file, 'utf8'))) continue;
      const exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const value of Object.values(exported))
        if (typeof value === 'function' && value.prototype instanceof Error)
          classes.set(value.name, value as new (...args: never[]) => Error);
    }
    return classes;
  }

  it('every error class bundled into an engine is rebuilt as itself', async () => {
    const classes = await engineErrorClasses();
    expect([...classes.keys()]).toEqual(expect.arrayContaining(['OperationError', 'GraphQLSchemaFileError', 'OpenApiDocumentError']));
    for (const [name, Class] of classes) {
      const rebuilt = errorFromData({ name, message: 'm', stack: undefined, own: true, fields: { name } });
      expect(rebuilt, name).toBeInstanceOf(Class);
    }
  }, 60_000);

  it('keeps message, stack, fields and cause; an unknown subclass of the root stays one; a bug stays a bug', () => {
    class SomeNewError extends TasklistCodegenError<'SOME_NEW'> {
      override readonly name = 'SomeNewError';
      readonly file = 'a.graphql';
      constructor() {
        super('SOME_NEW', 'went wrong', { hint: 'do this', category: 'unreachable', cause: new RangeError('inner') });
      }
    }
    const original = new SomeNewError();
    const rebuilt = errorFromData(structuredClone(errorToData(original)));
    expect(rebuilt).toBeInstanceOf(TasklistCodegenError);
    expect(rebuilt).toMatchObject({ name: 'SomeNewError', code: 'SOME_NEW', hint: 'do this', category: 'unreachable', file: 'a.graphql' });
    expect(rebuilt.message).toBe('went wrong');
    expect(rebuilt.stack).toBe(original.stack);
    expect(rebuilt.cause).toBeInstanceOf(RangeError);
    expect((rebuilt.cause as Error).message).toBe('inner');

    const bug = errorFromData(errorToData(new TypeError("Cannot read properties of undefined (reading 'x')")));
    expect(bug).toBeInstanceOf(TypeError);
    expect(bug).not.toBeInstanceOf(TasklistCodegenError);
    const system = errorFromData(errorToData(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })));
    expect(system).toMatchObject({ code: 'EACCES', message: 'EACCES: permission denied' });
    expect(errorFromData(errorToData('a string')).message).toBe('a string');
  });
});

describe('the compile cache', () => {
  let project: string;
  beforeAll(async () => {
    await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
    project = await mkdtemp(path.join(repoRoot, '.tmp', 'compile-cache-'));
    // A project's node_modules is where its tools keep their caches.
    await mkdir(path.join(project, 'node_modules'));
  });
  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  /** Node 22 from the npm registry's `node` package, where .ci/run installs it. */
  async function node22(): Promise<string> {
    const prefix = path.join(repoRoot, '.tmp', 'node22');
    const bin = path.join(prefix, 'node_modules', '.bin', 'node');
    if (!existsSync(bin)) await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', 'node@22']);
    return bin;
  }

  const generateWith = (node: string) =>
    run(
      node,
      [
        '--import',
        pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href,
        '--input-type=module',
        '-e',
        `import { runGraphQLGenerator } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'src/generate/engines.ts')).href)};
         const result = await runGraphQLGenerator({ schemaFile: ${JSON.stringify(path.join(repoRoot, 'schemas/tasklist.graphql'))}, operations: [], cwd: ${JSON.stringify(project)}, runtimeImport: 'x' });
         if (result.files.length !== 3) throw new Error('no output');`,
      ],
      { cwd: project },
    );
  const cacheDir = () => path.join(project, 'node_modules', '.cache', 'tasklist-codegen', 'v8');

  it(`on this Node (${process.version}): Node's compile cache where it has one, else ours with the engine's cache file`, async () => {
    await generateWith(process.execPath);
    const written = readdirSync(cacheDir());
    // Node's: a folder per Node version; ours (Node 20, test/perf/code-cache.test.ts): a file per compiled file.
    if (hasCompileCache) expect(written.filter((name) => name.startsWith(`v${process.versions.node}-`))).toHaveLength(1);
    else
      expect(
        written.filter((name) => /^graphql\.cjs-[0-9a-f]{8}-[0-9a-f]{16}\.v8$/.test(name)),
        written.join(', '),
      ).toHaveLength(1);
    await rm(cacheDir(), { recursive: true, force: true });
  }, 120_000);

  it('on Node 22 the engine run leaves Node’s compile cache in the project’s node_modules/.cache', async () => {
    await generateWith(await node22());
    expect(readdirSync(cacheDir(), { recursive: true }).length).toBeGreaterThan(0);
  }, 300_000);
});
