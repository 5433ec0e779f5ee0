/**
 * Where an OpenAPI document holds references. A `{"$ref": …}` is a reference only in an object the
 * OpenAPI or JSON Schema specification defines; inside data it is data, taken as written. Data is
 * an example's `value`, a schema's `default`, `enum`, `const`, `example` and (an array of)
 * `examples`, and any extension `x-…` (GitHub's published document carries example payloads with
 * `"$ref": "https://…"` in them). A property, response or component that happens to be *named*
 * `default` or `example` is not data: it sits in a map of names, and is walked as usual.
 *
 * `fetch` (its check of a downloaded document) and `generate` (its walk over the references it
 * follows) both ask this module, so a snapshot `fetch` accepts is one `generate` accepts.
 */

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
