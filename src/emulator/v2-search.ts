/**
 * The search grammar of the Orchestration Cluster API (v2), independent of what is searched:
 * filter properties (an exact value or an advanced filter with `$eq`, `$neq`, `$exists`, `$in`,
 * `$notIn`, `$like`, `$gt`…), `sort` (`field`, `order`), and `page` (`limit`; `from`; or a cursor
 * `after` / `before` taken from a result's `page.endCursor` / `page.startCursor`). Malformed input is
 * a 400 (`badRequest`), as Camunda's request validation answers.
 */
import { badRequest } from './errors.js';

/** One sortable value; null (unset) sorts last in either direction. */
export type SortValue = string | number | null;

export interface SortSpec<F extends string> {
  field: F;
  order: 'ASC' | 'DESC';
}

export interface PageRequest {
  limit: number;
  from?: number;
  after?: string;
  before?: string;
}

export interface PageResponse {
  totalItems: number;
  hasMoreTotalItems: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Rejects properties the schema does not declare (`additionalProperties: false`). */
export function onlyKnown(body: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) throw badRequest(`Request property [${where}${key}] is not known; expected one of ${known.join(', ')}`);
  }
}

export function objectOrEmpty(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw badRequest(`${name} must be an object`);
  return value;
}

export function parsePage(raw: unknown, options: { cursors: boolean } = { cursors: true }): PageRequest {
  const page = objectOrEmpty(raw, 'page');
  onlyKnown(page, options.cursors ? ['limit', 'from', 'after', 'before'] : ['limit', 'from'], 'page.');
  const limit = page['limit'] ?? DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw badRequest(`page.limit must be an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(limit)}`);
  }
  const result: PageRequest = { limit };
  const from = page['from'];
  if (from !== undefined && from !== null) {
    if (typeof from !== 'number' || !Number.isInteger(from) || from < 0)
      throw badRequest(`page.from must be a non-negative integer, got ${JSON.stringify(from)}`);
    result.from = from;
  }
  for (const name of ['after', 'before'] as const) {
    const v = page[name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || decodeCursor(v) === undefined)
      throw badRequest(`page.${name} must be a cursor from a previous result's page.${name === 'after' ? 'endCursor' : 'startCursor'}`);
    result[name] = v;
  }
  if ([result.from, result.after, result.before].filter((v) => v !== undefined).length > 1) {
    throw badRequest('Only one of page.from, page.after and page.before may be given');
  }
  return result;
}

export function parseSort<F extends string>(raw: unknown, fields: readonly F[]): SortSpec<F>[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest('sort must be an array of {field, order}');
  return raw.map((entry, i) => {
    if (!isObject(entry)) throw badRequest(`sort[${i}] must be an object {field, order}`);
    onlyKnown(entry, ['field', 'order'], `sort[${i}].`);
    const field = entry['field'];
    if (typeof field !== 'string' || !fields.includes(field as F))
      throw badRequest(`sort[${i}].field must be one of ${fields.join(', ')}, got ${JSON.stringify(field)}`);
    // Enum values are accepted in any casing, as the document's conventions promise.
    const order = entry['order'] === undefined || entry['order'] === null ? 'ASC' : String(entry['order']).toUpperCase();
    if (order !== 'ASC' && order !== 'DESC')
      throw badRequest(`sort[${i}].order must be ASC or DESC, got ${JSON.stringify(entry['order'])}`);
    return { field: field as F, order };
  });
}

/** A cursor is the base64 of the JSON sort tuple of the item it points at. */
function encodeCursor(tuple: readonly SortValue[]): string {
  return Buffer.from(JSON.stringify(tuple)).toString('base64');
}

function decodeCursor(cursor: string): SortValue[] | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=)?$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (Array.isArray(parsed) && parsed.every((v) => v === null || typeof v === 'string' || typeof v === 'number'))
      return parsed as SortValue[];
  } catch {
    // not one of ours
  }
  return undefined;
}

function compareValues(a: SortValue, b: SortValue, order: 'ASC' | 'DESC'): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const asc = a < b ? -1 : 1;
  return order === 'DESC' ? -asc : asc;
}

