/**
 * The `camunda` switch and the Orchestration Cluster API (v2) user-task endpoints: which API each
 * release serves, v2 over the same store as v1, filters, sorting, cursor paging, assignment with
 * `allowOverride`, linked forms, variables with truncation, `/v2/authentication/me`,
 * problem+json errors, and sign-in (none, Basic, OIDC bearer, the 8.8+ `/login` session with CSRF).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseEmulatorArgs } from '../../src/emulator/cli-args.js';

const json = { 'content-type': 'application/json' };

async function call(e: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${e.baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { ...json, ...headers },
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

const search = (e: Emulator, body: unknown) => call(e, 'POST', '/v2/user-tasks/search', body);

describe('camunda switch: each release serves its APIs', () => {
  const cases = [
    { camunda: '8.5', graphql: 200, v1: 200, v2: 404, clusterDoc: 404, v1Doc: 200 },
    { camunda: '8.7', graphql: 404, v1: 200, v2: 404, clusterDoc: 404, v1Doc: 200 },
    { camunda: '8.8', graphql: 404, v1: 200, v2: 200, clusterDoc: 200, v1Doc: 200 },
    { camunda: '8.9', graphql: 404, v1: 200, v2: 200, clusterDoc: 200, v1Doc: 200 },
    { camunda: '8.10', graphql: 404, v1: 404, v2: 200, clusterDoc: 200, v1Doc: 404 },
  ] as const;
  for (const c of cases) {
    it(`${c.camunda}: GraphQL ${c.graphql}, /v1 ${c.v1}, /v2 ${c.v2}`, async () => {
      const e = await startEmulator({ camunda: c.camunda });
      try {
        expect(e.version).toBe(`${c.camunda}.0`);
        const gql = await call(e, 'POST', '/graphql', { query: '{ tasks(query: {}) { id } }' });
        expect(gql.status).toBe(c.graphql);
        expect((await call(e, 'POST', '/v1/tasks/search', {})).status).toBe(c.v1);
        expect((await search(e, {})).status).toBe(c.v2);
        expect((await call(e, 'GET', '/v3/api-docs/Orchestration%20Cluster%20API')).status).toBe(c.clusterDoc);
        expect((await call(e, 'GET', '/v3/api-docs/v1')).status).toBe(c.v1Doc);
        if (c.v2 === 200) expect(e.env()['CAMUNDA_REST_ADDRESS']).toBe(e.baseUrl);
        else expect(e.env()['CAMUNDA_REST_ADDRESS']).toBeUndefined();
      } finally {
        await e.close();
      }
    });
  }

  it('without camunda stays as before: GraphQL + v1, 8.7.0, no /v2', async () => {
    const e = await startEmulator();
    try {
      expect(e.version).toBe('8.7.0');
      expect(e.generations).toMatchObject({ graphql: true, v1: true, v2: false });
      expect((await search(e, {})).status).toBe(404);
    } finally {
      await e.close();
    }
  });

  it('refuses an unknown version and the camunda + graphql combination', async () => {
    await expect(startEmulator({ camunda: '8.4' as never })).rejects.toThrow(/camunda must be one of/);
    await expect(startEmulator({ camunda: '8.8', graphql: true })).rejects.toThrow(/either camunda .* or graphql/);
  });

  it('--camunda on the command line', () => {
    expect(parseEmulatorArgs(['--camunda', '8.10'])).toMatchObject({ kind: 'run', options: { camunda: '8.10' } });
    expect(parseEmulatorArgs(['--camunda', '8.10'])).not.toHaveProperty('options.graphql');
    expect(() => parseEmulatorArgs(['--camunda', '9.0'])).toThrow('--camunda must be one of 8.5, 8.6, 8.7, 8.8, 8.9, 8.10, got "9.0"');
    expect(() => parseEmulatorArgs(['--camunda', '8.8', '--no-graphql'])).toThrow(/do not combine/);
  });
});

describe('v2 user tasks (camunda 8.8, auth none)', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ camunda: '8.8' });
  });
  afterAll(() => e.close());
  beforeEach(() => e.store.reset());

  it('search: only Zeebe user tasks, every documented property, page totals and cursors', async () => {
    const r = await search(e, {});
    expect(r.status).toBe(200);
    const zeebe = e.store.allTasks().filter((t) => t.implementation === 'ZEEBE_USER_TASK');
    expect(r.body.page).toMatchObject({ totalItems: zeebe.length, hasMoreTotalItems: false });
    expect(r.body.items.map((t: { userTaskKey: string }) => t.userTaskKey).sort()).toEqual(zeebe.map((t) => t.id).sort());
    const first = r.body.items[0];
    expect(Object.keys(first).sort()).toEqual(
      [
        'assignee',
        'businessId',
        'candidateGroups',
        'candidateUsers',
        'completionDate',
        'creationDate',
        'customHeaders',
        'dueDate',
        'elementId',
        'elementInstanceKey',
        'externalFormReference',
        'followUpDate',
        'formKey',
        'name',
        'priority',
        'processDefinitionId',
        'processDefinitionKey',
        'processDefinitionVersion',
        'processInstanceKey',
        'processName',
        'rootProcessInstanceKey',
        'state',
        'tags',
        'tenantId',
        'userTaskKey',
      ].sort(),
    );
    expect(first.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('filters: exact values, advanced operators, enum casing, candidate lists, dates, variables', async () => {
    const keys = async (filter: unknown) =>
      ((await search(e, { filter })).body.items as Array<{ userTaskKey: string }>).map((t) => t.userTaskKey);
    const tasks = e.store.allTasks().filter((t) => t.implementation === 'ZEEBE_USER_TASK');
    const ids = (pred: (t: (typeof tasks)[number]) => boolean) =>
      tasks
        .filter(pred)
        .map((t) => t.id)
        .sort();
    expect((await keys({ state: 'created' })).sort()).toEqual(ids((t) => t.taskState === 'CREATED'));
    expect((await keys({ state: { $in: ['COMPLETED', 'CANCELED'] } })).sort()).toEqual(
      ids((t) => t.taskState === 'COMPLETED' || t.taskState === 'CANCELED'),
    );
    expect((await keys({ assignee: 'demo' })).sort()).toEqual(ids((t) => t.assignee === 'demo'));
    expect((await keys({ assignee: { $exists: false } })).sort()).toEqual(ids((t) => t.assignee === null));
    expect((await keys({ assignee: { $neq: 'demo', $exists: true } })).sort()).toEqual(
      ids((t) => t.assignee !== null && t.assignee !== 'demo'),
    );
    expect((await keys({ name: { $like: 'Approve*' } })).sort()).toEqual(ids((t) => t.name.startsWith('Approve')));
    expect((await keys({ candidateGroup: 'accounting' })).sort()).toEqual(ids((t) => t.candidateGroups.includes('accounting')));
    expect((await keys({ candidateUser: 'john' })).sort()).toEqual(ids((t) => t.candidateUsers.includes('john')));
    expect((await keys({ priority: { $gte: 50, $lt: 90 } })).sort()).toEqual(ids((t) => t.priority >= 50 && t.priority < 90));
    expect((await keys({ processDefinitionId: 'invoiceApproval' })).sort()).toEqual(ids((t) => t.processName === 'Invoice Approval'));
    const cut = '2024-05-01T12:00:00.000Z';
    expect((await keys({ creationDate: { $lt: cut } })).sort()).toEqual(ids((t) => Date.parse(t.creationDate) < Date.parse(cut)));
    const invoice = tasks.find((t) => t.processName === 'Invoice Approval')!;
    const number = JSON.parse(e.store.taskVariables(invoice.id, ['invoiceNumber'])[0]!.value!);
    expect(await keys({ processInstanceVariables: [{ name: 'invoiceNumber', value: JSON.stringify(number) }] })).toEqual([invoice.id]);
    expect(await keys({ userTaskKey: invoice.id })).toEqual([invoice.id]);
  });

  it('sorts by any documented field, nulls last, and pages with endCursor / startCursor', async () => {
    const sort = [{ field: 'dueDate', order: 'DESC' }];
    const all = (await search(e, { sort, page: { limit: 1000 } })).body.items as Array<{ userTaskKey: string; dueDate: string | null }>;
    const dues = all.map((t) => t.dueDate);
    const set = dues.filter((d): d is string => d !== null);
    expect(dues.slice(0, set.length)).toEqual([...set].sort().reverse());
    expect(dues.slice(set.length).every((d) => d === null)).toBe(true);

    const seen: string[] = [];
    let after: string | undefined;
    let requests = 0;
    for (;;) {
      const r = await search(e, { sort, page: after ? { limit: 4, after } : { limit: 4 } });
      requests++;
      seen.push(...r.body.items.map((t: { userTaskKey: string }) => t.userTaskKey));
      if (r.body.items.length < 4) break;
      after = r.body.page.endCursor;
    }
    expect(seen).toEqual(all.map((t) => t.userTaskKey));
    expect(requests).toBe(Math.floor(all.length / 4) + 1);

    const second = await search(e, {
      sort,
      page: { limit: 4, after: (await search(e, { sort, page: { limit: 4 } })).body.page.endCursor },
    });
    const back = await search(e, { sort, page: { limit: 4, before: second.body.page.startCursor } });
    expect(back.body.items.map((t: { userTaskKey: string }) => t.userTaskKey)).toEqual(all.slice(0, 4).map((t) => t.userTaskKey));

    const empty = await search(e, { filter: { name: 'no such task' } });
    expect(empty.body.page).toEqual({ totalItems: 0, hasMoreTotalItems: false, startCursor: null, endCursor: null });
  });

  it('rejects bad searches with problem+json 400', async () => {
    for (const body of [
      { page: { limit: 0 } },
      { page: { after: 'not a cursor!' } },
      { page: { from: 1, after: 'WyIxIl0=' } },
      { sort: [{ field: 'unknown' }] },
      { filter: { nope: 1 } },
      { filter: { priority: { $like: 'x' } } },
      { extra: true },
      { sort: [{ field: 'priority' }], page: { after: (await search(e, { page: { limit: 1 } })).body.page.endCursor } },
    ]) {
      const r = await search(e, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.type).toBe('application/problem+json');
      expect(r.body).toMatchObject({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, instance: '/v2/user-tasks/search' });
      expect(typeof r.body.detail).toBe('string');
    }
  });

  it('get, assign (allowOverride false → 409), unassign, complete — shared with v1', async () => {
    const key = e.store.allUserTasks().find((t) => t.taskState === 'CREATED' && t.assignee === null)!.id;
    expect((await call(e, 'GET', `/v2/user-tasks/${key}`)).body).toMatchObject({ userTaskKey: key, assignee: null, state: 'CREATED' });

    expect((await call(e, 'POST', `/v2/user-tasks/${key}/assignment`, { assignee: 'demo', allowOverride: false })).status).toBe(204);
    expect((await call(e, 'GET', `/v1/tasks/${key}`)).body.assignee).toBe('demo');
    const conflict = await call(e, 'POST', `/v2/user-tasks/${key}/assignment`, { assignee: 'john', allowOverride: false });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ title: 'INVALID_STATE', status: 409, instance: `/v2/user-tasks/${key}/assignment` });
    expect((await call(e, 'POST', `/v2/user-tasks/${key}/assignment`, { assignee: 'john' })).status).toBe(204);
    expect(e.store.getTask(key).assignee).toBe('john');
    expect((await call(e, 'POST', `/v2/user-tasks/${key}/assignment`, {})).status).toBe(400);

    expect((await call(e, 'DELETE', `/v2/user-tasks/${key}/assignee`)).status).toBe(204);
    expect(e.store.getTask(key).assignee).toBeNull();

    expect(
      (await call(e, 'POST', `/v2/user-tasks/${key}/completion`, { variables: { approved: true, amount: 42, note: { a: [1] } } })).status,
    ).toBe(204);
    const done = await call(e, 'GET', `/v2/user-tasks/${key}`);
    expect(done.body.state).toBe('COMPLETED');
    expect(done.body.completionDate).not.toBeNull();
    expect(e.store.taskVariables(key, ['amount', 'note']).map((v) => v.value)).toEqual(['42', '{"a":[1]}']);
    expect((await call(e, 'GET', `/v1/tasks/${key}`)).body.taskState).toBe('COMPLETED');

    for (const [method, path, body] of [
      ['POST', 'completion', {}],
      ['POST', 'assignment', { assignee: 'demo' }],
      ['DELETE', 'assignee', undefined],
      ['PATCH', '', { changeset: { priority: 1 } }],
    ] as const) {
      const r = await call(e, method, `/v2/user-tasks/${key}${path ? `/${path}` : ''}`, body);
      expect(r.status, `${method} ${path}`).toBe(409);
    }
    const missing = await call(e, 'GET', '/v2/user-tasks/1');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'about:blank', title: 'NOT_FOUND', status: 404, instance: '/v2/user-tasks/1' });
    const jobWorker = e.store.allTasks().find((t) => t.implementation === 'JOB_WORKER')!.id;
    expect((await call(e, 'GET', `/v2/user-tasks/${jobWorker}`)).status).toBe(404);
  });

  it('update: changeset fields change, an empty update is a 400', async () => {
    const key = e.store.allUserTasks().find((t) => t.taskState === 'CREATED')!.id;
    const r = await call(e, 'PATCH', `/v2/user-tasks/${key}`, {
      changeset: { dueDate: '2030-01-02T03:04:05.000Z', priority: 99, candidateGroups: ['g1'], followUpDate: '' },
    });
    expect(r.status).toBe(204);
    const t = (await call(e, 'GET', `/v2/user-tasks/${key}`)).body;
    expect(t).toMatchObject({ dueDate: '2030-01-02T03:04:05.000Z', priority: 99, candidateGroups: ['g1'], followUpDate: null });
    expect((await call(e, 'PATCH', `/v2/user-tasks/${key}`, {})).status).toBe(400);
    expect((await call(e, 'PATCH', `/v2/user-tasks/${key}`, { changeset: { priority: 101 } })).status).toBe(400);
  });

  it('form: a linked form is returned, none is 204', async () => {
    const linked = e.store.allUserTasks().find((t) => t.formId !== null)!;
    const r = await call(e, 'GET', `/v2/user-tasks/${linked.id}/form`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ formId: linked.formId, version: 2, tenantId: '<default>' });
    expect(JSON.parse(r.body.schema).id).toBe(linked.formId);
    expect((await call(e, 'GET', `/v2/user-tasks/${linked.id}`)).body.formKey).toBe(r.body.formKey);
    const none = e.store.allUserTasks().find((t) => t.formId === null)!;
    const empty = await fetch(`${e.baseUrl}/v2/user-tasks/${none.id}/form`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('variables: effective ones with truncation unless truncateValues=false; local ones none; name filter and sort', async () => {
    const small = await startEmulator({ camunda: '8.8', store: { previewLimit: 5 } });
    try {
      const key = small.store.allUserTasks()[0]!.id;
      const cut = await call(small, 'POST', `/v2/user-tasks/${key}/effective-variables/search`, { sort: [{ field: 'name' }] });
      expect(cut.status).toBe(200);
      const names = cut.body.items.map((v: { name: string }) => v.name);
      expect(names).toEqual([...names].sort());
      expect(names.length).toBe(small.store.taskVariables(key).length);
      const long = cut.body.items.find((v: { isTruncated: boolean }) => v.isTruncated);
      expect(long.value.length).toBe(5);
      const whole = await call(small, 'POST', `/v2/user-tasks/${key}/effective-variables/search?truncateValues=false`, {
        filter: { name: long.name },
      });
      expect(whole.body.items).toHaveLength(1);
      expect(whole.body.items[0]).toMatchObject({ name: long.name, isTruncated: false });
      expect(whole.body.items[0].value).toBe(small.store.taskVariables(key, [long.name])[0]!.value);
      const local = await call(small, 'POST', `/v2/user-tasks/${key}/variables/search`, {});
      expect(local.body).toEqual({ items: [], page: { totalItems: 0, hasMoreTotalItems: false, startCursor: null, endCursor: null } });
      expect((await call(small, 'POST', `/v2/user-tasks/${key}/variables/search?truncateValues=maybe`, {})).status).toBe(400);
    } finally {
      await small.close();
    }
  });

  it('authentication/me, 404/405 on unknown routes, 415 on a body that is not JSON', async () => {
    const me = await call(e, 'GET', '/v2/authentication/me');
    expect(me.body).toMatchObject({ username: 'demo', canLogout: false, tenants: [{ tenantId: '<default>' }] });
    expect((await call(e, 'GET', '/v2/nothing-here')).status).toBe(404);
    const wrong = await call(e, 'PUT', '/v2/user-tasks/1/assignment');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await call(e, 'GET', '/v2/user-tasks/not-a-key')).body).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT' });
    const text = await fetch(`${e.baseUrl}/v2/user-tasks/search`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { title: string }).title).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('v2 sign-in', () => {
  it('basic: 401 problem+json with a challenge; demo/demo gets in, me says who', async () => {
    const e = await startEmulator({ camunda: '8.10', auth: 'basic' });
    try {
      const none = await search(e, {});
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(none.body).toMatchObject({ type: 'about:blank', title: 'UNAUTHORIZED', status: 401, instance: '/v2/user-tasks/search' });
      const auth = { authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}` };
      expect((await call(e, 'POST', '/v2/user-tasks/search', {}, auth)).status).toBe(200);
      expect((await call(e, 'GET', '/v2/authentication/me', undefined, auth)).body.username).toBe('demo');
      // The document needs no sign-in; an unknown path is a 401 before it is a 404.
      expect((await call(e, 'GET', '/v3/api-docs/Orchestration%20Cluster%20API')).status).toBe(200);
      expect((await call(e, 'GET', '/v1/tasks/1')).status).toBe(401);
      expect((await call(e, 'GET', '/v1/tasks/1', undefined, auth)).status).toBe(404);
    } finally {
      await e.close();
    }
  });

  it('oidc: a bearer token from the identity provider; a missing one is 401', async () => {
    const e = await startEmulator({ camunda: '8.8', auth: 'oidc' });
    try {
      expect((await search(e, {})).status).toBe(401);
      const res = await fetch(e.auth.tokenUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: e.auth.clientId!,
          client_secret: e.auth.clientSecret!,
          audience: e.auth.audience!,
        }),
      });
      const token = ((await res.json()) as { access_token: string }).access_token;
      const bearer = { authorization: `Bearer ${token}` };
      expect((await call(e, 'POST', '/v2/user-tasks/search', {}, bearer)).status).toBe(200);
      expect((await call(e, 'GET', '/v2/authentication/me', undefined, bearer)).body.username).toBe(e.auth.clientId);
    } finally {
      await e.close();
    }
  });

  it('cookie (8.8+): POST /login form → 204, camunda-session, X-CSRF-TOKEN needed on unsafe methods; /api/login gone', async () => {
    const e = await startEmulator({ camunda: '8.8', auth: 'cookie' });
    try {
      expect((await fetch(`${e.baseUrl}/api/login?username=demo&password=demo`, { method: 'POST' })).status).not.toBe(204);
      const bad = await fetch(`${e.baseUrl}/login`, { method: 'POST', body: new URLSearchParams({ username: 'demo', password: 'nope' }) });
      expect(bad.status).toBe(401);
      const login = await fetch(`${e.baseUrl}/login`, {
        method: 'POST',
        body: new URLSearchParams({ username: 'demo', password: 'demo' }),
      });
      expect(login.status).toBe(204);
      const csrf = login.headers.get('x-csrf-token')!;
      expect(csrf).toBeTruthy();
      const session = login.headers.getSetCookie().find((c) => c.startsWith('camunda-session='))!;
      expect(session).toMatch(/HttpOnly/);
      const cookie = session.split(';')[0]!;

      expect((await call(e, 'GET', '/v2/authentication/me', undefined, { cookie })).body).toMatchObject({
        username: 'demo',
        canLogout: true,
      });
      const noCsrf = await call(e, 'POST', '/v2/user-tasks/search', {}, { cookie });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.title).toBe('FORBIDDEN');
      expect((await call(e, 'POST', '/v2/user-tasks/search', {}, { cookie, 'x-csrf-token': csrf })).status).toBe(200);
      expect((await search(e, {})).status).toBe(401);

      expect((await fetch(`${e.baseUrl}/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
      expect((await call(e, 'GET', '/v2/authentication/me', undefined, { cookie })).status).toBe(401);
    } finally {
      await e.close();
    }
  });

  it('cookie before 8.8 keeps /api/login and TASKLIST-SESSION', async () => {
    const e = await startEmulator({ camunda: '8.7', auth: 'cookie' });
    try {
      const login = await fetch(`${e.baseUrl}/api/login?username=demo&password=demo`, { method: 'POST' });
      expect(login.status).toBe(204);
      expect(login.headers.getSetCookie().some((c) => c.startsWith('TASKLIST-SESSION='))).toBe(true);
      expect((await fetch(`${e.baseUrl}/login`, { method: 'POST' })).status).toBe(401);
    } finally {
      await e.close();
    }
  });
});
