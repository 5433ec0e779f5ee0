/**
 * What a form submits and what it reads, worked out with form-js's viewer rules (its
 * `_getSubmitData`, `_getInitializedFieldData` and `Validator`):
 * - every keyed field that is rendered is submitted under its key, with the field's empty value
 *   when nobody filled it in ('' for text, null for number, select, radio, datetime and files,
 *   false for a checkbox, [] for checklist and taglist); a required field is only submitted filled;
 * - a `disabled` field is never submitted, a field `conditional.hide` can hide is submitted only
 *   while shown, a read-only one shows what it was given: all three are optional;
 * - dotted keys and a group's `path` nest objects; a dynamic list submits an array of objects at
 *   its `path`; display-only components submit nothing.
 * The same pass collects the validation rules the runtime checks before completing.
 */
import type { FormFieldRule, FormLimit } from '../../runtime/forms.js';
import { DISPLAY_TYPES, KEYED_TYPES, type KeyedType } from './form-schema.js';
import { formatLocation, pathLocator } from '../../fetch/source-location.js';
import { FormInputError, type FormComponent, type LoadedForm } from './load.js';

export type ValueType =
  | { kind: 'string'; format?: string }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'literal'; values: Array<string | number | boolean> }
  | { kind: 'unknown' }
  | { kind: 'files' }
  | { kind: 'options' }
  | { kind: 'array'; items: ValueType }
  | { kind: 'nullable'; inner: ValueType }
  | { kind: 'object'; shape: Shape }
  | { kind: 'list'; shape: Shape };

export interface Property {
  type: ValueType;
  optional: boolean;
  /** Doc comment lines: the label, and why a value looks as it does. */
  doc: string[];
  /** Where the component that made it is (`file:line:column`), for conflicts. */
  origin: string;
  /** The component's `id` (Modeler keeps it when a key is renamed). */
  componentId?: string;
}

/** Object properties in form order. */
export type Shape = Map<string, Property>;

export interface FormModel {
  /** The form's `id`, or its name when it has none. */
  formId: string;
  /** What the generated names are made from (see `LoadedForm.name`). */
  name: string;
  source: string;
  /** What submitting the form produces. */
  submitted: Shape;
  /** The variables it reads to prefill, as a shape of optional properties. */
  input: Shape;
  /** Top-level variable names the form reads, sorted: what a prefill asks the server for. */
  inputVariables: string[];
  rules: FormFieldRule[];
  /** Component types we do not know (custom components): their values are typed `unknown`. */
  unknownTypes: Array<{ location: string; type: string }>;
}

const KEYED = new Set<string>(KEYED_TYPES);
const DISPLAY = new Set<string>(DISPLAY_TYPES);

