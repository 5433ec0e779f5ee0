/** How an operation's name becomes a function's name; shared by the checks and the plugin. */
import { type DefinitionNode, getLocation, Kind, type OperationDefinitionNode } from 'graphql';
import { bindableName } from '../escape.js';
import type { GenerationWarning } from '../types.js';

/**
 * `GetTasks` → `getTasks`; a word a module cannot declare (escape.ts: reserved words, `eval`,
 * `arguments` …) gets the operation kind appended (`delete` → `deleteMutation`, `eval` → `evalQuery`).
 */
export function functionNameOf(node: OperationDefinitionNode): string {
  return bindableName(camelNameOf(node), node.operation.charAt(0).toUpperCase() + node.operation.slice(1));
}

/** The operation's name in camelCase, before any reserved word is avoided. */
export function camelNameOf(node: OperationDefinitionNode): string {
  const name = node.name?.value ?? '';
  return /^[A-Z0-9_]+$/.test(name)
    ? name.toLowerCase().replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    : name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * One warning per operation whose function could not take the operation's own name (`query eval`
 * is the function `evalQuery()`), located at the name, saying both names.
 */
export function renamedFunctionWarnings(definitions: readonly DefinitionNode[]): GenerationWarning[] {
  const warnings: GenerationWarning[] = [];
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name?.loc) continue;
    const camel = camelNameOf(definition);
    const name = functionNameOf(definition);
    if (name === camel) continue;
    const { line, column } = getLocation(definition.name.loc.source, definition.name.loc.start);
    warnings.push({
      location: `${definition.name.loc.source.name}:${line}:${column}`,
      message: `the ${definition.operation} "${definition.name.value}" cannot be the function ${camel}() (a word a module cannot declare); it is ${name}()`,
    });
  }
  return warnings;
}
