/**
 * Conformance of the GraphQL generator on schemas and operations nobody on this project wrote:
 * graphql-codegen's own Star Wars and GitHunt test projects (introspection JSON, fragments,
 * `@include`, mutations, a subscription), GitHub's public schema with a real app's 45 operations,
 * and Camunda's published Tasklist schema with the shipped operations.
 *
 * - each generates (a subscription is refused with its location, not turned into a request), and
 *   the output of all of them type-checks in one strict `tsc`;
 * - every operation becomes exactly one function;
 * - a call of a handful of functions per document sends the operation's document and variables as
 *   a GraphQL POST;
 * - the generated functions of two documents are held by snapshots (`__snapshots__/`).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraphQLSchemaSource } from '../../src/fetch/load-schema.js';
import { OperationError, generateGraphQL } from '../../src/generate/graphql/index.js';
import { functionNameOf } from '../../src/generate/graphql/names.js';
import type { GenerationResult } from '../../src/generate/types.js';
import {
  fixturesPresent,
  publicDir,
  realDir,
  removeDir,
  repoRoot,
  runtimeModule,
  scratchDir,
  snapshotText,
  startRecordingServer,
  typeCheck,
  writeFiles,
  type RecordingServer,
} from './helpers.js';

const present = fixturesPresent('graphql.test.ts');

interface Case {
  name: string;
  /** SDL or introspection JSON. */
  schema: string;
  /** A folder of operation files, or the operations themselves (file name → text). */
  operationsDir: string | (() => Promise<Record<string, string>>);
  /** Operation files left out (the subscription, refused: see its own test). */
  exclude?: RegExp;
  snapshot?: boolean;
}

const cases: Case[] = [
  ...(present.public
    ? [
        {
          name: 'star-wars',
          schema: path.join(publicDir, 'graphql/star-wars/schema.json'),
          operationsDir: path.join(publicDir, 'graphql/star-wars'),
          snapshot: true,
        },
        {
          name: 'githunt',
          schema: path.join(publicDir, 'graphql/githunt/schema.json'),
          operationsDir: path.join(publicDir, 'graphql/githunt'),
          exclude: /subscription/,
          snapshot: true,
        },
        {
          name: 'github',
          schema: path.join(publicDir, 'graphql/github/schema.graphql'),
          operationsDir: path.join(publicDir, 'graphql/github/operations'),
        },
      ]
    : []),
  ...(present.real
    ? [
        { name: 'tasklist', schema: path.join(realDir, 'tasklist.graphqls'), operationsDir: path.join(repoRoot, 'operations') },
        // The paged GetTasks query of Camunda's own GraphQL tutorial, as its page has it.
        { name: 'tasklist-tutorial', schema: path.join(realDir, 'tasklist.graphqls'), operationsDir: tutorialOperations },
      ]
    : []),
];

interface Generated {
  result: GenerationResult;
  /** Operation name → its variables' names, from the operation files. */
  operations: Map<string, string[]>;
}

/** A project folder per case: the schema as SDL (as `fetch` writes it) and the operation files. */
async function prepare(root: string, c: Case): Promise<string> {
  const dir = path.join(root, c.name);
  await mkdir(path.join(dir, 'operations'), { recursive: true });
  await writeFile(path.join(dir, 'schema.graphql'), loadGraphQLSchemaSource(await readFile(c.schema, 'utf8'), c.schema).sdl);
  if (typeof c.operationsDir === 'function') {
    for (const [name, text] of Object.entries(await c.operationsDir())) await writeFile(path.join(dir, 'operations', name), text);
    return dir;
  }
  for (const name of await readdir(c.operationsDir)) {
    if (!/\.(graphql|gql)$/.test(name) || path.join(c.operationsDir, name) === c.schema || c.exclude?.test(name)) continue;
    await writeFile(path.join(dir, 'operations', name), await readFile(path.join(c.operationsDir, name)));
  }
  return dir;
}

async function tutorialOperations(): Promise<Record<string, string>> {
  const tutorial = await readFile(path.join(realDir, 'graphql-docs/tasklist-api-tutorial.md'), 'utf8');
  const query = /const getTasksQuery = `([\s\S]*?)`;/.exec(tutorial)?.[1];
  if (!query) throw new Error('the tutorial no longer holds its getTasksQuery');
  return { 'tutorial.graphql': query };
}

function generateIn(dir: string): Promise<GenerationResult> {
  return generateGraphQL({
    schemaFile: 'schema.graphql',
    operations: 'operations/*.{graphql,gql}',
    cwd: dir,
    runtimeImport: runtimeModule,
  });
}

