/**
 * Bundles the two generators into one CommonJS file each, their libraries included (see
 * src/generate/engines.ts for why). Each exports `run(options)`, which answers with the result or
 * the error as data (src/generate/engine-reply.ts). Used by `npm run build`, and by engines.ts when
 * the generator runs from the sources (tsx, the tests), so that both run the same engines.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * openapi-typescript's `import ts from 'typescript'` as the REST generator's own syntax printer
 * (src/generate/rest/syntax-printer/): the members of TypeScript's API its transform uses, and a
 * printer that prints what TypeScript's does. The engine then neither loads nor compiles the
 * 9 MB compiler, most of a first run's time before (no code cache: a fresh CI job).
 * @type {import('esbuild').Plugin}
 */
export const typescriptAsSyntaxPrinter = {
  name: 'typescript-as-syntax-printer',
  setup(b) {
    b.onResolve({ filter: /^typescript$/ }, (args) =>
      // Only openapi-typescript's: the printer holds just what it uses; anything else asking for the compiler must not get it silently.
      /[\\/]node_modules[\\/]openapi-typescript[\\/]/.test(args.importer)
        ? { path: path.join(root, 'src', 'generate', 'rest', 'syntax-printer', 'index.ts') }
        : {
            errors: [
              {
                text: `${args.importer} imports typescript: only openapi-typescript's import is provided for, by src/generate/rest/syntax-printer/`,
              },
            ],
          },
    );
  },
};

/**
 * Writes `outDir/engines/graphql.cjs` and `outDir/engines/rest.cjs`, and the code cache loader
 * they are loaded with on a worker thread, `outDir/engines/code-cache.cjs`.
 * @param {string} outDir
 * @returns {Promise<void>}
 */
export async function buildEngines(outDir) {
  /**
   * openapi-typescript's entry imports Redocly for `openapiTS()`, which the generator does not
   * call: with Redocly's entry declared free of side effects the bundler leaves out all of it that
   * nothing calls (most of it), as it can with ES modules.
   * @type {import('esbuild').Plugin}
   */
  const redoclyUnlessUsed = {
    name: 'redocly-unless-used',
    setup(b) {
      b.onResolve({ filter: /^@redocly\/openapi-core$/ }, async (args) => {
        if (args.pluginData === 'redocly-unless-used') return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'redocly-unless-used',
        });
        return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
      });
    },
  };

  const engine = (generator, entry) =>
    [
      `import { ${generator} } from './${entry}';`,
      `import { replyOf } from './engine-reply.ts';`,
      `export const run = (options) => replyOf(() => ${generator}(options));`,
    ].join('\n');
  const engines = { graphql: engine('generateGraphQL', 'graphql/index.ts'), rest: engine('generateRest', 'rest/index.ts') };

  rmSync(path.join(outDir, 'engines'), { recursive: true, force: true });
  for (const [name, contents] of Object.entries(engines)) {
    const { outputFiles } = await build({
      stdin: { contents, resolveDir: path.join(root, 'src', 'generate'), sourcefile: `engines/${name}.entry.js`, loader: 'ts' },
      outfile: path.join(outDir, 'engines', `${name}.cjs`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      plugins: [typescriptAsSyntaxPrinter, redoclyUnlessUsed],
      // Bundled ES modules that ask for their own URL (createRequire(import.meta.url)) get the engine's.
      // __TASKLIST_CODEGEN_ENGINE__: code that may rely on the bundle's single copy of each library (graphql/index.ts).
      define: { 'import.meta.url': '__engineUrl', __TASKLIST_CODEGEN_ENGINE__: 'true' },
      banner: {
        js: `/* tasklist-codegen's ${name} generator with its libraries, bundled by scripts/build.mjs (licences at the end). */\nconst __engineUrl = require('node:url').pathToFileURL(__filename).href;`,
      },
      legalComments: 'eof',
      minifyWhitespace: true,
      minifySyntax: true,
      keepNames: true,
      logLevel: 'warning',
      write: false,
    });
    for (const output of outputFiles) {
      mkdirSync(path.dirname(output.path), { recursive: true });
      writeFileSync(output.path, escapeBeyondLatin1(output.text));
    }
  }
  // The code cache's loader, for the worker thread: the module the main thread imports, as CommonJS.
  await build({
    entryPoints: [path.join(root, 'src', 'util', 'code-cache.ts')],
    outfile: path.join(outDir, 'engines', 'code-cache.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: "/* tasklist-codegen's code cache loader (src/util/code-cache.ts), bundled by scripts/build.mjs. */" },
    minifySyntax: true,
    logLevel: 'warning',
  });
}

/**
 * `code` with every character beyond Latin-1 written as a `\uXXXX` escape. V8 keeps a script's
 * source in memory while its functions live, one byte per character, unless one character is
 * beyond Latin-1: then all of it takes two (the GraphQL engine's 1.4 MB as 2.9 MB, for title-case's
 * `–—` in a regular expression). esbuild escapes such characters in strings and templates, not in
 * regular expression literals, even with `charset: 'ascii'`; what is left here is in those, in
 * comments and, in principle, identifiers, where the escape means the same character (with the
 * `u` flag too, a surrogate pair written as two escapes is one code point). A character escaped
 * by a backslash already (`\–`, the character itself in a regular expression) loses the backslash.
 * @param {string} code
 * @returns {string}
 */
export function escapeBeyondLatin1(code) {
  return code.replace(/(\\*)([^\0-\xff])/g, (_, backslashes, unit) => {
    const escape = `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return backslashes.length % 2 === 1 ? backslashes.slice(1) + escape : backslashes + escape;
  });
}
