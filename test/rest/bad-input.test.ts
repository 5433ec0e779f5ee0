import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateRest, OpenApiDocumentError } from '../../src/generate/rest/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A small valid document; tests break one thing at a time. */
function documentJson(patch: (doc: any) => void = () => {}): string {
  const doc: any = {
    openapi: '3.0.1',
    info: { title: 'Mini', version: '1' },
    paths: {
      '/v1/tasks/{taskId}': {
        get: {
          operationId: 'getTaskById',
          parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Task' } } } },
            '404': { description: 'no', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Task: { type: 'object', properties: { id: { type: 'string' } } },
        Error: { type: 'object', properties: { message: { type: 'string' } } },
      },
    },
  };
  patch(doc);
  return JSON.stringify(doc, null, 2);
}

async function failure(text: string, fileName = 'doc.json'): Promise<OpenApiDocumentError> {
  const error = await generateRest({ documentFile: fileName, documentText: text, cwd: repoRoot, runtimeImport: 'rt' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenApiDocumentError);
  return error as OpenApiDocumentError;
}

describe('bad input: one clear error with its location', () => {
  it('invalid JSON: file:line:column of the syntax error', async () => {
    const error = await failure('{\n  "openapi": "3.0.1",\n  "info": {,\n}');
    expect(error.message).toMatch(/^doc\.json:3:12: invalid JSON/);
    expect(error.line).toBe(3);
  });

  it('a byte order mark before the JSON is no error', async () => {
    const result = await generateRest({
      documentFile: 'doc.json',
      documentText: `\ufeff${documentJson()}`,
      cwd: repoRoot,
      runtimeImport: 'rt',
    });
    expect(result.files.find((f) => f.path === 'rest/index.ts')!.contents).toMatch(/export function getTaskById\(/);
  });

  it('invalid YAML: file:line:column from the YAML parser', async () => {
    const error = await failure('openapi: 3.0.1\ninfo:\n  title: [unclosed\npaths: {}\n', 'doc.yaml');
    expect(error.message).toMatch(/^doc\.yaml:\d+:\d+: invalid YAML/);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('Swagger 2.0 and other non-OpenAPI-3 documents', async () => {
    expect((await failure('{"swagger": "2.0", "info": {}, "paths": {}}')).message).toMatch(
      /doc\.json:1:\d+: a Swagger 2\.0 document, not OpenAPI 3/,
    );
    expect((await failure('{"openapi": "2.5", "paths": {}}')).message).toMatch(/unsupported OpenAPI version "2\.5"/);
    expect((await failure('name: not an api\n', 'doc.yaml')).message).toMatch(/no "openapi" version field/);
    expect((await failure('[1, 2]')).message).toMatch(/top level is not an object/);
  });

  it('a broken $ref names the reference and the line it is on', async () => {
    const text = documentJson((doc) => {
      doc.paths['/v1/tasks/{taskId}'].get.responses['200'].content['application/json'].schema.$ref = '#/components/schemas/Tsak';
    });
    const error = await failure(text);
    const line = text.split('\n').findIndex((l) => l.includes('Tsak')) + 1;
    expect(error.message).toContain('broken $ref "#/components/schemas/Tsak"');
    expect(error.line).toBe(line);
    expect(error.pointer).toBe('#/paths/~1v1~1tasks~1{taskId}/get/responses/200/content/application~1json/schema/$ref');
  });

  it('a broken $ref inside an unused component is still found', async () => {
    const error = await failure(
      documentJson((doc) => {
        doc.components.schemas.Unused = { type: 'array', items: { $ref: '#/components/schemas/Gone' } };
      }),
    );
    expect(error.message).toContain('#/components/schemas/Gone');
  });

  it('an external $ref asks for a bundled document', async () => {
    const error = await failure(
      documentJson((doc) => {
        doc.components.schemas.Task = { $ref: 'task.yaml#/Task' };
      }),
    );
    expect(error.message).toMatch(/external \$ref "task\.yaml#\/Task" is not supported[\s\S]*bundle/i);
  });

  it('a document openapi-typescript cannot transform as a whole (a webhook whose schema is a string) names the place', async () => {
    const text = documentJson((doc) => {
      doc.openapi = '3.1.0';
      doc.webhooks = {
        taskCreated: {
          post: { requestBody: { content: { 'application/json': { schema: 'oops' } } }, responses: { '200': { description: 'ok' } } },
        },
      };
    });
    const error = await failure(text);
    expect(error.pointer).toBe('#/webhooks/taskCreated/post/requestBody/content/application~1json');
    const lines = text.split('\n');
    const webhooks = lines.findIndex((l) => l.includes('"webhooks"'));
    expect(error.line).toBe(lines.findIndex((l, i) => i > webhooks && l.includes('"application/json"')) + 1);
    expect(error.message).toMatch(
      /^doc\.json:\d+:\d+: openapi-typescript cannot express the document \(Expected SchemaObject, received string/,
    );
    expect(error.hint).not.toMatch(/bug in tasklist-codegen/);
  });

  it.each([
    ['a webhook that is null', (doc: any) => (doc.webhooks = { newTask: null }), '#/webhooks/newTask', /a webhook is null, not an object/],
    [
      'an operation that is a string',
      (doc: any) => (doc.paths['/v1/x'] = { get: 'x' }),
      '#/paths/~1v1~1x/get',
      /an operation is the string "x"/,
    ],
    [
      'a webhook operation whose parameters are a string',
      (doc: any) => (doc.webhooks = { newTask: { post: { parameters: 'x', responses: {} } } }),
      '#/webhooks/newTask/post/parameters',
      /"parameters" is the string "x", not a list/,
    ],
    [
      'a component that is a number',
      (doc: any) => (doc.components.schemas.Odd = 42),
      '#/components/schemas/Odd',
      /a component is a number/,
    ],
  ])('%s: refused at its place, with a line', async (_, patch, pointer, problem) => {
    const text = documentJson((doc) => {
      doc.openapi = '3.1.0';
      patch(doc);
    });
    const error = await failure(text);
    expect(error.pointer).toBe(pointer);
    expect(error.line).toBeGreaterThan(1);
    expect(error.problem).toMatch(problem);
  });

  it('a schema openapi-typescript refuses in a webhook (which is not left out) is located too', async () => {
    const text = documentJson((doc) => {
      doc.openapi = '3.1.0';
      doc.webhooks = {
        newTask: {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { a: 'str' } } } } },
            responses: { '200': { description: 'ok' } },
          },
        },
      };
    });
    const error = await failure(text);
    expect(error.pointer).toMatch(/^#\/webhooks\/newTask\/post\/requestBody\/content\/application~1json/);
    expect(error.line).toBeGreaterThan(1);
  });

  it('a selection that matches nothing lists the tags there are', async () => {
    const error = await generateRest({
      documentFile: 'doc.json',
      documentText: documentJson((doc) => {
        doc.paths['/v1/tasks/{taskId}'].get.tags = ['Task'];
      }),
      cwd: repoRoot,
      runtimeImport: 'rt',
      select: { tags: ['User task'], operationIds: ['nope'] },
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(OpenApiDocumentError);
    expect((error as Error).message).toMatch(
      /no operation with operationId "nope"; no operation tagged "User task"[\s\S]*Tags in this document: Task/,
    );
  });

  it('a missing file says what to run', async () => {
    const error = await generateRest({ documentFile: 'schemas/none.json', cwd: repoRoot, runtimeImport: 'rt' }).catch(
      (e: unknown) => e as Error,
    );
    expect((error as Error).message).toMatch(
      /schemas\/none\.json: cannot read the OpenAPI document \(ENOENT\)[\s\S]*tasklist-codegen fetch/,
    );
  });
});

describe('what the generator cannot express is reported by name; the rest generates', () => {
  it('a schema openapi-typescript rejects is left out with everything that needs it', async () => {
    const result = await generateRest({
      documentFile: 'doc.json',
      cwd: repoRoot,
      runtimeImport: 'rt',
      documentText: documentJson((doc) => {
        // `properties` entries must be schemas; openapi-typescript throws on an array.
        doc.components.schemas.Broken = { type: 'object', properties: { odd: [1, 2] } };
        doc.components.schemas.UsesBroken = { type: 'object', properties: { b: { $ref: '#/components/schemas/Broken' } } };
        doc.paths['/v1/broken'] = {
          get: {
            operationId: 'getBroken',
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/UsesBroken' } } } },
            },
          },
        };
      }),
    });
    const warnings = result.warnings.map((w) => `${w.location}: ${w.message}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^#\/components\/schemas\/Broken: left out: openapi-typescript cannot express it \(.*invalid property odd/),
        expect.stringMatching(/^#\/components\/schemas\/UsesBroken: left out: it refers to a component that was left out/),
        expect.stringMatching(/^#\/paths\/~1v1~1broken\/get: left out: it refers to a component that was left out/),
      ]),
    );
    const index = result.files.find((f) => f.path === 'rest/index.ts')!.contents;
    const schema = result.files.find((f) => f.path === 'rest/schema.d.ts')!.contents;
    expect(index).toMatch(/export function getTaskById\(/);
    expect(index).not.toMatch(/getBroken/);
    expect(schema).toMatch(/Task: \{/);
    expect(schema).not.toMatch(/Broken/);
  });

  it('operations without an operationId get a derived name; clashes are numbered in document order', async () => {
    const text = documentJson((doc) => {
      doc.paths['/v1/tasks/{taskId}/variables'] = {
        get: { responses: { '204': { description: 'none' } } },
        post: { operationId: 'get-task-by-id', responses: { '204': { description: 'none' } } },
        put: { operationId: 'delete', responses: { '204': { description: 'none' } } },
      };
    });
    const generate = () => generateRest({ documentFile: 'doc.json', cwd: repoRoot, runtimeImport: 'rt', documentText: text });
    const result = await generate();
    const index = result.files.find((f) => f.path === 'rest/index.ts')!.contents;
    const names = [...index.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(names).toEqual(['getTaskById', 'getV1TasksByTaskIdVariables', 'getTaskById2', 'deleteOperation']);
    expect(result.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        'no operationId; the function is named getV1TasksByTaskIdVariables',
        'the name getTaskById is taken; the function is named getTaskById2',
      ]),
    );
    expect(index).toMatch(/export type GetV1TasksByTaskIdVariablesResult = void;/);
    expect((await generate()).files).toEqual(result.files);
  });

  it('JSDoc carries summary, description and @deprecated; comment terminators in text are defused', async () => {
    const result = await generateRest({
      documentFile: 'doc.json',
      cwd: repoRoot,
      runtimeImport: 'rt',
      documentText: documentJson((doc) => {
        Object.assign(doc.paths['/v1/tasks/{taskId}'].get, {
          summary: 'Get a task',
          description: 'Returns it. */ alert(1) /*',
          deprecated: true,
        });
      }),
    });
    const index = result.files.find((f) => f.path === 'rest/index.ts')!.contents;
    expect(index).toContain(' * Get a task\n *\n * Returns it. *\\/ alert(1) /*\n');
    expect(index).toMatch(/@deprecated[^\n]*\n \*\/\nexport function getTaskById/);
  });
});
