/**
 * Generated code type-checks under the project's strict settings, and wrong variables do not:
 * fixtures/typed-calls.ts is compiled next to freshly generated output (expectTypeOf assertions and
 * `@ts-expect-error` lines), with the TypeScript compiler API and the options of tsconfig.json.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGraphQL } from '../../src/generate/graphql/index.js';
import { compilerHost } from '../support/compiler-host.js';
import { emulatorSdl, makeProject, removeProject, repoRoot, shippedOperations } from './helpers.js';

let dir = '';
let diagnostics = new Map<string, string[]>();
const committedIndex = path.join(repoRoot, 'generated/graphql/index.ts');
const hasRuntimeIndex = existsSync(path.join(repoRoot, 'src/runtime/index.ts'));
if (!hasRuntimeIndex) console.warn('test/graphql: src/runtime/index.ts is absent; the committed generated/graphql is not compiled.');

beforeAll(async () => {
  // Inside the repository, so the generated code resolves node_modules as a consumer's would.
  dir = await makeProject({ 'schemas/tasklist.graphql': emulatorSdl, ...(await shippedOperations()) }, path.join(repoRoot, '.tmp'));
  const runtime = path.relative(dir, path.join(repoRoot, 'src/runtime/graphql.js')).split(path.sep).join('/');
  // The generated files import the runtime from './runtime.js' one level up, as a package would be.
  const result = await generateGraphQL({
    schemaFile: 'schemas/tasklist.graphql',
    operations: 'operations/**/*.graphql',
    cwd: dir,
    runtimeImport: '../runtime.js',
  });
  for (const file of result.files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.contents);
  }
  // operations.ts takes DocumentTypeDecoration from the runtime too.
  const decoration = path.relative(dir, path.join(repoRoot, 'src/runtime/document-type.js')).split(path.sep).join('/');
  await writeFile(
    path.join(dir, 'runtime.ts'),
    `export * from '${runtime}';\nexport type { DocumentTypeDecoration } from '${decoration}';\n`,
  );
  await copyFile(path.join(import.meta.dirname, 'fixtures/typed-calls.ts'), path.join(dir, 'typed-calls.ts'));
  await copyFile(path.join(import.meta.dirname, 'fixtures/wrongly-accepted.ts'), path.join(dir, 'wrongly-accepted.ts'));
  // One program for everything: building one is most of the cost on a busy 2-core machine.
  diagnostics = compile([
    path.join(dir, 'graphql/index.ts'),
    path.join(dir, 'typed-calls.ts'),
    path.join(dir, 'wrongly-accepted.ts'),
    ...(hasRuntimeIndex ? [committedIndex] : []),
  ]);
});

afterAll(async () => {
  if (dir) await removeProject(dir);
});

/** tsconfig.json's compiler options, applied to the given files only. */
function compile(files: string[]): Map<string, string[]> {
  const configFile = path.join(repoRoot, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configFile);
  const compilerOptions = { ...options, noEmit: true };
  const program = ts.createProgram(files, compilerOptions, compilerHost(compilerOptions));
  const byFile = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? path.relative(dir, diagnostic.file.fileName) : '<global>';
    const line =
      diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    const text = `${file}:${line} TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    byFile.set(file, [...(byFile.get(file) ?? []), text]);
  }
  return byFile;
}

describe('generated GraphQL code under strict tsc', () => {
  it('compiles, accepts right calls, rejects every wrong one, and the guard itself can fail', () => {
    const { 'wrongly-accepted.ts': guard = [], ...rest } = Object.fromEntries(diagnostics);
    // Generated files and typed-calls.ts: not one diagnostic (an unused @ts-expect-error would be one).
    // (Other people's runtime files are theirs to keep compiling; the GraphQL client is ours.)
    const graphqlRuntime = path.relative(dir, path.join(repoRoot, 'src/runtime/graphql.ts'));
    const ours = Object.entries(rest)
      .filter(([file]) => !file.startsWith('..') || file === graphqlRuntime)
      .flatMap(([, list]) => list);
    expect(ours).toEqual([]);
    expect(guard).toHaveLength(1);
    expect(guard[0]).toMatch(/^wrongly-accepted\.ts:\d+ TS2578: Unused '@ts-expect-error' directive\./);
  });

  it.skipIf(!hasRuntimeIndex)('the committed generated/graphql compiles against src/runtime/index.ts', () => {
    const committed = [...diagnostics.entries()]
      .filter(([file]) => file.startsWith(path.relative(dir, path.join(repoRoot, 'generated/graphql'))))
      .flatMap(([, list]) => list);
    expect(committed).toEqual([]);
  });
});
