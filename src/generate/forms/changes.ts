/**
 * How a form changed, rated for the code that completes it — the same `SchemaChange` shape (and
 * levels) as the GraphQL and OpenAPI differs, so the change report, `diff` and `check` show forms
 * the same way:
 * - breaking: a key removed or renamed (same component, new key), a field becoming required, an
 *   option removed, a value of another type: values the code sends stop fitting;
 * - dangerous: an option added (code reading the value may meet one it does not handle), a limit
 *   tightened;
 * - safe: an optional field added, a field no longer required, a limit loosened.
 * Both sides go through the generator's own model, so "key" means what the generated type says.
 */
import type { SchemaChange } from '../../fetch/change-types.js';
import type { FormFieldRule } from '../../runtime/forms.js';
import type { LoadedForm } from './load.js';
import { buildFormModel, type Property, type Shape, type ValueType } from './model.js';

interface Field {
  key: string;
  /** The component id: a key that changed while the id stayed is a rename. */
  componentId: string | undefined;
  property: Property;
  rule: FormFieldRule | undefined;
}

export function diffForms(before: LoadedForm, after: LoadedForm): SchemaChange[] {
  const a = fields(before);
  const b = fields(after);
  const formId = after.document.id ?? after.name;
  const changes: SchemaChange[] = [];
  const add = (level: SchemaChange['level'], kind: string, key: string, message: string) =>
    changes.push({ level, kind, path: `form ${formId}: ${key}`, message });
  const renamedTo = new Map<string, string>();
  for (const [key, old] of a) {
    if (b.has(key)) continue;
    const successor = old.componentId ? [...b.values()].find((f) => f.componentId === old.componentId && !a.has(f.key)) : undefined;
    if (successor) {
      renamedTo.set(successor.key, key);
      add(
        'breaking',
        'FORM_KEY_RENAMED',
        key,
        `Key ${key} was renamed to ${successor.key}: code that sends or reads ${key} must use ${successor.key}`,
      );
    } else {
      add('breaking', 'FORM_KEY_REMOVED', key, `Field ${key} was removed from the form`);
    }
  }
  for (const [key, field] of b) {
    const old = a.get(key);
    if (!old) {
      if (renamedTo.has(key)) continue;
      if (field.rule?.required && !field.property.optional)
        add('breaking', 'FORM_REQUIRED_FIELD_ADDED', key, `Required field ${key} was added: completions must now fill it`);
      else add('safe', 'FORM_FIELD_ADDED', key, `Field ${key} was added (not required)`);
      continue;
    }
    compareField(old, field, (level, kind, message) => add(level, kind, key, message));
  }
  return changes;
}

function compareField(old: Field, now: Field, add: (level: SchemaChange['level'], kind: string, message: string) => void): void {
  const wasRequired = old.rule?.required === true;
  const isRequired = now.rule?.required === true;
  if (!wasRequired && isRequired) add('breaking', 'FORM_FIELD_REQUIRED', `Field ${now.key} became required`);
  if (wasRequired && !isRequired) add('safe', 'FORM_FIELD_NOT_REQUIRED', `Field ${now.key} is no longer required`);
  const before = literals(old.property.type);
  const after = literals(now.property.type);
  if (before && after) {
    const removed = before.filter((v) => !after.includes(v));
    const added = after.filter((v) => !before.includes(v));
    if (removed.length)
      add('breaking', 'FORM_OPTION_REMOVED', `Option${removed.length > 1 ? 's' : ''} ${removed.join(', ')} removed from ${now.key}`);
    if (added.length)
      add(
        'dangerous',
        'FORM_OPTION_ADDED',
        `Option${added.length > 1 ? 's' : ''} ${added.join(', ')} added to ${now.key}: code reading it may meet a value it does not handle`,
      );
  } else if (shapeOf(nonNull(old.property.type)) !== shapeOf(nonNull(now.property.type))) {
    // (null coming or going follows `required`, reported above.)
    add(
      'breaking',
      'FORM_FIELD_TYPE_CHANGED',
      `Field ${now.key} now takes ${shapeOf(nonNull(now.property.type))} (was ${shapeOf(nonNull(old.property.type))})`,
    );
  }
  if (old.property.optional && !now.property.optional)
    add('breaking', 'FORM_FIELD_ALWAYS_SUBMITTED', `Field ${now.key} is no longer disabled, read-only or hidden: it is always submitted`);
  for (const limit of ['min', 'minLength'] as const) {
    const [x, y] = [old.rule?.[limit], now.rule?.[limit]];
    if (typeof y === 'number' && (x === undefined || (typeof x === 'number' && y > x)))
      add('dangerous', 'FORM_LIMIT_TIGHTENED', `${limit} of ${now.key} is now ${y}${x === undefined ? '' : ` (was ${x})`}`);
  }
  for (const limit of ['max', 'maxLength'] as const) {
    const [x, y] = [old.rule?.[limit], now.rule?.[limit]];
    if (typeof y === 'number' && (x === undefined || (typeof x === 'number' && y < x)))
      add('dangerous', 'FORM_LIMIT_TIGHTENED', `${limit} of ${now.key} is now ${y}${x === undefined ? '' : ` (was ${x})`}`);
  }
  if ((now.rule?.pattern ?? '') !== (old.rule?.pattern ?? '') && now.rule?.pattern)
    add('dangerous', 'FORM_PATTERN_CHANGED', `${now.key} must now match ${now.rule.pattern}`);
}

/** Every field of the submitted shape by its dotted key (`lineItems[].amount`), with its rule. */
function fields(form: LoadedForm): Map<string, Field> {
  const model = buildFormModel(form);
  const rules = new Map(model.rules.map((r) => [r.key, r]));
  const out = new Map<string, Field>();
  const walk = (shape: Shape, prefix: string) => {
    for (const [name, property] of shape) {
      const key = `${prefix}${name}`;
      if (property.type.kind === 'object') walk(property.type.shape, `${key}.`);
      else if (property.type.kind === 'list') walk(property.type.shape, `${key}[].`);
      else out.set(key, { key, componentId: property.componentId, property, rule: rules.get(key) });
    }
  };
  walk(model.submitted, '');
  return out;
}

function literals(type: ValueType): string[] | undefined {
  if (type.kind === 'nullable') return literals(type.inner);
  if (type.kind === 'array') return literals(type.items);
  return type.kind === 'literal' ? type.values.map((v) => JSON.stringify(v)) : undefined;
}

function nonNull(type: ValueType): ValueType {
  return type.kind === 'nullable' ? type.inner : type;
}

/** The type's structure without its option values, to compare kinds of value. */
function shapeOf(type: ValueType): string {
  switch (type.kind) {
    case 'nullable':
      return `${shapeOf(type.inner)} or null`;
    case 'array':
      return `a list of ${shapeOf(type.items)}`;
    case 'literal':
      return 'one of its options';
    default:
      return type.kind;
  }
}
