/**
 * GraphQL schema changes, as rated by GraphQL Inspector (the reference for what breaks a GraphQL
 * client), mapped onto the toolkit's three levels.
 */
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { loadGraphQLSchemaSource } from './load-schema.js';
import { sortChanges, type ChangeLevel, type SchemaChange } from './change-types.js';

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** Changes from `oldSdl` to `newSdl` (SDL or introspection JSON text). */
export async function diffGraphQLSchemas(oldSdl: string, newSdl: string): Promise<SchemaChange[]> {
  const before = loadGraphQLSchemaSource(oldSdl, 'previous schema').schema;
  const after = loadGraphQLSchemaSource(newSdl, 'new schema').schema;
  return diffGraphQLSchemaObjects(before, after);
}

export async function diffGraphQLSchemaObjects(before: GraphQLSchema, after: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = await diff(before, after);
  return sortChanges(
    changes.map((change) => ({
      level: LEVELS[change.criticality.level],
      kind: change.type,
      path: change.path ?? '',
      // Inspector's reasons explain why a dangerous change is dangerous; for the other levels the message says it all.
      message:
        change.criticality.level === CriticalityLevel.Dangerous && change.criticality.reason
          ? `${change.message}. ${change.criticality.reason}`
          : change.message,
    })),
  );
}
