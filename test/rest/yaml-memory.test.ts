/**
 * A YAML document's parse tree (every node with its source range) is several times the size of the
 * value read from it. Kept for the whole generation, it was the largest thing in memory on big YAML
 * documents (DigitalOcean's: 226 MB peak RSS as YAML, 202 MB as JSON). The source keeps the value
 * and the duplicate keys, drops the tree, and parses the text again only when an error needs a
 * position. Memory held, not time: this holds on a loaded machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

const documents: Array<WeakRef<object>> = [];

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => {
      const document = yaml.parseDocument(...args);
      documents.push(new WeakRef(document));
      return document;
    },
  };
});

const { parseOpenApiSource } = await import('../../src/fetch/openapi/source.js');
const { parseYamlText } = await import('../../src/util/parse-yaml.js');
const yaml = await vi.importActual<typeof import('yaml')>('yaml');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Lets the current job end (a WeakRef made in it holds its target until then), then collects. */
async function collect(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
}

const yamlText = [
  'openapi: 3.0.3',
  'info: { title: t, version: "1" }',
  'paths:',
  '  /a:',
  '    get:',
  '      responses:',
  '        "200": { description: ok }',
  '  /a:',
  '    post:',
  '      responses:',
  '        "200": { description: ok }',
  '',
].join('\n');

describe('a YAML source does not keep its parse tree', () => {
  it('drops the tree once the value and the duplicate keys are read', async () => {
    documents.length = 0;
    const source = parseOpenApiSource(yamlText, 'doc.yaml');
    expect(documents).toHaveLength(1);
    await collect();
    expect(documents[0]!.deref()).toBeUndefined();
    // What the tree was kept for still works: the duplicate key at its place, and a located pointer.
    expect(source.duplicateKeys()).toEqual([{ key: '/a', line: 8, column: 3 }]);
    expect(source.locate('#/info/title')).toEqual({ line: 2, column: 16 });
    expect(Object.keys(source.document.paths ?? {})).toEqual(['/a']);
  });
});

describe('YAML without anything to report is read without a parse tree', () => {
  const plain = [
    'openapi: 3.0.3',
    'info: { title: t, version: "1" }',
    'paths:',
    '  /a:',
    '    get:',
    '      responses:',
    '        "200": { description: ok, x-n: 0o17 }',
    '',
  ].join('\n');

  it('a plain document: the value the yaml package reads, and no parseDocument', () => {
    documents.length = 0;
    const parsed = parseYamlText(plain);
    expect(documents).toHaveLength(0);
    expect(parsed).toEqual({ ok: true, value: yaml.parse(plain), tree: undefined });
  });

  it('a few aliases to objects with nothing nested (as bundlers write them): read fast, the same value', () => {
    const text = 'a: &x { b: 1 }\nc: *x\nd: [*x, *x]\n';
    documents.length = 0;
    const parsed = parseYamlText(text);
    expect(documents).toHaveLength(0);
    expect(parsed.ok && parsed.value).toEqual(yaml.parse(text));
  });

  // Each of these has something the positioned parse reports or limits: it must be the one to read it.
  it.each([
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an alias to an object that holds an alias to an object', 'a: &x { b: 1 }\nc: &y { d: *x }\ne: *y\n'],
    ['an anchor that holds an alias to itself', 'a: &x [1, *x]\n'],
    ['more than 31 aliases', `a: &x 1\nb: [${Array.from({ length: 32 }, () => '*x').join(', ')}]\n`],
    ['a syntax error', "a: 'it's'\n"],
    ['an unknown tag', 'a: !custom 1\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['nesting past the limit', `${'['.repeat(70)}${']'.repeat(70)}\n`],
    ['block nesting past the limit', `${Array.from({ length: 66 }, (_, i) => `${' '.repeat(i)}a:\n`).join('')}${' '.repeat(66)}b: 1\n`],
    // The text nests 41 levels, the value 71: the alias puts a 30-level anchor 41 levels down.
    ['an alias that nests the value past the limit', `x: &x ${'['.repeat(30)}${']'.repeat(30)}\ny: ${'['.repeat(40)}*x${']'.repeat(40)}\n`],
  ])('%s goes through parseDocument', (_what, text) => {
    documents.length = 0;
    parseYamlText(text);
    expect(documents).toHaveLength(1);
  });

  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const big = path.resolve(repoRoot, '../shared/fixtures/public/openapi/digital-ocean-api.bundled.yaml');
  it("DigitalOcean's 1.9 MB document: the same value as the yaml package reads", () => {
    if (!existsSync(big)) {
      console.log(`skipped: ${big} is absent`);
      return;
    }
    const text = readFileSync(big, 'utf8');
    documents.length = 0;
    const parsed = parseYamlText(text, { uniqueKeys: false });
    expect(documents).toHaveLength(0);
    expect(parsed.ok && isDeepStrictEqual(parsed.value, yaml.parse(text, { uniqueKeys: false }))).toBe(true);
  });
});
