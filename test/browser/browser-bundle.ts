/**
 * Bundles a module the way a browser app would (esbuild, `platform: 'browser'`) and reports every
 * import that has no business on the browser path: Node built-ins (`fs`, `node:*`, …) and the
 * generator's heavy dependencies. A report rather than a throw, so tests can show all of them.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Packages only the generator (or Node-only transport) may use. */
export const generatorOnlyPackages = [
  'graphql',
  '@graphql-codegen',
  '@graphql-inspector',
  '@redocly',
  'openapi-typescript',
  'code-block-writer',
  'typescript',
  'undici',
  'jiti',
  'commander',
  'yaml',
  'js-yaml',
] as const;

export interface BrowserBundleReport {
  /** `importer → specifier: why`, one per offending import, sorted. */
  problems: string[];
  /** Repo-relative input files that ended up in the bundle. */
  inputs: string[];
  /** Minified output size in bytes. */
  bytes: number;
}

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isGeneratorOnly(specifier: string): boolean {
  const name = packageName(specifier);
  return generatorOnlyPackages.some(
    (banned) => name === banned || (banned.startsWith('@') && !banned.includes('/') && name.startsWith(`${banned}/`)),
  );
}

export async function checkBrowserBundle(
  entry: { file: string } | { contents: string; resolveDir: string },
  repoRoot: string,
): Promise<BrowserBundleReport> {
  const problems: string[] = [];
  const where = (importer: string) => (importer ? path.relative(repoRoot, importer) : '<entry>');

  const guard: Plugin = {
    name: 'browser-path-guard',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        // Type-only imports never reach esbuild (it strips them), so anything seen here is real.
        if (builtins.has(args.path) || args.path.startsWith('node:')) {
          problems.push(`${where(args.importer)} → ${args.path}: a Node built-in (move it behind src/runtime/node.ts)`);
          return { path: args.path, external: true };
        }
        if (!args.path.startsWith('.') && !path.isAbsolute(args.path) && isGeneratorOnly(args.path)) {
          problems.push(`${where(args.importer)} → ${args.path}: a generator/Node-only dependency`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };

  const result = await build({
    absWorkingDir: repoRoot,
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, sourcefile: 'entry.ts', loader: 'ts' as const } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [guard],
  }).catch((error: unknown) => {
    // esbuild's own resolution errors (e.g. a bare `fs` its browser platform refuses) are problems too.
    const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
    if (!errors) throw error;
    for (const e of errors) {
      const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}` : '<bundle>';
      problems.push(`${at}: ${e.text}`);
    }
    return undefined;
  });

  const inputs = result ? Object.keys(result.metafile.inputs).sort() : [];
  const bytes = result?.outputFiles[0]?.contents.byteLength ?? 0;
  return { problems: [...new Set(problems)].sort(), inputs, bytes };
}
