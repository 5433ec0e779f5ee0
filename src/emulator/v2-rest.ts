/**
 * The Orchestration Cluster API (v2) user-task endpoints over the shared store: the routes of
 * `v2-document.ts`, the same names and shapes as Camunda 8.8+, errors as RFC 9457
 * `application/problem+json` (`type`, `title`, `status`, `detail`, `instance`).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, TasklistRuleError } from './errors.js';
import { BadRequestBody, readJsonObject, sendJson } from './http.js';
import type { Caller, ProcessRecord, TaskRecord, VariableRecord } from './model.js';
import type { TaskStore } from './store.js';
import { anyMatches, matchesFilter, objectOrEmpty, onlyKnown, pageOf, parsePage, parseSort, type SortValue } from './v2-search.js';

/** The title Camunda puts on a problem of each status (Zeebe's rejection and error codes). */
const PROBLEM_TITLES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'INVALID_STATE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL_ERROR',
  503: 'RESOURCE_EXHAUSTED',
  504: 'DEADLINE_EXCEEDED',
};

export function sendV2Problem(
  res: ServerResponse,
  status: number,
  detail: string,
  instance: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ type: 'about:blank', title: PROBLEM_TITLES[status] ?? 'ERROR', status, detail, instance });
  res.writeHead(status, { ...headers, 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface V2Context {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: TaskStore;
  caller: Caller;
  /** The caller signed in through the web login (a session it can end). */
  session: boolean;
  /** What the eventually consistent reads see. */
  index: SearchIndex;
}

/**
 * The secondary storage v2's reads go through (`x-eventually-consistent`): a copy of the store's
 * user tasks refreshed at most every `lagMs`, as Elasticsearch refreshes its index. `lagMs: 0`
 * (the default) reads the store directly.
 */
export class SearchIndex {
  private snapshot: { at: number; tasks: TaskRecord[] } | undefined;
  constructor(
    private readonly store: TaskStore,
    private readonly lagMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  userTasks(): TaskRecord[] {
    if (this.lagMs <= 0) return this.store.allUserTasks();
    const now = this.now();
    if (!this.snapshot || now - this.snapshot.at >= this.lagMs) this.snapshot = { at: now, tasks: this.store.allUserTasks() };
    return this.snapshot.tasks.map((t) => structuredClone(t));
  }

  userTask(userTaskKey: string): TaskRecord {
    if (this.lagMs <= 0) return this.store.getUserTask(userTaskKey);
    const task = this.userTasks().find((t) => t.id === userTaskKey);
    if (!task) throw new TasklistRuleError(404, `User task with key '${userTaskKey}' not found`);
    return task;
  }
}

interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handle: (ctx: V2Context, params: string[]) => Promise<void>;
}

const key = '([^/]+)';
const routes: Route[] = [
  { method: 'POST', pattern: /^\/v2\/user-tasks\/search$/, handle: searchUserTasks },
  { method: 'GET', pattern: new RegExp(`^/v2/user-tasks/${key}$`), handle: getUserTask },
  { method: 'PATCH', pattern: new RegExp(`^/v2/user-tasks/${key}$`), handle: updateUserTask },
  { method: 'POST', pattern: new RegExp(`^/v2/user-tasks/${key}/assignment$`), handle: assignUserTask },
  { method: 'DELETE', pattern: new RegExp(`^/v2/user-tasks/${key}/assignee$`), handle: unassignUserTask },
  { method: 'POST', pattern: new RegExp(`^/v2/user-tasks/${key}/completion$`), handle: completeUserTask },
  { method: 'GET', pattern: new RegExp(`^/v2/user-tasks/${key}/form$`), handle: getUserTaskForm },
  { method: 'POST', pattern: new RegExp(`^/v2/user-tasks/${key}/variables/search$`), handle: (ctx, p) => searchVariables(ctx, p, 'local') },
  {
    method: 'POST',
    pattern: new RegExp(`^/v2/user-tasks/${key}/effective-variables/search$`),
    handle: (ctx, p) => searchVariables(ctx, p, 'effective'),
  },
  { method: 'GET', pattern: /^\/v2\/authentication\/me$/, handle: getAuthentication },
];

/** Handles a `/v2/...` request of an authenticated caller. */
export async function handleV2(ctx: V2Context): Promise<void> {
  const { req, res, url } = ctx;
  const method = (req.method ?? 'GET').toUpperCase();
  const onPath = routes.filter((r) => r.pattern.test(url.pathname));
  // `/v2/user-tasks/search` also matches the `{userTaskKey}` patterns; the method decides.
  const route = onPath.find((r) => r.method === method);
  if (!route) {
    if (onPath.length === 0) return sendV2Problem(res, 404, `No endpoint ${method} ${url.pathname}`, url.pathname);
    const allow = [...new Set(onPath.map((r) => r.method))].join(', ');
    return sendV2Problem(res, 405, `Request method '${method}' is not supported; use ${allow}`, url.pathname, { allow });
  }
  const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  try {
    // Keys are LongKey strings (`^-?[0-9]+$`); anything else fails request validation.
    for (const p of params) if (!/^-?[0-9]{1,25}$/.test(p)) throw badRequest(`The key '${p}' is not a valid key: expected a number`);
    await route.handle(ctx, params);
  } catch (e) {
    if (e instanceof TasklistRuleError) sendV2Problem(res, e.status, e.message, url.pathname);
    else if (e instanceof BadRequestBody) sendV2Problem(res, 400, e.message, url.pathname);
    else sendV2Problem(res, 500, 'Unexpected error in the Tasklist emulator', url.pathname);
  }
}

function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/** A 64-bit-looking key derived from a name, for records the v1 model has no numeric key for. */
function derivedKey(name: string): string {
  const n = createHash('sha256').update(name).digest().readBigUInt64BE() % 9_000_000_000_000_000n;
  return String(1_000_000_000_000_000n + n);
}

const isoDate = (tasklistTimestamp: string | null): string | null =>
  tasklistTimestamp === null ? null : new Date(Date.parse(tasklistTimestamp)).toISOString();
const elementInstanceKeyOf = (task: TaskRecord): string => String(BigInt(task.id) + 3n);
/** Linked forms only: a deployed form (`formId`); embedded `camunda-forms:bpmn:` keys are not forms of v2. */
const formKeyOf = (task: TaskRecord): string | null => (task.formId ? derivedKey(`form:${task.formId}:${task.formVersion ?? ''}`) : null);

function userTaskResult(task: TaskRecord, process: ProcessRecord | undefined) {
  const externalFormReference = task.formKey && !task.formKey.startsWith('camunda-forms:') ? task.formKey : null;
  return {
    userTaskKey: task.id,
    name: task.name,
    state: task.taskState,
    assignee: task.assignee,
    elementId: task.taskDefinitionId,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    processDefinitionId: process?.processDefinitionId ?? task.processDefinitionKey,
    creationDate: isoDate(task.creationDate),
    completionDate: isoDate(task.completionDate),
    followUpDate: isoDate(task.followUpDate),
    dueDate: isoDate(task.dueDate),
    tenantId: task.tenantId,
    externalFormReference,
    processDefinitionVersion: process?.version ?? 1,
    customHeaders: {},
    priority: task.priority,
    elementInstanceKey: elementInstanceKeyOf(task),
    processName: task.processName,
    processDefinitionKey: task.processDefinitionKey,
    processInstanceKey: task.processInstanceKey,
    rootProcessInstanceKey: task.processInstanceKey,
    businessId: null,
    formKey: formKeyOf(task),
    tags: [],
  };
}

function processesByKey(store: TaskStore): Map<string, ProcessRecord> {
  return new Map(store.processes().map((p) => [p.id, p]));
}

const USER_TASK_SORT_FIELDS = ['creationDate', 'completionDate', 'followUpDate', 'dueDate', 'priority', 'name', 'businessId'] as const;
const USER_TASK_FILTERS = [
  'state',
  'assignee',
  'businessId',
  'priority',
  'elementId',
  'name',
  'candidateGroup',
  'candidateUser',
  'tenantId',
  'processDefinitionId',
  'creationDate',
  'completionDate',
  'followUpDate',
  'dueDate',
  'processInstanceVariables',
  'localVariables',
  'userTaskKey',
  'processDefinitionKey',
  'processInstanceKey',
  'elementInstanceKey',
  'tags',
];

/** Enum filters accept any casing of a value (the document's conventions). */
function upperCased(filter: unknown): unknown {
  if (typeof filter === 'string') return filter.toUpperCase();
  if (filter && typeof filter === 'object' && !Array.isArray(filter)) {
    return Object.fromEntries(
      Object.entries(filter).map(([op, v]) => [
        op,
        typeof v === 'string' ? v.toUpperCase() : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.toUpperCase() : x)) : v,
      ]),
    );
  }
  return filter;
}

