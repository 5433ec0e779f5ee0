/**
 * generateGraphQL: schema + operations → three files in memory; every kind of bad operation is
 * reported as file:line:column with the message and, where graphql-js knows one, the nearest name.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, print } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphQLSchemaFileError, OperationError, generateGraphQL } from '../../src/generate/graphql/index.js';
import { GRAPHQL_SIDE } from '../../codegen.js';
import { emulatorSdl, hasRealSdl, repoRoot, makeProject, realSdlFile, removeProject, shippedOperations, snapshotTree } from './helpers.js';

const projects: string[] = [];
afterAll(async () => {
  await Promise.all(projects.map(removeProject));
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await makeProject(files);
  projects.push(dir);
  return dir;
}

function generate(cwd: string, extra: { scalars?: Record<string, string>; schemaFile?: string } = {}) {
  return generateGraphQL({
    schemaFile: extra.schemaFile ?? 'schemas/tasklist.graphql',
    operations: 'operations/**/*.graphql',
    cwd,
    runtimeImport: 'tasklist-codegen/runtime',
    ...(extra.scalars ? { scalars: extra.scalars } : {}),
  });
}

/** Runs generation over one bad operation file and returns the OperationError it must throw. */
async function operationError(files: Record<string, string>): Promise<OperationError> {
  const cwd = await project({ 'schemas/tasklist.graphql': emulatorSdl, ...files });
  const before = await snapshotTree(cwd);
  const error = await generate(cwd).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'generation should have failed').toBeInstanceOf(OperationError);
  // Nothing written anywhere, generated/ included: the CLI only writes a successful result.
  expect(await snapshotTree(cwd)).toEqual(before);
  return error as OperationError;
}