describe.skipIf(cases.length === 0)('GraphQL conformance on real-world schemas and operations', () => {
  let root: string;
  const generated = new Map<string, Generated>();

  beforeAll(async () => {
    root = await scratchDir('graphql');
    for (const c of cases) {
      const dir = await prepare(root, c);
      const result = await generateIn(dir);
      await writeFiles(path.join(dir, 'generated'), result.files);
      const operations = new Map<string, string[]>();
      for (const name of await readdir(path.join(dir, 'operations'))) {
        for (const definition of parse(await readFile(path.join(dir, 'operations', name), 'utf8')).definitions) {
          if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
            operations.set(
              definition.name.value,
              (definition.variableDefinitions ?? []).map((v) => v.variable.name.value),
            );
          }
        }
      }
      generated.set(c.name, { result, operations });
    }
  }, 120_000);
  afterAll(() => removeDir(root));

  it('the output of every document type-checks under --strict (one tsc run)', async () => {
    expect(await typeCheck(root)).toBe('');
  }, 120_000);

  it.each(cases.map((c) => c.name))('%s: one function per operation', (name) => {
    const { result, operations } = generated.get(name)!;
    const index = result.files.find((file) => file.path === 'graphql/index.ts')!.contents;
    const functions = [...index.matchAll(/^export function (?!paginate)(\w+)\(/gm)].map((m) => m[1]);
    expect(functions.length).toBe(operations.size);
    expect(new Set(functions).size).toBe(functions.length);
    // Each operation's document is what its function sends.
    for (const operation of operations.keys())
      expect(index, operation).toMatch(new RegExp(`requestGraphQL\\(client, ${documentName(operation)},`));
  });

  it('githunt: its subscription is refused at its location, saying it is not served over HTTP', async () => {
    const c = cases.find((x) => x.name === 'githunt');
    if (!c) return;
    const dir = await prepare(root, { ...c, name: 'githunt-with-subscription', exclude: undefined });
    const error = await generateIn(dir).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as OperationError).problems).toEqual([
      expect.objectContaining({
        file: 'operations/comment-added.subscription.graphql',
        line: 1,
        column: 1,
        message: expect.stringContaining('not served over HTTP'),
      }),
    ]);
  });

  describe('the bytes on the wire', () => {
    let server: RecordingServer;
    beforeAll(async () => {
      server = await startRecordingServer(() => ({ status: 200, body: '{"data":{}}' }));
    });
    afterAll(() => server?.close());

    it.each(cases.map((c) => c.name))('%s: a call sends the operation document and its variables as a GraphQL POST', async (name) => {
      const { operations } = generated.get(name)!;
      const module = (await import(pathToFileURL(path.join(root, name, 'generated/graphql/index.ts')).href)) as Record<string, unknown>;
      const runtime = (await import(
        pathToFileURL(path.join(path.dirname(runtimeModule), 'index.ts')).href
      )) as typeof import('../../src/runtime/index.js');
      const client = runtime.createTasklistClient({ baseUrl: server.baseUrl, auth: runtime.noAuth() }).graphql;
      // A handful: the first operations by name, with and without variables.
      const chosen = [...operations.keys()].sort().slice(0, 4);
      for (const operation of chosen) {
        const functionName = functionNameOf({
          kind: Kind.OPERATION_DEFINITION,
          operation: OperationTypeNode.QUERY,
          name: { kind: Kind.NAME, value: operation },
          selectionSet: { kind: Kind.SELECTION_SET, selections: [] },
        });
        const fn = module[functionName] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        expect(fn, `${functionName}() exported`).toBeTypeOf('function');
        const variables = Object.fromEntries((operations.get(operation) ?? []).map((v) => [v, `value of ${v}`]));
        const before = server.requests.length;
        await fn!(client, Object.keys(variables).length ? variables : undefined);
        const sent = server.requests[before]!;
        expect(sent.method).toBe('POST');
        expect(new URL(sent.url, server.baseUrl).pathname).toBe('/graphql');
        expect(String(sent.headers['content-type'])).toMatch(/^application\/json/);
        const body = JSON.parse(sent.body.toString('utf8')) as { query: string; variables?: Record<string, unknown> };
        expect(String(module[documentName(operation)]), operation).toBe(body.query);
        expect(parse(body.query).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operation)).toBe(true);
        expect(body.variables ?? {}).toEqual(variables);
      }
    });
  });

  it.each(cases.filter((c) => c.snapshot).map((c) => c.name))('%s: the generated functions match their snapshot', async (name) => {
    const index = generated.get(name)!.result.files.find((file) => file.path === 'graphql/index.ts')!.contents;
    await expect(snapshotText(index)).toMatchFileSnapshot(`./__snapshots__/${name}.graphql-index.ts.snap`);
  });
});

/** typed-document-node's name for an operation's document: PascalCase + `Document` (`submitComment` → `SubmitCommentDocument`). */
function documentName(operation: string): string {
  return `${operation.charAt(0).toUpperCase()}${operation.slice(1)}Document`;
}