function variablesMatch(store: TaskStore, task: TaskRecord, clauses: unknown, name: string): boolean {
  if (clauses === undefined || clauses === null) return true;
  if (!Array.isArray(clauses)) throw badRequest(`filter.${name} must be an array of {name, value}`);
  const vars = store.taskVariables(task.id);
  return clauses.every((clause: unknown, i) => {
    const c = objectOrEmpty(clause, `filter.${name}[${i}]`);
    if (typeof c['name'] !== 'string') throw badRequest(`filter.${name}[${i}].name must be a string`);
    if (c['value'] === undefined) throw badRequest(`filter.${name}[${i}].value is required`);
    const v = vars.find((x) => x.name === c['name'] && x.value !== null);
    return v !== undefined && matchesFilter(v.value, c['value'], 'string', `${name}[${i}].value`);
  });
}

async function searchUserTasks({ req, res, store, index }: V2Context): Promise<void> {
  const body = await readJsonObject(req);
  onlyKnown(body, ['page', 'sort', 'filter'], '');
  const page = parsePage(body['page']);
  const sort = parseSort(body['sort'], USER_TASK_SORT_FIELDS);
  const filter = objectOrEmpty(body['filter'], 'filter');
  onlyKnown(filter, USER_TASK_FILTERS, 'filter.');
  const processes = processesByKey(store);
  const f = (name: string) => filter[name];
  const matching = index.userTasks().filter((t) => {
    const result = userTaskResult(t, processes.get(t.processDefinitionKey));
    return (
      matchesFilter(result.state, upperCased(f('state')), 'string', 'state') &&
      matchesFilter(result.assignee, f('assignee'), 'string', 'assignee') &&
      matchesFilter(result.businessId, f('businessId'), 'string', 'businessId') &&
      matchesFilter(result.priority, f('priority'), 'integer', 'priority') &&
      matchesFilter(result.elementId, f('elementId'), 'string', 'elementId') &&
      matchesFilter(result.name, f('name'), 'string', 'name') &&
      anyMatches(result.candidateGroups, f('candidateGroup'), 'candidateGroup') &&
      anyMatches(result.candidateUsers, f('candidateUser'), 'candidateUser') &&
      matchesFilter(result.tenantId, f('tenantId'), 'string', 'tenantId') &&
      matchesFilter(result.processDefinitionId, f('processDefinitionId'), 'string', 'processDefinitionId') &&
      matchesFilter(result.creationDate, f('creationDate'), 'date-time', 'creationDate') &&
      matchesFilter(result.completionDate, f('completionDate'), 'date-time', 'completionDate') &&
      matchesFilter(result.followUpDate, f('followUpDate'), 'date-time', 'followUpDate') &&
      matchesFilter(result.dueDate, f('dueDate'), 'date-time', 'dueDate') &&
      matchesFilter(result.userTaskKey, f('userTaskKey'), 'string', 'userTaskKey') &&
      matchesFilter(result.processDefinitionKey, f('processDefinitionKey'), 'string', 'processDefinitionKey') &&
      matchesFilter(result.processInstanceKey, f('processInstanceKey'), 'string', 'processInstanceKey') &&
      matchesFilter(result.elementInstanceKey, f('elementInstanceKey'), 'string', 'elementInstanceKey') &&
      // The emulator's tasks carry no tags: a tag filter matches only an empty set.
      (f('tags') === undefined || f('tags') === null || (Array.isArray(f('tags')) && (f('tags') as unknown[]).length === 0)) &&
      variablesMatch(store, t, f('processInstanceVariables'), 'processInstanceVariables') &&
      // Task variables of the emulator live at the process instance; none are local to the task.
      (f('localVariables') === undefined || f('localVariables') === null || (f('localVariables') as unknown[]).length === 0)
    );
  });
  const results = matching.map((t) => userTaskResult(t, processes.get(t.processDefinitionKey)));
  const valueOf = (r: (typeof results)[number], field: (typeof USER_TASK_SORT_FIELDS)[number]): SortValue => {
    const v = r[field];
    return field.endsWith('Date') && typeof v === 'string' ? Date.parse(v) : (v as SortValue);
  };
  const out = pageOf(results, sort, valueOf, (r) => r.userTaskKey, page);
  sendJson(res, 200, { items: out.items, page: out.page });
}

