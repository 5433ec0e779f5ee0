import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffGraphQLSchemas, diffOpenApiDocuments, renderChangeReport, type SchemaChange } from '../../src/fetch/change-report.js';
import { loadOpenApiSource } from '../../src/fetch/openapi/load.js';
import { SMALL_SDL, hasReal, realDir, smallOpenApi } from './helpers.js';

const find = (changes: SchemaChange[], kind: string, pathText: string) =>
  changes.filter((change) => change.kind === kind && change.path === pathText);

describe.skipIf(!hasReal)('OpenAPI change report on the published Tasklist documents, 8.5 → 8.7', () => {
  async function load(name: string) {
    return (await loadOpenApiSource(await readFile(path.join(realDir, name), 'utf8'), name)).document;
  }

  it('lists what really changed, each at the right level', async () => {
    const changes = diffOpenApiDocuments(await load('tasklist-openapi-8.5.yaml'), await load('tasklist-openapi-8.7.yaml'));
    const summary = changes.map((change) => `${change.level} ${change.kind} ${change.path}`);

    // The FAILED task state, in the task returned by get/assign/complete/unassign and by search: dangerous for readers.
    expect(summary).toContain('dangerous enum-value-added TaskResponse.taskState');
    expect(summary).toContain('dangerous enum-value-added TaskSearchResponse.taskState');
    // …and as a filter value a caller may now send: safe.
    expect(summary).toContain('safe enum-value-added TaskSearchRequest.state');
    expect(find(changes, 'enum-value-added', 'TaskResponse.taskState')[0]!.message).toContain('"FAILED"');

    // New task fields priority and implementation, in responses.
    for (const schema of ['TaskResponse', 'TaskSearchResponse']) {
      expect(summary).toContain(`safe property-added ${schema}.priority`);
      expect(summary).toContain(`safe property-added ${schema}.implementation`);
    }
    // New filters, and sorting by priority.
    for (const filter of ['priority', 'implementation', 'assignees', 'candidateGroups', 'candidateUsers']) {
      expect(summary).toContain(`safe property-added TaskSearchRequest.${filter}`);
    }
    expect(summary).toContain('safe enum-value-added TaskOrderBy.field');

    // New 403 responses on get task and complete task.
    expect(summary).toContain('safe error-response-added GET /v1/tasks/{taskId} response 403');
    expect(summary).toContain('safe error-response-added PATCH /v1/tasks/{taskId}/complete response 403');

    // Nothing removed, nothing breaking: 8.7 only added to 8.5.
    expect(changes.filter((change) => change.level === 'breaking')).toEqual([]);
    expect(changes.filter((change) => change.kind.endsWith('-removed'))).toEqual([]);
    // Description-only edits (most of the textual diff) are not changes for a client.
    expect(changes.some((change) => /description|summary/i.test(change.kind))).toBe(false);
    // The messages say where a named schema is used.
    expect(find(changes, 'property-added', 'TaskSearchRequest.priority')[0]!.message).toContain('sent by POST /v1/tasks/search');
  });

  it('rates the same changes the other way round (8.7 → 8.5) as breaking where clients lose something', async () => {
    const changes = diffOpenApiDocuments(await load('tasklist-openapi-8.7.yaml'), await load('tasklist-openapi-8.5.yaml'));
    const summary = changes.map((change) => `${change.level} ${change.kind} ${change.path}`);
    expect(summary).toContain('breaking property-removed TaskResponse.priority');
    expect(summary).toContain('breaking property-removed TaskSearchRequest.assignees');
    // A request enum losing a value breaks callers; a response enum losing one does not.
    expect(summary).toContain('breaking enum-value-removed TaskSearchRequest.state');
    expect(summary).toContain('safe enum-value-removed TaskResponse.taskState');
  });

  it('finds nothing between a document and itself, even the 1.3 MB Orchestration Cluster API', async () => {
    const doc = JSON.parse(await readFile(path.join(realDir, 'orchestration-cluster-openapi.json'), 'utf8')) as object;
    expect(diffOpenApiDocuments(doc, structuredClone(doc))).toEqual([]);
  });
});

