/**
 * Where an OpenAPI document holds references. A `{"$ref": …}` is a reference only in an object the
 * OpenAPI or JSON Schema specification defines; inside data it is data, taken as written. Data is
 * an example's `value`, a schema's `default`, `enum`, `const`, `example` and (an array of)
 * `examples`, and any extension `x-…` (GitHub's published document carries example payloads with
 * `"$ref": "https://…"` in them). A property, response or component that happens to be *named*
 * `default` or `example` is not data: it sits in a map of names, and is walked as usual.
 *
 * Every command asks this module: `source.ts` checks every reference here once when a document is
 * read, the generator asks which components its selected operations reach, and the change report
 * (`diff`) and `check --fetch` follow references where it says they are.
 */
import { isObject, type OpenApiDocument } from './document.js';
import { OpenApiDocumentError } from './errors.js';
import { parsePointer, resolvePointer, toPointer } from './pointer.js';

/** The document a walk checks, and how to say where a bad reference sits in its text. */
export interface ReferenceScope {
  file: string;
  document: OpenApiDocument;
  /** 1-based line and column of the node at a JSON pointer, when it can be found. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

/**
 * What an object in the document is, as far as references go: `keywords` (an OpenAPI or JSON
 * Schema object: its keys are field names), `names` (a map of names to such objects: `properties`,
 * `components/schemas`, `responses` …), `exampleNames` (a map of names to Example objects) and
 * `example` (an Example object, whose `value` is data).
 */
export type NodeRole = 'keywords' | 'names' | 'exampleNames' | 'example';

/** The role of the document itself. */
export const DOCUMENT_ROLE: NodeRole = 'keywords';

/** Fields whose value is data wherever a schema, parameter, media type or header has them. */
const DATA_FIELDS = new Set(['default', 'enum', 'const', 'example']);

/** Fields whose value (an object) maps names to OpenAPI or JSON Schema objects. */
const NAME_MAPS = new Set([
  'paths',
  'webhooks',
  'pathItems',
  'callbacks',
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'content',
  'encoding',
  'variables',
  'mapping',
  'scopes',
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
]);

/**
 * The role of `value`, held under `key` by an object of role `role`; `undefined` when the value is
 * data, where a `$ref` is not a reference and nothing is to be looked for. An array's elements take
 * the array's role.
 */
export function roleOfChild(role: NodeRole, key: string, value: unknown): NodeRole | undefined {
  switch (role) {
    case 'names':
      return 'keywords';
    case 'exampleNames':
      return 'example';
    case 'example':
      return key === 'value' || key.startsWith('x-') ? undefined : 'keywords';
    case 'keywords':
      if (DATA_FIELDS.has(key) || key.startsWith('x-')) return undefined;
      if (key === 'examples') {
        // A schema's `examples` (JSON Schema) is an array of values; elsewhere it maps names to Example objects.
        return Array.isArray(value) ? undefined : 'exampleNames';
      }
      return NAME_MAPS.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value) ? 'names' : 'keywords';
  }
}

/**
 * Whether the document refers to another file or a URL: a Reference object whose `$ref` does not
 * start with `#` (a multi-file document, to be bundled). A `$ref` in data does not count.
 */
export function refersToOtherFiles(document: unknown): boolean {
  const pending: [unknown, NodeRole][] = [[document, DOCUMENT_ROLE]];
  while (pending.length > 0) {
    const [node, role] = pending.pop() as [unknown, NodeRole];
    if (Array.isArray(node)) {
      for (const item of node) pending.push([item, role]);
      continue;
    }
    if (!isObject(node)) continue;
    const ref = node['$ref'];
    if (typeof ref === 'string' && mayBeReference(role) && !ref.startsWith('#')) return true;
    for (const [key, child] of Object.entries(node)) {
      const childRole = typeof child === 'object' && child !== null ? roleOfChild(role, key, child) : undefined;
      if (childRole !== undefined) pending.push([child, childRole]);
    }
  }
  return false;
}

/** Whether an object of this role may be a Reference object (a map of names never is one itself). */
export function mayBeReference(role: NodeRole): boolean {
  return role === 'keywords' || role === 'example';
}

/** The role of the node at `path` from the document's top; `undefined` when it lies inside data. */
export function roleAt(document: unknown, path: readonly (string | number)[]): NodeRole | undefined {
  let role: NodeRole | undefined = DOCUMENT_ROLE;
  let node = document;
  for (const part of path) {
    const value = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    // An array's elements take the array's role.
    if (!Array.isArray(node)) role = roleOfChild(role, String(part), value);
    if (role === undefined) return undefined;
    node = value;
  }
  return role;
}

