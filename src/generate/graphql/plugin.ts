/**
 * graphql-codegen plugin, one job: one typed async function per operation, calling the runtime's
 * `requestGraphQL` on a `GraphQLClient` with the operation's document (as typescript-generic-sdk does, on the same
 * `ClientSideBaseVisitor`, so names match what typescript-operations and typed-document-node emit).
 *
 *   export function getTasks(client, variables, options?): Promise<GetTasksQuery>
 *
 * `variables` is optional exactly when the operation has no required variable. Queries that page
 * through `tasks(query: $query)` and select `sortValues` also get `paginateGetTasks`, an async
 * iterator over every task.
 */
import type { CodegenPlugin, PluginFunction, PluginValidateFn } from '@graphql-codegen/plugin-helpers';
import { ClientSideBaseVisitor, DocumentMode, type LoadedFragment } from '@graphql-codegen/visitor-plugin-common';
import {
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TokenKind,
  getLocation,
} from 'graphql';
import type { OperationFunctionsConfig } from './config.js';
import { OperationError } from './errors.js';
import { functionNameOf } from './names.js';
import { commentText, stringLiteral } from '../escape.js';

export type { OperationFunctionsConfig } from './config.js';
export { functionNameOf } from './names.js';

/** What the visitor learns about one operation; the text is written from these. */
interface OperationFunction {
  node: OperationDefinitionNode;
  functionName: string;
  documentName: string;
  resultType: string;
  variablesType: string;
  hasRequiredVariables: boolean;
  pagesTasks: boolean;
}

class OperationFunctionsVisitor extends ClientSideBaseVisitor {
  readonly operations: OperationFunction[] = [];
  private readonly fragmentsByName: ReadonlyMap<string, FragmentDefinitionNode>;

  constructor(schema: GraphQLSchema, fragments: LoadedFragment[], rawConfig: Record<string, unknown>) {
    // Documents live in operations.ts (typed-document-node); here they are only referred to.
    super(schema, fragments, { ...rawConfig, documentMode: DocumentMode.external }, {});
    this.fragmentsByName = new Map(fragments.map((fragment) => [fragment.name, fragment.node]));
  }

  protected override buildOperation(
    node: OperationDefinitionNode,
    documentName: string,
    _operationType: string,
    resultType: string,
    variablesType: string,
    hasRequiredVariables: boolean,
  ): string {
    this.operations.push({
      node,
      functionName: functionNameOf(node),
      documentName,
      resultType,
      variablesType,
      hasRequiredVariables,
      pagesTasks: pagesTasks(node, this.fragmentsByName),
    });
    return '';
  }
}

export const plugin: PluginFunction<OperationFunctionsConfig> = (schema, documents, config) => {
  const definitions = documents.flatMap((file) => file.document?.definitions ?? []);
  const fragments: LoadedFragment[] = definitions
    .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
    .map((node) => ({ node, name: node.name.value, onType: node.typeCondition.name.value, isExternal: false }));
  const visitor = new OperationFunctionsVisitor(schema, fragments, config as unknown as Record<string, unknown>);
  for (const definition of definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) visitor.OperationDefinition(definition);
  }
  const describe = (operation: OperationFunction) => rootFieldDescriptions(schema, operation.node);
  const operations = visitor.operations;
  assertDistinctNames(operations);
  assertNoSchemaTypeClash(schema, visitor, operations, fragments);
  const operationsImport = config.operationsImport ?? './operations.js';
  const paged = operations.some((operation) => operation.pagesTasks);

  const runtimeNames = ['GraphQLClient', ...(paged ? ['PaginateOptions'] : []), 'RequestOptions'];
  // Functions, not methods of the client: a page that imports no GraphQL function bundles none of this.
  const runtimeValues = [...(paged ? ['paginateTasks'] : []), ...(operations.length ? ['requestGraphQL'] : [])];
  const valueNames = operations.map((operation) => operation.documentName).sort();
  const typeNames = operations.flatMap((operation) => [operation.resultType, operation.variablesType]).sort();
  const imports = [
    `import type { ${runtimeNames.join(', ')} } from ${moduleSpecifier(config.runtimeImport)};`,
    ...(runtimeValues.length ? [`import { ${runtimeValues.join(', ')} } from ${moduleSpecifier(config.runtimeImport)};`] : []),
    ...(typeNames.length ? [importList('import type', typeNames, operationsImport)] : []),
    ...(valueNames.length ? [importList('import', valueNames, operationsImport)] : []),
  ];
  const reexports = [`export * from ${moduleSpecifier(operationsImport)};`, `export * from './schema.js';`];
  const functions = operations.flatMap((operation) => [
    functionSource(operation, describe(operation)),
    ...(operation.pagesTasks ? [pagingFunctionSource(operation)] : []),
  ]);
  return {
    prepend: [...imports, ''],
    content: [reexports.join('\n'), ...functions].join('\n\n') + '\n',
  };
};

