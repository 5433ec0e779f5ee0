/**
 * The runtime's serializers (src/runtime/serializers.ts) are openapi-fetch's defaults written once
 * for a small bundle: each is compared here with its openapi-fetch counterpart over every style,
 * explode flag and kind of value, so the bytes on the wire stay the ones openapi-fetch sends.
 */
import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders as theirMergeHeaders,
} from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { finalUrl, mergeHeaders, serializeBody, serializePath, serializeQuery } from '../../src/runtime/serializers.js';

const theirQuery = createQuerySerializer();

/** What a function returns or throws, comparable. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { threw: true, type: (error as Error).constructor.name };
  }
}

const values: Record<string, unknown> = {
  text: 'a b/c?d#é&=+%',
  empty: '',
  number: 42,
  zero: 0,
  falsy: false,
  truthy: true,
  dollar: '$&$1',
  brace: '{x}',
  array: ['a b', 'c/d', 3],
  single: ['x'],
  emptyArray: [],
  withNull: ['a', null, 'b'],
  object: { field: 'creation time', order: 'ASC', n: 1 },
  emptyObject: {},
  nested: { a: { b: 1 } },
  nestedArray: [['a']],
  nil: null,
  missing: undefined,
};

describe("the runtime's serializers and openapi-fetch's", () => {
  const templates = ['{v}', '{.v}', '{;v}', '{v*}', '{.v*}', '{;v*}'];
  for (const template of templates) {
    it(`path ${template}: every kind of value as openapi-fetch writes it`, () => {
      for (const [kind, value] of Object.entries(values)) {
        const path = `/x/${template}/y/${template}`;
        const ours = outcome(() => serializePath(path, { v: value }));
        expect(ours, `${template} with ${kind}`).toEqual(outcome(() => defaultPathSerializer(path, { v: value })));
      }
    });
  }

  it('path: several parameters, one missing, one twice, no values at all', () => {
    const path = '/t/{tenant}/v1/{a}/{b}/{a}/{c}';
    const params = { tenant: 'green', a: 'A', b: [1, 2], c: null };
    expect(serializePath(path, params)).toBe(defaultPathSerializer(path, params));
    expect(serializePath(path, params)).toBe('/t/green/v1/A/1,2/A/{c}');
    expect(serializePath(path, undefined)).toBe(path);
  });

  it('query: every kind of value, one at a time and all together', () => {
    for (const [kind, value] of Object.entries(values)) {
      const query = { q: value };
      expect(
        outcome(() => serializeQuery(query)),
        kind,
      ).toEqual(outcome(() => theirQuery(query)));
    }
    const { nested: _n, nestedArray: _a, ...flat } = values;
    expect(serializeQuery(flat)).toBe(theirQuery(flat));
    expect(serializeQuery({})).toBe('');
  });

  it('final URL: base URL, path and query as createFinalURL joins them', () => {
    const cases: Array<{ path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined> = [
      undefined,
      {},
      { path: { id: 'a b' } },
      { query: { q: 1, none: [] } },
      { query: { '?lead': 'x' } },
      { path: { id: 7, tenant: 't' }, query: { state: ['A', 'B'], sort: { f: 'x' } } },
    ];
    for (const params of cases) {
      const expected = createFinalURL('/v1/{id}', {
        baseUrl: 'http://h/{tenant}',
        params: { path: params?.path, query: params?.query },
        querySerializer: theirQuery,
        pathSerializer: defaultPathSerializer,
      } as Parameters<typeof createFinalURL>[1]);
      expect(finalUrl('http://h/{tenant}', '/v1/{id}', params), JSON.stringify(params)).toBe(expected);
    }
  });

  it('body: JSON, form-encoded by Content-Type (Headers or a record), FormData as is', () => {
    const form = new FormData();
    const bodies: unknown[] = [{ a: 1, b: 'x y' }, null, 'text', [1, 2], form];
    const headerSets = [
      undefined,
      new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      new Headers({ 'content-type': 'application/json' }),
    ];
    for (const body of bodies) {
      for (const headers of headerSets) {
        const theirs = outcome(() => (defaultBodySerializer as (body: unknown, headers?: unknown) => unknown)(body, headers));
        expect(outcome(() => serializeBody(body, headers as Headers | Record<string, string> | undefined))).toEqual(theirs);
      }
    }
    expect(serializeBody(form)).toBe(form);
  });

  it('headers: later ones win, null removes, arrays append, Headers and records alike', () => {
    const sets = [
      [{ a: '1', b: '2' }, new Headers({ a: 'x', c: '3' }), { b: null, d: ['4', '5'], e: undefined }],
      [undefined, { 'Content-Type': 'application/json' }, { 'content-type': null }],
      [new Headers({ cookie: 'a=1' }), 'not headers', { cookie: 'b=2', n: 3, t: true }],
    ];
    for (const set of sets) {
      const ours = [...mergeHeaders(...(set as Parameters<typeof mergeHeaders>)).entries()];
      const theirs = [...theirMergeHeaders(...(set as Parameters<typeof theirMergeHeaders>)).entries()];
      expect(ours).toEqual(theirs);
    }
  });
});