async function getUserTask({ res, store, index }: V2Context, [userTaskKey]: string[]): Promise<void> {
  const task = index.userTask(userTaskKey as string);
  sendJson(res, 200, userTaskResult(task, processesByKey(store).get(task.processDefinitionKey)));
}

function optionalNullableString(body: Record<string, unknown>, name: string, where = ''): string | null | undefined {
  const v = body[name];
  if (v === undefined || v === null) return v as undefined | null;
  if (typeof v !== 'string') throw badRequest(`${where}${name} must be a string`);
  return v;
}

function nullableDate(body: Record<string, unknown>, name: string): string | null | undefined {
  const v = optionalNullableString(body, name, 'changeset.');
  // An empty string clears the date, as Camunda documents for the changeset.
  if (v === '') return null;
  if (typeof v === 'string' && Number.isNaN(Date.parse(v))) throw badRequest(`changeset.${name} must be an RFC 3339 date-time, got "${v}"`);
  return v;
}

function nullableStrings(body: Record<string, unknown>, name: string): string[] | null | undefined {
  const v = body[name];
  if (v === undefined || v === null) return v as undefined | null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`changeset.${name} must be an array of strings`);
  return v as string[];
}

async function updateUserTask({ req, res, store }: V2Context, [userTaskKey]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  onlyKnown(body, ['changeset', 'action'], '');
  optionalNullableString(body, 'action');
  const changeset = objectOrEmpty(body['changeset'], 'changeset');
  if (Object.keys(changeset).length === 0 && (body['action'] === undefined || body['action'] === null)) {
    throw badRequest(
      'No update data provided. Provide at least an "action" or a non-null value for a supported attribute in the "changeset".',
    );
  }
  const priority = changeset['priority'];
  if (
    priority !== undefined &&
    priority !== null &&
    (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 100)
  ) {
    throw badRequest(`changeset.priority must be an integer from 0 to 100, got ${JSON.stringify(priority)}`);
  }
  store.updateUserTask(userTaskKey as string, {
    dueDate: nullableDate(changeset, 'dueDate'),
    followUpDate: nullableDate(changeset, 'followUpDate'),
    candidateUsers: nullableStrings(changeset, 'candidateUsers'),
    candidateGroups: nullableStrings(changeset, 'candidateGroups'),
    priority: priority as number | null | undefined,
  });
  noContent(res);
}

