/**
 * Both APIs over HTTP against one emulator: changes made through GraphQL show in REST and back,
 * errors are `application/problem+json` with the documented statuses, the OpenAPI document is
 * where springdoc puts it, and the 8.8 switch removes GraphQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

async function gql(e: Emulator, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(e.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function rest(e: Emulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
    headers: res.headers,
  };
}

describe('emulator GraphQL + REST on one store (auth none)', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await e.close();
  });
  beforeEach(() => e.store.reset());

  it('claim through GraphQL shows in REST; complete through REST shows in GraphQL', async () => {
    const { data } = await gql(e, 'query { tasks(query: { state: CREATED, assigned: false, pageSize: 1 }) { id taskState assignee } }');
    const id = data!.tasks[0].id as string;
    const claimed = await gql(e, 'mutation($id: String!) { claimTask(taskId: $id, assignee: "demo") { id assignee } }', { id });
    expect(claimed.errors).toBeUndefined();
    expect(claimed.data!.claimTask.assignee).toBe('demo');

    const viaRest = await rest(e, 'GET', `/v1/tasks/${id}`);
    expect(viaRest.status).toBe(200);
    expect(viaRest.body).toMatchObject({ id, assignee: 'demo', taskState: 'CREATED' });

    const completed = await rest(e, 'PATCH', `/v1/tasks/${id}/complete`, { variables: [{ name: 'approved', value: 'true' }] });
    expect(completed.status).toBe(200);
    expect(completed.body.taskState).toBe('COMPLETED');

    const after = await gql(e, 'query($id: String!) { task(id: $id) { taskState completionTime variables { name value } } }', { id });
    expect(after.data!.task.taskState).toBe('COMPLETED');
    expect(after.data!.task.completionTime).toBe(completed.body.completionDate);
    expect(after.data!.task.variables).toContainEqual({ name: 'approved', value: 'true' });

    // A completed task cannot be claimed: GraphQL error (HTTP 200), REST 400 problem.
    const again = await gql(e, 'mutation($id: String!) { claimTask(taskId: $id, assignee: "demo") { id } }', { id });
    expect(again.errors?.[0]?.message).toMatch(/not active/);
    expect(again.errors?.[0]?.extensions?.['status']).toBe(400);
    const restAgain = await rest(e, 'PATCH', `/v1/tasks/${id}/assign`, { assignee: 'demo' });
    expect(restAgain.status).toBe(400);
    expect(restAgain.type).toBe('application/problem+json');
    expect(restAgain.body).toMatchObject({ status: 400, message: expect.stringMatching(/not active/) });
    expect(typeof restAgain.body.instance).toBe('string');
  });

  it('pages the same way in both APIs (sortValues → searchAfter)', async () => {
    const first = await gql(e, '{ tasks(query: { pageSize: 4 }) { id sortValues isFirst } }');
    const last = first.data!.tasks[3];
    const nextGql = await gql(e, 'query($c: [String!]) { tasks(query: { pageSize: 4, searchAfter: $c }) { id isFirst } }', {
      c: last.sortValues,
    });
    const nextRest = await rest(e, 'POST', '/v1/tasks/search', { pageSize: 4, searchAfter: last.sortValues });
    expect(nextRest.status).toBe(200);
    expect(nextRest.body.map((t: { id: string }) => t.id)).toEqual(nextGql.data!.tasks.map((t: { id: string }) => t.id));
    expect(first.data!.tasks[0].isFirst).toBe(true);
    expect(nextRest.body.some((t: { isFirst: boolean }) => t.isFirst)).toBe(false);
    const both = await rest(e, 'POST', '/v1/tasks/search', { searchAfter: last.sortValues, searchBefore: last.sortValues });
    expect(both.status).toBe(400);
  });

  it('REST search returns the published property set, variables only when asked', async () => {
    const res = await rest(e, 'POST', '/v1/tasks/search', { pageSize: 1, includeVariables: [{ name: 'applicant' }] });
    const task = res.body[0];
    expect(Object.keys(task)).toEqual([
      'id',
      'name',
      'taskDefinitionId',
      'processName',
      'creationDate',
      'completionDate',
      'assignee',
      'taskState',
      'sortValues',
      'isFirst',
      'formKey',
      'formId',
      'formVersion',
      'isFormEmbedded',
      'processDefinitionKey',
      'processInstanceKey',
      'tenantId',
      'dueDate',
      'followUpDate',
      'candidateGroups',
      'candidateUsers',
      'variables',
      'implementation',
      'priority',
    ]);
    const empty = await rest(e, 'POST', '/v1/tasks/search', {});
    expect(empty.status).toBe(200);
    expect(empty.body).toHaveLength(30);
    expect(empty.body.every((t: { variables: unknown[] }) => t.variables.length === 0)).toBe(true);
  });

  it('variables, drafts, forms and single variables over REST', async () => {
    const [task] = (await rest(e, 'POST', '/v1/tasks/search', { state: 'CREATED', assignee: 'demo', pageSize: 1 })).body;
    const draft = await rest(e, 'POST', `/v1/tasks/${task.id}/variables`, { variables: [{ name: 'comment', value: '"looks fine"' }] });
    expect(draft.status).toBe(204);
    const vars = await rest(e, 'POST', `/v1/tasks/${task.id}/variables/search`, {});
    expect(vars.status).toBe(200);
    const comment = vars.body.find((v: { name: string }) => v.name === 'comment');
    expect(comment).toMatchObject({ value: null, draft: { value: '"looks fine"', isValueTruncated: false } });
    const some = await rest(e, 'POST', `/v1/tasks/${task.id}/variables/search`, { variableNames: [vars.body[0].name] });
    expect(some.body).toHaveLength(1);
    const one = await rest(e, 'GET', `/v1/variables/${encodeURIComponent(vars.body[0].id)}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: vars.body[0].id, name: vars.body[0].name, value: vars.body[0].value, tenantId: '<default>' });

    const formTask = e.store.allTasks().find((t) => t.formId !== null)!;
    const form = await rest(e, 'GET', `/v1/forms/${formTask.formId}?processDefinitionKey=${formTask.processDefinitionKey}`);
    expect(form.status).toBe(200);
    expect(JSON.parse(form.body.schema).components.length).toBeGreaterThan(0);
    expect((await rest(e, 'GET', `/v1/forms/${formTask.formId}`)).status).toBe(400);
    expect((await rest(e, 'GET', `/v1/forms/nope?processDefinitionKey=1`)).status).toBe(404);
    expect((await rest(e, 'GET', '/v1/variables/nope')).status).toBe(404);
  });

  it('long values: preview truncated, whole value only on request', async () => {
    const big = JSON.stringify('x'.repeat(9000));
    const t = e.store.allTasks().find((x) => x.taskState === 'CREATED' && x.assignee === 'demo')!;
    e.store.putTask(t, { big: 'x'.repeat(9000) });
    const plain = await rest(e, 'POST', `/v1/tasks/${t.id}/variables/search`, { variableNames: ['big'] });
    expect(plain.body[0]).toMatchObject({ isValueTruncated: true, value: null });
    expect(plain.body[0].previewValue).toHaveLength(8191);
    const full = await rest(e, 'POST', `/v1/tasks/${t.id}/variables/search`, {
      includeVariables: [{ name: 'big', alwaysReturnFullValue: true }],
    });
    expect(full.body[0].value).toBe(big);
  });

  it('answers bad requests with problem+json: unknown path 404, wrong method 405, broken JSON 400, unknown task 404', async () => {
    const unknown = await rest(e, 'GET', '/v1/nothing');
    expect([unknown.status, unknown.type]).toEqual([404, 'application/problem+json']);
    const method = await rest(e, 'GET', '/v1/tasks/search');
    // GET /v1/tasks/search is getTaskById with id "search": not found, as on a real server.
    expect(method.status).toBe(404);
    const patch = await rest(e, 'POST', '/v1/tasks/1/assign');
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('PATCH');
    const broken = await fetch(`${e.baseUrl}/v1/tasks/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"pageSize": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/not valid JSON/);
    const missing = await rest(e, 'PATCH', '/v1/tasks/999/unassign');
    expect(missing.body).toMatchObject({ status: 404, message: 'Task with id 999 was not found' });
  });

  it('GraphQL: every documented query and mutation answers', async () => {
    const r = await gql(
      e,
      `{ currentUser { userId displayName permissions }
         processes(search: "invoice") { id name processDefinitionId version }
         form(id: "reviewLoanForm", processDefinitionId: "2251799813685001") { id schema } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.currentUser.userId).toBe('demo');
    expect(r.data!.processes).toEqual([
      { id: '2251799813685002', name: 'Invoice Approval', processDefinitionId: 'invoiceApproval', version: 1 },
    ]);
    expect(r.data!.form.id).toBe('reviewLoanForm');

    const started = await gql(e, 'mutation { startProcess(processDefinitionId: "invoiceApproval") { id } }');
    const instance = started.data!.startProcess.id as string;
    const tasks = await gql(e, 'query($p: String) { tasks(query: { processInstanceId: $p }) { id name } }', { p: instance });
    expect(tasks.data!.tasks).toHaveLength(1);
    const taskId = tasks.data!.tasks[0].id;
    const vars = await gql(e, 'query($t: String!) { variables(taskId: $t, variableNames: []) { id } }', { t: taskId });
    expect(vars.data!.variables).toEqual([]);
    await gql(e, 'mutation($t: String!) { claimTask(taskId: $t) { id } }', { t: taskId });
    const unclaimed = await gql(e, 'mutation($t: String!) { unclaimTask(taskId: $t) { assignee } }', { t: taskId });
    expect(unclaimed.data!.unclaimTask.assignee).toBeNull();
    const deleted = await gql(e, 'mutation($p: String!) { deleteProcessInstance(processInstanceId: $p) }', { p: instance });
    expect(deleted.data!.deleteProcessInstance).toBe(true);
    const gone = await gql(e, 'query($t: String!) { task(id: $t) { id } }', { t: taskId });
    expect(gone.errors?.[0]?.message).toMatch(/was not found/);

    const seededVar = e.store.allTasks()[0]!.id;
    const v = await gql(e, 'query($id: String!) { variable(id: $id) { name value previewValue isValueTruncated } }', {
      id: `${seededVar}-applicant`,
    });
    expect(v.errors).toBeUndefined();
    expect(v.data!.variable.isValueTruncated).toBe(false);
  });

  it('serves its OpenAPI document where springdoc does, JSON and YAML alike, with its version', async () => {
    const urls = ['/v3/api-docs/v1', '/v3/api-docs/Tasklist-v1', '/v3/api-docs'];
    const docs = await Promise.all(urls.map(async (u) => (await fetch(`${e.baseUrl}${u}`)).text()));
    expect(new Set(docs).size).toBe(1);
    const doc = JSON.parse(docs[0]!);
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.info.version).toBe('v1');
    expect(doc.info['x-camunda-version']).toBe('8.7.0');
    const yamlRes = await fetch(`${e.baseUrl}/v3/api-docs.yaml`);
    expect(yamlRes.headers.get('content-type')).toMatch(/openapi|yaml/);
    expect(parseYaml(await yamlRes.text())).toEqual(doc);
    expect(yamlRes.headers.get('x-tasklist-version')).toBe('8.7.0');
    for (const p of ['/v3/api-docs.yaml/v1', '/v3/api-docs/v1.yaml']) expect((await fetch(`${e.baseUrl}${p}`)).status).toBe(200);
  });

  it('counts requests per path', async () => {
    const before = e.requestCount('/v1/tasks/search');
    await rest(e, 'POST', '/v1/tasks/search', {});
    await rest(e, 'POST', '/v1/tasks/search', {});
    expect(e.requestCount('/v1/tasks/search')).toBe(before + 2);
    expect(e.requestCount(/^\/v1\//)).toBeGreaterThanOrEqual(before + 2);
    expect(e.requestCount()).toBeGreaterThan(e.requestCount('/v1/tasks/search'));
  });
});

describe('emulator switches', () => {
  it('graphql: false behaves like Camunda 8.8: /graphql is 404, REST still works', async () => {
    const e = await startEmulator({ graphql: false });
    try {
      const res = await fetch(e.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{__typename}"}',
      });
      expect(res.status).toBe(404);
      expect(e.version).toBe('8.8.0');
      expect((await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' })).status).toBe(200);
    } finally {
      await e.close();
    }
  });

  it('openApiBehindAuth: false serves the document to anyone while the API stays signed-in only', async () => {
    const e = await startEmulator({ auth: 'basic', openApiBehindAuth: false });
    try {
      expect((await fetch(`${e.baseUrl}/v3/api-docs/v1`)).status).toBe(200);
      expect((await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(e.graphqlUrl, { method: 'POST' })).status).toBe(401);
    } finally {
      await e.close();
    }
  });

  it('introspection: false rejects introspection but runs ordinary queries', async () => {
    const e = await startEmulator({ introspection: false });
    try {
      const intro = await gql(e, '{ __schema { queryType { name } } }');
      expect(intro.data).toBeUndefined();
      expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
      const ok = await gql(e, '{ currentUser { userId } }');
      expect(ok.data!.currentUser.userId).toBe('demo');
    } finally {
      await e.close();
    }
  });
});
