/** JSON pointers (RFC 6901) in the `#/a/b~1c` form OpenAPI `$ref`s use. */

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