describe('generateGraphQL with the shipped operations', () => {
  it('generates schema types, operation types and one function per operation, and nothing else', async () => {
    const cwd = await project({ 'schemas/tasklist.graphql': emulatorSdl, ...(await shippedOperations()) });
    const result = await generate(cwd);
    expect(result.warnings).toEqual([]);
    expect(result.files.map((file) => file.path)).toEqual(['graphql/schema.ts', 'graphql/operations.ts', 'graphql/index.ts']);
    const index = result.files.find((file) => file.path === 'graphql/index.ts')?.contents ?? '';
    const functions = [...index.matchAll(/^export function (\w+)\(/gm)].map((match) => match[1]).sort();
    expect(functions).toEqual([
      'claimTask',
      'completeTask',
      'getCurrentUser',
      'getForm',
      'getProcesses',
      'getTask',
      'getTaskVariables',
      'getTasks',
      'paginateGetTasks',
      'startProcess',
      'unclaimTask',
    ]);
    // Required variables → required parameter; none or only optional ones → optional parameter.
    expect(index).toContain('export function getTasks(\n  client: GraphQLClient,\n  variables: GetTasksQueryVariables,');
    expect(index).toContain('export function getCurrentUser(\n  client: GraphQLClient,\n  variables?: GetCurrentUserQueryVariables,');
    expect(index).toContain('export function getProcesses(\n  client: GraphQLClient,\n  variables?: GetProcessesQueryVariables,');
    expect(index).toContain("from 'tasklist-codegen/runtime';");
    // The operation's own comment becomes its doc comment.
    expect(index).toContain(' * Who the client is signed in as.\n *\n * `query GetCurrentUser`');

    const operations = result.files.find((file) => file.path === 'graphql/operations.ts')?.contents ?? '';
    // Documents are strings (the browser runtime never loads graphql), fragments included.
    expect(operations).toMatch(/export const GetTasksDocument = new TypedDocumentString\(`[\s\S]*fragment TaskSummary on Task/);
    expect(operations).toContain("import type * as Types from './schema.js';");
    // Every generated file imports the runtime and its neighbours, nothing else: an app depends on
    // the runtime alone (typed-document-node's own import of DocumentTypeDecoration is redirected).
    for (const file of result.files) {
      const specifiers = [...file.contents.matchAll(/^(?:import|export)\b[^;]*?\bfrom '([^']+)';/gm)].map((match) => match[1]);
      expect(
        specifiers.filter((specifier) => specifier !== 'tasklist-codegen/runtime' && !specifier!.startsWith('./')),
        file.path,
      ).toEqual([]);
    }
    expect(operations).toContain("import type { DocumentTypeDecoration } from 'tasklist-codegen/runtime';");
    const schema = result.files.find((file) => file.path === 'graphql/schema.ts')?.contents ?? '';
    // Sorted like graphql-codegen's CLI sorts the schema it loads.
    expect(schema).toContain(
      "export const TaskState = {\n  CANCELED: 'CANCELED',\n  COMPLETED: 'COMPLETED',\n  CREATED: 'CREATED'\n} as const;",
    );
    expect(schema).toContain('DateTime: { input: string; output: string; }');
    for (const file of result.files) {
      expect(file.contents.startsWith('// Generated by tasklist-codegen')).toBe(true);
      expect(file.contents.endsWith('\n') && !file.contents.endsWith('\n\n')).toBe(true);
      expect(file.contents).not.toMatch(/[ \t]$/m);
    }
  });

  it('is byte-identical whatever order the files were written in and the globs listed in', async () => {
    const operations = await shippedOperations();
    const forward = await project({ 'schemas/tasklist.graphql': emulatorSdl, ...operations });
    const reversed = await project(
      Object.fromEntries([['schemas/tasklist.graphql', emulatorSdl], ...Object.entries(operations).reverse()]),
    );
    const first = await generate(forward);
    const second = await generateGraphQL({
      schemaFile: 'schemas/tasklist.graphql',
      operations: ['operations/user.graphql', 'operations/**/*.graphql', 'operations/tasks.graphql'],
      // The glob the project configured, which the file header names; the files matched are listed otherwise.
      operationsPattern: 'operations/**/*.graphql',
      cwd: reversed,
      runtimeImport: 'tasklist-codegen/runtime',
    });
    expect(second).toEqual(first);
  });

  it('is byte-identical whatever order the schema declares its types in', async () => {
    const ast = parse(emulatorSdl);
    const reversedSdl = print({ ...ast, definitions: [...ast.definitions].reverse() });
    expect(reversedSdl).not.toEqual(print(ast));
    const operations = await shippedOperations();
    const first = await generate(await project({ 'schemas/tasklist.graphql': emulatorSdl, ...operations }));
    const second = await generate(await project({ 'schemas/tasklist.graphql': reversedSdl, ...operations }));
    expect(second).toEqual(first);
  });

  it('maps DateTime to string by default and to a configured type when asked', async () => {
    const cwd = await project({ 'schemas/tasklist.graphql': emulatorSdl, ...(await shippedOperations()) });
    const result = await generate(cwd, { scalars: { DateTime: 'Date' } });
    const schema = result.files.find((file) => file.path === 'graphql/schema.ts')?.contents ?? '';
    expect(schema).toContain('DateTime: { input: Date; output: Date; }');
    const operations = result.files.find((file) => file.path === 'graphql/operations.ts')?.contents ?? '';
    expect(operations).toContain('followUpDate: Date | null');
  });

  it.skipIf(!hasRealSdl)("validates and generates against Camunda's published Tasklist SDL", async () => {
    const cwd = await project(await shippedOperations());
    const result = await generate(cwd, { schemaFile: realSdlFile });
    expect(result.files).toHaveLength(3);
    const fromEmulator = await generate(await project({ 'schemas/tasklist.graphql': emulatorSdl, ...(await shippedOperations()) }));
    // Same operations, same types: the emulator's schema and Camunda's agree where the operations look.
    const pick = (files: typeof result.files) => files.find((file) => file.path === 'graphql/operations.ts')?.contents;
    expect(pick(result.files)).toEqual(pick(fromEmulator.files));
  });
});

describe('no GraphQL side', () => {
  it('returns nothing, without complaint, when there is neither a schema nor an operation', async () => {
    const cwd = await project({ 'README.md': 'REST only\n' });
    await expect(generate(cwd)).resolves.toEqual({ files: [], warnings: [] });
  });

  it('fails clearly when operations exist but the schema does not', async () => {
    const cwd = await project({ 'operations/user.graphql': 'query Me { currentUser { userId } }\n' });
    const error = await generate(cwd).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GraphQLSchemaFileError);
    expect((error as Error).message).toMatch(/^schemas\/tasklist\.graphql: not found, but 1 operation file/);
    expect((error as Error).message).toContain('tasklist-codegen fetch');
  });

  it('names the schema file when the schema is not valid SDL', async () => {
    const cwd = await project({
      'schemas/tasklist.graphql': 'type Query {\n  tasks: [Task!\n}\n',
      'operations/user.graphql': 'query Me { currentUser { userId } }\n',
    });
    const error = await generate(cwd).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GraphQLSchemaFileError);
    expect((error as Error).message).toMatch(/^schemas\/tasklist\.graphql:3:1: is not a valid GraphQL schema: Syntax Error/);
  });

  it('warns and still writes the schema types when the schema exists but no operation does', async () => {
    const cwd = await project({ 'schemas/tasklist.graphql': emulatorSdl });
    const result = await generate(cwd);
    expect(result.warnings).toEqual([
      { location: 'operations/**/*.graphql', message: expect.stringContaining('No operation files matched') },
    ]);
    const index = result.files.find((file) => file.path === 'graphql/index.ts')?.contents ?? '';
    expect(index).not.toContain('export function');
  });
});

describe('bad operations fail with file:line:column', () => {
  it('a syntax error', async () => {
    const error = await operationError({ 'operations/broken.graphql': 'query GetTasks {\n  tasks(query: {}) {\n    id\n' });
    expect(error.file).toBe('operations/broken.graphql');
    expect([error.line, error.column]).toEqual([4, 1]);
    expect(error.message).toMatch(/^operations\/broken\.graphql:4:1: Syntax Error: Expected Name, found <EOF>\./);
  });

  it('an unknown field, with the nearest valid name', async () => {
    const error = await operationError({
      'operations/tasks.graphql': 'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    id\n    nme\n  }\n}\n',
    });
    expect([error.file, error.line, error.column]).toEqual(['operations/tasks.graphql', 4, 5]);
    expect(error.suggestion).toBe('name');
    expect(error.message).toContain('operations/tasks.graphql:4:5: Cannot query field "nme" on type "Task". Did you mean "name"?');
  });

  it('an argument of the wrong type', async () => {
    const error = await operationError({ 'operations/task.graphql': 'query GetTask {\n  task(id: 42) {\n    id\n  }\n}\n' });
    expect([error.line, error.column]).toEqual([2, 12]);
    expect(error.message).toContain('String cannot represent a non string value: 42');
  });

  it('a variable of the wrong type', async () => {
    const error = await operationError({
      'operations/task.graphql': 'query GetTask($id: Int!) {\n  task(id: $id) {\n    id\n  }\n}\n',
    });
    expect(error.message).toContain('Variable "$id" of type "Int!" used in position expecting type "String!".');
    expect([error.line, error.column]).toEqual([1, 15]);
  });

  it('a missing required argument, and a variable used but never declared', async () => {
    const error = await operationError({
      'operations/task.graphql':
        'query GetTask {\n  task {\n    id\n  }\n  form(id: $formId, processDefinitionId: "p") {\n    id\n  }\n}\n',
    });
    expect(error.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual([
      '2:3 Field "task" argument "id" of type "String!" is required, but it was not provided.',
      '5:12 Variable "$formId" is not defined by operation "GetTask".',
    ]);
  });

  it('a duplicate operation name in another file, pointing at the duplicate and at the first', async () => {
    const error = await operationError({
      'operations/a.graphql': 'query GetTask($id: String!) {\n  task(id: $id) {\n    id\n  }\n}\n',
      'operations/b.graphql': '# again\nquery GetTask($id: String!) {\n  task(id: $id) {\n    name\n  }\n}\n',
    });
    expect([error.file, error.line, error.column]).toEqual(['operations/b.graphql', 2, 7]);
    expect(error.message).toContain('There can be only one operation named "GetTask". The first is at operations/a.graphql:1:7.');
  });

  it('an anonymous operation, telling the user to name it', async () => {
    const error = await operationError({ 'operations/me.graphql': '\n{\n  currentUser {\n    userId\n  }\n}\n' });
    expect([error.file, error.line, error.column]).toEqual(['operations/me.graphql', 2, 1]);
    expect(error.message).toContain('Anonymous query: give it a name, e.g. `query GetTasks { … }`');
  });

  it('two operations that would become the same function', async () => {
    const error = await operationError({
      'operations/a.graphql': 'query GetCurrentUser {\n  currentUser {\n    userId\n  }\n}\n',
      'operations/b.graphql': 'query getCurrentUser {\n  currentUser {\n    displayName\n  }\n}\n',
    });
    expect([error.file, error.line, error.column]).toEqual(['operations/b.graphql', 1, 7]);
    expect(error.message).toContain(
      '"GetCurrentUser" (operations/a.graphql:1:7) and "getCurrentUser" would both become the function getCurrentUser()',
    );
  });

  it('an operation whose function would shadow a paging helper', async () => {
    const error = await operationError({
      'operations/a.graphql': 'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    id\n    sortValues\n  }\n}\n',
      'operations/b.graphql': 'query PaginateGetTasks {\n  currentUser {\n    userId\n  }\n}\n',
    });
    expect([error.file, error.line, error.column]).toEqual(['operations/b.graphql', 1, 7]);
    expect(error.message).toContain('would generate paginateGetTasks(), which operation "GetTasks" already uses');
  });

  it('an unknown fragment, with the nearest fragment name from another file (an unused fragment is fine)', async () => {
    const error = await operationError({
      'operations/fragments.graphql': 'fragment TaskSummary on Task {\n  id\n}\n',
      'operations/tasks.graphql': 'query GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    ...TaskSumary\n  }\n}\n',
    });
    expect([error.file, error.line, error.column]).toEqual(['operations/tasks.graphql', 3, 8]);
    expect(error.suggestion).toBe('TaskSummary');
    expect(error.message).toContain('operations/tasks.graphql:3:8: Unknown fragment "TaskSumary". Did you mean "TaskSummary"?');
    expect(error.problems).toHaveLength(1);
  });

  it('reports every problem of every file, in file order', async () => {
    const error = await operationError({
      'operations/z.graphql': 'query Z {\n  currentUser {\n    nope\n  }\n}\n',
      'operations/a.graphql': 'query A {\n  processes {\n    nam\n  }\n}\n',
    });
    expect(error.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column}`)).toEqual([
      'operations/a.graphql:3:5',
      'operations/z.graphql:3:5',
    ]);
    expect(error.message.split('\n')).toHaveLength(3);
  });
});

const repoSchema = path.join(repoRoot, 'schemas/tasklist.graphql');
if (!existsSync(repoSchema))
  console.warn('test/graphql: schemas/tasklist.graphql is absent (not fetched yet); the committed-output drift test is skipped.');

describe('the committed generated/graphql', () => {
  it.skipIf(!existsSync(repoSchema))('is what the shipped operations and schemas/tasklist.graphql generate, byte for byte', async () => {
    const result = await generateGraphQL({
      schemaFile: GRAPHQL_SIDE.schemaFile,
      operations: GRAPHQL_SIDE.operations,
      cwd: repoRoot,
      runtimeImport: GRAPHQL_SIDE.repoRuntimeImport,
      scalars: GRAPHQL_SIDE.scalars,
    });
    for (const file of result.files) {
      const committed = await readFile(path.join(repoRoot, 'generated', file.path), 'utf8');
      expect(committed, `generated/${file.path} is stale: run npm run generate`).toBe(file.contents);
    }
  });
});
