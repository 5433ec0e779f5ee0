/**
 * The one way GraphQL text (a schema's SDL, an operation file) is parsed: graphql-js's `parse`,
 * with nesting bounded first. graphql-js parses recursively, so a 10,000-deep selection or list
 * overflows the stack; here it is a `GraphQLError` located at the bracket that goes too deep,
 * which every caller already reports as file:line:column.
 */
import { GraphQLError, Source, parse, type DocumentNode } from 'graphql';
import { TOO_DEEP, offsetTooDeep } from './nesting.js';

export function parseGraphQL(source: string | Source): DocumentNode {
  const text = typeof source === 'string' ? source : source.body;
  const offset = offsetTooDeep(text, 'graphql');
  if (offset !== undefined) {
    throw new GraphQLError(`Syntax Error: ${TOO_DEEP}.`, {
      source: typeof source === 'string' ? new Source(source) : source,
      positions: [offset],
    });
  }
  return parse(source);
}
