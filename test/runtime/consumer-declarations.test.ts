/**
 * What an app's compiler reads of the runtime: the declarations the runtime package publishes
 * (emitted here as scripts/build-runtime.mjs emits them, from packages/runtime/tsconfig.json).
 *
 * They import only each other, so an app that calls generated functions does not make its
 * `tsc` load and check openapi-fetch's declarations (its client types are generic over a whole
 * `paths` interface, and checking them was most of the consumer's type-check: ~156,000 of the
 * ~160,000 type instantiations of an app over the Orchestration Cluster client). The middleware
 * type the runtime declares instead stays interchangeable with openapi-fetch's `Middleware`.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/** Emits the runtime package's declarations into `outDir`, with its own tsconfig (entries, options). */
function emitRuntimeDeclarations(outDir: string): void {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(repoRoot, 'packages/runtime/tsconfig.json'),
    { outDir },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('packages/runtime/tsconfig.json did not parse');
  const compilerOptions = { ...config.options, emitDeclarationOnly: true };
  const program = ts.createProgram(config.fileNames, compilerOptions, compilerHost(compilerOptions));
  const emitted = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (errors.length > 0 || emitted.emitSkipped) throw new Error(ts.formatDiagnostics(errors, formatHost));
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => repoRoot,
  getNewLine: () => '\n',
};

/** A strict program over `files` (the consumer's options); its errors, formatted, the files it read and the checker's type instantiations. */
function typeCheck(files: string[]): { errors: string; read: string[]; instantiations: number } {
  const { options, errors } = ts.convertCompilerOptionsFromJson(STRICT_COMPILER_OPTIONS, root);
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

beforeAll(async () => {
  // Inside the repository, so the apps below resolve openapi-fetch from its node_modules when they import it.
  await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
  root = await mkdtemp(path.join(repoRoot, '.tmp', 'consumer-declarations-'));
  declarations = path.join(root, 'runtime-dist');
  emitRuntimeDeclarations(declarations);
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("the runtime's published declarations", () => {
  it('import only each other (no package: an app loads none besides them)', async () => {
    const files = await declarationFiles(declarations);
    expect(files.length).toBeGreaterThan(10);
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
      runtimeImport: path.join(declarations, 'runtime/index.js'),
    });
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
      await writeFile(path.join(dir, file.path), file.contents);
    }
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    await writeFile(
      path.join(dir, 'app.ts'),
      [
        `import { createTasklistClient } from ${JSON.stringify(path.join(declarations, 'runtime/index.js'))};`,
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
    // The checker's work, which does not move with the machine's load: with openapi-fetch's
    // declarations it was ~158,000; the pager's inferred item type alone cost ~500.
    console.log(`consumer type-check over the Tasklist client: ${instantiations} type instantiations`);
    expect(instantiations).toBeLessThan(1_000);
  }, 120_000);

  it("RestMiddleware and openapi-fetch's Middleware are interchangeable, and neither takes an object without a hook", async () => {
    const file = path.join(root, 'middleware.ts');
    await writeFile(
      file,
      [
        "import createClient, { type Middleware } from 'openapi-fetch';",
        `import { createTasklistClient, type RestMiddleware } from ${JSON.stringify(path.join(declarations, 'runtime/index.js'))};`,
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
});