export const validate: PluginValidateFn<OperationFunctionsConfig> = async (_schema, documents, config, outputFile) => {
  if (!outputFile.endsWith('.ts')) {
    throw new Error(`tasklist-codegen's operation plugin writes TypeScript: "${outputFile}" should end in .ts.`);
  }
  if (typeof config?.runtimeImport !== 'string' || config.runtimeImport === '') {
    throw new Error(
      "tasklist-codegen's operation plugin needs `runtimeImport`, the module to import GraphQLClient from " +
        "(e.g. 'tasklist-codegen/runtime').",
    );
  }
  const seen = new Map<string, string>();
  for (const file of documents) {
    for (const definition of file.document?.definitions ?? []) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!definition.name) {
        throw new Error(`${file.location}: an anonymous ${definition.operation} cannot become a function; give it a name.`);
      }
      if (definition.operation === 'subscription') {
        throw new Error(
          `${file.location}: subscription "${definition.name.value}" cannot become a function: subscriptions are not served over HTTP, ` +
            'and each generated function makes one request. Remove it, or turn it into a query you call again.',
        );
      }
      const name = functionNameOf(definition);
      const other = seen.get(name);
      if (other !== undefined && other !== definition.name.value) {
        throw new Error(`Operations "${other}" and "${definition.name.value}" would both become the function ${name}(); rename one.`);
      }
      seen.set(name, definition.name.value);
    }
  }
};

/** The paging helpers and the runtime's `paginateTasks` share the module scope with the operation functions. */
function assertDistinctNames(operations: readonly OperationFunction[]): void {
  const taken = new Map<string, string>([['paginateTasks', 'the runtime helper paginateTasks']]);
  for (const operation of operations) {
    const names = [operation.functionName, ...(operation.pagesTasks ? [pagingFunctionName(operation)] : [])];
    for (const name of names) {
      const owner = taken.get(name);
      if (owner) {
        const loc = operation.node.name?.loc;
        const { line, column } = loc ? getLocation(loc.source, loc.start) : { line: 1, column: 1 };
        throw new OperationError([
          {
            file: loc?.source.name ?? '<unknown>',
            line,
            column,
            message: `Operation "${operation.node.name?.value}" would generate ${name}(), which ${owner} already uses; rename the operation.`,
          },
        ]);
      }
      taken.set(name, `operation "${operation.node.name?.value}"`);
    }
  }
}

/**
 * `index.ts` re-exports `operations.ts` and `schema.ts` (`export *` from both): a name in both is
 * ambiguous and does not compile (TS2308). The operation's or fragment's name is what to change.
 */
function assertNoSchemaTypeClash(
  schema: GraphQLSchema,
  visitor: OperationFunctionsVisitor,
  operations: readonly OperationFunction[],
  fragments: readonly LoadedFragment[],
): void {
  const schemaTypes = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    // By tag, not `isScalarType`: the schema may come from the other build of `graphql` (see index.ts).
    const declared = !type.name.startsWith('__') && Object.prototype.toString.call(type) !== '[object GraphQLScalarType]';
    if (declared) schemaTypes.set(visitor.convertName(type.name), type.name);
  }
  const generated = [
    ...operations.map((operation) => ({
      node: operation.node,
      what: `Operation "${operation.node.name?.value}"`,
      names: [operation.resultType, operation.variablesType, operation.documentName],
    })),
    ...fragments.map(({ node }) => ({
      node,
      what: `Fragment "${node.name.value}"`,
      names: [visitor.getFragmentName(node), visitor.getFragmentVariableName(node)],
    })),
  ];
  for (const { node, what, names } of generated) {
    const name = names.find((candidate) => schemaTypes.has(candidate));
    if (name === undefined) continue;
    const loc = node.name?.loc;
    const { line, column } = loc ? getLocation(loc.source, loc.start) : { line: 1, column: 1 };
    throw new OperationError([
      {
        file: loc?.source.name ?? '<unknown>',
        line,
        column,
        message: `${what} would generate the type ${name}, which the schema's type "${schemaTypes.get(name)}" is generated as too; rename the ${what.split(' ')[0]?.toLowerCase()}.`,
      },
    ]);
  }
}

function pagingFunctionName(operation: OperationFunction): string {
  return `paginate${operation.functionName.charAt(0).toUpperCase()}${operation.functionName.slice(1)}`;
}

function functionSource(operation: OperationFunction, rootFields: readonly string[]): string {
  const { functionName, documentName, resultType, variablesType, hasRequiredVariables } = operation;
  const variables = hasRequiredVariables ? `variables: ${variablesType}` : `variables?: ${variablesType}`;
  return [
    docComment(operation.node, rootFields),
    `export function ${functionName}(`,
    '  client: GraphQLClient,',
    `  ${variables},`,
    '  options?: RequestOptions,',
    `): Promise<${resultType}> {`,
    `  return requestGraphQL(client, ${documentName}, variables, options);`,
    '}',
  ].join('\n');
}

