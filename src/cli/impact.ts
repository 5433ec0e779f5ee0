/**
 * Which of the project's own operations a schema change breaks — the part of the `check` report
 * that says "your code", not just "the schema".
 *
 * - GraphQL: the project's operation files are validated against the new schema (graphql-js
 *   validation, the same rules generate applies), so a removed field an operation selects shows
 *   up with its file:line:column — for a field in a fragment, under every operation spreading it.
 *   A change that is not safe to an enum an operation selects (a new value) names that operation.
 * - REST: every operation the generator turned into a function (after `select`) is compared
 *   between the two documents with its `$ref`s resolved, so a change deep in a referenced schema
 *   counts for every operation that reaches it; an operation that vanished is listed as such.
 */
import type { ResolvedConfig } from '../config/resolve.js';
import type { SchemaChange } from '../fetch/change-types.js';
import type { OpenApiDocument } from '../fetch/openapi/document.js';
import { operationsOf } from '../fetch/openapi/operations.js';
import { parsePointer, resolvePointer } from '../fetch/openapi/pointer.js';
import { mayBeReference, roleAt, roleOfChild, type NodeRole } from '../fetch/openapi/references.js';
import { canonicalJson } from '../util/canonical-json.js';

export interface OperationImpact {
  side: 'graphql' | 'rest' | 'forms';
  /** `GetTasks` or `searchTasks (POST /v1/tasks/search)`. */
  operation: string;
  /** `operations/tasks.graphql:3:5` for GraphQL. */
  location?: string;
  kind: 'invalid' | 'removed' | 'changed';
  message: string;
}

/**
 * GraphQL: validate the project's operations against `newSdl`; `undefined` = the server has no
 * GraphQL API any more. A problem inside a fragment is reported for every operation that spreads it
 * (people know their operations, and that is what breaks). With `changes`, an operation that selects
 * an enum whose change is not safe (a new value it may not handle) is named too, though it still validates.
 */
export async function graphqlImpact(
  config: ResolvedConfig,
  operationFiles: readonly string[],
  newSdl: string | undefined,
  changes: readonly SchemaChange[] = [],
): Promise<OperationImpact[]> {
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
  const graphql = await import('graphql');
  const { parseOperationFiles, checkOperations } = await import('../generate/graphql/documents.js');
  const schema = graphql.buildSchema(newSdl);
  const documents = await parseOperationFiles(relativeFiles, config.cwd);
  const definitions = documents.flatMap((d) => d.document.definitions.map((definition) => ({ file: d.location, definition })));
  const usage = new OperationUsage(
    graphql,
    schema,
    definitions.map((d) => d.definition),
  );
  try {
    checkOperations(schema, documents);
  } catch (error) {
    const problems = (error as { problems?: Array<{ file: string; line: number; column: number; message: string }> }).problems;
    if (!problems) throw error;
    // The definition (operation or fragment) each problem sits in.
    const containing = (file: string, line: number) =>
      definitions.find(
        ({ file: f, definition }) =>
          f === file && definition.loc && definition.loc.startToken.line <= line && line <= definition.loc.endToken.line,
      )?.definition;
    return problems.flatMap((p) => {
      const definition = containing(p.file, p.line);
      const location = `${p.file}:${p.line}:${p.column}`;
      const invalid = (operation: string, message: string) => ({
        side: 'graphql' as const,
        operation,
        location,
        kind: 'invalid' as const,
        message,
      });
      if (definition?.kind !== graphql.Kind.FRAGMENT_DEFINITION) return [invalid(nameOf(definition) ?? p.file, p.message)];
      const spreading = usage.operationsSpreading(definition.name.value);
      const message = `${p.message} (in fragment ${definition.name.value})`;
      return spreading.length ? spreading.map((operation) => invalid(operation, message)) : [invalid(definition.name.value, message)];
    });
  }
  return usage.enumImpacts(changes, (operation) => {
    const found = definitions.find(
      ({ definition }) => nameOf(definition) === operation && definition.kind === graphql.Kind.OPERATION_DEFINITION,
    );
    const loc = found && 'name' in found.definition ? found.definition.name?.loc : undefined;
    if (!found || !loc) return found?.file;
    const { line, column } = graphql.getLocation(loc.source, loc.start);
    return `${found.file}:${line}:${column}`;
  });
}

