/**
 * Reading a schema someone handed us — a server response, a `--from` file, a committed snapshot —
 * into a checked, canonical form. Fetch, the generators and `diff <old> <new>` all come through here,
 * so a bad input fails the same way everywhere: one message naming file:line:column.
 */
import {
  type GraphQLError,
  buildASTSchema,
  buildClientSchema,
  lexicographicSortSchema,
  printSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
// Internal to graphql-js but stable since v15: the SDL rules with locations (`buildSchema` joins
// their messages into one Error and drops where they were).
import { validateSDL } from 'graphql/validation/validate.js';
import { TOO_DEEP, TOO_DEEP_HINT, offsetTooDeep } from '../util/nesting.js';
import { parseGraphQL } from '../util/parse-graphql.js';
import { parseYamlText } from '../util/parse-yaml.js';
import { FetchError } from './errors.js';
import { formatLocation, jsonSyntaxKind, positionOfJsonError, positionOfOffset, positionOfPath } from './source-location.js';
import { DOCUMENT_ROLE, mayBeReference, roleOfChild, type NodeRole } from '../util/openapi-references.js';

export interface LoadedGraphQLSchema {
  schema: GraphQLSchema;
  /** The schema printed with types, fields, arguments and enum values sorted: the snapshot text. */
  sdl: string;
  sourceKind: 'sdl' | 'introspection';
}

/** An OpenAPI 3.0 / 3.1 document, parsed. Only the fields this toolkit relies on are typed. */
export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string; [key: string]: unknown };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface LoadedOpenApiDocument {
  document: OpenApiDocument;
  version: '3.0' | '3.1';
  /** Whether the text was JSON or YAML. */
  sourceFormat: 'json' | 'yaml';
}

/** Prints a schema deterministically: same schema, same bytes, whatever order the server used. */
export function printSortedSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** SDL text or an introspection result (`{ data: { __schema } }` or `{ __schema }`) → schema + sorted SDL. */
export function loadGraphQLSchemaSource(text: string, fileName: string): LoadedGraphQLSchema {
  if (text.trimStart().startsWith('{')) {
    const introspection = introspectionFrom(parseJson(text, fileName), fileName);
    let schema: GraphQLSchema;
    try {
      schema = buildClientSchema(introspection);
    } catch (error) {
      throw new FetchError('NOT_A_SCHEMA', `Not a usable introspection result: ${(error as Error).message}`, {
        url: fileName,
        hint: 'Pass the JSON the server answers to the standard introspection query, or an SDL file.',
        cause: error,
      });
    }
    return { schema, sdl: printSortedSdl(schema), sourceKind: 'introspection' };
  }
  let schema: GraphQLSchema;
  try {
    const document = parseGraphQL(text);
    const [firstError] = validateSDL(document);
    if (firstError) throw firstError;
    schema = buildASTSchema(document, { assumeValidSDL: true });
  } catch (error) {
    // Duck-typed: bundlers may load graphql's ESM and CJS builds side by side, and `instanceof` fails across them.
    const location = (error as Partial<GraphQLError>).locations?.[0];
    throw new FetchError('SYNTAX', `Invalid GraphQL SDL: ${error instanceof Error ? error.message : String(error)}`, {
      url: formatLocation(fileName, location && { line: location.line, column: location.column }),
      hint: 'Fix the schema file, or pass an introspection JSON instead.',
      cause: error,
    });
  }
  return { schema, sdl: printSortedSdl(schema), sourceKind: 'sdl' };
}

function introspectionFrom(value: unknown, fileName: string): IntrospectionQuery {
  const record = asRecord(value);
  const data = asRecord(record?.['data']) ?? record;
  if (data && asRecord(data['__schema'])) return data as unknown as IntrospectionQuery;
  const errors = Array.isArray(record?.['errors']) ? (record['errors'] as Array<{ message?: unknown }>) : [];
  const serverSays = errors.length > 0 ? `; the server said: ${errors.map((e) => String(e.message)).join('; ')}` : '';
  throw new FetchError('NOT_A_SCHEMA', `JSON without a "__schema" object${serverSays}`, {
    url: fileName,
    hint: 'Pass an introspection result ({ "data": { "__schema": … } }) or an SDL file.',
  });
}

/**
 * JSON or YAML text → an OpenAPI 3.0/3.1 document whose internal `$ref`s all resolve and whose
 * structure passes Redocly's `struct` rule. Swagger 2.0 and external `$ref`s are refused with what
 * to do instead.
 */
export async function loadOpenApiSource(text: string, fileName: string): Promise<LoadedOpenApiDocument> {
  const sourceFormat = text.trimStart().startsWith('{') ? 'json' : 'yaml';
  const value = sourceFormat === 'json' ? parseJson(text, fileName) : parseYaml(text, fileName);
  const document = asRecord(value);
  if (!document) {
    throw new FetchError('NOT_OPENAPI', 'Not an OpenAPI document: the top level is not an object', {
      url: fileName,
      hint: 'Point at the OpenAPI document itself (springdoc serves it at /v3/api-docs/<group>).',
    });
  }
  if (typeof document['swagger'] === 'string') {
    throw new FetchError('NOT_OPENAPI', `A Swagger ${document['swagger']} document, not OpenAPI 3`, {
      url: formatLocation(fileName, positionOfPath(text, ['swagger'])),
      hint: "Use the server's OpenAPI 3 document (springdoc: /v3/api-docs), or convert it first, e.g. with `npx swagger2openapi`.",
    });
  }
  const openapi = document['openapi'];
  const version = typeof openapi === 'string' ? /^3\.(0|1)\.\d+/.exec(openapi)?.[1] : undefined;
  if (!version) {
    throw new FetchError(
      'NOT_OPENAPI',
      openapi === undefined
        ? 'Not an OpenAPI document: no "openapi" version field'
        : `Unsupported OpenAPI version ${JSON.stringify(openapi)}`,
      {
        url: formatLocation(fileName, positionOfPath(text, openapi === undefined ? [] : ['openapi'])),
        hint: 'OpenAPI 3.0.x and 3.1.x are supported; check that this URL serves the REST API document.',
      },
    );
  }
  if (!asRecord(document['paths'])) {
    throw new FetchError('NOT_OPENAPI', 'The OpenAPI document has no "paths" object, so there is nothing to generate', {
      url: formatLocation(fileName, positionOfPath(text, [])),
      hint: 'Check the document location (a springdoc group may be empty) or the file.',
    });
  }
  checkReferences(document, text, fileName);
  await checkStructure(text, fileName);
  return { document: document as OpenApiDocument, version: version === '0' ? '3.0' : '3.1', sourceFormat };
}

