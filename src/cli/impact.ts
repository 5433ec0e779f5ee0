/**
 * Which of the project's own operations a schema change breaks — the part of the `check` report
 * that says "your code", not just "the schema".
 *
 * - GraphQL: the project's operation files are validated against the new schema (graphql-js
 *   validation, the same rules generate applies), so a removed field an operation selects shows
 *   up with its file:line:column.
 * - REST: every operation the generator turned into a function (after `select`) is compared
 *   between the two documents with its `$ref`s resolved, so a change deep in a referenced schema
 *   counts for every operation that reaches it; an operation that vanished is listed as such.
 */
import type { ResolvedConfig } from '../config/resolve.js';

export interface OperationImpact {
  side: 'graphql' | 'rest';
  /** `GetTasks` or `searchTasks (POST /v1/tasks/search)`. */
  operation: string;
  /** `operations/tasks.graphql:3:5` for GraphQL. */
  location?: string;
  kind: 'invalid' | 'removed' | 'changed';
  message: string;
}

/** GraphQL: validate the project's operations against `newSdl`; `undefined` = the server has no GraphQL API any more. */
export async function graphqlImpact(config: ResolvedConfig, operationFiles: readonly string[], newSdl: string | undefined): Promise<OperationImpact[]> {
  if (operationFiles.length === 0) return [];
  const path = await import('node:path');
  const relativeFiles = operationFiles.map((f) => path.relative(config.cwd, f).split(path.sep).join('/'));
  if (newSdl === undefined) {
    return relativeFiles.map((file) => ({
      side: 'graphql' as const,
      operation: file,
      location: file,
      kind: 'removed' as const,
      message: 'The server no longer serves a GraphQL API (404 at /graphql): move these operations to the REST API.',
    }));
  }
  const { buildSchema, Kind } = await import('graphql');
  const { parseOperationFiles, checkOperations } = await import('../generate/graphql/documents.js');
  const schema = buildSchema(newSdl);
  const documents = await parseOperationFiles(relativeFiles, config.cwd);
  try {
    checkOperations(schema, documents);
    return [];
  } catch (error) {
    const problems = (error as { problems?: Array<{ file: string; line: number; column: number; message: string }> }).problems;
    if (!problems) throw error;
    // Name the operation each problem sits in: people know their operations by name.
    const named = (file: string, line: number): string => {
      const doc = documents.find((d) => d.location === file);
      let name = file;
      for (const def of doc?.document.definitions ?? []) {
        if ((def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) && def.loc && def.loc.startToken.line <= line) {
          name = def.name?.value ?? name;
        }
      }
      return name;
    };
    return problems.map((p) => ({
      side: 'graphql' as const,
      operation: named(p.file, p.line),
      location: `${p.file}:${p.line}:${p.column}`,
      kind: 'invalid' as const,
      message: p.message,
    }));
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** REST: the generated operations (per `select`) that vanished from or changed in the new document. */
export function restImpact(
  oldDoc: Record<string, unknown>,
  newDoc: Record<string, unknown>,
  select: { tags?: string[]; operationIds?: string[] } | undefined,
): OperationImpact[] {
  const before = operationFingerprints(oldDoc, select);
  const after = operationFingerprints(newDoc, undefined);
  const impacts: OperationImpact[] = [];
  for (const [key, { label, fingerprint }] of before) {
    const current = after.get(key);
    if (!current) impacts.push({ side: 'rest', operation: label, kind: 'removed', message: 'The operation is gone from the document: its generated function will disappear.' });
    else if (current.fingerprint !== fingerprint) impacts.push({ side: 'rest', operation: label, kind: 'changed', message: 'Its parameters, request body or responses changed (including referenced schemas).' });
  }
  return impacts;
}

function operationFingerprints(doc: Record<string, unknown>, select: { tags?: string[]; operationIds?: string[] } | undefined): Map<string, { label: string; fingerprint: string }> {
  const out = new Map<string, { label: string; fingerprint: string }>();
  const tags = new Set((select?.tags ?? []).map((t) => t.toLowerCase()));
  const ids = new Set(select?.operationIds ?? []);
  const selecting = tags.size > 0 || ids.size > 0;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const route of Object.keys(paths).sort()) {
    const item = resolve(doc, paths[route]) as Record<string, unknown> | undefined;
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op || typeof op !== 'object') continue;
      const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
      const opTags = Array.isArray(op.tags) ? (op.tags as unknown[]).map((t) => String(t).toLowerCase()) : [];
      if (selecting && !(operationId && ids.has(operationId)) && !opTags.some((t) => tags.has(t))) continue;
      const key = `${method.toUpperCase()} ${route}`;
      const shape = { pathParameters: item.parameters ?? null, operation: { ...op, tags: undefined, summary: undefined, description: undefined } };
      out.set(key, { label: operationId ? `${operationId} (${key})` : key, fingerprint: stableJson(inline(doc, shape, new Set())) });
    }
  }
  return out;
}

function resolve(doc: Record<string, unknown>, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string') return pointer(doc, (value as { $ref: string }).$ref);
  return value;
}

function pointer(doc: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node;
}

/** Replaces local `$ref`s by what they point to; a ref already being expanded (a cycle) stays a ref. */
function inline(doc: Record<string, unknown>, value: unknown, expanding: Set<string>): Json {
  if (Array.isArray(value)) return value.map((v) => inline(doc, v, expanding));
  if (value === null || typeof value !== 'object') return (value ?? null) as Json;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    if (expanding.has(ref)) return { $ref: ref };
    expanding.add(ref);
    const result = inline(doc, pointer(doc, ref), expanding);
    expanding.delete(ref);
    return result;
  }
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && k !== 'description' && k !== 'example' && k !== 'examples') out[k] = inline(doc, v, expanding);
  return out;
}

function stableJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k]!)}`).join(',')}}`;
}
