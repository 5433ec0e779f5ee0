/**
 * What an app pays to ship and load our runtime (issues 7, 8, 10):
 * - bundled size (esbuild, minified, gzip level 9) of a small browser app that imports the runtime
 *   and calls one generated function — REST and GraphQL — next to the same app written with
 *   openapi-fetch alone, and next to openapi-fetch's own size;
 * - the whole runtime entry with nothing shaken out;
 * - `examples/task-page/`'s bundle and how much of it is the runtime (its own build script);
 * - import time in Node of the generated clients (bundled to one ESM file each, as a build would).
 *
 *   tsx bench/size.ts [--quick]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  authConfigGraphQLApp,
  authConfigRestApp,
  bearerGraphQLApp,
  bearerRestApp,
  measureBrowserBundle,
  measureSplitBrowserBundle,
  type SplitBundleMeasure,
} from './lib/browser-bundle-size.js';
import { importTime } from './lib/import-time.js';
import { repoRoot, workDir } from './lib/paths.js';
import { benchOptions, kib, ms, table, writePartResult } from './lib/report.js';

const sizeDir = path.join(workDir, 'size');
const runtimeEntry = path.join(repoRoot, 'src/runtime/index.ts');
const restClient = path.join(repoRoot, 'generated/rest/index.ts');
const graphqlClient = path.join(repoRoot, 'generated/graphql/index.ts');
const imp = (file: string) => JSON.stringify(file.replace(/\.ts$/, '.js'));

interface App {
  label: string;
  /** Why it cannot be built yet; undefined when it can. */
  missing?: string;
  source: string;
}

/** Small browser apps, each doing one call the way the README tells users to. */
function apps(): App[] {
  const needs = (...files: string[]) => {
    const absent = files.filter((f) => !existsSync(f)).map((f) => path.relative(repoRoot, f));
    return absent.length ? `${absent.join(', ')} missing` : undefined;
  };
  return [
    {
      label: 'ours: runtime + one generated REST function (`getTaskById`)',
      missing: needs(runtimeEntry, restClient),
      source: authConfigRestApp(repoRoot),
    },
    {
      label: 'ours: runtime + one generated GraphQL function (`getTask`)',
      missing: needs(runtimeEntry, graphqlClient),
      source: authConfigGraphQLApp(repoRoot),
    },
    {
      label: 'ours, strategy path: `createTasklistClient` + `bearerAuth` + `getTaskById`',
      missing: needs(runtimeEntry, restClient),
      source: bearerRestApp(repoRoot),
    },
    {
      label: 'ours, strategy path: `createTasklistClient` + `bearerAuth` + `getTask`',
      missing: needs(runtimeEntry, graphqlClient),
      source: bearerGraphQLApp(repoRoot),
    },
    {
      label: 'openapi-fetch app: `createClient` + one `GET` (bearer header by hand)',
      source: `import createClient from 'openapi-fetch';
const client = createClient({ baseUrl: location.origin, headers: { authorization: 'Bearer ' + (sessionStorage.getItem('token') ?? '') } });
client.GET('/v1/tasks/{taskId}', { params: { path: { taskId: location.hash.slice(1) } } }).then(({ data }) => console.log(data));
`,
    },
    {
      label: 'openapi-fetch alone (everything it exports)',
      source: `export * from 'openapi-fetch';\nexport { default } from 'openapi-fetch';\n`,
    },
    {
      label: 'ours: the whole runtime entry (everything it exports, nothing shaken out)',
      missing: needs(runtimeEntry),
      source: `export * from ${imp(runtimeEntry)};\n`,
    },
  ];
}

export interface BundleSize {
  label: string;
  minified?: number;
  gzipped?: number;
  /** Minified bytes per input file, largest first (esbuild's metafile). */
  bytesByInput?: Array<[file: string, bytes: number]>;
  /** Our pages built with code splitting too: what they download up front, and what `import()` loads later. */
  split?: SplitBundleMeasure;
  notMeasured?: string;
}