/**
 * Follows every `$ref` (and discriminator mapping) reachable from the roots; returns the reached
 * components as `kind/name`. Throws at the first reference that points nowhere.
 */
export function checkReferences(source: ReferenceScope, roots: [unknown, (string | number)[]][]): Set<string> {
  const { document } = source;
  const reachedComponents = new Set<string>();
  const visitedTargets = new Set<string>();
  // Each entry knows its parent and key, not its whole path: the path is only spelled out for an
  // error, which keeps the walk over the 1.3 MB Orchestration Cluster document allocation-light.
  interface Entry {
    node: unknown;
    /** Undefined for the document itself. */
    key: string | number | undefined;
    parent: Entry | undefined;
    /** What the node is, telling a reference from data (see above). */
    role: NodeRole;
  }
  const pathOf = (entry: Entry | undefined): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let e = entry; e; e = e.parent) if (e.key !== undefined) path.push(e.key);
    return path.reverse();
  };
  /** Undefined when the node at `at` is data, where nothing is a reference. */
  const rootEntry = (node: unknown, at: (string | number)[]): Entry | undefined => {
    const role = roleAt(document, at);
    if (role === undefined) return undefined;
    let parent: Entry | undefined;
    for (const key of at.slice(0, -1)) parent = { node: undefined, key, parent, role };
    return at.length === 0
      ? { node, key: undefined, parent: undefined, role }
      : { node, key: at[at.length - 1] as string | number, parent, role };
  };
  const push = (entry: Entry | undefined) => {
    if (entry) stack.push(entry);
  };
  const stack: Entry[] = [];
  for (let i = roots.length - 1; i >= 0; i--) push(rootEntry(...(roots[i] as [unknown, (string | number)[]])));

  const follow = (ref: string, where: () => (string | number)[]) => {
    /** A bad `$ref`, located at the place that holds it. */
    const refError = (problem: string, hint: string): never => {
      const pointer = toPointer(where());
      const pos = source.locate(pointer);
      throw new OpenApiDocumentError({ file: source.file, line: pos?.line, column: pos?.column, pointer, problem, hint });
    };
    if (!ref.startsWith('#')) {
      refError(`external $ref "${ref}" is not supported`, 'Bundle the document into one file first, e.g. `npx @redocly/cli bundle`.');
    }
    if (visitedTargets.has(ref)) return;
    visitedTargets.add(ref);
    const target = resolvePointer(document, ref);
    if (target === undefined) {
      refError(
        `broken $ref "${ref}": nothing at that location`,
        'Fix the reference or add the missing component; a document from a server: fetch it again.',
      );
    }
    const parts = parsePointer(ref);
    if (parts[0] === 'components' && parts.length >= 3) {
      const key = `${parts[1]}/${parts[2]}`;
      if (reachedComponents.has(key)) return;
      reachedComponents.add(key);
      const component = (document.components?.[parts[1] as string] as Record<string, unknown>)[parts[2] as string];
      push(rootEntry(component, ['components', parts[1] as string, parts[2] as string]));
    } else {
      push(rootEntry(target, parts));
    }
  };

  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const { node, role } = entry;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], key: i, parent: entry, role });
      continue;
    }
    if (!isObject(node)) continue;
    const ref = node['$ref'];
    if (typeof ref === 'string' && mayBeReference(role)) follow(ref, () => [...pathOf(entry), '$ref']);
    const mapping = role === 'keywords' && isObject(node['discriminator']) ? node['discriminator']['mapping'] : undefined;
    if (isObject(mapping)) {
      for (const [key, value] of Object.entries(mapping)) {
        if (typeof value !== 'string') continue;
        // A bare name in a mapping means a schema of that name.
        follow(value.includes('/') || value.startsWith('#') ? value : `#/components/schemas/${value}`, () => [
          ...pathOf(entry),
          'discriminator',
          'mapping',
          key,
        ]);
      }
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (key === '$ref') continue;
      const child = node[key];
      if (typeof child !== 'object' || child === null) continue;
      const childRole = roleOfChild(role, key, child);
      if (childRole !== undefined) stack.push({ node: child, key, parent: entry, role: childRole });
    }
  }
  return reachedComponents;
}