/** Every `$ref` must point inside the document: the snapshot has to stand on its own. */
function checkReferences(document: Record<string, unknown>, text: string, fileName: string): void {
  const visit = (node: unknown, role: NodeRole, path: Array<string | number>): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, role, [...path, index]));
      return;
    }
    const record = asRecord(node);
    if (!record) return;
    const ref = record['$ref'];
    if (typeof ref === 'string' && mayBeReference(role)) {
      // Locating re-parses the text: only on the error path.
      const where = () => formatLocation(fileName, positionOfPath(text, [...path, '$ref']));
      if (!ref.startsWith('#')) {
        throw new FetchError('NOT_OPENAPI', `External $ref "${ref}" is not supported`, {
          url: where(),
          hint: 'Bundle the document into one file first, e.g. `npx @redocly/cli bundle`.',
        });
      }
      if (resolvePointer(document, ref) === undefined) {
        throw new FetchError('NOT_OPENAPI', `Unresolved $ref "${ref}"`, {
          url: where(),
          hint: 'The document points at a component it does not define; fetch it again or fix the file.',
        });
      }
    }
    for (const [key, child] of Object.entries(record)) {
      // Inside examples, defaults, enum/const values and extensions, "$ref" is data, not a reference.
      const childRole = roleOfChild(role, key, child);
      if (childRole !== undefined) visit(child, childRole, [...path, key]);
    }
  };
  visit(document, DOCUMENT_ROLE, []);
}

/** Resolves a local JSON pointer (`#/components/schemas/Task`) in a document. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (ref === '#') return document;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    // Own members only: `#/components/schemas/__proto__` must not reach Object.prototype.
    if (Array.isArray(node)) node = node[Number(key)];
    else if (asRecord(node) && Object.hasOwn(node as object, key)) node = (node as Record<string, unknown>)[key];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Redocly's `struct` rule: the shape of every OpenAPI object (wrong types, unknown required fields). */
async function checkStructure(text: string, fileName: string): Promise<void> {
  // Loaded lazily: it is a large module and only the OpenAPI side needs it.
  const { createConfig, getLineColLocation, lintFromString } = await import('@redocly/openapi-core');
  const config = await createConfig({ rules: { struct: 'error' } });
  // A virtual absolute path: the ref check above already refused anything Redocly would resolve.
  let problems: Awaited<ReturnType<typeof lintFromString>>;
  try {
    problems = await lintFromString({ source: text, absoluteRef: '/tasklist-codegen/openapi.yaml', config });
  } catch (error) {
    // Redocly's YAML reader refuses what JSON.parse lets through (a duplicated key) with a plain
    // Error naming its virtual path: say it about the user's file instead.
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    const at = /\((\d+):(\d+)\)\s*$/.exec(message);
    throw new FetchError('SYNTAX', `Invalid OpenAPI document: ${message.replace(/ in "[^"]*"/, '').replace(/\s*\(\d+:\d+\)\s*$/, '')}`, {
      url: formatLocation(fileName, at ? { line: Number(at[1]), column: Number(at[2]) } : undefined),
      hint: 'Fix the file, or check that the URL serves the OpenAPI document.',
      cause: error,
    });
  }
  const errors = problems.filter((problem) => problem.severity === 'error');
  const first = errors[0];
  if (!first) return;
  const location = first.location[0];
  const start = location ? getLineColLocation(location).start : undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new FetchError('NOT_OPENAPI', `Invalid OpenAPI document: ${first.message}${more}`, {
    url: formatLocation(fileName, start && { line: start.line, column: start.col }),
    hint: 'The document does not follow the OpenAPI specification; fix the file, or report it to whoever serves it.',
  });
}

function parseJson(text: string, fileName: string): unknown {
  const deep = offsetTooDeep(text, 'json');
  if (deep !== undefined) {
    throw new FetchError('SYNTAX', `Invalid JSON: ${TOO_DEEP}`, {
      url: formatLocation(fileName, positionOfOffset(text, deep)),
      hint: TOO_DEEP_HINT,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FetchError('SYNTAX', `Invalid JSON: ${jsonSyntaxKind(error)}`, {
      url: formatLocation(fileName, positionOfJsonError(text, error)),
      hint: 'Fix the file, or check that the URL serves JSON.',
      cause: error,
    });
  }
}

function parseYaml(text: string, fileName: string): unknown {
  const parsed = parseYamlText(text);
  if (!parsed.ok) {
    const { problem } = parsed;
    throw new FetchError('SYNTAX', `Invalid YAML: ${problem.message}`, {
      url: formatLocation(fileName, problem.line === undefined ? undefined : { line: problem.line, column: problem.column ?? 1 }),
      hint: problem.hint ?? 'Fix the file, or check that the URL serves YAML or JSON.',
    });
  }
  return parsed.value;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
