/**
 * A canonical form of an OpenAPI document, so that two fetches of the same server produce the same
 * bytes even if the server (springdoc over Java hash maps) lists things in a different order, and a
 * real change shows up as a small diff.
 *
 * Names the document chose — paths, component names, properties, status codes, media types — are
 * sorted alphabetically. Keywords of the specification are put in the order the specification lists
 * them (so a path item reads get, put, post, … and a schema reads type, format, enum, …), then any
 * other keys (extensions) alphabetically. Arrays keep their order — it can carry meaning (tags,
 * parameters, `allOf`) — except `required`, which is a set. Example values, defaults, enums and
 * extension values are data and stay exactly as served. `$ref`s are kept as they are.
 */
import { stringify as stringifyYaml } from 'yaml';
import { HTTP_METHODS, type OpenApiDocument } from './document.js';

/** An object whose keys are specification keywords, in the specification's order. */
interface StructKind {
  order: readonly string[];
  /** How to normalise the value under a key; keys not listed are normalised as `generic`. */
  children?: Record<string, Child>;
}

type KindName =
  | 'document'
  | 'info'
  | 'pathItem'
  | 'operation'
  | 'parameter'
  | 'requestBody'
  | 'response'
  | 'mediaType'
  | 'header'
  | 'schema'
  | 'components'
  | 'encoding'
  | 'generic';
type Child = KindName | 'data' | 'set' | { map: Child } | { list: Child };

const schemaMap: Child = { map: 'schema' };
const KINDS: Record<KindName, StructKind> = {
  document: {
    order: ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'paths', 'webhooks', 'components', 'externalDocs'],
    children: {
      info: 'info',
      paths: { map: 'pathItem' },
      webhooks: { map: 'pathItem' },
      components: 'components',
      servers: { list: 'generic' },
      tags: { list: 'generic' },
      security: { list: 'generic' },
    },
  },
  info: { order: ['title', 'summary', 'description', 'termsOfService', 'contact', 'license', 'version'] },
  pathItem: {
    order: ['$ref', 'summary', 'description', 'servers', 'parameters', ...HTTP_METHODS],
    children: { parameters: { list: 'parameter' }, ...Object.fromEntries(HTTP_METHODS.map((method) => [method, 'operation'])) },
  },
  operation: {
    order: [
      'tags',
      'summary',
      'description',
      'externalDocs',
      'operationId',
      'parameters',
      'requestBody',
      'responses',
      'callbacks',
      'deprecated',
      'security',
      'servers',
    ],
    children: {
      tags: 'data',
      parameters: { list: 'parameter' },
      requestBody: 'requestBody',
      responses: { map: 'response' },
      callbacks: { map: { map: 'pathItem' } },
      security: { list: 'generic' },
      servers: { list: 'generic' },
    },
  },
  parameter: {
    order: [
      '$ref',
      'name',
      'in',
      'description',
      'required',
      'deprecated',
      'allowEmptyValue',
      'style',
      'explode',
      'allowReserved',
      'schema',
      'example',
      'examples',
      'content',
    ],
    children: { schema: 'schema', example: 'data', examples: { map: 'generic' }, content: { map: 'mediaType' } },
  },
  requestBody: { order: ['$ref', 'description', 'content', 'required'], children: { content: { map: 'mediaType' } } },
  response: {
    order: ['$ref', 'description', 'headers', 'content', 'links'],
    children: { headers: { map: 'header' }, content: { map: 'mediaType' }, links: { map: 'generic' } },
  },
  mediaType: {
    order: ['schema', 'example', 'examples', 'encoding'],
    children: { schema: 'schema', example: 'data', examples: { map: 'generic' }, encoding: { map: 'encoding' } },
  },
  encoding: { order: ['contentType', 'headers', 'style', 'explode', 'allowReserved'], children: { headers: { map: 'header' } } },
  header: {
    order: ['$ref', 'description', 'required', 'deprecated', 'style', 'explode', 'schema', 'example', 'examples', 'content'],
    children: { schema: 'schema', example: 'data', examples: { map: 'generic' }, content: { map: 'mediaType' } },
  },
  schema: {
    order: [
      '$ref',
      '$id',
      '$schema',
      'title',
      'description',
      'type',
      'format',
      'enum',
      'const',
      'default',
      'nullable',
      'readOnly',
      'writeOnly',
      'deprecated',
      'minimum',
      'exclusiveMinimum',
      'maximum',
      'exclusiveMaximum',
      'multipleOf',
      'minLength',
      'maxLength',
      'pattern',
      'contentMediaType',
      'contentEncoding',
      'items',
      'prefixItems',
      'contains',
      'minItems',
      'maxItems',
      'uniqueItems',
      'required',
      'properties',
      'patternProperties',
      'additionalProperties',
      'propertyNames',
      'minProperties',
      'maxProperties',
      'dependentRequired',
      'dependentSchemas',
      'allOf',
      'oneOf',
      'anyOf',
      'not',
      'if',
      'then',
      'else',
      'discriminator',
      'xml',
      'externalDocs',
      'example',
      'examples',
      '$defs',
    ],
    children: {
      enum: 'data',
      const: 'data',
      default: 'data',
      example: 'data',
      examples: 'data',
      required: 'set',
      items: 'schema',
      prefixItems: { list: 'schema' },
      contains: 'schema',
      not: 'schema',
      if: 'schema',
      then: 'schema',
      else: 'schema',
      additionalProperties: 'schema',
      propertyNames: 'schema',
      unevaluatedProperties: 'schema',
      unevaluatedItems: 'schema',
      properties: schemaMap,
      patternProperties: schemaMap,
      dependentSchemas: schemaMap,
      $defs: schemaMap,
      definitions: schemaMap,
      allOf: { list: 'schema' },
      oneOf: { list: 'schema' },
      anyOf: { list: 'schema' },
    },
  },
  components: {
    order: [
      'schemas',
      'responses',
      'parameters',
      'examples',
      'requestBodies',
      'headers',
      'securitySchemes',
      'links',
      'callbacks',
      'pathItems',
    ],
    children: {
      schemas: schemaMap,
      responses: { map: 'response' },
      parameters: { map: 'parameter' },
      examples: { map: 'generic' },
      requestBodies: { map: 'requestBody' },
      headers: { map: 'header' },
      securitySchemes: { map: 'generic' },
      links: { map: 'generic' },
      callbacks: { map: { map: 'pathItem' } },
      pathItems: { map: 'pathItem' },
    },
  },
  // Small objects (server, tag, contact, discriminator, security scheme): keys alphabetically.
  generic: { order: [] },
};

