/**
 * GraphQL schema changes, as rated by GraphQL Inspector (the reference for what breaks a GraphQL
 * client), mapped onto the toolkit's three levels.
 */
import { createRequire } from 'node:module';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { loadGraphQLSchemaSource } from './load-schema.js';
import { sortChanges, type ChangeLevel, type SchemaChange } from './change-types.js';

/**
 * The `graphql` instance GraphQL Inspector itself gets (Node resolves its `import 'graphql'` to the
 * CommonJS build). A bundler or test runner may hand our own modules the ESM build instead, and
 * graphql-js refuses schema objects from "another module or realm" — so the two schemas to compare
 * are rebuilt from SDL with Inspector's instance.
 */
const inspectorGraphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** Changes from `oldSchema` to `newSchema` (each SDL or introspection JSON text), most severe first. */
export async function diffGraphQLSchemas(oldSchema: string, newSchema: string): Promise<SchemaChange[]> {
  const before = inspectorGraphql.buildSchema(loadGraphQLSchemaSource(oldSchema, 'previous schema').sdl);
  const after = inspectorGraphql.buildSchema(loadGraphQLSchemaSource(newSchema, 'new schema').sdl);
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
