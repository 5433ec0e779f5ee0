/**
 * A YAML document's parse tree (every node with its source range) is several times the size of the
 * value read from it. Kept for the whole generation, it was the largest thing in memory on big YAML
 * documents (DigitalOcean's: 226 MB peak RSS as YAML, 202 MB as JSON). The source keeps the value
 * and the duplicate keys, drops the tree, and parses the text again only when an error needs a
 * position. Memory held, not time: this holds on a loaded machine.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
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

const { parseOpenApiSource } = await import('../../src/generate/rest/source.js');

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
