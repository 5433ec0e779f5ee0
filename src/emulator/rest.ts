/**
 * Tasklist REST v1 over the shared store: the routes of `openapi-document.ts`, the same names and
 * shapes, errors as `application/problem+json`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors.js';
import { readJsonObject, sendError, sendJson, sendProblem } from './http.js';
import type { Caller, TaskHit, TaskRecord, TaskSearch, VariableRecord } from './model.js';
import type { TaskStore, VariableInput } from './store.js';

interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  pattern: RegExp;
  handle: (ctx: RouteContext, params: string[]) => Promise<void>;
}

interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: TaskStore;
  caller: Caller;
}

const segment = '([^/]+)';

const routes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/tasks\/search$/, handle: searchTasks },
  { method: 'POST', pattern: new RegExp(`^/v1/tasks/${segment}/variables/search$`), handle: searchTaskVariables },
  { method: 'POST', pattern: new RegExp(`^/v1/tasks/${segment}/variables$`), handle: saveDraftTaskVariables },
  { method: 'PATCH', pattern: new RegExp(`^/v1/tasks/${segment}/assign$`), handle: assignTask },
  { method: 'PATCH', pattern: new RegExp(`^/v1/tasks/${segment}/unassign$`), handle: unassignTask },
  { method: 'PATCH', pattern: new RegExp(`^/v1/tasks/${segment}/complete$`), handle: completeTask },
  { method: 'GET', pattern: new RegExp(`^/v1/tasks/${segment}$`), handle: getTaskById },
  { method: 'GET', pattern: new RegExp(`^/v1/variables/${segment}$`), handle: getVariableById },
  { method: 'GET', pattern: new RegExp(`^/v1/forms/${segment}$`), handle: getForm },
];

/** Handles a `/v1/...` request; answers 404 or 405 for paths and methods REST v1 does not have. */
export async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL, store: TaskStore, caller: Caller): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const onPath = routes.filter((r) => r.pattern.test(url.pathname));
  // `/v1/tasks/search` also matches the `{taskId}` GET pattern; the method decides.
  const route = onPath.find((r) => r.method === method);
  if (!route) {
    if (onPath.length === 0) return sendProblem(res, 404, `No such endpoint: ${url.pathname}`);
    const allow = [...new Set(onPath.map((r) => r.method))].join(', ');
    return sendProblem(res, 405, `Method ${method} is not supported on ${url.pathname}; use ${allow}`, { allow });
  }
  const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  try {
    await route.handle({ req, res, url, store, caller }, params);
  } catch (e) {
    sendError(res, e);
  }
}

/** REST returns every documented property, null when unset (Jackson's default in Tasklist). */
function taskResponse(t: TaskRecord) {
  return {
    id: t.id,
    name: t.name,
    taskDefinitionId: t.taskDefinitionId,
    processName: t.processName,
    creationDate: t.creationDate,
    completionDate: t.completionDate,
    assignee: t.assignee,
    taskState: t.taskState,
    formKey: t.formKey,
    formId: t.formId,
    formVersion: t.formVersion,
    isFormEmbedded: t.isFormEmbedded,
    processDefinitionKey: t.processDefinitionKey,
    processInstanceKey: t.processInstanceKey,
    tenantId: t.tenantId,
    dueDate: t.dueDate,
    followUpDate: t.followUpDate,
    candidateGroups: t.candidateGroups,
    candidateUsers: t.candidateUsers,
    implementation: t.implementation,
    priority: t.priority,
  };
}

interface IncludeVariable {
  name: string;
  alwaysReturnFullValue?: boolean;
}

function preview(value: string, limit: number) {
  const truncated = value.length > limit;
  return { previewValue: truncated ? value.slice(0, limit) : value, isValueTruncated: truncated };
}

/** A long value is only sent whole when asked (`alwaysReturnFullValue`); otherwise just its preview. */
function variableSearchResponse(v: VariableRecord, limit: number, fullValue: boolean) {
  const shown = v.value === null ? null : { value: v.value, ...preview(v.value, limit) };
  return {
    id: v.id,
    name: v.name,
    value: shown === null ? null : shown.isValueTruncated && !fullValue ? null : shown.value,
    isValueTruncated: shown?.isValueTruncated ?? false,
    previewValue: shown?.previewValue ?? null,
    draft: v.draft === null ? null : { value: v.draft, ...preview(v.draft, limit) },
  };
}

