/**
 * What an app's compiler reads of the runtime: the declarations the runtime package publishes
 * (built here with its build script, scripts/build-runtime.mjs): one rolled-up file per entry and
 * one chunk they share, holding what the entries export, each name with the doc comment of its
 * source, and each class declared once for every entry.
 *
 * They import only each other, so an app that calls generated functions does not make its
 * `tsc` load and check openapi-fetch's declarations (its client types are generic over a whole
 * `paths` interface, and checking them was most of the consumer's type-check: ~156,000 of the
 * ~160,000 type instantiations of an app over the Orchestration Cluster client). The middleware
 * type the runtime declares instead stays interchangeable with openapi-fetch's `Middleware`.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRest } from '../../src/generate/rest/index.js';
import { compilerHost } from '../support/compiler-host.js';
import { STRICT_COMPILER_OPTIONS } from '../support/strict-compiler-options.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let root: string;
let declarations: string;

/** Builds the runtime package into `outDir` with its build script, as `npm pack` does. */
function buildRuntimePackage(outDir: string): void {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-runtime.mjs'), '--outDir', outDir], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`scripts/build-runtime.mjs exited ${build.status}\n${build.stdout}${build.stderr}`);
}

/** The package's entries: their source, and their published declarations (packages/runtime/package.json `exports`). */
const ENTRIES = [
  { source: 'src/runtime/index.ts', published: 'index.d.ts' },
  { source: 'src/runtime/node.ts', published: 'node.d.ts' },
  { source: 'src/auth/redis-token-store.ts', published: 'redis.d.ts' },
];

/** Each name `file` exports in `program`, with the symbol it stands for (an alias followed). */
function exportsOf(program: ts.Program, file: string): Array<{ name: string; target: ts.Symbol }> {
  const checker = program.getTypeChecker();
  return checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!).map((symbol) => ({
    name: symbol.name,
    target: symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
  }));
}

/** The entries' sources as one program, with the consumer's options and Node's types, and those options. */
function sourcesProgram(): { sources: ts.Program; options: ts.CompilerOptions } {
  const { options } = ts.convertCompilerOptionsFromJson({ ...STRICT_COMPILER_OPTIONS, types: ['node'] }, root);
  const sources = ts.createProgram(
    ENTRIES.map((entry) => path.join(repoRoot, entry.source)),
    { ...options, skipLibCheck: true },
    compilerHost(options),
  );
  return { sources, options };
}