function pagingFunctionSource(operation: OperationFunction): string {
  const { documentName, resultType, variablesType } = operation;
  const name = pagingFunctionName(operation);
  return [
    '/**',
    ` * Every task \`${commentText(operation.node.name?.value ?? '')}\` matches, page after page: each request asks for`,
    ' * \`options.pageSize\` tasks after the \`sortValues\` of the last task of the page before.',
    ' */',
    `export function ${name}(`,
    '  client: GraphQLClient,',
    `  variables: ${variablesType},`,
    '  options: PaginateOptions & RequestOptions,',
    `): AsyncGenerator<${resultType}['tasks'][number], void, undefined> {`,
    `  return paginateTasks(client, ${documentName}, variables, options);`,
    '}',
  ].join('\n');
}

/**
 * The doc comment: the `#` comment lines right above the operation (what the author wrote for the
 * next reader; graphql-js keeps comments in the token list, not in the AST), then what the schema
 * says about each root field it selects, then the operation's kind and name.
 */
function docComment(node: OperationDefinitionNode, rootFields: readonly string[]): string {
  const lines: string[] = [];
  let token = node.loc?.startToken.prev;
  let expectedLine = node.loc?.startToken.line ?? 0;
  while (token && token.kind === TokenKind.COMMENT && token.line === expectedLine - 1) {
    lines.unshift(String(token.value ?? '').trim());
    expectedLine = token.line;
    token = token.prev;
  }
  const paragraphs = [lines, ...rootFields.map((field) => [field]), [`\`${node.operation} ${node.name?.value ?? ''}\``]].filter(
    (paragraph) => paragraph.length > 0,
  );
  // Text from a schema or an operation file cannot end the comment it is written into (escape.ts).
  const body = paragraphs.flatMap((paragraph, index) => [
    ...(index > 0 ? [''] : []),
    ...paragraph.flatMap((text) => commentText(text).split('\n')),
  ]);
  return ['/**', ...body.map((line) => (line ? ` * ${line}` : ' *')), ' */'].join('\n');
}

/**
 * `` `field`: description `` for each field selected at the root that the schema describes: on a
 * generated function, what the server says the call does.
 */
function rootFieldDescriptions(schema: GraphQLSchema, node: OperationDefinitionNode): string[] {
  const root = schema.getRootType(node.operation);
  if (!root) return [];
  const fields = root.getFields();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const selection of node.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || seen.has(selection.name.value)) continue;
    seen.add(selection.name.value);
    const description = fields[selection.name.value]?.description?.trim();
    if (description) out.push(`\`${selection.name.value}\`: ${description}`);
  }
  return out;
}

/** A query with a root `tasks(query: $query)` field that selects `sortValues` can be paged by cursor. */
function pagesTasks(node: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  if (node.operation !== 'query') return false;
  const queryVariable = node.variableDefinitions?.find((definition) => definition.variable.name.value === 'query');
  if (!queryVariable || queryVariable.type.kind !== Kind.NON_NULL_TYPE) return false;
  if (queryVariable.type.type.kind !== Kind.NAMED_TYPE || queryVariable.type.type.name.value !== 'TaskQuery') return false;
  const tasks = node.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD && selection.name.value === 'tasks' && !selection.alias,
  );
  if (!tasks || tasks.kind !== Kind.FIELD || !tasks.selectionSet) return false;
  const passesQuery = tasks.arguments?.some(
    (argument) => argument.name.value === 'query' && argument.value.kind === Kind.VARIABLE && argument.value.name.value === 'query',
  );
  return Boolean(passesQuery) && selectsSortValues(tasks.selectionSet, fragments, new Set());
}

/** `sortValues` selected directly, in an inline fragment or in a (possibly nested) named fragment. */
function selectsSortValues(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visited: Set<string>,
): boolean {
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === 'sortValues' && !selection.alias;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsSortValues(selection.selectionSet, fragments, visited);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || visited.has(name)) return false;
    visited.add(name);
    return selectsSortValues(fragment.selectionSet, fragments, visited);
  });
}

function importList(keyword: string, names: string[], from: string): string {
  return `${keyword} {\n${names.map((name) => `  ${name},`).join('\n')}\n} from ${moduleSpecifier(from)};`;
}

/** A module specifier from the config, quoted the way graphql-codegen's own imports are. */
function moduleSpecifier(specifier: string): string {
  return stringLiteral(specifier, "'");
}

export default { plugin, validate } satisfies CodegenPlugin<OperationFunctionsConfig>;
