/**
 * The V8 code cache of the engines on Node 20 (src/util/code-cache.ts), which has no compile cache
 * of its own: a later run compiles the engine from the cache, a cache
 * file that is corrupt, another file's or not a file at all is rejected and rewritten with the
 * output unchanged, and a cache folder that cannot be written changes nothing but the speed. On
 * the main thread (engines.ts) and on the worker thread (worker.ts), which run the same loader.
 * (On Node >= 22.1 Node's own compile cache does this job: test/perf/engines.test.ts.)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFile } from '../../src/generate/engines.js';
import { generateGraphQLInWorker } from '../../src/generate/worker.js';
import { hasCompileCache } from '../../src/util/code-cache.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href;
const src = (file: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, 'src', file)).href);

interface Outcome {
  files: unknown;
  report: { file: string; cache: string }[];
}

describe.skipIf(hasCompileCache)(`our V8 code cache on Node 20 (${process.version})`, () => {
  let project: string;
  let restEngine: string;
  const cacheDir = () => path.join(project, 'node_modules', '.cache', 'tasklist-codegen', 'v8');
  const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()).sort() : []);
  const cacheOf = (basename: string) => {
    const found = cacheFiles().filter((name) => name.startsWith(`${basename}-`) && name.endsWith('.v8'));
    expect(found, cacheFiles().join(', ')).toHaveLength(1);
    return path.join(cacheDir(), found[0]!);
  };

  beforeAll(async () => {
    await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
    project = await mkdtemp(path.join(repoRoot, '.tmp', 'code-cache-'));
    await mkdir(path.join(project, 'node_modules'));
    restEngine = await engineFile('rest');
  }, 120_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  /**
   * The REST engine on the main thread of a fresh process, loaded as runRestGenerator loads it
   * (engines.ts), and what the cache did for each file. The engine file is the one bundled when
   * this test started: the tree's sources may change meanwhile (a new engine, a new cache name).
   */
  async function restRun(): Promise<Outcome> {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        tsx,
        '--input-type=module',
        '-e',
        `import path from 'node:path';
         import { codeCacheDir, resultOf } from ${src('generate/engines.ts')};
         import { codeCacheReport, requireWithCodeCache, saveCodeCache } from ${src('util/code-cache.ts')};
         const engine = requireWithCodeCache(${JSON.stringify(restEngine)}, codeCacheDir(${JSON.stringify(project)}));
         const result = resultOf(await engine.run({ documentFile: ${JSON.stringify(path.join(repoRoot, 'schemas/tasklist.openapi.json'))}, cwd: ${JSON.stringify(project)}, runtimeImport: 'x' }));
         saveCodeCache();
         const report = codeCacheReport().map(({ file, cache }) => ({ file: path.basename(file), cache }));
         process.stdout.write(JSON.stringify({ files: result.files, report }));`,
      ],
      { cwd: project, maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as Outcome;
  }

  const each = (cache: string) => [{ file: 'rest.cjs', cache }];

  let first: Outcome;

  it('the first run writes a cache for the engine; the second compiles from it', async () => {
    first = await restRun();
    expect(first.report).toEqual(each('absent'));
    cacheOf('rest.cjs');
    const second = await restRun();
    expect(second.report).toEqual(each('used'));
    expect(second.files).toEqual(first.files);
  }, 180_000);

  it('a corrupt cache file is rejected (never handed to V8, which would crash on it) and rewritten; the output is the same', async () => {
    const corrupted = new Map<string, Buffer>();
    for (const file of [cacheOf('rest.cjs')]) {
      const bytes = readFileSync(file);
      for (let i = 64; i < bytes.length; i += 997) bytes[i]! ^= 0x5a;
      writeFileSync(file, bytes);
      corrupted.set(file, bytes);
    }
    const rejected = await restRun();
    expect(rejected.report).toEqual(each('rejected'));
    expect(JSON.stringify(rejected.files)).toBe(JSON.stringify(first.files));
    for (const [file, bytes] of corrupted) expect(readFileSync(file).equals(bytes), file).toBe(false);
    expect((await restRun()).report).toEqual(each('used'));
  }, 240_000);

  it('another file’s cache under the engine’s name is rejected by V8 and rewritten', async () => {
    const engineCache = cacheOf('rest.cjs');
    // A cache as this loader writes it (header, checksum), of another script.
    const payload = new Script('"another file";').createCachedData();
    writeFileSync(engineCache, Buffer.concat([Buffer.from('tlcg-v8\n'), createHash('sha256').update(payload).digest(), payload]));
    const foreign = await restRun();
    expect(foreign.report).toEqual([{ file: 'rest.cjs', cache: 'rejected' }]);
    expect(JSON.stringify(foreign.files)).toBe(JSON.stringify(first.files));
    expect((await restRun()).report).toEqual(each('used'));
  }, 240_000);

  it('a symlink under a cache file’s name is not followed: not read, replaced by a file, its target untouched', async () => {
    const engineCache = cacheOf('rest.cjs');
    const target = path.join(project, 'not-a-cache.bin');
    writeFileSync(target, readFileSync(engineCache));
    const before = readFileSync(target);
    rmSync(engineCache);
    symlinkSync(target, engineCache);
    const linked = await restRun();
    expect(linked.report[0]).toEqual({ file: 'rest.cjs', cache: 'rejected' });
    expect(JSON.stringify(linked.files)).toBe(JSON.stringify(first.files));
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(lstatSync(engineCache).isFile()).toBe(true);
  }, 180_000);

  it('the caches of another version of a file are removed when its cache is written; other files’ are left alone', async () => {
    const engineCache = cacheOf('rest.cjs');
    const name = path.basename(engineCache);
    const stale = path.join(cacheDir(), `${name.slice(0, -'0123456789abcdef.v8'.length)}0123456789abcdef.v8`);
    const unrelated = path.join(cacheDir(), 'other.cjs-01234567-0123456789abcdef.v8');
    writeFileSync(stale, 'stale');
    writeFileSync(unrelated, 'someone else’s');
    rmSync(engineCache);
    expect((await restRun()).report[0]).toEqual({ file: 'rest.cjs', cache: 'absent' });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
    expect(existsSync(engineCache)).toBe(true);
  }, 180_000);

  it('on the worker thread: the GraphQL engine’s cache is written, used as it is, and rewritten when corrupt', async () => {
    const options = {
      schemaFile: path.join(repoRoot, 'schemas/tasklist.graphql'),
      operations: [path.join(repoRoot, 'operations/**/*.graphql')],
      cwd: project,
      runtimeImport: 'x',
    };
    const fresh = await generateGraphQLInWorker(options);
    const file = cacheOf('graphql.cjs');
    const written = statSync(file);
    const used = await generateGraphQLInWorker(options);
    expect(used).toEqual(fresh);
    // Used, so not written again.
    expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
    expect(statSync(file).ino).toBe(written.ino);
    const bytes = readFileSync(file);
    for (let i = 64; i < bytes.length; i += 997) bytes[i]! ^= 0x5a;
    writeFileSync(file, bytes);
    expect(JSON.stringify(await generateGraphQLInWorker(options))).toBe(JSON.stringify(fresh));
    expect(readFileSync(file).equals(bytes)).toBe(false);
  }, 180_000);

  it('a cache folder that cannot be written (a file where it should be): the same output, no cache, no error', async () => {
    rmSync(cacheDir(), { recursive: true, force: true });
    mkdirSync(path.dirname(cacheDir()), { recursive: true });
    writeFileSync(cacheDir(), 'not a folder');
    try {
      const blocked = await restRun();
      expect(blocked.report).toEqual(each('absent'));
      expect(JSON.stringify(blocked.files)).toBe(JSON.stringify(first.files));
      expect(readFileSync(cacheDir(), 'utf8')).toBe('not a folder');
    } finally {
      rmSync(cacheDir(), { force: true });
    }
  }, 180_000);
});
