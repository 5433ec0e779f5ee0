/**
 * The nesting and alias limits every schema parser shares (src/util/nesting.ts,
 * src/util/parse-yaml.ts, src/util/parse-graphql.ts): exactly where they start, that text inside
 * strings and comments does not count, and that ordinary aliases still work. The 10,000-deep and
 * alias-bomb documents through the CLI are in test/reliability/corpus/.
 */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, nestsTooDeep, offsetTooDeep, pathTooDeep } from '../../src/util/nesting.js';
import { parseGraphQL } from '../../src/util/parse-graphql.js';
import { MAX_YAML_ALIAS_COUNT, parseYamlText } from '../../src/util/parse-yaml.js';

const brackets = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nesting limit', () => {
  it(`accepts ${MAX_NESTING_DEPTH} levels and refuses one more, at the bracket that goes too deep`, () => {
    expect(offsetTooDeep(brackets(MAX_NESTING_DEPTH), 'json')).toBeUndefined();
    expect(offsetTooDeep(brackets(MAX_NESTING_DEPTH + 1), 'json')).toBe(MAX_NESTING_DEPTH);
    expect(pathTooDeep(JSON.parse(brackets(MAX_NESTING_DEPTH)))).toBeUndefined();
    expect(pathTooDeep(JSON.parse(brackets(MAX_NESTING_DEPTH + 1)))).toHaveLength(MAX_NESTING_DEPTH);
  });

  it('nestsTooDeep answers as pathTooDeep does: arrays, objects, a key named __proto__, shared and cyclic values', () => {
    const objects = (depth: number): unknown => (depth === 0 ? 1 : { a: 1, [`k${depth}`]: objects(depth - 1) });
    const shared = JSON.parse(brackets(40));
    const cyclic: Record<string, unknown> = { a: [] };
    (cyclic['a'] as unknown[]).push(cyclic);
    const values = [
      JSON.parse(brackets(MAX_NESTING_DEPTH)),
      JSON.parse(brackets(MAX_NESTING_DEPTH + 1)),
      objects(MAX_NESTING_DEPTH),
      objects(MAX_NESTING_DEPTH + 1),
      JSON.parse(`{"__proto__": ${brackets(MAX_NESTING_DEPTH)}}`),
      { x: shared, y: [[[[[[[[[[[[[[[[[[[[[[[[[shared]]]]]]]]]]]]]]]]]]]]]]]]] },
      cyclic,
      'text',
      null,
    ];
    expect(values.map((value) => nestsTooDeep(value))).toEqual(values.map((value) => pathTooDeep(value) !== undefined));
    expect(values.map((value) => nestsTooDeep(value))).toEqual([false, true, false, true, true, true, true, false, false]);
  });

  it('does not count brackets inside strings, block strings or GraphQL comments', () => {
    const many = '['.repeat(5000);
    expect(offsetTooDeep(JSON.stringify({ description: many, quoted: `"${many}\\"` }), 'json')).toBeUndefined();
    expect(offsetTooDeep(`"""${many}\\"""${many}"""\n# ${many}\ntype Query { a: Int }`, 'graphql')).toBeUndefined();
    expect(offsetTooDeep(`# ${many}\n${'{'.repeat(MAX_NESTING_DEPTH + 1)}`, 'graphql')).toBe(5003 + MAX_NESTING_DEPTH);
  });

  it('GraphQL: a located GraphQLError, parentheses and braces alike', () => {
    const query = `query Q ${'{ a('.repeat(40)}x: 1${')'.repeat(40)}`;
    const error = (() => {
      try {
        parseGraphQL(`${query}\n`);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).message).toBe(`Syntax Error: nested more than ${MAX_NESTING_DEPTH} levels deep.`);
    expect((error as GraphQLError).locations?.[0]?.line).toBe(1);
    expect(parseGraphQL('query Q { a { b { c } } }').definitions).toHaveLength(1);
  });
});

describe('YAML', () => {
  it('ordinary aliases still work', () => {
    const parsed = parseYamlText('base: &base { type: string }\na: *base\nb: *base\n');
    expect(parsed.ok && parsed.value).toEqual({ base: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' } });
  });

  it(`an alias bomb is refused at its first alias (limit ${MAX_YAML_ALIAS_COUNT})`, () => {
    const levels = 'abcdefghi'.split('');
    let text = `a: &a [${Array(9).fill('lol').join(', ')}]\n`;
    for (let i = 1; i < levels.length; i++)
      text += `${levels[i]}: &${levels[i]} [${Array(9)
        .fill(`*${levels[i - 1]}`)
        .join(', ')}]\n`;
    const started = performance.now();
    const parsed = parseYamlText(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatchObject({ line: 2, column: 8, message: expect.stringMatching(/alias bomb/) });
  });

  it('deep block nesting is refused where it goes too deep', () => {
    let text = '';
    for (let i = 0; i <= MAX_NESTING_DEPTH; i++) text += `${' '.repeat(i)}k:\n`;
    const parsed = parseYamlText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problem).toMatchObject({ message: `nested more than ${MAX_NESTING_DEPTH} levels deep`, line: MAX_NESTING_DEPTH + 1 });
  });
});