async function assignUserTask({ req, res, store }: V2Context, [userTaskKey]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  onlyKnown(body, ['assignee', 'allowOverride', 'action'], '');
  const assignee = body['assignee'];
  if (typeof assignee !== 'string' || assignee === '') throw badRequest('No assignee provided');
  const allowOverride = body['allowOverride'];
  if (allowOverride !== undefined && allowOverride !== null && typeof allowOverride !== 'boolean')
    throw badRequest('allowOverride must be a boolean');
  optionalNullableString(body, 'action');
  store.assignUserTask(userTaskKey as string, assignee, allowOverride ?? true);
  noContent(res);
}

async function unassignUserTask({ res, store }: V2Context, [userTaskKey]: string[]): Promise<void> {
  store.unassignUserTask(userTaskKey as string);
  noContent(res);
}

async function completeUserTask({ req, res, store }: V2Context, [userTaskKey]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  onlyKnown(body, ['variables', 'action'], '');
  optionalNullableString(body, 'action');
  const variables = objectOrEmpty(body['variables'], 'variables');
  store.completeUserTask(userTaskKey as string, variables);
  noContent(res);
}

async function getUserTaskForm({ res, store }: V2Context, [userTaskKey]: string[]): Promise<void> {
  const task = store.getUserTask(userTaskKey as string);
  const formKey = formKeyOf(task);
  if (!task.formId || formKey === null) return noContent(res);
  const form = store.getForm(task.formId, task.processDefinitionKey, task.formVersion ?? undefined);
  sendJson(res, 200, { tenantId: form.tenantId, formId: form.id, schema: form.schema, version: form.version ?? 1, formKey });
}

