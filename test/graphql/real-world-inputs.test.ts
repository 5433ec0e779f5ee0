/**
 * Inputs seen in real projects that the generator once got wrong: subscriptions, a schema that does
 * not validate, a file holding only comments, output that depended on file names and order, and
 * doc comments on the generated functions. Each case is the smallest input showing the defect.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GraphQLSchemaFileError, OperationError, generateGraphQL } from '../../src/generate/graphql/index.js';
import { emulatorSdl, makeProject, removeProject } from './helpers.js';

const projects: string[] = [];
afterAll(async () => {
  await Promise.all(projects.map(removeProject));
});

async function generateIn(files: Record<string, string>, operations = 'operations/**/*.graphql') {
  const cwd = await makeProject(files);
  projects.push(cwd);
  return generateGraphQL({ schemaFile: 'schemas/tasklist.graphql', operations, cwd, runtimeImport: 'tasklist-codegen/runtime' });
}

async function failure(files: Record<string, string>): Promise<Error> {
  const error = await generateIn(files).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'generation should have failed').toBeInstanceOf(Error);
  return error as Error;
}

const SMALL_SDL = 'type Query {\n  "The greeting of the day."\n  hello: String\n  other: Int\n}\n';

describe('subscriptions', () => {
  it('are refused at the operation, with why, when the schema has no Subscription type', async () => {
    const error = await failure({
      'schemas/tasklist.graphql': SMALL_SDL,
      'operations/live.graphql': '# live\nsubscription S1 { x }\n',
    });
    expect(error).toBeInstanceOf(OperationError);
    expect(error.message).toMatch(/^operations\/live\.graphql:2:1: Subscription "S1": subscriptions are not served over HTTP/);
    expect(error.message).not.toMatch(/bug/i);
  });

  it('are refused too when the schema has a Subscription type (never a silent one-shot request)', async () => {
    const error = await failure({
      'schemas/tasklist.graphql': `${SMALL_SDL}type Subscription {\n  ticks: Int\n}\n`,
      'operations/live.graphql': 'query Q { hello }\n\nsubscription Ticks { ticks }\n',
    });
    expect(error).toBeInstanceOf(OperationError);
    expect((error as OperationError).problems).toEqual([
      expect.objectContaining({
        file: 'operations/live.graphql',
        line: 3,
        column: 1,
        message: expect.stringContaining('not served over HTTP'),
      }),
    ]);
  });
});

describe('a schema that does not validate', () => {
  it('is reported with file:line:column (a field defined twice)', async () => {
    const error = await failure({
      'schemas/tasklist.graphql': 'type Query {\n  hello: String\n  hello: String\n}\n',
      'operations/q.graphql': 'query Q { hello }\n',
    });
    expect(error).toBeInstanceOf(GraphQLSchemaFileError);
    expect(error.message).toMatch(
      /^schemas\/tasklist\.graphql:3:3: is not a valid GraphQL schema: Field "Query\.hello" can only be defined once\./,
    );
  });

  it('is reported with file:line:column when the type system is inconsistent (an interface not implemented)', async () => {
    const error = await failure({
      'schemas/tasklist.graphql': 'interface Named {\n  name: String\n}\n\ntype Query implements Named {\n  id: ID\n}\n',
      'operations/q.graphql': 'query Q { id }\n',
    });
    expect(error).toBeInstanceOf(GraphQLSchemaFileError);
    expect(error.message).toMatch(
      /^schemas\/tasklist\.graphql:\d+:\d+: is not a valid GraphQL schema: Interface field Named\.name expected/,
    );
  });
});

describe('operation files', () => {
  it('a file holding only comments (or nothing) is no operation, not a syntax error', async () => {
    const result = await generateIn({
      'schemas/tasklist.graphql': SMALL_SDL,
      'operations/notes.graphql': '# Operations go here later.\n',
      'operations/empty.graphql': '',
      'operations/q.graphql': 'query Q { hello }\n',
    });
    expect(result.files.find((f) => f.path === 'graphql/index.ts')?.contents).toContain('export function q(');
  });
});

