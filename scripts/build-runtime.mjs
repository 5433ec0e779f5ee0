/**
 * `npm run build -w @tasklist-codegen/runtime [-- --outDir DIR]`: compiles the runtime package
 * (packages/runtime) from the repository's own sources into DIR (default packages/runtime/dist).
 *
 * The runtime is not a second copy of the code: src/runtime, the browser-safe src/auth and the few
 * src/util files they import are compiled a second time, on their own, by
 * packages/runtime/tsconfig.json, which names the package's three entry points (the browser entry,
 * the Node entry, the Redis token store). tsc follows their imports and emits only those files, so
 * nothing of the generator can end up in the package: a generator import would have to appear in
 * the runtime's sources first, which the browser-safety test forbids.
 *
 * The JavaScript keeps the sources' layout (DIR/runtime, DIR/auth, DIR/util). The declarations are
 * rolled up, one file per entry (DIR/index.d.ts, DIR/node.d.ts, DIR/redis.d.ts) and one chunk they
 * share (DIR/shared.d.ts, so each class is declared once and `HttpError` is the same type through
 * every entry): an app's compiler reads, parses and binds each declaration the runtime publishes,
 * and with `skipLibCheck: false` checks it too, so it gets what the entries export and no more,
 * in a few files rather than ~25 (the modules' helpers that they export to each other are left out).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const packageDir = path.join(root, 'packages', 'runtime');
const require = createRequire(path.join(root, 'package.json'));

const args = process.argv.slice(2);
const outDirIndex = args.indexOf('--outDir');
const outDir = path.resolve(packageDir, outDirIndex >= 0 ? args[outDirIndex + 1] : 'dist');

/** The package's entries (packages/runtime/package.json `exports`): their declaration file in DIR, and the source it comes from. */
const ENTRIES = { index: 'runtime/index', node: 'runtime/node', redis: 'auth/redis-token-store' };

/**
 * The config's parts that `createTasklistClient` builds on, which the entries leave out on purpose
 * (one way in: test/runtime/entries.test.ts); an app names them through the config, as
 * `NodeTasklistClientConfig['transport']`. The roll-up warns that it does not export them.
 */
const UNEXPORTED_ON_PURPOSE = new Set(['ClientParts', 'TransportOptions']);

/** @param {string[]} options */
function tsc(options) {
  const run = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(packageDir, 'tsconfig.json'), ...options],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.status !== 0) throw new Error('tsc failed (its messages are above)');
}

