/**
 * The conformance suite's inputs and tools: documents nobody on this project wrote (read in place
 * from ../shared/fixtures/), one strict `tsc` over everything generated, a local server that
 * records the bytes a call puts on the wire, and the operations a document declares.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HTTP_METHODS } from '../../src/fetch/openapi/document.js';
import { tscProject } from '../support/compiler-host.js';
import { STRICT_COMPILER_OPTIONS } from '../support/strict-compiler-options.js';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { GeneratedFile } from '../../src/generate/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const publicDir = path.resolve(repoRoot, '../shared/fixtures/public');
export const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
/** What generated functions import the runtime from here; snapshots show the published name instead. */
export const runtimeModule = path.join(repoRoot, 'src/runtime/index.js');
export const PUBLISHED_RUNTIME = '@tasklist-codegen/runtime';

/** Says once, on the console, which fixture folders are missing and that their cases are skipped. */
export function fixturesPresent(suite: string): { public: boolean; real: boolean } {
  const present = { public: existsSync(publicDir), real: existsSync(realDir) };
  for (const [name, dir] of [
    ['public', publicDir],
    ['real', realDir],
  ] as const) {
    if (!present[name]) console.warn(`[conformance] ${suite}: skipped the ${name} documents, ${dir} is absent`);
  }
  return present;
}

/** A folder inside the repository (so the generated code resolves the runtime and its packages), removed after. */
export async function scratchDir(prefix: string): Promise<string> {
  const parent = path.join(repoRoot, '.tmp');
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, `conformance-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export async function writeFiles(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
}

/** The text a snapshot holds: machine-independent (the runtime by its published name). */
export function snapshotText(contents: string): string {
  return contents
    .split(JSON.stringify(runtimeModule))
    .join(JSON.stringify(PUBLISHED_RUNTIME))
    .split(`'${runtimeModule}'`)
    .join(`'${PUBLISHED_RUNTIME}'`);
}

/**
 * One strict `tsc -p` over `dir` (every `.ts` in it), in this process: one check for all documents,
 * the largest saving of the suite. Returns tsc's diagnostics ('' when clean).
 */
export async function typeCheck(dir: string): Promise<string> {
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: STRICT_COMPILER_OPTIONS, include: ['**/*.ts'] }));
  return tscProject(dir);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI documents: what they declare.

export type Json = Record<string, unknown>;

export async function readDocument(file: string): Promise<Json> {
  const text = await readFile(file, 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })) as Json;
}

export interface DeclaredParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Json;
}

export interface DeclaredOperation {
  method: string;
  path: string;
  operationId: string | undefined;
  parameters: DeclaredParameter[];
  /** Media types of the request body, in document order. */
  bodyTypes: string[];
  bodyRequired: boolean;
  /** The schema of the first media type. */
  bodySchema: Json | undefined;
  /** The schema of each media type. */
  bodySchemas: Record<string, Json | undefined>;
}

/** Every operation of the document (path-level parameters merged, `$ref`s inside the document followed). */
export function declaredOperations(document: Json): DeclaredOperation[] {
  const out: DeclaredOperation[] = [];
  const paths = (document.paths ?? {}) as Record<string, Json>;
  for (const [route, rawItem] of Object.entries(paths)) {
    const item = resolve(document, rawItem) as Json;
    for (const method of HTTP_METHODS) {
      const operation = resolve(document, item[method]) as Json | undefined;
      if (!operation || typeof operation !== 'object') continue;
      const byKey = new Map<string, DeclaredParameter>();
      for (const raw of [...((item.parameters ?? []) as unknown[]), ...((operation.parameters ?? []) as unknown[])]) {
        const parameter = resolve(document, raw) as Json;
        const where = parameter.in as DeclaredParameter['in'];
        byKey.set(`${where} ${String(parameter.name)}`, {
          name: String(parameter.name),
          in: where,
          required: parameter.required === true || where === 'path',
          schema: (resolve(document, parameter.schema) ?? {}) as Json,
        });
      }
      const body = resolve(document, operation.requestBody) as Json | undefined;
      const content = (body?.content ?? {}) as Record<string, Json>;
      const firstType = Object.keys(content)[0];
      out.push({
        method,
        path: route,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        parameters: [...byKey.values()],
        bodyTypes: Object.keys(content),
        bodyRequired: body?.required === true,
        bodySchema: firstType ? ((resolve(document, content[firstType]?.schema) ?? undefined) as Json | undefined) : undefined,
        bodySchemas: Object.fromEntries(
          Object.entries(content).map(([type, media]) => [type, resolve(document, media?.schema) as Json | undefined]),
        ),
      });
    }
  }
  return out;
}

export function resolve(document: Json, value: unknown, depth = 0): unknown {
  if (depth > 20 || !value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Json)[part] : undefined;
  }
  return resolve(document, node, depth + 1);
}

// ---------------------------------------------------------------------------------------------
// Generated REST functions: which function is which operation.

export interface GeneratedFunction {
  name: string;
  method: string;
  path: string;
  takesInput: boolean;
}

/**
 * The functions of a generated `rest/index.ts`, each with the operation its doc comment ends with
 * (`` `GET /resources/{id}` ``) and whether it takes an input argument.
 */
export function generatedRestFunctions(index: string): GeneratedFunction[] {
  const out: GeneratedFunction[] = [];
  const pattern = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*export (?:async )?function (\w+)\(client: \w+(, input\??:)?/g;
  for (const match of index.matchAll(pattern)) {
    // The last such line: a description may mention other operations before it.
    const operation = [...(match[1] ?? '').matchAll(/`(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) ([^`\s]+)`/g)].pop();
    if (!operation || match[2]!.startsWith('paginate')) continue;
    out.push({ name: match[2]!, method: operation[1]!.toLowerCase(), path: operation[2]!, takesInput: Boolean(match[3]) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A server that records what arrives.

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RecordingServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Answers every request with 200 `{}` (JSON) and keeps it. */
export async function startRecordingServer(
  answer: (request: RecordedRequest) => { status: number; body: string } = () => ({ status: 200, body: '{}' }),
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(recorded);
    const { status, body } = answer(recorded);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Every file under `dir` whose name matches, relative and sorted. */
export async function filesIn(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