describe('output independent of file names and order', () => {
  const sdl = emulatorSdl;
  const a = 'query CurrentUser { currentUser { userId } }\n';
  const b = 'mutation Claim($id: String!) { claimTask(taskId: $id) { id } }\n';
  const fragment = 'fragment Names on Task { id name }\n';
  const c = 'query Tasks($query: TaskQuery!) { tasks(query: $query) { ...Names } }\n';

  it('gives the same bytes for any file layout of the same operations', async () => {
    const layouts: Array<Record<string, string>> = [
      { 'operations/mine.graphql': a + b, 'operations/other.graphql': fragment + c },
      { 'operations/zzz-mine.graphql': b + a, 'operations/aaa.graphql': c + fragment },
      { 'operations/one.graphql': c + b + fragment + a },
      { 'operations/x/a.graphql': a, 'operations/b.graphql': b, 'operations/c.graphql': c, 'operations/f.graphql': fragment },
    ];
    const outputs = await Promise.all(layouts.map((files) => generateIn({ 'schemas/tasklist.graphql': sdl, ...files })));
    const [first, ...rest] = outputs.map((result) => result.files.map((file) => `${file.path}\n${file.contents}`).join('\n'));
    for (const other of rest) expect(other).toBe(first);
    // Sorted by name: the reader finds an operation where the alphabet says.
    const index = outputs[0]!.files.find((f) => f.path === 'graphql/index.ts')!.contents;
    const order = [...index.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(order).toEqual(['claim', 'currentUser', 'tasks']);
  });
});

describe('doc comments on generated functions', () => {
  it("carry the operation's own comment and the root field's description", async () => {
    const result = await generateIn({
      'schemas/tasklist.graphql': SMALL_SDL,
      'operations/q.graphql': '# Says hello.\n# Used on the start page.\nquery Hello { hello }\n\nquery Both { other hello }\n',
    });
    const index = result.files.find((f) => f.path === 'graphql/index.ts')!.contents;
    expect(index).toContain(
      [
        '/**',
        ' * Says hello.',
        ' * Used on the start page.',
        ' *',
        ' * `hello`: The greeting of the day.',
        ' *',
        ' * `query Hello`',
        ' */',
        'export function hello(',
      ].join('\n'),
    );
    // A root field without a description adds nothing; one with a description is still named.
    expect(index).toContain(
      ['/**', ' * `hello`: The greeting of the day.', ' *', ' * `query Both`', ' */', 'export function both('].join('\n'),
    );
  });

  it('cannot end the comment early, whatever the schema or the operation says', async () => {
    const result = await generateIn({
      'schemas/tasklist.graphql': 'type Query {\n  "Ends */ here"\n  hello: String\n}\n',
      'operations/q.graphql': '# Closes */ too\nquery Hello { hello }\n',
    });
    const index = result.files.find((f) => f.path === 'graphql/index.ts')!.contents;
    const end = index.indexOf('export function hello(');
    const comment = index.slice(index.lastIndexOf('/**\n', end), end);
    expect(comment.match(/\*\//g)).toHaveLength(1);
    expect(comment).toContain('Ends *\\/ here');
  });
});

describe('the file header', () => {
  it('names the operation globs the project configured', async () => {
    const result = await generateIn(
      { 'schemas/tasklist.graphql': SMALL_SDL, 'src/queries/q.gql': 'query Q { hello }\n' },
      'src/queries/**/*.gql',
    );
    for (const file of result.files) {
      expect(file.contents.split('\n')[0], file.path).toBe(
        '// Generated by tasklist-codegen from the Tasklist GraphQL schema and src/queries/**/*.gql.',
      );
    }
  });
});

describe("the plugin under graphql-codegen's own CLI (codegen.ts)", () => {
  it('refuses a subscription too, instead of writing a one-shot function for it', async () => {
    const { validate } = await import('../../src/generate/graphql/plugin.js');
    const { buildSchema, parse } = await import('graphql');
    const schema = buildSchema('type Query { a: Int }\ntype Subscription { ticks: Int }\n');
    const documents = [{ location: 'operations/live.graphql', document: parse('subscription Ticks { ticks }') }];
    await expect(
      validate(schema, documents, { runtimeImport: 'tasklist-codegen/runtime' }, 'generated/graphql/index.ts', []),
    ).rejects.toThrow(/operations\/live\.graphql: subscription "Ticks" .*not served over HTTP/);
  });
});