// A file renamed or removed in src/ must not live on in the package.
rmSync(outDir, { recursive: true, force: true });
// The declarations keep every doc comment (an editor shows them); tsc writes them per module into a
// scratch folder, and rollup-plugin-dts rolls them up into DIR.
const declarations = mkdtempSync(path.join(os.tmpdir(), 'tasklist-runtime-declarations-'));
try {
  tsc(['--outDir', declarations, '--emitDeclarationOnly']);
  dropModuleHeaders(declarations);
  await rollUpDeclarations(declarations, outDir);
  for (const name of [...Object.keys(ENTRIES), 'shared']) exportInPlace(path.join(outDir, `${name}.d.ts`));
  // The JavaScript keeps no comments (nobody reads it in node_modules, and comments were half of its
  // bytes: an app installs it).
  tsc(['--outDir', outDir, '--declaration', 'false', '--removeComments']);
  console.log(`built ${path.relative(root, outDir) || '.'}/ (@tasklist-codegen/runtime)`);
} catch (error) {
  console.error(`build-runtime: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(declarations, { recursive: true, force: true });
}

/**
 * A module's header comment, before its imports, says what the module is: rolled up, with the
 * imports gone, it would sit above the module's first declaration and an editor would show it as
 * that declaration's documentation.
 * @param {string} dir
 */
function dropModuleHeaders(dir) {
  for (const name of readdirSync(dir, { recursive: true })) {
    if (!name.endsWith('.d.ts')) continue;
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const first = source.statements[0];
    if (first && (ts.isImportDeclaration(first) || (ts.isExportDeclaration(first) && first.moduleSpecifier)))
      writeFileSync(file, text.slice(first.getStart(source)));
  }
}

/**
 * One declaration file per entry in `to`, from the per-module ones in `from`. Every module the
 * browser entry reaches goes into one shared chunk (the Node entry and the Redis store import from
 * it); what only the Node entry reaches (its transport, the disk token store) stays in node.d.ts.
 * @param {string} from
 * @param {string} to
 */
async function rollUpDeclarations(from, to) {
  const input = Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, path.join(from, `${source}.d.ts`)]));
  /** @type {Set<string> | undefined} */
  let browserModules;
  const bundle = await rollup({
    input,
    plugins: [dts()],
    onwarn: (warning) => {
      const unnamed = /private shared type exports with no public re-export: ([\w$, ]+)\./.exec(warning.message);
      if (unnamed && unnamed[1].split(', ').every((name) => UNEXPORTED_ON_PURPOSE.has(name))) return;
      // Anything else (say, a type an entry references and no entry exports) would ship broken: stop.
      throw new Error(warning.message);
    },
  });
  await bundle.write({
    dir: to,
    format: 'es',
    // The chunk's exports keep their names (`HttpError`, not `L`): an editor's go-to-definition and
    // a reader of node_modules see them.
    minifyInternalExports: false,
    entryFileNames: '[name].d.ts',
    chunkFileNames: '[name].d.ts',
    manualChunks: (id, { getModuleInfo }) => {
      if (!browserModules) {
        browserModules = new Set();
        const visit = (/** @type {string} */ module) => {
          if (browserModules.has(module)) return;
          browserModules.add(module);
          for (const imported of getModuleInfo(module)?.importedIds ?? []) visit(imported);
        };
        visit(input.index);
        browserModules.delete(input.index);
      }
      return browserModules.has(id) ? 'shared' : undefined;
    },
  });
  await bundle.close();
}

/**
 * Rolled up, a file declares each name locally and exports it in a list at the end
 * (`interface RestClient …` … `export { RestClient }`), and re-exports an imported name the same
 * way (`import { TasklistClient } from './shared.js'` … `export { TasklistClient }`). TypeScript
 * before 5.4 cannot name a type reached that way when it writes an app's declarations (TS2742 on
 * `export const client = createTasklistClient()` with `declaration: true`), as it can a declaration
 * that carries `export` and a name re-exported with `export { … } from`. So: `export` goes onto each
 * declaration the list names under its own name, and an imported name is re-exported from its module.
 * @param {string} file
 */
function exportInPlace(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  /** @param {ts.Statement} statement */
  const declaredName = (statement) => {
    const list = ts.isVariableStatement(statement) ? statement.declarationList.declarations : undefined;
    // `declare const a: A, b: B;` would take one `export` for both: left in the list (the test then fails).
    const name = ts.getNameOfDeclaration(list ? (list.length === 1 ? list[0] : undefined) : /** @type {ts.Declaration} */ (statement));
    return name && ts.isIdentifier(name) ? name.text : undefined;
  };
  /** @type {Map<string, ts.Statement[]>} */
  const declarations = new Map();
  /** @type {Map<string, { from: string, imported: string }>} */
  const imports = new Map();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings) && ts.isStringLiteral(statement.moduleSpecifier))
        for (const element of bindings.elements)
          imports.set(element.name.text, { from: statement.moduleSpecifier.text, imported: (element.propertyName ?? element.name).text });
      continue;
    }
    const name = declaredName(statement);
    if (name !== undefined && !ts.isExportDeclaration(statement)) declarations.set(name, [...(declarations.get(name) ?? []), statement]);
  }
  /** @type {Array<[number, number, string]>} */
  const edits = [];
  for (const statement of source.statements) {
    if (
      !ts.isExportDeclaration(statement) ||
      statement.moduleSpecifier ||
      !statement.exportClause ||
      !ts.isNamedExports(statement.exportClause)
    )
      continue;
    /** @type {string[]} */
    const kept = [];
    /** @type {string[]} */
    const reexports = [];
    for (const element of statement.exportClause.elements) {
      const name = element.name.text;
      const local = (element.propertyName ?? element.name).text;
      const declared = local === name ? declarations.get(name) : undefined;
      const imported = imports.get(local);
      if (declared) {
        for (const declaration of declared)
          if (!(ts.getCombinedModifierFlags(/** @type {ts.Declaration} */ (declaration)) & ts.ModifierFlags.Export))
            edits.push([declaration.getStart(source), declaration.getStart(source), 'export ']);
      } else if (imported) {
        const as = imported.imported === name ? name : `${imported.imported} as ${name}`;
        reexports.push(`export ${statement.isTypeOnly ? 'type ' : ''}{ ${as} } from '${imported.from}';`);
      } else kept.push(element.getText(source));
    }
    const list = kept.length ? [`export ${statement.isTypeOnly ? 'type ' : ''}{ ${kept.join(', ')} };`] : [];
    edits.push([statement.getStart(source), statement.end, [...list, ...reexports].join('\n')]);
  }
  let out = text;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + replacement + out.slice(end);
  // The lists' lines are gone: no run of blank lines where they stood.
  writeFileSync(file, `${out.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
}
