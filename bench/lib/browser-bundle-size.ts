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
import { build, type Metafile } from 'esbuild';

export interface BundleMeasure {
  minified: number;
  gzipped: number;
  code: Uint8Array;
  /** Minified bytes per input file (repo-relative), largest first. */
  bytesByInput: Array<[file: string, bytes: number]>;
}

/** `source` (an app's TypeScript, imports absolute or relative to `repoRoot`) bundled, minified and gzipped. */
export async function measureBrowserBundle(source: string, repoRoot: string): Promise<BundleMeasure> {
  const result = await build({
    stdin: { contents: source, resolveDir: repoRoot, sourcefile: 'app.ts', loader: 'ts' },
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    outfile: 'app.min.js',
    logLevel: 'silent',
    // Resolve bare imports (openapi-fetch) from the repo's node_modules.
    nodePaths: [path.join(repoRoot, 'node_modules')],
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, code, bytesByInput: bytesByInput(result.metafile) };
}

function bytesByInput(metafile: Metafile): Array<[string, number]> {
  const output = Object.values(metafile.outputs)[0];
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([file, input]): [string, number] => [file, input.bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
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