function nameOf(definition: import('graphql').DefinitionNode | undefined): string | undefined {
  return definition && 'name' in definition ? definition.name?.value : undefined;
}

type GraphQLModule = typeof import('graphql');

/**
 * What each operation reaches in the schema: the fragments it spreads (transitively) and the enum
 * types it selects or takes as variables, directly or through those fragments.
 */
class OperationUsage {
  private readonly spreads = new Map<string, Set<string>>();
  private readonly enums = new Map<string, Set<string>>();
  private readonly operations: string[] = [];

  constructor(graphql: GraphQLModule, schema: import('graphql').GraphQLSchema, definitions: readonly import('graphql').DefinitionNode[]) {
    for (const definition of definitions) {
      if (definition.kind !== graphql.Kind.OPERATION_DEFINITION && definition.kind !== graphql.Kind.FRAGMENT_DEFINITION) continue;
      const name = definition.name?.value;
      if (!name) continue;
      const key = keyOf(definition.kind === graphql.Kind.FRAGMENT_DEFINITION, name);
      if (definition.kind === graphql.Kind.OPERATION_DEFINITION) this.operations.push(name);
      const spreads = new Set<string>();
      const enums = new Set<string>();
      const typeInfo = new graphql.TypeInfo(schema);
      const noteEnum = (type: import('graphql').GraphQLType | null | undefined) => {
        const named = type ? graphql.getNamedType(type) : undefined;
        if (named && graphql.isEnumType(named)) enums.add(named.name);
      };
      graphql.visit(
        definition,
        graphql.visitWithTypeInfo(typeInfo, {
          Field: () => noteEnum(typeInfo.getType()),
          VariableDefinition: (node) => noteEnum(graphql.typeFromAST(schema, node.type)),
          FragmentSpread: (node) => {
            spreads.add(node.name.value);
          },
        }),
      );
      this.spreads.set(key, spreads);
      this.enums.set(key, enums);
    }
  }

  /** Operations that spread `fragment`, directly or through other fragments, in file order. */
  operationsSpreading(fragment: string): string[] {
    return this.operations.filter((operation) => this.fragmentsOf(operation).has(fragment));
  }

  /** For each operation and each non-safe change to an enum it reaches, one `changed` impact. */
  enumImpacts(changes: readonly SchemaChange[], locate: (operation: string) => string | undefined): OperationImpact[] {
    const impacts: OperationImpact[] = [];
    for (const operation of this.operations) {
      // Enum → the fragment it is reached through (undefined: selected by the operation itself).
      const reached = new Map<string, string | undefined>();
      for (const name of this.enums.get(keyOf(false, operation)) ?? []) reached.set(name, undefined);
      for (const fragment of this.fragmentsOf(operation)) {
        for (const name of this.enums.get(keyOf(true, fragment)) ?? []) if (!reached.has(name)) reached.set(name, fragment);
      }
      for (const change of changes) {
        if (change.level === 'safe') continue;
        const type = change.path.split('.')[0] ?? '';
        if (!reached.has(type)) continue;
        const via = reached.get(type);
        const location = locate(operation);
        impacts.push({
          side: 'graphql',
          operation,
          ...(location ? { location } : {}),
          kind: 'changed',
          message: `Selects ${type}${via ? ` (in fragment ${via})` : ''}, which changed: ${change.message}`,
        });
      }
    }
    return impacts;
  }

  private fragmentsOf(operation: string): Set<string> {
    const found = new Set<string>();
    const pending = [...(this.spreads.get(keyOf(false, operation)) ?? [])];
    while (pending.length > 0) {
      const fragment = pending.pop()!;
      if (found.has(fragment)) continue;
      found.add(fragment);
      pending.push(...(this.spreads.get(keyOf(true, fragment)) ?? []));
    }
    return found;
  }
}