async function bundleSize(app: App, index: number): Promise<BundleSize> {
  if (app.missing) return { label: app.label, notMeasured: app.missing };
  const dir = path.join(sizeDir, `app-${index}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'app.ts'), app.source);
  try {
    const measured = await measureBrowserBundle(app.source, repoRoot);
    writeFileSync(path.join(dir, 'app.min.js'), measured.code);
    const split =
      app.label.startsWith('ours') && !app.label.includes('whole') ? await measureSplitBrowserBundle(app.source, repoRoot) : undefined;
    return {
      label: app.label,
      minified: measured.minified,
      gzipped: measured.gzipped,
      bytesByInput: measured.bytesByInput,
      ...(split ? { split } : {}),
    };
  } catch (error) {
    return { label: app.label, notMeasured: `esbuild failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}` };
  }
}

interface TaskPageResult {
  bundleBytes?: number;
  bundleGzipBytes?: number;
  runtimeBytes?: number;
  runtimeGzipBytes?: number;
  runtimeShare?: number;
  notMeasured?: string;
}

async function taskPage(): Promise<TaskPageResult> {
  const buildScript = path.join(repoRoot, 'examples/task-page/build.ts');
  if (!existsSync(buildScript)) return { notMeasured: 'examples/task-page/build.ts does not exist' };
  try {
    const mod = (await import(pathToFileURL(buildScript).href)) as {
      buildTaskPage(o: { outDir: string }): Promise<{
        size: {
          bundleBytes: number;
          bundleGzipBytes: number;
          partBytes: { runtime: number };
          runtimeGzipBytes: number;
          runtimeShare: number;
        };
      }>;
    };
    const { size } = await mod.buildTaskPage({ outDir: path.join(sizeDir, 'task-page') });
    return {
      bundleBytes: size.bundleBytes,
      bundleGzipBytes: size.bundleGzipBytes,
      runtimeBytes: size.partBytes.runtime,
      runtimeGzipBytes: size.runtimeGzipBytes,
      runtimeShare: size.runtimeShare,
    };
  } catch (error) {
    return { notMeasured: `its build failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}` };
  }
}

interface ImportResult {
  label: string;
  median?: number;
  min?: number;
  notMeasured?: string;
}

/** Node import time of each generated client, bundled with its runtime to one unminified ESM file. */
async function importTimes(runs: number): Promise<ImportResult[]> {
  const targets: Array<[string, string]> = [
    ['generated REST client (`generated/rest/index.ts`) + runtime', restClient],
    ['generated GraphQL client (`generated/graphql/index.ts`) + runtime', graphqlClient],
    ['runtime entry alone (`src/runtime/index.ts`)', runtimeEntry],
  ];
  const out: ImportResult[] = [];
  for (const [label, file] of targets) {
    if (!existsSync(file)) {
      out.push({ label, notMeasured: `${path.relative(repoRoot, file)} missing` });
      continue;
    }
    const outfile = path.join(sizeDir, 'import', `${path.basename(path.dirname(file))}-${path.basename(file, '.ts')}.mjs`);
    try {
      await build({
        absWorkingDir: repoRoot,
        entryPoints: [file],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        logLevel: 'silent',
      });
    } catch (error) {
      out.push({ label, notMeasured: `esbuild failed: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const s = await importTime(pathToFileURL(outfile).href, runs);
    out.push(s.error ? { label, notMeasured: s.error } : { label, median: s.median, min: s.min });
  }
  return out;
}

export interface SizeResults {
  bundles: BundleSize[];
  taskPage: TaskPageResult;
  imports: ImportResult[];
}

export async function runSizeBench(argv: string[] = []): Promise<SizeResults> {
  const opts = benchOptions(argv);
  console.error('size: bundling apps with esbuild…');
  const bundles: BundleSize[] = [];
  for (const [i, app] of apps().entries()) bundles.push(await bundleSize(app, i));
  console.error('size: task page…');
  const page = await taskPage();
  console.error('size: import time of the generated clients…');
  const imports = await importTimes(opts.runs(10));
  const result = { bundles, taskPage: page, imports };
  writePartResult('size', renderSize(result, opts.runs(10)), result);
  return result;
}

