/**
 * Synthetic Tasklist-like inputs of a chosen size, for the growth curve: a GraphQL schema plus
 * operations, and an OpenAPI 3.0 document, each with exactly `n` operations. Deterministic (same
 * `n`, same bytes), shaped like the real API (task-like objects with enums, nested objects, lists,
 * cursor paging, problem+json errors) so the generators do the same kind of work per operation.
 *
 *   tsx bench/synthetic.ts <operations> <outDir>   # writes schema.graphql, operations/, openapi.json
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Two operations per resource: a read and a write, as Tasklist pairs `task` with `claimTask`. */
function resourceCount(operations: number): number {
  return Math.ceil(operations / 2);
}

const pascal = (r: number) => `Resource${r}`;

export interface SyntheticGraphQL {
  schema: string;
  /** Operation documents, 50 operations a file (operations split over files as a real project does). */
  operationFiles: Array<{ name: string; text: string }>;
}

export function syntheticGraphQL(operations: number): SyntheticGraphQL {
  const resources = resourceCount(operations);
  const types: string[] = [
    'scalar DateTime',
    'enum ItemState { CREATED COMPLETED CANCELED FAILED }',
    'type Owner { id: ID! name: String! groups: [String!]! }',
    'input Paging { pageSize: Int searchAfter: [String!] searchBefore: [String!] }',
  ];
  const queries: string[] = [];
  const mutations: string[] = [];
  for (let r = 0; r < resources; r++) {
    const T = pascal(r);
    types.push(
      `"""Resource ${r}: a task-like object."""\ntype ${T} {\n  id: ID!\n  name: String!\n  state: ItemState!\n  owner: Owner\n  created: DateTime!\n  due: DateTime\n  labels: [String!]!\n  priority: Int\n  sortValues: [String!]!\n}`,
      `input ${T}Query { state: ItemState owner: String labels: [String!] paging: Paging }`,
      `input ${T}Update { name: String state: ItemState priority: Int labels: [String!] }`,
    );
    queries.push(`  resource${r}(query: ${T}Query!): [${T}!]!`);
    mutations.push(`  updateResource${r}(id: ID!, update: ${T}Update!): ${T}!`);
  }
  const schema = [...types, `type Query {\n${queries.join('\n')}\n}`, `type Mutation {\n${mutations.join('\n')}\n}`, ''].join('\n\n');

  const ops: string[] = [];
  for (let k = 0; k < operations; k++) {
    const r = Math.floor(k / 2);
    const T = pascal(r);
    ops.push(
      k % 2 === 0
        ? `query Get${T}($query: ${T}Query!) {\n  resource${r}(query: $query) {\n    id\n    name\n    state\n    owner { id name }\n    created\n    due\n    labels\n    sortValues\n  }\n}`
        : `mutation Update${T}($id: ID!, $update: ${T}Update!) {\n  updateResource${r}(id: $id, update: $update) {\n    id\n    state\n    priority\n  }\n}`,
    );
  }
  const operationFiles: SyntheticGraphQL['operationFiles'] = [];
  for (let i = 0; i < ops.length; i += 50) {
    operationFiles.push({ name: `ops-${String(i / 50).padStart(4, '0')}.graphql`, text: ops.slice(i, i + 50).join('\n\n') + '\n' });
  }
  return { schema, operationFiles };
}

type Json = Record<string, unknown>;

export function syntheticOpenApi(operations: number): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, Json> = {
    ItemState: { type: 'string', enum: ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'] },
    Owner: {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } },
    },
    Problem: {
      type: 'object',
      properties: { status: { type: 'integer', format: 'int32' }, message: { type: 'string' }, instance: { type: 'string' } },
    },
  };
  const problem = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  for (let k = 0; k < operations; k++) {
    const r = Math.floor(k / 2);
    const T = pascal(r);
    if (k % 2 === 0) {
      schemas[T] = {
        type: 'object',
        description: `Resource ${r}: a task-like object.`,
        required: ['id', 'name', 'state', 'created', 'sortValues'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          state: { $ref: '#/components/schemas/ItemState' },
          owner: { $ref: '#/components/schemas/Owner' },
          created: { type: 'string', format: 'date-time' },
          due: { type: 'string', format: 'date-time', nullable: true },
          labels: { type: 'array', items: { type: 'string' } },
          priority: { type: 'integer', format: 'int32', minimum: 0, maximum: 100 },
          sortValues: { type: 'array', items: { type: 'string' } },
        },
      };
      schemas[`${T}SearchRequest`] = {
        type: 'object',
        properties: {
          state: { $ref: '#/components/schemas/ItemState' },
          owner: { type: 'string' },
          pageSize: { type: 'integer', format: 'int32' },
          searchAfter: { type: 'array', items: { type: 'string' } },
        },
      };
      paths[`/v1/resources${r}/search`] = {
        post: {
          operationId: `search${T}`,
          tags: [`Resource${r}`],
          summary: `Search resource ${r}`,
          requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${T}SearchRequest` } } } },
          responses: {
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { type: 'array', items: { $ref: `#/components/schemas/${T}` } } } },
            },
            '400': problem('Bad request'),
          },
        },
      };
    } else {
      paths[`/v1/resources${r}/{id}`] = {
        get: {
          operationId: `get${T}`,
          tags: [`Resource${r}`],
          summary: `Get one resource ${r}`,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${T}` } } } },
            '404': problem('Not found'),
          },
        },
      };
    }
  }
  return {
    openapi: '3.0.1',
    info: { title: `Synthetic Tasklist-like API (${operations} operations)`, version: '1.0.0' },
    servers: [{ url: 'http://localhost:8080' }],
    paths,
    components: { schemas, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearerAuth: [] }],
  };
}

/** Writes `schema.graphql`, `operations/*.graphql` and `openapi.json` for `n` operations into `outDir` (replacing it). */
export function writeSynthetic(operations: number, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'operations'), { recursive: true });
  const gql = syntheticGraphQL(operations);
  writeFileSync(path.join(outDir, 'schema.graphql'), gql.schema);
  for (const f of gql.operationFiles) writeFileSync(path.join(outDir, 'operations', f.name), f.text);
  writeFileSync(path.join(outDir, 'openapi.json'), JSON.stringify(syntheticOpenApi(operations), null, 2) + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [n, out] = process.argv.slice(2);
  if (!n || !out || !Number.isInteger(Number(n)) || Number(n) < 1) {
    console.error('usage: tsx bench/synthetic.ts <operations (integer ≥ 1)> <outDir>');
    process.exit(2);
  }
  writeSynthetic(Number(n), path.resolve(out));
  console.log(`wrote ${n} GraphQL operations and ${n} OpenAPI operations to ${out}`);
}