/** Operations and fragments have separate name spaces. */
function keyOf(fragment: boolean, name: string): string {
  return `${fragment ? 'fragment' : 'operation'} ${name}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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
    if (!current)
      impacts.push({
        side: 'rest',
        operation: label,
        kind: 'removed',
        message: 'The operation is gone from the document: its generated function will disappear.',
      });
    else if (current.fingerprint !== fingerprint)
      impacts.push({
        side: 'rest',
        operation: label,
        kind: 'changed',
        message: 'Its parameters, request body or responses changed (including referenced schemas).',
      });
  }
  return impacts;
}

function operationFingerprints(
  doc: Record<string, unknown>,
  select: { tags?: string[]; operationIds?: string[] } | undefined,
): Map<string, { label: string; fingerprint: string }> {
  const out = new Map<string, { label: string; fingerprint: string }>();
  const tags = new Set((select?.tags ?? []).map((t) => t.toLowerCase()));
  const ids = new Set(select?.operationIds ?? []);
  const selecting = tags.size > 0 || ids.size > 0;
  // By path, so the impacts are listed in the same order whatever order the document has.
  const operations = operationsOf(doc as OpenApiDocument).sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  for (const { route, method, pathItem: item, operation: op } of operations) {
    const operationId = typeof op['operationId'] === 'string' ? op['operationId'] : undefined;
    const opTags = Array.isArray(op['tags']) ? (op['tags'] as unknown[]).map((t) => String(t).toLowerCase()) : [];
    if (selecting && !(operationId && ids.has(operationId)) && !opTags.some((t) => tags.has(t))) continue;
    const key = `${method.toUpperCase()} ${route}`;
    const shape = {
      pathParameters: item['parameters'] ?? null,
      operation: { ...op, tags: undefined, summary: undefined, description: undefined },
    };
    out.set(key, {
      label: operationId ? `${operationId} (${key})` : key,
      fingerprint: canonicalJson(inline(doc, shape, 'names', new Set())),
    });
  }
  return out;
}

/**
 * Replaces local `$ref`s by what they point to; a ref already being expanded (a cycle) stays a ref.
 * `role` tells a reference from data shaped like one (see fetch/openapi/references.ts); data is kept as written.
 */
function inline(doc: Record<string, unknown>, value: unknown, role: NodeRole | undefined, expanding: Set<string>): Json {
  if (role === undefined) return (value ?? null) as Json;
  if (Array.isArray(value)) return value.map((v) => inline(doc, v, role, expanding));
  if (value === null || typeof value !== 'object') return (value ?? null) as Json;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && mayBeReference(role)) {
    if (expanding.has(ref)) return { $ref: ref };
    expanding.add(ref);
    const result = inline(doc, resolvePointer(doc, ref), roleAt(doc, parsePointer(ref)), expanding);
    expanding.delete(ref);
    return result;
  }
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value))
    if (v !== undefined && k !== 'description' && k !== 'example' && k !== 'examples')
      out[k] = inline(doc, v, roleOfChild(role, k, v), expanding);
  return out;
}

/**
 * Forms: the project's code that uses a changed form — every line of a TypeScript or JavaScript
 * file (outside node_modules and the generated folder) that names one of the form's generated
 * types or its definition. Only when the change is not safe: that code is what may stop fitting.
 */
export async function formImpact(
  cwd: string,
  outDir: string,
  form: { formId: string; names: readonly string[] },
  changes: readonly SchemaChange[],
): Promise<OperationImpact[]> {
  const worst = changes.some((c) => c.level === 'breaking')
    ? 'breaking'
    : changes.some((c) => c.level === 'dangerous')
      ? 'dangerous'
      : undefined;
  if (!worst) return [];
  const path = await import('node:path');
  const { readFile } = await import('node:fs/promises');
  const { matchFiles } = await import('../util/match-files.js');
  const generated = path.relative(cwd, outDir).split(path.sep).join('/');
  const files = await matchFiles(
    cwd,
    ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ['**/dist/**', ...(generated && !generated.startsWith('..') ? [`${generated}/**`] : [])],
  );
  const pattern = new RegExp(`\\b(${form.names.map((n) => n.replace(/[$]/g, '\\$&')).join('|')})\\b`);
  const impacts: OperationImpact[] = [];
  for (const absolute of files) {
    const file = path.relative(cwd, absolute).split(path.sep).join('/');
    const lines = (await readFile(absolute, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      const match = pattern.exec(line);
      if (!match) return;
      impacts.push({
        side: 'forms',
        operation: `form ${form.formId}`,
        location: `${file}:${i + 1}:${match.index + 1}`,
        kind: worst === 'breaking' ? 'invalid' : 'changed',
        message: `uses ${match[1]}; the form has ${worst} changes`,
      });
    });
  }
  return impacts;
}
