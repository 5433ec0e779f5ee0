/** JSON pointers (RFC 6901) in the `#/a/b~1c` form OpenAPI `$ref`s use: the one reading of them. */
import { isObject, isReference } from './document.js';

export function parsePointer(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return body === '/' ? [''] : [];
  return body
    .slice(1)
    .split('/')
    .map((part) => safeDecode(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(path: readonly (string | number)[]): string {
  return `#${path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

/**
 * The value at a pointer, or `undefined` when some step does not exist. Only the document's own
 * members count: `#/components/schemas/__proto__` (or `…/constructor`) must not reach Object.prototype.
 */
export function resolvePointer(root: unknown, pointer: string): unknown {
  // Only a local pointer names a place in this document (an external `$ref` is refused on loading).
  if (!pointer.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of parsePointer(pointer)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** `$ref`s are URI fragments, so `%20` may stand for a space; a literal `%` must survive too. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Follows a chain of Reference objects (`{"$ref": …}` to `{"$ref": …}` to a parameter, response,
 * schema) and returns the object it ends at; `undefined` when it ends nowhere or at a non-object.
 * A cycle stops after a fixed number of hops, at a Reference object.
 */
export function dereference(root: unknown, value: unknown): Record<string, unknown> | undefined {
  let current = value;
  for (let hops = 0; isReference(current) && hops < 32; hops++) current = resolvePointer(root, current.$ref);
  return isObject(current) ? current : undefined;
}