const VARIABLE_SORT_FIELDS = ['value', 'name', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'] as const;

/**
 * The emulator keeps a task's variables at its process instance. `local` (variables set on the
 * task's own scope) therefore finds none; `effective` finds every variable the task sees.
 */
async function searchVariables({ req, res, url, store }: V2Context, [userTaskKey]: string[], scope: 'local' | 'effective'): Promise<void> {
  const task = store.getUserTask(userTaskKey as string);
  const body = await readJsonObject(req);
  onlyKnown(body, ['page', 'sort', 'filter'], '');
  const page = parsePage(body['page'], { cursors: scope === 'local' });
  const sort = parseSort(body['sort'], VARIABLE_SORT_FIELDS);
  const filter = objectOrEmpty(body['filter'], 'filter');
  onlyKnown(filter, ['name'], 'filter.');
  const truncateParam = url.searchParams.get('truncateValues');
  if (truncateParam !== null && truncateParam !== 'true' && truncateParam !== 'false') {
    throw badRequest(`truncateValues must be true or false, got "${truncateParam}"`);
  }
  const truncate = truncateParam !== 'false';
  const stored =
    scope === 'local' ? [] : store.taskVariables(task.id).filter((v): v is VariableRecord & { value: string } => v.value !== null);
  const results = stored
    .filter((v) => matchesFilter(v.name, filter['name'], 'string', 'name'))
    .map((v) => {
      const cut = truncate && v.value.length > store.previewLimit;
      return {
        name: v.name,
        tenantId: v.tenantId,
        variableKey: derivedKey(`variable:${v.id}`),
        scopeKey: task.processInstanceKey,
        processInstanceKey: task.processInstanceKey,
        rootProcessInstanceKey: task.processInstanceKey,
        value: cut ? v.value.slice(0, store.previewLimit) : v.value,
        isTruncated: cut,
      };
    });
  const out = pageOf(
    results,
    sort,
    (r, field) => r[field],
    (r) => r.variableKey,
    page,
  );
  sendJson(res, 200, { items: out.items, page: out.page });
}

async function getAuthentication({ res, caller, session }: V2Context): Promise<void> {
  sendJson(res, 200, {
    username: caller.userId,
    displayName: caller.userId,
    email: null,
    authorizedComponents: ['*'],
    tenants: [{ tenantId: '<default>', name: 'Default', description: null }],
    groups: [],
    roles: ['admin'],
    salesPlanType: null,
    c8Links: {},
    canLogout: session,
  });
}