/** Returns a new document in canonical key order; the input is not changed. */
export function normalizeOpenApiDocument(document: OpenApiDocument): OpenApiDocument {
  return normalize(document, 'document') as OpenApiDocument;
}

/** The snapshot text: canonical JSON (2 spaces) or YAML, ending in one newline. */
export function serializeOpenApiDocument(document: OpenApiDocument, format: 'json' | 'yaml'): string {
  const canonical = normalizeOpenApiDocument(document);
  if (format === 'json') return `${JSON.stringify(canonical, null, 2)}\n`;
  // No line folding and no anchors: long descriptions stay one line, so diffs stay line-sized.
  return stringifyYaml(canonical, { lineWidth: 0, aliasDuplicateObjects: false });
}

function normalize(value: unknown, child: Child): unknown {
  if (child === 'data') return value;
  if (child === 'set') return Array.isArray(value) ? [...value].sort(compareValues) : value;
  if (Array.isArray(value)) {
    const itemKind = typeof child === 'object' && 'list' in child ? child.list : child;
    return value.map((item) => normalize(item, itemKind));
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof child === 'object') {
    if ('list' in child) return normalize(record, child.list);
    const entries = Object.keys(record)
      .sort(compareKeys)
      .map((key) => [key, normalize(record[key], child.map)] as const);
    return Object.fromEntries(entries);
  }
  const kind = KINDS[child];
  const known = kind.order.filter((key) => key in record);
  const rest = Object.keys(record)
    .filter((key) => !kind.order.includes(key))
    .sort(compareKeys);
  return Object.fromEntries(
    [...known, ...rest].map((key) => {
      // Extension values are the extension author's data.
      // Own keys only: a document's `constructor` or `toString` key is not Object.prototype's.
      const listed = kind.children && Object.hasOwn(kind.children, key) ? kind.children[key] : undefined;
      const childKind: Child = key.startsWith('x-') ? 'data' : (listed ?? 'generic');
      return [key, normalize(record[key], childKind)];
    }),
  );
}

/** Code-point order: the same in every locale, unlike `localeCompare`. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareValues(a: unknown, b: unknown): number {
  return compareKeys(JSON.stringify(a), JSON.stringify(b));
}
