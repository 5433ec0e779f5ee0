/**
 * One OpenAPI document, one verdict: `fetch --from-rest`, `diff`, `generate` and `check` read a
 * document through the same loader, so each accepts what the others accept and refuses what they
 * refuse with the same words, the same line and column and the same hint. The project selects one
 * operation (`rest.select`), so the generator's narrower walk over what the selection reaches is
 * held to the whole-document check too.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, run, writeFile } from '../cli/helpers.js';

const info = { title: 'Verdicts', version: '1' };
const json = (schema: object) => ({ 'application/json': { schema } });

/** A valid document with the selected operation `a`; `patch` breaks (or stretches) one thing. */
function documentText(patch: (doc: any) => void = () => {}): string {
  const doc: any = {
    openapi: '3.0.3',
    info,
    paths: {
      '/a': { get: { operationId: 'a', responses: { '200': { description: 'ok', content: json({ $ref: '#/components/schemas/A' }) } } } },
      '/b': { get: { operationId: 'b', responses: { '200': { description: 'ok', content: json({ $ref: '#/components/schemas/B' }) } } } },
    },
    components: {
      schemas: {
        A: { type: 'object', properties: { id: { type: 'string' } } },
        B: { type: 'object', properties: { name: { type: 'string' } } },
      },
    },
  };
  patch(doc);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

interface Verdict {
  refused: boolean;
  /** `line:column` of the first location in the message. */
  at: string | undefined;
  /** The message's words, without file names, locations, pointers and punctuation. */
  words: string;
}

/** What a command said of the document: refused or not, where, and in which words. */
function verdictOf(result: { code: number; stderr: string }): Verdict {
  const start = result.stderr.search(/^error /m);
  if (start < 0) return { refused: false, at: undefined, words: '' };
  const message = result.stderr
    .slice(start + 'error '.length)
    .split('\n')
    .filter((line, index) => index === 0 || line.startsWith('  '))
    .join(' ');
  const at = /[^\s(]+:(\d+):(\d+)/.exec(message);
  const words = message
    .replace(/[^\s(]+:\d+:\d+/g, ' ')
    .replace(/\(at #[^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}$#/"]+/gu, ' ')
    .trim()
    .toLowerCase();
  return { refused: true, at: at ? `${at[1]}:${at[2]}` : undefined, words };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

/** Runs the four commands on the document; the committed snapshot is the document for generate and check. */
async function verdicts(text: string): Promise<Record<'fetch' | 'diff' | 'generate' | 'check', Verdict>> {
  const dir = makeProject({
    'codegen.ts': "export const tasklist = { graphql: false, rest: { select: { operationIds: ['a'] } } };\n",
    'before.json': documentText(),
    'case.json': text,
  });
  dirs.push(dir);
  writeFile(dir, 'schemas/tasklist.openapi.json', '');
  copyFileSync(path.join(dir, 'case.json'), path.join(dir, 'schemas/tasklist.openapi.json'));
  const diff = await run(['diff', 'before.json', 'case.json'], { cwd: dir });
  const generate = await run(['generate'], { cwd: dir });
  const check = await run(['check'], { cwd: dir });
  // Last: it writes the snapshot the others read.
  const fetch = await run(['fetch', '--from-rest', 'case.json'], { cwd: dir });
  for (const result of [fetch, diff, generate, check]) expect(result.stderr).not.toMatch(/bug in tasklist-codegen|URIError/);
  return { fetch: verdictOf(fetch), diff: verdictOf(diff), generate: verdictOf(generate), check: verdictOf(check) };
}

function expectOneVerdict(all: Record<string, Verdict>): Verdict {
  const [first, ...rest] = Object.values(all) as Verdict[];
  for (const [command, verdict] of Object.entries(all)) expect(verdict, command).toEqual(first);
  expect(rest.length).toBe(3);
  return first as Verdict;
}

describe('fetch, diff, generate and check agree on an OpenAPI document', () => {
  it('a component named `100%` (a literal percent sign in its $ref) is accepted by all', async () => {
    const text = documentText((doc) => {
      doc.components.schemas['100%'] = { type: 'integer' };
      doc.components.schemas.A.properties.share = { $ref: '#/components/schemas/100%' };
    });
    expect(expectOneVerdict(await verdicts(text)).refused).toBe(false);
  });

  it('Swagger 2.0 is refused by all with one message', async () => {
    const text = `${JSON.stringify({ swagger: '2.0', info, paths: {} }, null, 2)}\n`;
    const verdict = expectOneVerdict(await verdicts(text));
    expect(verdict.refused).toBe(true);
    expect(verdict.at).toBe('2:14');
    expect(verdict.words).toContain('swagger 2 0');
  });

  it('OpenAPI 3.2 is refused by all: 3.0 and 3.1 are what the toolkit reads', async () => {
    const verdict = expectOneVerdict(await verdicts(documentText((doc) => (doc.openapi = '3.2.0'))));
    expect(verdict.refused).toBe(true);
    expect(verdict.at).toBe('2:14');
  });

  it('a broken $ref outside the selected operations is refused by all, at the $ref', async () => {
    const text = documentText((doc) => {
      doc.components.schemas.B.properties.name = { $ref: '#/components/schemas/Gone' };
    });
    const line = text.split('\n').findIndex((l) => l.includes('#/components/schemas/Gone')) + 1;
    const verdict = expectOneVerdict(await verdicts(text));
    expect(verdict.refused).toBe(true);
    expect(verdict.at).toBe(`${line}:21`);
    expect(verdict.words).toContain('"#/components/schemas/gone"');
  });

  it('a discriminator mapping to a schema that does not exist is refused by all, at the mapping', async () => {
    const text = documentText((doc) => {
      doc.components.schemas.A.discriminator = { propertyName: 'id', mapping: { x: '#/components/schemas/Missing' } };
    });
    const line = text.split('\n').findIndex((l) => l.includes('#/components/schemas/Missing')) + 1;
    const verdict = expectOneVerdict(await verdicts(text));
    expect(verdict.refused).toBe(true);
    expect(verdict.at).toBe(`${line}:18`);
  });

  it('example data shaped like {"$ref": …} is data to all, not a reference', async () => {
    const text = documentText((doc) => {
      doc.openapi = '3.1.0';
      // A URL in an example's value is not another file to bundle either.
      doc.components.examples = { E: { value: { $ref: '#/nowhere', url: { $ref: 'https://example.invalid/x.yaml' } } } };
      doc.components.schemas.A.properties.id = {
        type: 'object',
        default: { $ref: '#/nowhere' },
        enum: [{ $ref: '#/nowhere' }],
        const: { $ref: '#/nowhere' },
        examples: [{ $ref: '#/nowhere' }],
      };
      doc.paths['/a'].get.responses['200'].content['application/json'].examples = { e: { $ref: '#/components/examples/E' } };
    });
    expect(expectOneVerdict(await verdicts(text)).refused).toBe(false);
  });
});

describe('diff and check --fetch read references where the loader does, and data as data', () => {
  /** `Shared` is returned by GET /b; POST /a sends a body whose `const`, extension and example value hold `{"$ref": "#/components/schemas/Shared"}` as data. */
  function document(sharedRequired: string[]): any {
    const dataRef = { $ref: '#/components/schemas/Shared' };
    return {
      openapi: '3.1.0',
      info,
      paths: {
        '/a': {
          post: {
            operationId: 'a',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { kind: { const: dataRef }, note: { type: 'string', 'x-sample': dataRef } } },
                  examples: { one: { value: dataRef } },
                },
              },
            },
            responses: { '204': { description: 'done' } },
          },
        },
        '/b': {
          get: { operationId: 'b', responses: { '200': { description: 'ok', content: json({ $ref: '#/components/schemas/Shared' }) } } },
        },
      },
      components: {
        schemas: { Shared: { type: 'object', required: sharedRequired, properties: { id: { type: 'string' }, name: { type: 'string' } } } },
      },
    };
  }

  it('a schema named only inside example data is not sent by that operation', async () => {
    const { diffOpenApiDocuments } = await import('../../src/fetch/change-report.js');
    const [change, ...others] = diffOpenApiDocuments(document([]), document(['name']));
    expect(others).toEqual([]);
    // Returned by GET /b only: a property that became required is safe for a client that reads it.
    expect(change?.message).toContain('returned by GET /b');
    expect(change?.message).not.toContain('POST /a');
    expect(change?.level).toBe('safe');
  });

  it('check --fetch: an operation whose only change is inside example data did not change', async () => {
    const { restImpact } = await import('../../src/cli/impact.js');
    const before = document([]);
    const after = document([]);
    after.components.schemas.Shared.properties.extra = { type: 'integer' };
    // POST /a's body holds `Shared` only as data: the change to `Shared` does not reach it.
    expect(restImpact(before, after, undefined).map((impact) => impact.operation)).toEqual(['b (GET /b)']);
  });
});