export function buildFormModel(form: LoadedForm): FormModel {
  const model: FormModel = {
    formId: form.document.id ?? form.name,
    name: form.name,
    source: form.source,
    submitted: new Map(),
    input: new Map(),
    inputVariables: [],
    rules: [],
    unknownTypes: [],
  };
  const variables = new Set<string>();
  const locate = pathLocator(form.text);
  walk(form.document.components, ['components'], {
    submitted: model.submitted,
    input: model.input,
    keyPath: [],
    rulePath: [],
    optional: false,
  });

  interface Scope {
    submitted: Shape;
    input: Shape;
    /** The key path from the scope's object (for messages and top-level variable names). */
    keyPath: string[];
    /** From the form's root, with '[]' for each element of a dynamic list. */
    rulePath: string[];
    /** Everything under here may be absent (a hidden or disabled container). */
    optional: boolean;
  }

  function walk(components: FormComponent[], at: Array<string | number>, scope: Scope): void {
    components.forEach((component, index) => visit(component, [...at, index], scope));
  }

  function visit(component: FormComponent, at: Array<string | number>, scope: Scope): void {
    const origin = formatLocation(form.source, locate(at));
    const optional =
      scope.optional ||
      component.disabled === true ||
      (component.readonly !== undefined && component.readonly !== false) ||
      typeof component.conditional?.hide === 'string';
    const { type } = component;
    if (type === 'group' || type === 'dynamiclist') {
      const segments = component.path ? component.path.split('.') : [];
      if (type === 'dynamiclist') {
        const items: Shape = new Map();
        const inputItems: Shape = new Map();
        put(
          scope.submitted,
          segments,
          { type: { kind: 'list', shape: items }, optional, doc: docOf(component, 'A dynamic list: one object per row.'), origin },
          origin,
        );
        put(scope.input, segments, { type: { kind: 'list', shape: inputItems }, optional: true, doc: docOf(component), origin }, origin);
        noteVariable([...scope.keyPath, ...segments]);
        walk(component.components ?? [], [...at, 'components'], {
          submitted: items,
          input: inputItems,
          keyPath: [...scope.keyPath, ...segments],
          rulePath: [...scope.rulePath, ...segments, '[]'],
          optional: false,
        });
        return;
      }
      if (segments.length === 0) {
        walk(component.components ?? [], [...at, 'components'], { ...scope, optional });
        return;
      }
      const inner: Shape = new Map();
      const innerInput: Shape = new Map();
      put(scope.submitted, segments, { type: { kind: 'object', shape: inner }, optional, doc: docOf(component), origin }, origin);
      put(scope.input, segments, { type: { kind: 'object', shape: innerInput }, optional: true, doc: docOf(component), origin }, origin);
      walk(component.components ?? [], [...at, 'components'], {
        submitted: inner,
        input: innerInput,
        keyPath: [...scope.keyPath, ...segments],
        rulePath: [...scope.rulePath, ...segments],
        optional: false,
      });
      return;
    }
    if (DISPLAY.has(type)) return;
    if (!KEYED.has(type)) {
      // A custom component: form-js renders it through its own registered field; without
      // that registration we cannot know whether or what it submits.
      model.unknownTypes.push({ location: origin, type });
      if (!component.key) return;
    }
    const key = component.key!;
    const segments = key.split('.');
    const required = component.validate?.required === true;
    const value = valueTypeOf(component, required);
    const submitted: Property = { type: value.type, optional, doc: docOf(component, ...value.doc), origin };
    if (component.id) submitted.componentId = component.id;
    put(scope.submitted, segments, submitted, origin);
    put(scope.input, segments, { type: inputTypeOf(value.type), optional: true, doc: docOf(component), origin }, origin);
    noteVariable([...scope.keyPath, ...segments]);
    if (component.valuesKey) {
      const valuesSegments = component.valuesKey.split('.');
      // The options come from the process, not the form: the variable is the options list.
      if (!has(scope.input, valuesSegments)) {
        put(
          scope.input,
          valuesSegments,
          { type: { kind: 'options' }, optional: true, doc: [`The options of ${JSON.stringify(key)}.`], origin },
          origin,
        );
      }
      noteVariable([...scope.keyPath, ...valuesSegments]);
    }
    if (KEYED.has(type)) model.rules.push(ruleOf(component, type as KeyedType, [...scope.rulePath, ...segments], optional));
  }

  function noteVariable(keyPath: string[]): void {
    if (keyPath[0]) variables.add(keyPath[0]);
  }

  model.inputVariables = [...variables].sort();
  return model;
}

function valueTypeOf(component: FormComponent, required: boolean): { type: ValueType; doc: string[] } {
  const orNull = (inner: ValueType): ValueType => (required ? inner : { kind: 'nullable', inner });
  const options = (): ValueType | undefined => {
    if (component.valuesKey || component.valuesExpression || !component.values) return undefined;
    return { kind: 'literal', values: component.values.map((o) => o.value) };
  };
  const dynamicNote = component.valuesKey
    ? [`Options from the variable ${JSON.stringify(component.valuesKey)}: typed unknown.`]
    : component.valuesExpression
      ? ['Options from a FEEL expression: typed unknown.']
      : [];
  switch (component.type as KeyedType) {
    case 'textfield':
    case 'textarea':
      return { type: { kind: 'string' }, doc: [] };
    case 'number':
      return component.serializeToString
        ? { type: orNull({ kind: 'string' }), doc: ['A number, sent as a string (serializeToString).'] }
        : { type: orNull({ kind: 'number' }), doc: [] };
    case 'checkbox':
      return { type: { kind: 'boolean' }, doc: [] };
    case 'radio':
    case 'select':
      return { type: orNull(options() ?? { kind: 'unknown' }), doc: dynamicNote };
    case 'checklist':
    case 'taglist':
      return { type: { kind: 'array', items: options() ?? { kind: 'unknown' } }, doc: dynamicNote };
    case 'datetime': {
      const format = datetimeFormat(component);
      return { type: orNull({ kind: 'string', format }), doc: [`Format: ${format}.`] };
    }
    case 'filepicker':
      return {
        type: orNull({ kind: 'files' }),
        doc: [
          'The files picked: in the browser a form-js file key (`files::…`); Tasklist uploads them and submits Camunda document references.',
        ],
      };
    case 'expression':
      return { type: { kind: 'unknown' }, doc: ['Computed by a FEEL expression: typed unknown.'] };
    default:
      return { type: { kind: 'unknown' }, doc: [`A custom component (${JSON.stringify(component.type)}): typed unknown.`] };
  }
}

