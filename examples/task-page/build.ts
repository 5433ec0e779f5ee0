/**
 * Bundles the task page with esbuild into `dist/`: `index.html`, `style.css`, `main.js`, plus
 * `meta.json` (esbuild's metafile, for anyone who wants to look inside) and `size.json` (the
 * summary the bench reports: gzipped bundle size and how much of it is the runtime).
 *
 *   npx tsx examples/task-page/build.ts [outDir]
 *
 * Tests and the bench import `buildTaskPage` instead, so they always bundle the current
 * generated code and runtime.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const pageDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(pageDir, '../..');

/** Where bundled bytes came from, by the path of the input module (relative to the repo root). */
export type BundlePart = 'runtime' | 'generated' | 'page' | 'dependencies';

export interface TaskPageSize {
  /** Minified `main.js`, in bytes. */
  bundleBytes: number;
  /** Minified `main.js`, gzipped (level 9), in bytes. */
  bundleGzipBytes: number;
  /** Minified bytes each part contributes to `main.js` (esbuild's `bytesInOutput`). */
  partBytes: Record<BundlePart, number>;
  /**
   * The runtime's share of the gzipped bundle, attributed in proportion to its minified bytes
   * (gzip works across module boundaries, so there is no exact per-module gzipped size).
   */
  runtimeGzipBytes: number;
  /** `partBytes.runtime / bundleBytes`, 0..1. */
  runtimeShare: number;
  /** Input modules per part (repo-relative paths), so a reader sees what "runtime" counted. */
  partInputs: Record<BundlePart, string[]>;
}

export interface TaskPageBuild {
  outDir: string;
  metafile: Metafile;
  size: TaskPageSize;
}

/** esbuild's errors, each as `file:line:column: message`, and what to do when generated code is missing. */
export class TaskPageBuildError extends Error {
  override readonly name = 'TaskPageBuildError';
  constructor(cause: unknown) {
    const errors = (cause as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
    const lines = errors?.map((e) =>
      e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text,
    ) ?? [cause instanceof Error ? cause.message : String(cause)];
    const missingGenerated = lines.some((line) => /Could not resolve ".*generated\//.test(line));
    super(
      `Could not bundle the task page:\n  ${lines.join('\n  ')}` +
        (missingGenerated ? '\nThe page imports the generated clients: run `npm run generate` first.' : ''),
      { cause },
    );
  }
}

export interface BuildTaskPageOptions {
  /** Default `examples/task-page/dist`. */
  outDir?: string;
  /** Default true; the size report only means something minified. */
  minify?: boolean;
}

/**
 * `src/runtime` is the browser-safe runtime entry and everything it reaches in `src/auth` and
 * `src/util` (the strategies and redaction it is built on); a package from node_modules is a dependency.
 */
function partOf(input: string): BundlePart {
  if (input.includes('node_modules/')) return 'dependencies';
  if (/^(src\/runtime|src\/auth|src\/util)\//.test(input)) return 'runtime';
  if (input.startsWith('generated/')) return 'generated';
  return 'page';
}

export async function buildTaskPage(options: BuildTaskPageOptions = {}): Promise<TaskPageBuild> {
  const outDir = path.resolve(options.outDir ?? path.join(pageDir, 'dist'));
  const minify = options.minify ?? true;
  await mkdir(outDir, { recursive: true });

  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(pageDir, 'src/main.ts')],
    outfile: path.join(outDir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    // No source map: the size report is about what ships.
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: true,
  }).catch((error: unknown) => {
    throw new TaskPageBuildError(error);
  });

  await Promise.all([
    copyFile(path.join(pageDir, 'index.html'), path.join(outDir, 'index.html')),
    copyFile(path.join(pageDir, 'style.css'), path.join(outDir, 'style.css')),
    buildFormPage(outDir, minify),
  ]);

  const size = await measure(result.metafile, outDir);
  await writeFile(path.join(outDir, 'meta.json'), JSON.stringify(result.metafile, null, 2) + '\n');
  await writeFile(path.join(outDir, 'size.json'), JSON.stringify(size, null, 2) + '\n');
  return { outDir, metafile: result.metafile, size };
}

/**
 * The form page (`form.html`, `form.js`): a bundle of its own, so form-js's viewer (preact,
 * flatpickr, FEEL) stays out of `main.js` and out of its size report.
 */
async function buildFormPage(outDir: string, minify: boolean): Promise<void> {
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(pageDir, 'src/form-page.ts')],
    outfile: path.join(outDir, 'form.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    write: true,
  }).catch((error: unknown) => {
    throw new TaskPageBuildError(error);
  });
  const viewerCss = createRequire(import.meta.url).resolve('@bpmn-io/form-js-viewer/dist/assets/form-js.css');
  await Promise.all([
    copyFile(path.join(pageDir, 'form.html'), path.join(outDir, 'form.html')),
    copyFile(viewerCss, path.join(outDir, 'form-js.css')),
  ]);
}

async function measure(metafile: Metafile, outDir: string): Promise<TaskPageSize> {
  const bundle = await readFile(path.join(outDir, 'main.js'));
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('main.js'))?.[1];
  if (!output) throw new Error('esbuild wrote no main.js output; is examples/task-page/src/main.ts the entry?');

  const partBytes: Record<BundlePart, number> = { runtime: 0, generated: 0, page: 0, dependencies: 0 };
  const partInputs: Record<BundlePart, string[]> = { runtime: [], generated: [], page: [], dependencies: [] };
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const part = partOf(input);
    partBytes[part] += bytesInOutput;
    partInputs[part].push(input);
  }
  for (const list of Object.values(partInputs)) list.sort();

  const bundleGzipBytes = gzipSync(bundle, { level: 9 }).byteLength;
  const runtimeShare = bundle.byteLength === 0 ? 0 : partBytes.runtime / bundle.byteLength;
  return {
    bundleBytes: bundle.byteLength,
    bundleGzipBytes,
    partBytes,
    runtimeGzipBytes: Math.round(bundleGzipBytes * runtimeShare),
    runtimeShare: Number(runtimeShare.toFixed(4)),
    partInputs,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const built = await buildTaskPage({ outDir: process.argv[2] });
    const { size } = built;
    console.log(`task page → ${path.relative(process.cwd(), built.outDir) || '.'}`);
    console.log(`  main.js ${size.bundleBytes} B minified, ${size.bundleGzipBytes} B gzipped`);
    console.log(
      `  runtime ${size.partBytes.runtime} B minified, ~${size.runtimeGzipBytes} B of the gzipped bundle (${(size.runtimeShare * 100).toFixed(1)} %)`,
    );
    console.log(`  generated ${size.partBytes.generated} B, page ${size.partBytes.page} B, dependencies ${size.partBytes.dependencies} B`);
  } catch (error) {
    console.error(error instanceof TaskPageBuildError ? error.message : error);
    process.exitCode = 1;
  }
}
