/**
 * Reading a GraphQL schema someone handed us — a server response, a `--from` file, a committed
 * snapshot — into a checked, canonical form. Fetch, the generator and `diff <old> <new>` all come
 * through here, so a bad input fails the same way everywhere: one message naming file:line:column.
 * OpenAPI documents have their own module, `openapi/`.
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
import { withoutByteOrderMark } from '../util/byte-order-mark.js';
import { TOO_DEEP, TOO_DEEP_HINT, offsetTooDeep } from '../util/nesting.js';
import { parseGraphQL } from '../util/parse-graphql.js';
import { FetchError } from './errors.js';
import { formatLocation, jsonSyntaxKind, positionOfJsonError, positionOfOffset } from './source-location.js';

export interface LoadedGraphQLSchema {
  schema: GraphQLSchema;
  /** The schema printed with types, fields, arguments and enum values sorted: the snapshot text. */
  sdl: string;
  sourceKind: 'sdl' | 'introspection';
}

/** Prints a schema deterministically: same schema, same bytes, whatever order the server used. */
export function printSortedSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** SDL text or an introspection result (`{ data: { __schema } }` or `{ __schema }`) → schema + sorted SDL. */
export function loadGraphQLSchemaSource(read: string, fileName: string): LoadedGraphQLSchema {
  const text = withoutByteOrderMark(read);
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

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