function renderSize(r: SizeResults, runs: number): string {
  const fetchApp = r.bundles.find((b) => b.label.startsWith('openapi-fetch app'));
  const rows = r.bundles.map((b) =>
    b.notMeasured
      ? [b.label, `not measured: ${b.notMeasured}`, '', '']
      : [
          b.label,
          kib(b.minified!),
          `**${kib(b.gzipped!)}** (${b.gzipped} B)`,
          fetchApp?.gzipped ? `${(b.gzipped! / fetchApp.gzipped).toFixed(2)}×` : '',
        ],
  );
  const p = r.taskPage;
  const bearer = r.bundles.find((b) => b.label.startsWith('ours, strategy path') && b.label.includes('getTaskById'));
  return [
    '## Runtime size and import time',
    '',
    "Browser apps bundled with esbuild (`--bundle --minify --format=esm --platform=browser --target=es2022`), gzip level 9 (`bench/lib/browser-bundle-size.ts`, which `test/runtime/size-budget.test.ts` measures through too). The apps are in `bench/size.ts`. Bytes, not time: these figures do not depend on the machine's load.",
    '',
    table(['app', 'minified', 'gzipped', 'gzipped vs openapi-fetch app'], rows),
    '',
    '### Our pages split into chunks (esbuild `--splitting`, as a bundler splits at `import()`)',
    '',
    'Up front: the entry chunk and the chunks it imports statically, each gzipped on its own (as a server sends them). Loaded on first use: the chunk an `import()` loads when a call first needs it (OAuth, the cookie session), with the chunks it imports that are not already loaded. Never loaded: chunks esbuild wrote that no live `import()` of the page can reach.',
    '',
    table(
      ['app', 'up front, gzipped', 'up-front chunks', 'loaded on first use, gzipped', 'never loaded'],
      r.bundles
        .filter((b) => b.split)
        .map((b) => {
          const split = b.split!;
          return [
            b.label,
            `**${kib(split.upFront.gzipped)}** (${split.upFront.gzipped} B)`,
            split.upFront.chunks.map((c) => `${c.file.replace(/-\w+\.js$/, '')} ${c.gzipped} B`).join(', '),
            split.lazy
              .map((c) => `${c.chunk.replace(/-\w+\.js$/, '')} ${c.gzipped} B (${c.inputs.map((i) => `\`${i}\``).join(', ')})`)
              .join('; ') || 'nothing',
            split.neverLoaded.map((c) => `${c.file.replace(/-\w+\.js$/, '')} ${c.gzipped} B`).join(', ') || 'nothing',
          ];
        }),
    ),
    '',
    ...(bearer?.bytesByInput
      ? [
          `### Where the bytes of the bearer REST app are (minified bytes per module, esbuild's metafile)`,
          '',
          table(
            ['module', 'minified bytes'],
            bearer.bytesByInput.map(([file, bytes]) => [`\`${file}\``, String(bytes)]),
          ),
          '',
        ]
      : []),
    '### `examples/task-page/` bundle',
    '',
    p.notMeasured
      ? `Not measured: ${p.notMeasured}.`
      : table(
          ['what', 'bytes'],
          [
            ['`main.js` minified', kib(p.bundleBytes!)],
            ['`main.js` gzipped', `**${kib(p.bundleGzipBytes!)}** (${p.bundleGzipBytes} B)`],
            [
              'runtime (src/runtime, src/auth, src/util) minified',
              `${kib(p.runtimeBytes!)} (${(p.runtimeShare! * 100).toFixed(1)} % of the bundle)`,
            ],
            ['runtime share of the gzipped bundle (by its share of minified bytes)', `~${kib(p.runtimeGzipBytes!)}`],
          ],
        ),
    '',
    `### Import time in Node (fresh process, timed around \`await import()\`, median of ${runs})`,
    '',
    table(
      ['module', 'median', 'min'],
      r.imports.map((i) => (i.notMeasured ? [i.label, `not measured: ${i.notMeasured}`, ''] : [i.label, ms(i.median!), ms(i.min!)])),
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runSizeBench(process.argv.slice(2));
  console.log(readFileSync(path.join(workDir, 'results', 'size.md'), 'utf8'));
}