describe('OpenAPI differ rules', () => {
  it('rates property, required and type changes by the direction the schema travels', () => {
    const before = smallOpenApi();
    const after = smallOpenApi({ priority: { type: 'integer' } });
    const afterDoc = after as {
      components: { schemas: { Task: { required: string[]; properties: Record<string, Record<string, unknown>> } } };
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    afterDoc.components.schemas.Task.properties['id'] = { type: 'integer' };
    afterDoc.components.schemas.Task.required = ['id'];
    // The search request gains a required field: breaking for callers.
    const search = afterDoc.paths['/v1/tasks/search']!['post']!;
    (
      search['requestBody'] as { content: { 'application/json': { schema: { required?: string[]; properties: Record<string, unknown> } } } }
    ).content['application/json'].schema = {
      properties: { state: { type: 'string' }, tenant: { type: 'string' } },
      required: ['tenant'],
    } as never;
    delete afterDoc.paths['/v1/tasks/{taskId}']!['get'];
    const changes = diffOpenApiDocuments(before, after).map((change) => `${change.level} ${change.kind} ${change.path}`);
    expect(changes).toContain('breaking operation-removed GET /v1/tasks/{taskId}');
    expect(changes).toContain('breaking type-changed Task.id');
    // Task is returned, not sent: optional now means a reader may get undefined.
    expect(changes).toContain('breaking property-became-optional Task.taskState');
    expect(changes).toContain('safe property-added Task.priority');
    expect(changes).toContain('breaking required-property-added POST /v1/tasks/search requestBody.tenant');
  });

  it('treats a renamed path parameter as the same operation', () => {
    const before = smallOpenApi();
    const after = JSON.parse(JSON.stringify(before).replaceAll('{taskId}', '{id}').replace('"name":"taskId"', '"name":"id"')) as object;
    const changes = diffOpenApiDocuments(before, after);
    expect(changes.map((change) => change.kind)).toEqual(['required-parameter-added', 'parameter-removed']);
    expect(changes.every((change) => change.level === 'breaking')).toBe(true);
  });
});

describe('GraphQL change report (GraphQL Inspector)', () => {
  it('rates removed fields breaking, added enum values dangerous, added fields safe', async () => {
    const after = SMALL_SDL.replace('  name: String!\n', '  priority: Int\n').replace(
      'enum TaskState { CREATED COMPLETED CANCELED }',
      'enum TaskState { CREATED COMPLETED CANCELED FAILED }',
    );
    const changes = await diffGraphQLSchemas(SMALL_SDL, after);
    const summary = changes.map((change) => `${change.level} ${change.path}`);
    expect(summary).toContain('breaking Task.name');
    expect(summary).toContain('dangerous TaskState.FAILED');
    expect(summary).toContain('safe Task.priority');
    expect(changes[0]!.level).toBe('breaking');
    expect(await diffGraphQLSchemas(SMALL_SDL, SMALL_SDL)).toEqual([]);
  });
});

describe('renderChangeReport', () => {
  const changes: SchemaChange[] = [
    { level: 'safe', kind: 'property-added', path: 'Task.priority', message: 'Property priority was added.' },
    { level: 'dangerous', kind: 'enum-value-added', path: 'Task.taskState', message: 'Enum value "FAILED" was added.' },
    { level: 'safe', kind: 'media-type-added', path: 'POST /v1/x response 204', message: 'Media type */* was added.' },
  ];

  it('prints text for people, most severe first', () => {
    expect(renderChangeReport(changes, 'text', 'REST')).toBe(
      [
        'REST: 1 dangerous, 2 safe',
        '  Dangerous (1)',
        '    Task.taskState: Enum value "FAILED" was added.',
        '  Safe (2)',
        '    POST /v1/x response 204: Media type */* was added.',
        '    Task.priority: Property priority was added.',
        '',
      ].join('\n'),
    );
    expect(renderChangeReport([], 'text', 'GraphQL')).toBe('GraphQL: no changes\n');
  });

  it('writes Markdown with escaped text and JSON with counts', () => {
    const markdown = renderChangeReport(changes, 'markdown', 'REST');
    expect(markdown).toContain('### REST\n\n1 dangerous, 2 safe.'.replace('1 d', '1 d'));
    expect(markdown).toContain('#### Dangerous (1)\n\n- `Task.taskState` — Enum value "FAILED" was added.');
    expect(markdown).toContain('Media type \\*/\\* was added.');
    const parsed = JSON.parse(renderChangeReport(changes, 'json', 'REST')) as {
      title: string;
      counts: Record<string, number>;
      changes: SchemaChange[];
    };
    expect(parsed.counts).toEqual({ breaking: 0, dangerous: 1, safe: 2 });
    expect(parsed.changes[0]!.kind).toBe('enum-value-added');
  });
});
