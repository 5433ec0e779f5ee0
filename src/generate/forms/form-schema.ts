/**
 * The JSON Schema a `.form` file is checked against before anything is generated from it, and the
 * check itself (ajv). It describes the part of form-js's format the generator reads — component
 * types, keys, paths, options, validation — with form-js's own rules for them: a keyed field needs
 * a `key`, a dynamic list a `path`, an expression field an `expression`, a key is a dot-separated
 * path without spaces. Properties it does not read (layout, appearance, labels…) pass through, as
 * form-js's viewer lets them.
 *
 * form-js's published schema package (`@bpmn-io/form-json-schema`) is not on the registry this
 * project installs from, so this schema is ours; when it is installable, it can replace
 * `FORM_SCHEMA` without changing the callers.
 */
import { Ajv, type ErrorObject } from 'ajv';

/** Components whose value is submitted under their `key` (form-js's `keyed: true`). */
export const KEYED_TYPES = [
  'textfield',
  'textarea',
  'number',
  'datetime',
  'checkbox',
  'checklist',
  'radio',
  'select',
  'taglist',
  'filepicker',
  'expression',
] as const;

/** Components that only show something; they submit nothing. */
export const DISPLAY_TYPES = ['text', 'html', 'image', 'spacer', 'separator', 'button', 'iframe', 'table', 'documentPreview'] as const;

/** Components that hold other components. */
export const CONTAINER_TYPES = ['group', 'dynamiclist'] as const;

export type KeyedType = (typeof KEYED_TYPES)[number];

/** A key or path: dot-separated segments, no whitespace (form-js's editor refuses anything else). */
const KEY_PATTERN = '^[^\\s.]+(\\.[^\\s.]+)*$';

const FEEL_OR_NUMBER = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^=' }] };
const FEEL_OR_BOOLEAN = { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: '^=' }] };

const OPTION = {
  type: 'object',
  required: ['label', 'value'],
  properties: { label: { type: 'string' }, value: { type: ['string', 'number', 'boolean'] } },
};

const COMPONENT = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', minLength: 1 },
    id: { type: 'string' },
    key: { type: 'string', pattern: KEY_PATTERN },
    path: { type: 'string', pattern: KEY_PATTERN },
    label: { type: 'string' },
    values: { type: 'array', items: OPTION },
    valuesKey: { type: 'string', pattern: KEY_PATTERN },
    valuesExpression: { type: 'string', pattern: '^=' },
    disabled: { type: 'boolean' },
    readonly: FEEL_OR_BOOLEAN,
    serializeToString: { type: 'boolean' },
    subtype: { enum: ['date', 'time', 'datetime'] },
    use24h: { type: 'boolean' },
    timeSerializingFormat: { enum: ['utc_offset', 'utc_normalized', 'no_timezone'] },
    decimalDigits: { type: 'integer', minimum: 0 },
    expression: { type: 'string' },
    isRepeating: { type: 'boolean' },
    multiple: FEEL_OR_BOOLEAN,
    conditional: { type: 'object', properties: { hide: { type: 'string' } } },
    validate: {
      type: 'object',
      properties: {
        required: { type: 'boolean' },
        min: FEEL_OR_NUMBER,
        max: FEEL_OR_NUMBER,
        minLength: FEEL_OR_NUMBER,
        maxLength: FEEL_OR_NUMBER,
        pattern: { type: 'string' },
        patternErrorMessage: { type: 'string' },
        validationType: { enum: ['email', 'phone', 'custom'] },
      },
    },
    components: { type: 'array', items: { $ref: '#/definitions/component' } },
  },
  allOf: [
    { if: { properties: { type: { enum: [...KEYED_TYPES] } } }, then: { required: ['key'] } },
    { if: { properties: { type: { const: 'dynamiclist' } } }, then: { required: ['path', 'components'] } },
    { if: { properties: { type: { const: 'group' } } }, then: { required: ['components'] } },
    { if: { properties: { type: { const: 'expression' } } }, then: { required: ['expression'] } },
    { if: { properties: { type: { const: 'datetime' } } }, then: { required: ['subtype'] } },
  ],
};

export const FORM_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Camunda Form (the part tasklist-codegen reads)',
  type: 'object',
  required: ['components', 'type'],
  properties: {
    id: { type: 'string' },
    type: { const: 'default' },
    schemaVersion: { type: 'integer', minimum: 1 },
    components: { type: 'array', items: { $ref: '#/definitions/component' } },
  },
  definitions: { component: COMPONENT },
} as const;

/** One schema violation: where (object keys and array indexes) and what. */
export interface FormSchemaProblem {
  path: Array<string | number>;
  message: string;
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Every violation of `FORM_SCHEMA` in `value`, outermost first; empty when it conforms. */
export function checkFormSchema(value: unknown): FormSchemaProblem[] {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(FORM_SCHEMA);
  if (compiled(value)) return [];
  const problems: FormSchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of compiled.errors ?? []) {
    // An `if` failure repeats what its `then` said; the branches of an anyOf are summed up by the anyOf's own error.
    if (error.keyword === 'if' || error.schemaPath.includes('/anyOf/')) continue;
    const path = pointerToPath(error.instancePath);
    const message = describe(error);
    const id = `${error.instancePath} ${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ path, message });
  }
  return problems;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `is missing '${String(params['missingProperty'])}'`;
    case 'pattern':
      return error.instancePath.endsWith('/valuesExpression')
        ? 'must be a FEEL expression (starting with =)'
        : 'must be a dot-separated path without spaces';
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'anyOf':
      return 'must be a number, a boolean or a FEEL expression (starting with =), as the property allows';
    default:
      return error.message ?? 'is not valid';
  }
}
