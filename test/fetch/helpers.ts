import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
export const hasReal = existsSync(realDir);
if (!hasReal) console.warn(`[test/fetch] ${realDir} is missing: tests on Camunda's published documents are skipped`);

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  baseUrl: string;
  /** Paths requested, in order, with method. */
  requests: string[];
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1:0; `routes` maps `METHOD /path` (or `/path`) to a handler; everything else 404s. */
export async function startServer(routes: Record<string, Handler>): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}`);
    const handler = routes[`${req.method} ${url.pathname}`] ?? routes[url.pathname];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}');
      return;
    }
    await handler(req, body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, _body, res) => {
    res
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(typeof value === 'string' ? value : JSON.stringify(value));
  };
}

export function text(status: number, body: string, contentType: string): Handler {
  return (_req, _body, res) => {
    res.writeHead(status, { 'content-type': contentType }).end(body);
  };
}

/** A GraphQL endpoint that executes whatever query it gets against `schema` (introspection included). */
export function graphqlHandler(schema: () => GraphQLSchema, headers: Record<string, string> = {}): Handler {
  return async (_req, body, res) => {
    const { query } = JSON.parse(body) as { query: string };
    const result = await graphql({ schema: schema(), source: query });
    res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(result));
  };
}

export const SMALL_SDL = `
"""A user task."""
type Task {
  id: ID!
  name: String!
  """When it is due."""
  dueDate: DateTime
  taskState: TaskState!
  oldField: String @deprecated(reason: "Use name")
}
scalar DateTime @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339")
enum TaskState { CREATED COMPLETED CANCELED }
type Query {
  task(id: String!): Task!
  tasks(state: TaskState): [Task!]!
}
`;

/** The same schema with every list in a different order: must print to the same SDL. */
export const SMALL_SDL_SHUFFLED = `
enum TaskState { COMPLETED CANCELED CREATED }
type Query {
  tasks(state: TaskState): [Task!]!
  task(id: String!): Task!
}
scalar DateTime @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339")
"""A user task."""
type Task {
  oldField: String @deprecated(reason: "Use name")
  taskState: TaskState!
  """When it is due."""
  dueDate: DateTime
  name: String!
  id: ID!
}
`;

export const smallSchema = () => buildSchema(SMALL_SDL);

/** A minimal valid OpenAPI 3.0 document; `extra` is merged into the Task schema's properties. */
export function smallOpenApi(extra: Record<string, unknown> = {}, reverse = false): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    id: { type: 'string' },
    taskState: { type: 'string', enum: ['CREATED', 'COMPLETED'] },
    ...extra,
  };
  const ordered = reverse ? Object.fromEntries(Object.entries(properties).reverse()) : properties;
  const paths: Record<string, unknown> = {
    '/v1/tasks/{taskId}': {
      get: {
        operationId: 'getTask',
        parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Task' } } } } },
      },
    },
    '/v1/tasks/search': {
      post: {
        operationId: 'searchTasks',
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { state: { type: 'string' } } } } } },
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Task' } } } },
          },
        },
      },
    },
  };
  const doc = {
    openapi: '3.0.1',
    info: { title: 'Tasklist REST API', version: 'v1' },
    paths: reverse ? Object.fromEntries(Object.entries(paths).reverse()) : paths,
    components: {
      schemas: { Task: { type: 'object', required: reverse ? ['taskState', 'id'] : ['id', 'taskState'], properties: ordered } },
    },
  };
  return reverse ? Object.fromEntries(Object.entries(doc).reverse()) : doc;
}

export async function tempDir(prefix = 'fetch-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Name → { contents, mtimeMs } of every file in `dir` (hidden ones included), to prove nothing changed. */
export async function snapshotDir(dir: string): Promise<Record<string, { contents: string; mtimeMs: number }>> {
  if (!existsSync(dir)) return {};
  const result: Record<string, { contents: string; mtimeMs: number }> = {};
  for (const name of (await readdir(dir)).sort()) {
    const file = path.join(dir, name);
    result[name] = { contents: await readFile(file, 'utf8'), mtimeMs: (await stat(file)).mtimeMs };
  }
  return result;
}
