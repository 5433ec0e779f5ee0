/**
 * The GraphQL side of `generate`: schema SDL + `operations/**\/*.graphql` → `generated/graphql/*`,
 * in memory. The CLI writes the files (atomically); nothing here touches the disk except to read.
 *
 * graphql-codegen's `codegen()` is called directly with the plugin modules, not through its CLI
 * (no cosmiconfig, listr or loaders), and the heavy modules load only when there is work to do.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Types } from '@graphql-codegen/plugin-helpers';
import type { GenerationResult } from '../types.js';
import {
  generatedHeader,
  GRAPHQL_OUTPUT_FILES,
  OPERATIONS_PLUGIN_CONFIG,
  type OperationFunctionsConfig,
  sharedPluginConfig,
  sortDocumentsByName,
} from './config.js';
import { GraphQLSchemaFileError } from './errors.js';
import { importDecorationFromRuntime } from './decoration-import.js';

export { GraphQLSchemaFileError, OperationError, type OperationProblem } from './errors.js';

/** Defined (as `true`) only inside the bundled engines, by scripts/engines.mjs. */
declare const __TASKLIST_CODEGEN_ENGINE__: true | undefined;
export { GRAPHQL_OUTPUT_FILES } from './config.js';

export interface GenerateGraphQLOptions {
  /** SDL file, relative to `cwd` or absolute (`schemas/tasklist.graphql`). */
  schemaFile: string;
  /** Globs of operation files, relative to `cwd`. */
  operations: string | string[];
  /** The globs as configured, for the file header (the orchestrator passes the matched files as `operations`). */
  operationsPattern?: string | string[];
  cwd: string;
  /** What generated functions import the runtime from (`tasklist-codegen/runtime`). */
  runtimeImport: string;
  /** Custom scalar → TypeScript type; `DateTime` is `string` unless set here. */
  scalars?: Record<string, string>;
}

/**
 * Generates `graphql/schema.ts`, `graphql/operations.ts` and `graphql/index.ts`.
 * Throws `OperationError` (file:line:column, message, suggestion) for operations that do not parse
 * or validate, and `GraphQLSchemaFileError` for a missing or broken schema when there are operations.
 * No schema and no operations: the project has no GraphQL side, and the result is empty.
 */