/** Keys are 64-bit numbers as strings: compare by length first, then as text. */
function compareKeys(a: SortValue, b: SortValue): number {
  const x = String(a);
  const y = String(b);
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

/**
 * One page of `items`: sorted by `sort` (the key last, ascending, so the order is total), then cut
 * by `page`. `totalItems` counts every match.
 */
export function pageOf<T, F extends string>(
  items: readonly T[],
  sort: readonly SortSpec<F>[],
  valueOf: (item: T, field: F) => SortValue,
  keyOf: (item: T) => string,
  page: PageRequest,
): { items: T[]; page: PageResponse } {
  const tupleOf = (item: T): SortValue[] => [...sort.map((s) => valueOf(item, s.field)), keyOf(item)];
  const compare = (a: SortValue[], b: SortValue[]): number => {
    for (let i = 0; i < sort.length; i++) {
      const c = compareValues(a[i] ?? null, b[i] ?? null, (sort[i] as SortSpec<F>).order);
      if (c !== 0) return c;
    }
    return compareKeys(a[sort.length] ?? null, b[sort.length] ?? null);
  };
  const keyed = items.map((item) => ({ item, tuple: tupleOf(item) }));
  keyed.sort((a, b) => compare(a.tuple, b.tuple));

  const cursorOf = (raw: string, name: string): SortValue[] => {
    const cursor = decodeCursor(raw) as SortValue[];
    if (cursor.length !== sort.length + 1)
      throw badRequest(`page.${name} is a cursor of a search with another sort; page with the sort it came from`);
    return cursor;
  };
  let slice: typeof keyed;
  if (page.after !== undefined) {
    const cursor = cursorOf(page.after, 'after');
    slice = keyed.filter((e) => compare(e.tuple, cursor) > 0).slice(0, page.limit);
  } else if (page.before !== undefined) {
    const cursor = cursorOf(page.before, 'before');
    slice = keyed.filter((e) => compare(e.tuple, cursor) < 0).slice(-page.limit);
  } else {
    const from = page.from ?? 0;
    slice = keyed.slice(from, from + page.limit);
  }
  const first = slice[0];
  const last = slice[slice.length - 1];
  return {
    items: slice.map((e) => e.item),
    page: {
      totalItems: items.length,
      hasMoreTotalItems: false,
      startCursor: first ? encodeCursor(first.tuple) : null,
      endCursor: last ? encodeCursor(last.tuple) : null,
    },
  };
}

/** `*` any run of characters, `?` one; a backslash makes either literal. */
function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

type Operator = '$eq' | '$neq' | '$exists' | '$in' | '$notIn' | '$like' | '$gt' | '$gte' | '$lt' | '$lte';

/**
 * Matches one value against a filter property. `kind` decides which operators exist and how values
 * compare: `string` (also keys and ids), `integer`, `date-time` (compared as instants).
 */
export function matchesFilter(
  value: string | number | null,
  filter: unknown,
  kind: 'string' | 'integer' | 'date-time',
  name: string,
): boolean {
  if (filter === undefined || filter === null) return true;
  const operators: Operator[] =
    kind === 'string'
      ? ['$eq', '$neq', '$exists', '$in', '$notIn', '$like']
      : ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in'];
  const normalize = (v: unknown, where: string): string | number => {
    if (kind === 'integer') {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${where} must be an integer, got ${JSON.stringify(v)}`);
      return v;
    }
    if (typeof v !== 'string') throw badRequest(`${where} must be a string, got ${JSON.stringify(v)}`);
    if (kind === 'date-time') {
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw badRequest(`${where} must be an RFC 3339 date-time, got ${JSON.stringify(v)}`);
      return t;
    }
    return v;
  };
  const actual = value === null ? null : kind === 'date-time' ? Date.parse(String(value)) : value;
  if (!isObject(filter)) return actual === normalize(filter, `filter.${name}`);
  onlyKnown(filter, operators, `filter.${name}.`);
  for (const [op, operand] of Object.entries(filter) as Array<[Operator, unknown]>) {
    const where = `filter.${name}.${op}`;
    switch (op) {
      case '$exists':
        if (typeof operand !== 'boolean') throw badRequest(`${where} must be a boolean`);
        if ((actual !== null) !== operand) return false;
        break;
      case '$eq':
        if (actual !== normalize(operand, where)) return false;
        break;
      case '$neq':
        if (actual === normalize(operand, where)) return false;
        break;
      case '$in':
      case '$notIn': {
        if (!Array.isArray(operand)) throw badRequest(`${where} must be an array`);
        const hit = operand.map((v) => normalize(v, where)).includes(actual as string | number);
        if (hit !== (op === '$in')) return false;
        break;
      }
      case '$like':
        if (typeof operand !== 'string') throw badRequest(`${where} must be a string`);
        if (actual === null || !likeToRegExp(operand).test(String(actual))) return false;
        break;
      default: {
        const bound = normalize(operand, where);
        if (actual === null) return false;
        if (op === '$gt' && !(actual > bound)) return false;
        if (op === '$gte' && !(actual >= bound)) return false;
        if (op === '$lt' && !(actual < bound)) return false;
        if (op === '$lte' && !(actual <= bound)) return false;
      }
    }
  }
  return true;
}

/** A filter on a list property (`candidateGroup` on `candidateGroups`): true when any element matches. */
export function anyMatches(values: readonly string[], filter: unknown, name: string): boolean {
  if (filter === undefined || filter === null) return true;
  if (isObject(filter) && filter['$exists'] === false) return values.length === 0;
  return values.some((v) => matchesFilter(v, filter, 'string', name));
}
