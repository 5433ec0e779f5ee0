/**
 * What a browser app pays for the runtime: an app bundled the way a page's build bundles it
 * (esbuild, minified, ESM for the browser) and gzipped at level 9. The bench's size part and the
 * size budget test (test/runtime/size-budget.test.ts) both measure through here, so the figures
 * in bench/RESULTS.md and the budget a test holds are the same measure.
 *
 * Bytes, not time: the figures do not depend on how loaded the machine is.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export interface BundleMeasure {
  minified: number;
  gzipped: number;
  code: Uint8Array;
  /** Minified bytes per input file (repo-relative), largest first. */
  bytesByInput: Array<[file: string, bytes: number]>;
}

/**
 * How a page's build bundles `source` (an app's TypeScript, imports absolute or relative to
 * `repoRoot`): one ESM bundle for the browser, minified. Every measure here, and the browser test
 * that loads split pages, builds with these; each adds where the output goes.
 */
export function pageBuildOptions(source: string, repoRoot: string, sourcefile = 'app.ts'): BuildOptions {
  return {
    stdin: { contents: source, resolveDir: repoRoot, sourcefile, loader: 'ts' },
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Resolve bare imports (openapi-fetch) from the repo's node_modules.
    nodePaths: [path.join(repoRoot, 'node_modules')],
  };
}

/** `source` (an app's TypeScript, imports absolute or relative to `repoRoot`) bundled, minified and gzipped. */
export async function measureBrowserBundle(source: string, repoRoot: string): Promise<BundleMeasure> {
  const result = await build({ ...pageBuildOptions(source, repoRoot), write: false, metafile: true, outfile: 'app.min.js' });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, code, bytesByInput: bytesByInput(result.metafile) };
}

function bytesByInput(metafile: Metafile): Array<[string, number]> {
  const output = Object.values(metafile.outputs)[0];
  return output ? inputBytes([output]) : [];
}

/** Minified bytes per input file of `outputs` together, largest first. */
function inputBytes(outputs: Array<Metafile['outputs'][string]>): Array<[string, number]> {
  const bytes = new Map<string, number>();
  for (const output of outputs)
    for (const [file, input] of Object.entries(output.inputs)) bytes.set(file, (bytes.get(file) ?? 0) + input.bytesInOutput);
  return [...bytes].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}

export interface ChunkMeasure {
  /** The chunk's file name as esbuild writes it (`stdin.js` for the page's entry, `oauth-<hash>.js`, `chunk-<hash>.js`). */
  file: string;
  minified: number;
  /** Gzipped on its own, as a server sends each file. */
  gzipped: number;
  /** Repo-relative input files with bytes in it. */
  inputs: string[];
}

export interface SplitBundleMeasure {
  /** What the page downloads before its code runs: the entry chunk and every chunk it imports statically. */
  upFront: { minified: number; gzipped: number; chunks: ChunkMeasure[]; bytesByInput: Array<[file: string, bytes: number]> };
  /**
   * What the page's code loads later, by an `import()` in the up-front code, the first time a call
   * needs it: each dynamic import's chunk with the chunks it imports that are not loaded up front.
   */
  lazy: Array<{ chunk: string; inputs: string[]; minified: number; gzipped: number }>;
  /** Chunks esbuild wrote that nothing in the up-front code can load (no live `import()` names them). */
  neverLoaded: ChunkMeasure[];
}

/**
 * The same app built as a page whose bundler splits code (esbuild `splitting: true`, as Vite and
 * any build with a dynamic `import()` do): what the page downloads up front is the entry chunk and
 * the chunks it imports statically, each gzipped on its own; what an `import()` loads later is
 * reported apart, chunk by chunk, so no byte is left out of the figures.
 */
