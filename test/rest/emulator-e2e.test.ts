import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { generateRest } from '../../src/generate/rest/index.js';
import { callOperation, ConfigError, HttpError, createTasklistClient, RestError, type TasklistClient } from '../../src/runtime/node.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The whole REST path for real: the emulator's OpenAPI document, fetched through the OAuth
 * client-credentials transport, generated into a scratch folder, imported, and every operation
 * called against the emulator through `createTasklistClient`.
 */
describe('generated REST client against the emulator', () => {
  let emulator: Emulator;
  let outDir: string;
  let tasklist: TasklistClient<any>;
  // The generated module, loaded at run time: its types were checked by real-documents.test.ts.
  let api: Record<string, any>;

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'oidc' });
    tasklist = createTasklistClient({ env: emulator.env() });
    const response = await tasklist.fetch(`${emulator.baseUrl}/v3/api-docs`);
    expect(response.status).toBe(200);
    await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
    outDir = await mkdtemp(path.join(repoRoot, '.tmp', 'rest-e2e-'));
    await writeFile(path.join(outDir, 'tasklist.openapi.json'), await response.text());
    const result = await generateRest({
      documentFile: 'tasklist.openapi.json',
      cwd: outDir,
      runtimeImport: '../../../src/runtime/node.js',
    });
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(outDir, file.path)), { recursive: true });
      await writeFile(path.join(outDir, file.path), file.contents);
    }
    api = await import(path.join(outDir, 'rest/index.ts'));
  });
  afterAll(async () => {
    await emulator?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  const created = () => emulator.store.allTasks().filter((task) => task.taskState === 'CREATED');

  it('generates a function for each of the emulator operations', () => {
    for (const name of [
      'searchTasks',
      'getTaskById',
      'assignTask',
      'unassignTask',
      'completeTask',
      'searchTaskVariables',
      'saveDraftTaskVariables',
      'getVariableById',
      'getForm',
      'paginateSearchTasks',
    ]) {
      expect(typeof api[name], name).toBe('function');
    }
  });

  it('searchTasks sends the body and returns the page', async () => {
    const page = await api['searchTasks'](tasklist.rest, { body: { state: 'CREATED', pageSize: 3 } });
    expect(page).toHaveLength(3);
    for (const task of page) {
      expect(task.taskState).toBe('CREATED');
      expect(Array.isArray(task.sortValues)).toBe(true);
    }
  });

  it('paginateSearchTasks walks every page by searchAfter', async () => {
    const seen: string[] = [];
    for await (const task of api['paginateSearchTasks'](tasklist.rest, { state: 'CREATED' }, { pageSize: 4 })) seen.push(task.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(
      created()
        .map((task) => task.id)
        .sort(),
    );
    expect(seen.length).toBeGreaterThan(4);
  });

  it('getTaskById fills the path parameter; an unknown id throws a RestError with the problem body', async () => {
    const [first] = created();
    const task = await api['getTaskById'](tasklist.rest, { path: { taskId: first!.id } });
    expect(task.id).toBe(first!.id);
    expect(task.name).toBe(first!.name);

    const error = await api['getTaskById'](tasklist.rest, { path: { taskId: 'no-such-task' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(404);
    expect(error.hasStatus(404)).toBe(true);
    expect(error.response.status).toBe(404);
    expect(error.operation).toBe('GET /v1/tasks/{taskId}');
    expect(typeof error.body.message).toBe('string');
    expect(error.message).toContain('404');
  });

  it('a rejected search is a 400 RestError', async () => {
    const error = await api['searchTasks'](tasklist.rest, { body: { searchAfter: ['1'], searchBefore: ['2'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error.status).toBe(400);
    expect(error.body.message).toMatch(/Only one of/);
  });

  it('assignTask, unassignTask: PATCH with and without a body', async () => {
    const task = created().find((t) => t.assignee === null)!;
    const assigned = await api['assignTask'](tasklist.rest, {
      path: { taskId: task.id },
      body: { assignee: 'demo', allowOverrideAssignment: true },
    });
    expect(assigned.assignee).toBe('demo');
    expect(emulator.store.getTask(task.id).assignee).toBe('demo');
    const unassigned = await api['unassignTask'](tasklist.rest, { path: { taskId: task.id } });
    expect(unassigned.assignee).toBeNull();
  });

  it('saveDraftTaskVariables resolves to undefined (204); searchTaskVariables and getVariableById read them back', async () => {
    const task = created()[1]!;
    const saved = await api['saveDraftTaskVariables'](tasklist.rest, {
      path: { taskId: task.id },
      body: { variables: [{ name: 'approved', value: 'true' }] },
    });
    expect(saved).toBeUndefined();
    const variables = await api['searchTaskVariables'](tasklist.rest, {
      path: { taskId: task.id },
      body: { variableNames: ['approved'], includeVariables: [{ name: 'approved', alwaysReturnFullValue: true }] },
    });
    expect(variables).toHaveLength(1);
    expect(variables[0].name).toBe('approved');
    expect(variables[0].draft?.value ?? variables[0].value).toBe('true');
    const variable = await api['getVariableById'](tasklist.rest, { path: { variableId: variables[0].id } });
    expect(variable.name).toBe('approved');
  });

  it('completeTask sends variables and returns the completed task', async () => {
    const task = created()[2]!;
    // Tasklist completes only assigned tasks.
    await api['assignTask'](tasklist.rest, { path: { taskId: task.id }, body: { assignee: 'demo' } });
    const done = await api['completeTask'](tasklist.rest, { path: { taskId: task.id }, body: { variables: [{ name: 'ok', value: '1' }] } });
    expect(done.taskState).toBe('COMPLETED');
    expect(emulator.store.getTask(task.id).taskState).toBe('COMPLETED');
  });

  it('getForm sends the query parameter', async () => {
    const task = emulator.store.allTasks().find((t) => t.formId !== null)!;
    const form = await api['getForm'](tasklist.rest, {
      path: { formId: task.formId },
      query: { processDefinitionKey: task.processDefinitionKey },
    });
    expect(form.id).toBe(task.formId);
    expect(typeof form.schema).toBe('string');
  });

  it('every request went out with a bearer token from the identity provider', () => {
    // A 401 would have thrown above; the emulator counts what it served.
    expect(emulator.requestCount(/^\/v1\//)).toBeGreaterThan(8);
  });
});

describe('createTasklistClient', () => {
  it('builds both clients from one base URL, or none for graphql: false', () => {
    const both = createTasklistClient({ baseUrl: 'http://127.0.0.1:1/', env: {} });
    expect(both.baseUrl).toBe('http://127.0.0.1:1');
    expect(both.graphql.endpoint).toBe('http://127.0.0.1:1/graphql');
    const restOnly = createTasklistClient({ baseUrl: 'http://127.0.0.1:1', graphql: false, env: {} });
    expect(restOnly.graphql).toBeUndefined();
  });

  it('without a base URL anywhere it says which variable to set', () => {
    expect(() => createTasklistClient({ env: {} })).toThrow(ConfigError);
    expect(() => createTasklistClient({ env: {} })).toThrow(/CAMUNDA_TASKLIST_BASE_URL/);
  });

  it('puts rest.basePath between the base URL and the paths, and runs REST middleware', async () => {
    const seen: string[] = [];
    const client = createTasklistClient({
      baseUrl: 'http://127.0.0.1:1',
      rest: {
        basePath: '/v2/',
        middleware: [
          {
            onRequest: ({ request }) => {
              seen.push(`${request.method} ${request.url}`);
              return new Response('[]', { headers: { 'content-type': 'application/json' } });
            },
          },
        ],
      },
      env: {},
    });
    const data = await callOperation(client.rest, { method: 'post', path: '/user-tasks/search' }, {}, undefined);
    expect(data).toEqual([]);
    expect(seen).toEqual(['POST http://127.0.0.1:1/v2/user-tasks/search']);
  });
});
