/**
 * Names from the schema and the operations that would make the generated GraphQL files fail to
 * compile. GraphQL allows them (a type may be called `Scalars`), TypeScript does not, so each is
 * refused here with its location before graphql-codegen writes a file that would not compile.
 */
import { getLocation, type GraphQLSchema, isIntrospectionType, isScalarType } from 'graphql';
import { GraphQLSchemaFileError } from './errors.js';

/**
 * Names the plugins declare themselves or refer to as globals: `@graphql-codegen/typescript`'s
 * helpers in `schema.ts` (and `Array`, which it uses for lists), and what `operations.ts` exports
 * next to the schema's types (`index.ts` re-exports both modules).
 */
export const PLUGIN_TYPE_NAMES: readonly string[] = [
  'Scalars',
  'Maybe',
  'InputMaybe',
  'Exact',
  'MakeOptional',
  'MakeMaybe',
  'MakeEmpty',
  'Incremental',
  'Array',
  'TypedDocumentString',
  'DocumentTypeDecoration',
];

/**
 * Throws, located at the type's definition in the SDL file, when a schema type would be written
 * under a name in `PLUGIN_TYPE_NAMES`, or is named like a member of Object.prototype. `convert` is graphql-codegen's own naming (the same
 * convention the plugins are configured with), so the comparison is with the name it would write.
 */
export function assertNoPluginTypeClash(schema: GraphQLSchema, convert: (name: string) => string, schemaName: string): void {
  const taken = new Set(PLUGIN_TYPE_NAMES);
  for (const type of Object.values(schema.getTypeMap())) {
    // Scalars are not declared as types: they become entries of `Scalars`.
    if (isIntrospectionType(type) || isScalarType(type)) continue;
    const written = convert(type.name);
    // graphql-codegen looks type names up in plain objects (its scalar map among them), where
    // `constructor`, `toString` … are Object.prototype's: it crashes, or types a field `Scalars['valueOf']`.
    const inherited = type.name in Object.prototype;
    if (!taken.has(written) && !inherited) continue;
    const loc = type.astNode?.name.loc;
    const at = loc ? getLocation(loc.source, loc.start) : undefined;
    const why = inherited
      ? `is the name of a member every JavaScript object has, which graphql-codegen takes for its own`
      : `would be generated as ${written}, a name graphql-codegen's output declares itself`;
    throw new GraphQLSchemaFileError(
      schemaName,
      `the type "${type.name}" ${why}; the generated files would not compile. ` +
        'This schema cannot be generated with tasklist-codegen until the type is renamed on the server.',
      at ? { line: at.line, column: at.column } : {},
    );
  }
}