const optionalString = (body: Record<string, unknown>, key: string): string | undefined => {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${key} must be a string`);
  return v;
};

const optionalStringArray = (body: Record<string, unknown>, key: string): string[] | undefined => {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`${key} must be an array of strings`);
  return v as string[];
};

function variableInputs(body: Record<string, unknown>): VariableInput[] {
  const v = body['variables'];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest('variables must be an array of {name, value}');
  // Jackson coerces a scalar into the DTO's `String` field (`42` → "42", `true` → "true"), and
  // that text is valid JSON; Camunda's SDK relies on it. Objects and arrays it refuses.
  return v.map((item: unknown) => {
    if (!item || typeof item !== 'object') return item as VariableInput;
    const { value } = item as { value?: unknown };
    return typeof value === 'number' || typeof value === 'boolean'
      ? { ...(item as VariableInput), value: String(value) }
      : (item as VariableInput);
  });
}

function includeVariables(body: Record<string, unknown>): IncludeVariable[] | undefined {
  const v = body['includeVariables'];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => !x || typeof (x as IncludeVariable).name !== 'string')) {
    throw badRequest('includeVariables must be an array of {name, alwaysReturnFullValue?}');
  }
  return v as IncludeVariable[];
}

const TASK_STATES = new Set(['CREATED', 'COMPLETED', 'CANCELED', 'FAILED']);
const SORT_FIELDS = new Set(['creationTime', 'completionTime', 'followUpDate', 'dueDate', 'priority']);

function toTaskSearch(body: Record<string, unknown>): TaskSearch {
  const state = optionalString(body, 'state');
  if (state !== undefined && !TASK_STATES.has(state)) throw badRequest(`state must be one of ${[...TASK_STATES].join(', ')}`);
  const sort = body['sort'];
  if (sort !== undefined && sort !== null) {
    if (!Array.isArray(sort)) throw badRequest('sort must be an array of {field, order}');
    for (const s of sort as Array<{ field?: unknown; order?: unknown }>) {
      if (!SORT_FIELDS.has(String(s?.field)) || (s.order !== 'ASC' && s.order !== 'DESC')) {
        throw badRequest(`sort entries need field in ${[...SORT_FIELDS].join(', ')} and order ASC or DESC`);
      }
    }
  }
  const pageSize = body['pageSize'];
  if (pageSize !== undefined && pageSize !== null && typeof pageSize !== 'number') throw badRequest('pageSize must be an integer');
  const assigned = body['assigned'];
  return {
    state: state as TaskSearch['state'],
    assigned: typeof assigned === 'boolean' ? assigned : undefined,
    assignee: optionalString(body, 'assignee'),
    assignees: optionalStringArray(body, 'assignees'),
    taskDefinitionId: optionalString(body, 'taskDefinitionId'),
    candidateGroup: optionalString(body, 'candidateGroup'),
    candidateGroups: optionalStringArray(body, 'candidateGroups'),
    candidateUser: optionalString(body, 'candidateUser'),
    candidateUsers: optionalStringArray(body, 'candidateUsers'),
    processDefinitionKey: optionalString(body, 'processDefinitionKey'),
    processInstanceKey: optionalString(body, 'processInstanceKey'),
    pageSize: (pageSize as number | null | undefined) ?? undefined,
    followUpDate: (body['followUpDate'] as TaskSearch['followUpDate']) ?? undefined,
    dueDate: (body['dueDate'] as TaskSearch['dueDate']) ?? undefined,
    taskVariables: (body['taskVariables'] as TaskSearch['taskVariables']) ?? undefined,
    tenantIds: optionalStringArray(body, 'tenantIds'),
    implementation: (optionalString(body, 'implementation') as TaskSearch['implementation']) ?? undefined,
    priority: (body['priority'] as TaskSearch['priority']) ?? undefined,
    sort: (sort as TaskSearch['sort']) ?? undefined,
    searchAfter: optionalStringArray(body, 'searchAfter'),
    searchAfterOrEqual: optionalStringArray(body, 'searchAfterOrEqual'),
    searchBefore: optionalStringArray(body, 'searchBefore'),
    searchBeforeOrEqual: optionalStringArray(body, 'searchBeforeOrEqual'),
  };
}

/** `TaskSearchResponse`, properties in the published order (generated code is diffed byte for byte). */
function taskSearchResponse(hit: TaskHit, variables: ReturnType<typeof variableSearchResponse>[]) {
  const { sortValues, isFirst, ...task } = hit;
  const {
    id,
    name,
    taskDefinitionId,
    processName,
    creationDate,
    completionDate,
    assignee,
    taskState,
    implementation,
    priority,
    ...details
  } = taskResponse(task);
  return {
    id,
    name,
    taskDefinitionId,
    processName,
    creationDate,
    completionDate,
    assignee,
    taskState,
    sortValues,
    isFirst,
    ...details,
    variables,
    implementation,
    priority,
  };
}

async function searchTasks({ req, res, store }: RouteContext): Promise<void> {
  const body = await readJsonObject(req);
  const include = includeVariables(body);
  const hits = store.searchTasks(toTaskSearch(body));
  const variablesOf = (taskId: string) =>
    include
      ? store
          .taskVariables(
            taskId,
            include.map((i) => i.name),
          )
          .filter((v) => v.value !== null)
          // Drafts are not part of search results, as documented.
          .map((v) =>
            variableSearchResponse(
              { ...v, draft: null },
              store.previewLimit,
              include.find((i) => i.name === v.name)?.alwaysReturnFullValue ?? false,
            ),
          )
      : [];
  sendJson(
    res,
    200,
    hits.map((hit) => taskSearchResponse(hit, variablesOf(hit.id))),
  );
}

async function getTaskById({ res, store }: RouteContext, [taskId]: string[]): Promise<void> {
  sendJson(res, 200, taskResponse(store.getTask(taskId as string)));
}

async function assignTask({ req, res, store, caller }: RouteContext, [taskId]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  const allow = body['allowOverrideAssignment'];
  if (allow !== undefined && allow !== null && typeof allow !== 'boolean') throw badRequest('allowOverrideAssignment must be a boolean');
  const task = store.assignTask(taskId as string, caller, {
    assignee: optionalString(body, 'assignee'),
    allowOverrideAssignment: allow as boolean | undefined,
  });
  sendJson(res, 200, taskResponse(task));
}

async function unassignTask({ res, store }: RouteContext, [taskId]: string[]): Promise<void> {
  sendJson(res, 200, taskResponse(store.unassignTask(taskId as string)));
}

async function completeTask({ req, res, store, caller }: RouteContext, [taskId]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  sendJson(res, 200, taskResponse(store.completeTask(taskId as string, caller, variableInputs(body))));
}

async function saveDraftTaskVariables({ req, res, store, caller }: RouteContext, [taskId]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  store.saveDraftVariables(taskId as string, caller, variableInputs(body));
  res.writeHead(204);
  res.end();
}

async function searchTaskVariables({ req, res, store }: RouteContext, [taskId]: string[]): Promise<void> {
  const body = await readJsonObject(req);
  const names = optionalStringArray(body, 'variableNames') ?? [];
  const include = includeVariables(body) ?? [];
  const wanted = [...names, ...include.map((i) => i.name)];
  const variables = store.taskVariables(taskId as string, wanted);
  sendJson(
    res,
    200,
    variables.map((v) =>
      variableSearchResponse(v, store.previewLimit, include.find((i) => i.name === v.name)?.alwaysReturnFullValue ?? false),
    ),
  );
}

async function getVariableById({ res, store }: RouteContext, [variableId]: string[]): Promise<void> {
  const v = store.getVariable(variableId as string);
  sendJson(res, 200, { id: v.id, name: v.name, value: v.value, draft: v.draft === null ? null : { value: v.draft }, tenantId: v.tenantId });
}

async function getForm({ res, url, store }: RouteContext, [formId]: string[]): Promise<void> {
  const processDefinitionKey = url.searchParams.get('processDefinitionKey');
  if (!processDefinitionKey) throw badRequest('Query parameter processDefinitionKey is required');
  const versionParam = url.searchParams.get('version');
  let version: number | undefined;
  if (versionParam !== null && versionParam !== '') {
    version = Number(versionParam);
    if (!Number.isInteger(version)) throw badRequest(`version must be an integer, got ${versionParam}`);
  }
  const f = store.getForm(formId as string, processDefinitionKey, version);
  sendJson(res, 200, {
    id: f.id,
    processDefinitionKey: f.processDefinitionKey,
    title: f.title,
    schema: f.schema,
    version: f.version,
    tenantId: f.tenantId,
    isDeleted: f.isDeleted,
  });
}