export async function measureSplitBrowserBundle(source: string, repoRoot: string): Promise<SplitBundleMeasure> {
  const outdir = path.join(repoRoot, '.split-bundle');
  const result = await build({ ...pageBuildOptions(source, repoRoot), splitting: true, write: false, metafile: true, outdir });
  const outputs = result.metafile.outputs;
  const chunk = (key: string): ChunkMeasure => {
    const code = result.outputFiles.find((file) => path.relative(repoRoot, file.path) === key)!.contents;
    const inputs = Object.entries(outputs[key]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file);
    return { file: path.basename(key), minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, inputs };
  };
  /** `key` and every chunk it imports statically, transitively. */
  const withStaticImports = (key: string, into = new Set<string>()): Set<string> => {
    if (into.has(key)) return into;
    into.add(key);
    for (const imported of outputs[key]!.imports) if (imported.kind === 'import-statement') withStaticImports(imported.path, into);
    return into;
  };
  const entry = Object.keys(outputs).find((key) => outputs[key]!.entryPoint === 'app.ts')!;
  const upFrontKeys = withStaticImports(entry);
  const upFrontChunks = [...upFrontKeys].map(chunk);
  const lazy: SplitBundleMeasure['lazy'] = [];
  const loadable = new Set(upFrontKeys);
  for (const key of upFrontKeys) {
    for (const imported of outputs[key]!.imports) {
      if (imported.kind !== 'dynamic-import' || lazy.some((l) => l.chunk === path.basename(imported.path))) continue;
      const chunks = [...withStaticImports(imported.path)].filter((k) => !upFrontKeys.has(k));
      for (const k of chunks) loadable.add(k);
      const measured = chunks.map(chunk);
      lazy.push({
        chunk: path.basename(imported.path),
        inputs: [...new Set(measured.flatMap((c) => c.inputs))],
        minified: measured.reduce((sum, c) => sum + c.minified, 0),
        gzipped: measured.reduce((sum, c) => sum + c.gzipped, 0),
      });
    }
  }
  return {
    upFront: {
      minified: upFrontChunks.reduce((sum, c) => sum + c.minified, 0),
      gzipped: upFrontChunks.reduce((sum, c) => sum + c.gzipped, 0),
      chunks: upFrontChunks,
      bytesByInput: inputBytes([...upFrontKeys].map((key) => outputs[key]!)),
    },
    lazy,
    neverLoaded: Object.keys(outputs)
      .filter((key) => !loadable.has(key))
      .map(chunk),
  };
}

/** `import … from "<file>.js"` for a repo `.ts` file. */
const imp = (repoRoot: string, file: string) => JSON.stringify(path.join(repoRoot, file).replace(/\.ts$/, '.js'));

/**
 * The smallest app that calls one generated REST function with a bearer token, the way the README
 * tells a page to: `createTasklistClient` with `bearerAuth` (no GraphQL) + `getTaskById`.
 */
export function bearerRestApp(repoRoot: string): string {
  return `import { createTasklistClient, bearerAuth } from ${imp(repoRoot, 'src/runtime/index.ts')};
import { getTaskById } from ${imp(repoRoot, 'generated/rest/index.ts')};
const tasklist = createTasklistClient({ baseUrl: location.origin, auth: bearerAuth(() => sessionStorage.getItem('token') ?? ''), graphql: false });
getTaskById(tasklist.rest, { path: { taskId: location.hash.slice(1) } }).then((task) => console.log(task));
`;
}

/** The same app through an `AuthConfig` (`createAuthStrategy({ strategy: 'BEARER', … })`), which reaches every strategy. */
export function authConfigRestApp(repoRoot: string): string {
  return `import { createTasklistClient, createAuthStrategy } from ${imp(repoRoot, 'src/runtime/index.ts')};
import { getTaskById } from ${imp(repoRoot, 'generated/rest/index.ts')};
const auth = createAuthStrategy({ strategy: 'BEARER', token: () => sessionStorage.getItem('token') ?? '' });
const tasklist = createTasklistClient({ baseUrl: location.origin, auth, graphql: false });
getTaskById(tasklist.rest, { path: { taskId: location.hash.slice(1) } }).then((task) => console.log(task));
`;
}

/** The GraphQL page: `createTasklistClient` + `bearerAuth` and one generated GraphQL function (`getTask`). */
export function bearerGraphQLApp(repoRoot: string): string {
  return `import { createTasklistClient, bearerAuth } from ${imp(repoRoot, 'src/runtime/index.ts')};
import { getTask } from ${imp(repoRoot, 'generated/graphql/index.ts')};
const { graphql } = createTasklistClient({ baseUrl: location.origin, auth: bearerAuth(() => sessionStorage.getItem('token') ?? '') });
getTask(graphql, { id: location.hash.slice(1) }).then((task) => console.log(task));
`;
}

/** The same GraphQL page through an `AuthConfig`. */
export function authConfigGraphQLApp(repoRoot: string): string {
  return `import { createTasklistClient, createAuthStrategy } from ${imp(repoRoot, 'src/runtime/index.ts')};
import { getTask } from ${imp(repoRoot, 'generated/graphql/index.ts')};
const auth = createAuthStrategy({ strategy: 'BEARER', token: () => sessionStorage.getItem('token') ?? '' });
const { graphql } = createTasklistClient({ baseUrl: location.origin, auth });
getTask(graphql, { id: location.hash.slice(1) }).then((task) => console.log(task));
`;
}