/** Each exported name of `file` in `program`, with what an editor shows of it: its doc comment and tags, and its members' doc comments. */
function exportedDocumentation(program: ts.Program, file: string): Record<string, unknown> {
  const checker = program.getTypeChecker();
  const names: Record<string, unknown> = {};
  const doc = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker));
  for (const { name, target } of exportsOf(program, file)) {
    // A class's private members are not in declarations (`#private;`), nor their comments.
    const isPrivate = (member: ts.Symbol) =>
      member.declarations?.some(
        (declaration) =>
          ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private ||
          ts.getNameOfDeclaration(declaration)?.kind === ts.SyntaxKind.PrivateIdentifier,
      ) ?? false;
    const members = [...(target.members?.values() ?? []), ...(target.exports?.values() ?? [])]
      .filter((member) => doc(member) !== '' && !isPrivate(member))
      .map((member) => `${member.name}: ${doc(member)}`);
    const tags = target.getJsDocTags(checker).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`);
    names[name] = { doc: doc(target), tags, members: members.sort() };
  }
  return names;
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => repoRoot,
  getNewLine: () => '\n',
};

/** A strict program over `files` (the consumer's options); its errors, formatted, the files it read and the checker's type instantiations. */
function typeCheck(files: string[], overrides: Record<string, unknown> = {}): { errors: string; read: string[]; instantiations: number } {
  const { options, errors } = ts.convertCompilerOptionsFromJson({ ...STRICT_COMPILER_OPTIONS, ...overrides }, root);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, formatHost));
  const program = ts.createProgram(files, options, compilerHost(options));
  return {
    errors: ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), formatHost),
    read: program.getSourceFiles().map((file) => file.fileName),
    // After the diagnostics: the count is of the whole check (what `tsc --extendedDiagnostics` prints).
    instantiations: program.getInstantiationCount(),
  };
}

async function declarationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith('.d.ts')).map((name) => path.join(dir, name));
}

/**
 * A project folder with the runtime installed as npm installs it (its package.json and dist/
 * copied into node_modules, not linked), so the app reaches it only through the `exports` map:
 * the shared chunk is then a file the app cannot name, as in a real install.
 */
async function installedApp(name: string): Promise<string> {
  const dir = path.join(root, name);
  const packageDir = path.join(dir, 'node_modules', '@tasklist-codegen', 'runtime');
  await mkdir(packageDir, { recursive: true });
  await cp(path.join(repoRoot, 'packages/runtime/package.json'), path.join(packageDir, 'package.json'));
  await cp(declarations, path.join(packageDir, 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  return dir;
}

/** Node's lib without the DOM: a bot whose fetch types come from @types/node. */
const NODE_ONLY_LIB = { lib: ['ES2022'], types: ['node'] };

beforeAll(async () => {
  // Inside the repository, so the apps below resolve openapi-fetch from its node_modules when they import it.
  await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
  root = await mkdtemp(path.join(repoRoot, '.tmp', 'consumer-declarations-'));
  declarations = path.join(root, 'runtime-dist');
  buildRuntimePackage(declarations);
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("the runtime's published declarations", () => {
  it('are one file per entry and one chunk they share, which import only each other (no package: an app loads none besides them)', async () => {
    const files = await declarationFiles(declarations);
    expect(files.map((file) => path.relative(declarations, file)).sort()).toEqual(['index.d.ts', 'node.d.ts', 'redis.d.ts', 'shared.d.ts']);
    const bare: string[] = [];
    for (const file of files) {
      // The module names of its imports and re-exports (not the ones its doc comments show).
      for (const imported of ts.preProcessFile(await readFile(file, 'utf8'), true, true).importedFiles) {
        if (!imported.fileName.startsWith('.')) bare.push(`${path.relative(declarations, file)}: ${imported.fileName}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it("an app calling generated functions type-checks without openapi-fetch's declarations", async () => {
    const dir = path.join(root, 'app');
    await mkdir(dir, { recursive: true });
    const result = await generateRest({
      documentFile: path.join(repoRoot, 'schemas/tasklist.openapi.json'),
      cwd: dir,
      runtimeImport: path.join(declarations, 'index.js'),
    });
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
      await writeFile(path.join(dir, file.path), file.contents);
    }
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    await writeFile(
      path.join(dir, 'app.ts'),
      [
        `import { createTasklistClient } from ${JSON.stringify(path.join(declarations, 'index.js'))};`,
        "import type { paths } from './rest/schema.js';",
        "import { completeTask, getTaskById, searchTasks } from './rest/index.js';",
        "const { rest } = createTasklistClient<paths>({ baseUrl: 'http://localhost:8080', graphql: false });",
        'export async function app() {',
        "  const tasks = await searchTasks(rest, { body: { state: 'CREATED' } });",
        '  const task = await getTaskById(rest, { path: { taskId: tasks[0]?.id ?? "" } });',
        "  return completeTask(rest, { path: { taskId: task.id ?? '' }, body: { variables: [] } });",
        '}',
        '',
      ].join('\n'),
    );
    const { errors, read, instantiations } = typeCheck([path.join(dir, 'app.ts')]);
    expect(errors).toBe('');
    expect(read.filter((file) => /node_modules\/(openapi-fetch|openapi-typescript-helpers)\//.test(file))).toEqual([]);
    // Of the runtime, the browser entry and the chunk it re-exports: two files to read, parse and check.
    expect(read.filter((file) => file.startsWith(declarations)).map((file) => path.relative(declarations, file))).toEqual([
      'shared.d.ts',
      'index.d.ts',
    ]);
    // The checker's work, which does not move with the machine's load: with openapi-fetch's
    // declarations it was ~158,000; the pager's inferred item type alone cost ~500.
    console.log(`consumer type-check over the Tasklist client: ${instantiations} type instantiations`);
    expect(instantiations).toBeLessThan(1_000);
  }, 120_000);

  it("a Node app without the DOM lib (fetch's types from @types/node) reads every entry's declarations", async () => {
    const dir = await installedApp('node-app');
    await writeFile(
      path.join(dir, 'bot.ts'),
      [
        "import { bearerAuth, createTasklistClient } from '@tasklist-codegen/runtime';",
        "import { createDiskTokenStore, createTasklistClient as createNodeClient } from '@tasklist-codegen/runtime/node';",
        "import type { RedisTokenStoreOptions } from '@tasklist-codegen/runtime/redis';",
        "export const client = createTasklistClient({ baseUrl: 'http://localhost:8080', auth: bearerAuth(() => 'token') });",
        "export const bot = createNodeClient({ node: { tokenCacheDir: '.tokens', maxConnections: 8 } });",
        "export const store = createDiskTokenStore({ dir: '.tokens' });",
        'export type Options = RedisTokenStoreOptions;',
        '',
      ].join('\n'),
    );
    // skipLibCheck stays false: every declaration of the three entries is checked against Node's lib.
    const { errors, read } = typeCheck([path.join(dir, 'bot.ts')], NODE_ONLY_LIB);
    expect(read.some((file) => file.endsWith('lib.dom.d.ts'))).toBe(false);
    expect(read.filter((file) => file.includes('/node_modules/@tasklist-codegen/runtime/dist/')).length).toBeGreaterThan(0);
    expect(errors).toBe('');
  }, 120_000);

  it("RestMiddleware and openapi-fetch's Middleware are interchangeable, and neither takes an object without a hook", async () => {
    const file = path.join(root, 'middleware.ts');
    await writeFile(
      file,
      [
        "import createClient, { type Middleware } from 'openapi-fetch';",
        `import { createTasklistClient, type RestMiddleware } from ${JSON.stringify(path.join(declarations, 'index.js'))};`,
        'const theirs: Middleware = {',
        '  onRequest: ({ request, schemaPath, params, id, options }) => {',
        '    void [schemaPath, params.path, id, options.baseUrl, options.parseAs, options.querySerializer({}), options.pathSerializer("/", {})];',
        '    return request;',
        '  },',
        '};',
        'const ours: RestMiddleware = theirs;',
        'const back: Middleware = ours;',
        'const recover: RestMiddleware = { onError: ({ error }) => (error instanceof Error ? error : new Error(String(error))) };',
        'const logged: RestMiddleware = { onResponse: ({ response, request }) => { void request.url; return response; } };',
        "createClient({ baseUrl: 'http://localhost:8080' }).use(ours, recover, logged, back);",
        "createTasklistClient({ baseUrl: 'http://localhost:8080', graphql: false, rest: { middleware: [theirs, ours, recover] } });",
        '// @ts-expect-error A middleware needs one of the three hooks.',
        'const none: RestMiddleware = {};',
        '// @ts-expect-error A hook that returns something else than a Request or Response.',
        'const wrong: RestMiddleware = { onRequest: () => 42 };',
        'void [none, wrong];',
        '',
      ].join('\n'),
    );
    const { errors } = typeCheck([file]);
    expect(errors).toBe('');
  }, 120_000);

  it('each entry exports the names of its source, each with the doc comment, tags and member comments an editor shows from the source', () => {
    const { sources, options } = sourcesProgram();
    const published = ts.createProgram(
      ENTRIES.map((entry) => path.join(declarations, entry.published)),
      options,
      compilerHost(options),
    );
    expect(ts.formatDiagnostics(ts.getPreEmitDiagnostics(published), formatHost)).toBe('');
    for (const entry of ENTRIES) {
      const fromSource = exportedDocumentation(sources, path.join(repoRoot, entry.source));
      expect(Object.keys(fromSource).length, entry.source).toBeGreaterThan(0);
      expect(exportedDocumentation(published, path.join(declarations, entry.published)), entry.published).toEqual(fromSource);
    }
  }, 120_000);

  it("no exported name takes its module's header comment for its own (the first declaration of a module has its own doc comment)", () => {
    const { sources } = sourcesProgram();
    const taken = new Set<string>();
    for (const entry of ENTRIES) {
      for (const { name, target } of exportsOf(sources, path.join(repoRoot, entry.source))) {
        for (const declaration of target.declarations ?? []) {
          const file = declaration.getSourceFile();
          const statement = file.statements[0];
          // The declaration itself, or a variable of the statement that declares it.
          const node: ts.Node = declaration;
          if (!statement || (node !== statement && node.parent?.parent !== statement)) continue;
          // A module's header is the comment at its very start; a declaration's own comes after it.
          const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc);
          if (docs.length === 1 && docs[0]!.getStart(file) === 0) taken.add(`${name} (${path.relative(repoRoot, file.fileName)})`);
        }
      }
    }
    expect([...taken].sort()).toEqual([]);
  }, 120_000);

  for (const [libName, lib] of [
    ['the DOM lib', {}],
    ["Node's lib only", NODE_ONLY_LIB],
  ] as const) {
    it(`an app that writes declarations can name every type it infers from the runtime (no TS2742/TS4023), with ${libName}`, async () => {
      const dir = await installedApp(`exported-${Object.keys(lib).length === 0 ? 'dom' : 'node'}`);
      const file = path.join(dir, 'exported.ts');
      await writeFile(
        file,
        [
          "import { createTasklistClient, encodeBody, TokenCache, type EncodedBody, type PendingRequest, type RestMiddleware, type TasklistClientConfig } from '@tasklist-codegen/runtime';",
          "import { createDiskTokenStore, type NodeTasklistClientConfig } from '@tasklist-codegen/runtime/node';",
          "import { createRedisTokenStore } from '@tasklist-codegen/runtime/redis';",
          "export const client = createTasklistClient({ baseUrl: 'http://localhost:8080' });",
          'export const rest = client.rest;',
          'export const graphql = client.graphql;',
          'export const cache = new TokenCache();',
          "export const disk = createDiskTokenStore({ dir: '.tokens' });",
          "export const redis = createRedisTokenStore({ url: 'redis://localhost' });",
          // Types the entries' signatures mention: each must be nameable from an entry.
          'export const middleware = { onRequest: ({ request }) => request } satisfies RestMiddleware;',
          "export const transport: NodeTasklistClientConfig['transport'] = {};",
          "export const node: NodeTasklistClientConfig['node'] = {};",
          "export const strategyTransport: TasklistClientConfig['transport'] = {};",
          "export const body = encodeBody({ a: 1 }, 'application/json', undefined).body;",
          'export const bodyOf = (encoded: EncodedBody) => encoded.body;',
          'export const credentialsOf = (request: PendingRequest) => request.credentials;',
          '',
        ].join('\n'),
      );
      const { options } = ts.convertCompilerOptionsFromJson(
        {
          ...STRICT_COMPILER_OPTIONS,
          ...lib,
          noEmit: false,
          declaration: true,
          emitDeclarationOnly: true,
          outDir: path.join(dir, 'emitted'),
        },
        dir,
      );
      const program = ts.createProgram([file], options, compilerHost(options));
      const emitted = program.emit();
      expect(ts.formatDiagnostics([...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics], formatHost)).toBe('');
      // Each inferred type is named through the package's entries, never a file inside it.
      const written = await readFile(path.join(dir, 'emitted', 'exported.d.ts'), 'utf8');
      expect(written).not.toMatch(/@tasklist-codegen\/runtime\/dist|undici-types/);
    }, 120_000);
  }

  it('export each declaration in place, re-export imported names with `export … from` (TypeScript before 5.4 can name only those), and rename none', async () => {
    const lists: string[] = [];
    const renamed: string[] = [];
    for (const file of await declarationFiles(declarations)) {
      const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, true);
      // Two modules' declarations of one name come out as `Name` and `Name$1`: an editor would show the second.
      renamed.push(...[...source.text.matchAll(/\b[A-Za-z_]\w*\$\d+\b/g)].map((match) => `${path.basename(file)}: ${match[0]}`));
      for (const statement of source.statements) {
        // An export list without `from` names local declarations or imports: the form older compilers cannot follow.
        if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier)
          lists.push(`${path.basename(file)}: ${statement.getText(source).slice(0, 120)}`);
      }
    }
    expect(lists).toEqual([]);
    expect(renamed).toEqual([]);
  });

  it('declare each class once: the browser and Node entries export the same HttpError', async () => {
    const file = path.join(root, 'one-class.ts');
    await writeFile(
      file,
      [
        `import { HttpError as FromBrowser, TokenCache } from ${JSON.stringify(path.join(declarations, 'index.js'))};`,
        `import { HttpError as FromNode, createTasklistClient } from ${JSON.stringify(path.join(declarations, 'node.js'))};`,
        `import { createRedisTokenStore } from ${JSON.stringify(path.join(declarations, 'redis.js'))};`,
        'declare const error: FromNode;',
        'const asBrowser: FromBrowser = error;',
        'const classes: typeof FromBrowser = FromNode;',
        "const store = createRedisTokenStore({ url: 'redis://localhost' });",
        'createTasklistClient({ transport: { authOptions: { tokenCache: new TokenCache(), tokenStore: store } } });',
        'void [asBrowser, classes];',
        '',
      ].join('\n'),
    );
    const { options } = ts.convertCompilerOptionsFromJson(STRICT_COMPILER_OPTIONS, root);
    const program = ts.createProgram([file], options, compilerHost(options));
    expect(ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), formatHost)).toBe('');
    const checker = program.getTypeChecker();
    const declarationOf = (specifier: string) => {
      const module = checker.getSymbolAtLocation(
        program
          .getSourceFile(file)!
          .statements.filter(ts.isImportDeclaration)
          .find((statement) => (statement.moduleSpecifier as ts.StringLiteral).text.endsWith(specifier))!.moduleSpecifier,
      )!;
      return checker.getAliasedSymbol(checker.getExportsOfModule(module).find((symbol) => symbol.name === 'HttpError')!).declarations![0];
    };
    expect(declarationOf('index.js')).toBe(declarationOf('node.js'));
    expect(path.basename(declarationOf('node.js')!.getSourceFile().fileName)).toBe('shared.d.ts');
  }, 120_000);
});