/** form-js's serialisation (`serializeDate`, `serializeTime`, `serializeDateTime`). */
function datetimeFormat(component: FormComponent): string {
  const zone =
    component.timeSerializingFormat === 'utc_offset'
      ? '±hh:mm (UTC offset)'
      : component.timeSerializingFormat === 'utc_normalized'
        ? 'Z (UTC)'
        : '';
  if (component.subtype === 'date') return 'YYYY-MM-DD';
  if (component.subtype === 'time') return `HH:mm${zone}`;
  return `YYYY-MM-DDTHH:mm${zone}`;
}

/** A prefill may hold anything the field accepts, or nothing; null where form-js treats it as empty. */
function inputTypeOf(type: ValueType): ValueType {
  return type.kind === 'nullable' ? type : { kind: 'nullable', inner: type };
}

function ruleOf(component: FormComponent, type: KeyedType, path: string[], optional: boolean): FormFieldRule {
  const rule: FormFieldRule = { key: path.join('.').replace(/\.\[\]\./g, '[].'), path, type };
  const label = component.label ?? component.dateLabel ?? component.timeLabel;
  if (label) rule.label = label;
  if (component.disabled) rule.disabled = true;
  if (typeof component.conditional?.hide === 'string') rule.hiddenWhen = component.conditional.hide;
  if (optional && !rule.disabled && !rule.hiddenWhen) rule.mayBeAbsent = true;
  const v = component.validate ?? {};
  if (v.required) rule.required = true;
  for (const name of ['min', 'max', 'minLength', 'maxLength'] as const) {
    const limit = v[name];
    if (limit !== undefined) rule[name] = limitOf(limit);
  }
  if (v.pattern) rule.pattern = v.pattern;
  if (v.patternErrorMessage) rule.patternErrorMessage = v.patternErrorMessage;
  if (v.validationType === 'email' || v.validationType === 'phone') rule.validationType = v.validationType;
  if (type === 'number' && component.decimalDigits !== undefined) rule.decimalDigits = component.decimalDigits;
  return rule;
}

function limitOf(limit: number | string): FormLimit {
  return typeof limit === 'number' ? limit : { expression: limit };
}

function docOf(component: FormComponent, ...notes: string[]): string[] {
  const lines: string[] = [];
  const label = component.label ?? component.dateLabel ?? component.timeLabel;
  if (label) lines.push(label);
  if (component.validate?.required) lines.push('Required.');
  if (component.disabled) lines.push('Disabled: never submitted.');
  if (typeof component.conditional?.hide === 'string') lines.push(`Absent while hidden by ${component.conditional.hide}.`);
  if (component.readonly !== undefined && component.readonly !== false) lines.push('Read-only.');
  return [...lines, ...notes];
}

function has(shape: Shape, segments: string[]): boolean {
  let current: Shape | undefined = shape;
  for (const segment of segments) {
    const property: Property | undefined = current?.get(segment);
    if (!property) return false;
    current = property.type.kind === 'object' ? property.type.shape : undefined;
  }
  return true;
}

/**
 * Places a property at a dotted path, creating (or joining) the objects on the way. Two fields
 * writing the same key, or a value where another field needs an object, is a form mistake that
 * form-js would resolve by letting one overwrite the other: refuse it instead.
 */
function put(shape: Shape, segments: string[], property: Property, origin: string): void {
  let current = shape;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    const existing = current.get(segment);
    if (last) {
      if (existing) {
        if (existing.type.kind === 'object' && property.type.kind === 'object') {
          // Two groups with the same path share one object.
          for (const [name, inner] of property.type.shape) put(existing.type.shape, [name], inner, origin);
          property.type.shape = existing.type.shape;
          existing.optional &&= property.optional;
          return;
        }
        throw new FormInputError(
          `${origin}: the key ${JSON.stringify(segments.join('.'))} is already used by ${existing.origin}`,
          'Give every field its own key.',
        );
      }
      current.set(segment, property);
      return;
    }
    if (existing && existing.type.kind !== 'object') {
      throw new FormInputError(
        `${origin}: ${JSON.stringify(segments.join('.'))} needs ${JSON.stringify(segments.slice(0, i + 1).join('.'))} to be an object, but ${existing.origin} puts a value there`,
        'Give every field its own key.',
      );
    }
    if (existing && existing.type.kind === 'object') {
      existing.optional &&= property.optional;
      current = existing.type.shape;
      continue;
    }
    const inner: Shape = new Map();
    current.set(segment, { type: { kind: 'object', shape: inner }, optional: property.optional, doc: [], origin });
    current = inner;
  }
}