export async function generateGraphQL(options: GenerateGraphQLOptions): Promise<GenerationResult> {
  const { cwd } = options;
  const { findOperationFiles, parseOperationFiles, checkOperations } = await import('./documents.js');
  const operationFiles = await findOperationFiles(options.operations, cwd);
  const schemaPath = path.resolve(cwd, options.schemaFile);
  const schemaName = displayPath(options.schemaFile, cwd);
  if (!existsSync(schemaPath)) {
    if (operationFiles.length === 0) return { files: [], warnings: [] };
    throw new GraphQLSchemaFileError(
      schemaName,
      `not found, but ${operationFiles.length} operation file(s) need it (${operationFiles[0]}…). ` +
        'Run `tasklist-codegen fetch` to download the schema, or remove the operations if the server has no GraphQL API.',
    );
  }

  const [{ buildASTSchema, lexicographicSortSchema, parse, printSchema, Source, validateSchema }, { validateSDL }, sdl, { parseGraphQL }] =
    await Promise.all([
      import('graphql'),
      // Internal to graphql-js but stable since v15: the SDL rules with locations (buildASTSchema
      // joins their messages into one Error and drops where they were).
      import('graphql/validation/validate.js'),
      readFile(schemaPath, 'utf8'),
      import('../../util/parse-graphql.js'),
    ]);
  let schemaAst;
  let schema;
  try {
    const sdlDocument = parseGraphQL(new Source(sdl, schemaName));
    const [sdlError] = validateSDL(sdlDocument);
    if (sdlError) throw sdlError;
    const built = buildASTSchema(sdlDocument, { assumeValidSDL: true });
    // The type system's own rules (interfaces implemented, root types objects, …), located at the
    // definitions they concern; checked before sorting, which keeps the AST nodes but not their order.
    const [typeSystemError] = validateSchema(built);
    if (typeSystemError) throw typeSystemError;
    // Sorted by name, as graphql-codegen's CLI loads schemas: the output then does not depend on
    // the order of the SDL, and `npx graphql-codegen` writes the same types.
    schema = lexicographicSortSchema(built);
    // codegen() gets the AST and, unless handed the schema (see below), builds its own.
    schemaAst = parse(printSchema(schema));
  } catch (error) {
    const locations = (error as { locations?: ReadonlyArray<{ line: number; column: number }> }).locations ?? [];
    // "can only be defined once" points at every definition: the later one is the duplicate.
    const duplicate = locations.length > 1 && /only be defined once|only one/.test((error as Error).message);
    const where = duplicate ? locations[locations.length - 1] : locations[0];
    const first = duplicate ? ` The first is at ${schemaName}:${locations[0]!.line}:${locations[0]!.column}.` : '';
    throw new GraphQLSchemaFileError(schemaName, `is not a valid GraphQL schema: ${(error as Error).message}${first}`, {
      cause: error,
      ...(where ? { line: where.line, column: where.column } : {}),
    });
  }

  const documents = await parseOperationFiles(operationFiles, cwd);
  checkOperations(schema, documents);

  const [
    { codegen },
    typescript,
    typescriptOperations,
    typedDocumentNode,
    add,
    operationFunctions,
    { convertFactory },
    { assertNoPluginTypeClash },
    { renamedFunctionWarnings },
  ] = await Promise.all([
    import('@graphql-codegen/core'),
    import('@graphql-codegen/typescript'),
    import('@graphql-codegen/typescript-operations'),
    import('@graphql-codegen/typed-document-node'),
    import('@graphql-codegen/add'),
    import('./plugin.js'),
    import('@graphql-codegen/visitor-plugin-common'),
    import('./name-clashes.js'),
    import('./names.js'),
  ]);
  const pluginMap = {
    add,
    typescript,
    'typescript-operations': typescriptOperations,
    'typed-document-node': typedDocumentNode,
    'tasklist-operation-functions': operationFunctions,
  };
  const shared = sharedPluginConfig(options.scalars);
  assertNoPluginTypeClash(schema, convertFactory({ namingConvention: shared.namingConvention }), schemaName);
  const functionsConfig: OperationFunctionsConfig = { runtimeImport: options.runtimeImport };
  const common = {
    schema: schemaAst,
    // In the bundled engine, the schema built above serves all three outputs. Otherwise each
    // codegen() call builds its own through @graphql-tools' mergeSchemas: three times the schema
    // work, the largest cost of the GraphQL side on big schemas. Only there, because only there
    // are this file and the plugins sure to share one `graphql` module: elsewhere (vitest, a
    // bundler) the plugins may get graphql's other build, and a GraphQLSchema does not cross that
    // line ("Cannot use GraphQLObjectType from another module or realm"). Same output either way
    // (test/perf/engines.test.ts compares the two).
    ...(typeof __TASKLIST_CODEGEN_ENGINE__ !== 'undefined' ? { schemaAst: schema } : {}),
    documents,
    // Operations in name order in every output, whatever the file names and order (codegen.ts too).
    documentTransforms: [{ name: 'sort-by-name', transformObject: { transform: sortDocumentsByName } }],
    pluginMap,
    // Already validated above, with better locations than codegen() would give.
    skipDocumentsValidation: true,
  };
  const header = { add: { content: generatedHeader(options.operationsPattern ?? options.operations) } };
  const outputs: Array<[string, Types.ConfiguredPlugin[], Record<string, unknown>]> = [
    [GRAPHQL_OUTPUT_FILES.schema, [header, { typescript: {} }], shared],
    [
      GRAPHQL_OUTPUT_FILES.operations,
      [header, { 'typescript-operations': {} }, { 'typed-document-node': {} }],
      { ...shared, ...OPERATIONS_PLUGIN_CONFIG },
    ],
    [GRAPHQL_OUTPUT_FILES.functions, [header, { 'tasklist-operation-functions': {} }], { ...shared, ...functionsConfig }],
  ];
  const files = await Promise.all(
    outputs.map(async ([file, plugins, config]) => {
      const contents = tidy(await codegen({ ...common, filename: file, plugins, config }));
      return {
        path: file,
        contents: file === GRAPHQL_OUTPUT_FILES.operations ? importDecorationFromRuntime(contents, options.runtimeImport) : contents,
      };
    }),
  );
  const warnings =
    operationFiles.length === 0
      ? [{ location: String(options.operations), message: 'No operation files matched; only the schema types were generated.' }]
      : renamedFunctionWarnings(documents.flatMap(({ document }) => document.definitions));
  return { files, warnings };
}

/** One consistent layout whatever the plugins did: LF, no trailing spaces, no runs of blank lines, one final newline. */
export function tidy(contents: string): string {
  return (
    contents
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return (relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(cwd, file) : relative).split(path.sep).join('/');
}
