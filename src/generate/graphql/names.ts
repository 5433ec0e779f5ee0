/** How an operation's name becomes a function's name; shared by the checks and the plugin. */
import type { OperationDefinitionNode } from 'graphql';

/** `GetTasks` → `getTasks`; a reserved word gets the operation kind appended (`delete` → `deleteMutation`). */
export function functionNameOf(node: OperationDefinitionNode): string {
  const name = node.name?.value ?? '';
  const camel = /^[A-Z0-9_]+$/.test(name)
    ? name.toLowerCase().replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    : name.charAt(0).toLowerCase() + name.slice(1);
  return RESERVED.has(camel) ? camel + node.operation.charAt(0).toUpperCase() + node.operation.slice(1) : camel;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await'
  ).split(' '),
);
