/**
 * The in-memory Tasklist both APIs read and change: claim a task through GraphQL and REST sees
 * it assigned. The state rules are the ones Camunda documents for REST v1 (and GraphQL before
 * it); each broken rule is a `TasklistRuleError` with the documented status.
 */
import { badRequest, notFound, TasklistRuleError } from './errors.js';
import { missingRequired } from './forms.js';
import type { Caller, FormRecord, ProcessRecord, SortSpec, TaskFilter, TaskHit, TaskRecord, TaskSearch, VariableRecord } from './model.js';
import { buildSeed, runtimeKey, tasklistTimestamp, type SeedOptions } from './seed.js';

export interface TaskStoreOptions extends SeedOptions {
  /** Clock for completion and creation times of changes made at run time. Default `Date.now`. */
  now?: () => number;
  /** Variable values longer than this are truncated in `previewValue`. Tasklist's default is 8191. */
  previewLimit?: number;
}

export interface VariableInput {
  name: string;
  /** JSON text. */
  value: string;
}

export interface AssignOptions {
  assignee?: string | null;
  /** Default true, as documented; only API (JWT) callers may override an existing assignment. */
  allowOverrideAssignment?: boolean | null;
}

/** What `PATCH /v2/user-tasks/{key}` may change; dates as RFC 3339 text. */
export interface UserTaskChanges {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateUsers?: string[] | null;
  candidateGroups?: string[] | null;
  priority?: number | null;
}

/** Tasklist sorts by creation time, newest first, unless told otherwise. */
const DEFAULT_SORT: SortSpec[] = [{ field: 'creationTime', order: 'DESC' }];
const DEFAULT_PAGE_SIZE = 50;
const CURSOR_OPTIONS = ['searchAfter', 'searchAfterOrEqual', 'searchBefore', 'searchBeforeOrEqual'] as const;
// Missing sort values sort last in either direction, as Elasticsearch does; these are its sentinels.
const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

export class TaskStore {
  private tasks = new Map<string, TaskRecord>();
  private variables = new Map<string, VariableRecord>();
  private forms: FormRecord[] = [];
  private processList: ProcessRecord[] = [];
  private created = 0;
  private readonly now: () => number;
  readonly previewLimit: number;

  constructor(private readonly options: TaskStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.previewLimit = options.previewLimit ?? 8191;
    this.reset();
  }

  /** Back to the seed data (the same every time); `taskCount` changes how many tasks it has. */
  reset(options: SeedOptions = {}): void {
    const seed = buildSeed({ taskCount: options.taskCount ?? this.options.taskCount });
    this.tasks = new Map(seed.tasks.map((t) => [t.id, t]));
    this.variables = new Map(seed.variables.map((v) => [v.id, v]));
    this.forms = seed.forms;
    this.processList = seed.processes;
    this.created = 0;
  }

  /** Every task, in insertion order (copies: change tasks through the methods below). */
  allTasks(): TaskRecord[] {
    return [...this.tasks.values()].map((t) => structuredClone(t));
  }

  /** Adds or replaces a task; for tests that need a particular situation. */
  putTask(task: TaskRecord, variables: Record<string, unknown> = {}): TaskRecord {
    this.tasks.set(task.id, structuredClone(task));
    for (const [name, value] of Object.entries(variables)) {
      this.variables.set(`${task.id}-${name}`, {
        id: `${task.id}-${name}`,
        taskId: task.id,
        name,
        value: JSON.stringify(value),
        draft: null,
        tenantId: task.tenantId,
      });
    }
    return structuredClone(task);
  }

  getTask(taskId: string): TaskRecord {
    return structuredClone(this.requireTask(taskId));
  }

  searchTasks(search: TaskSearch = {}): TaskHit[] {
    const cursors = CURSOR_OPTIONS.filter((k) => search[k] !== undefined && search[k] !== null);
    if (cursors.length > 1) {
      throw badRequest('Only one of [searchAfter, searchAfterOrEqual, searchBefore, searchBeforeOrEqual] must be present in request.');
    }
    const sort = search.sort && search.sort.length > 0 ? search.sort : DEFAULT_SORT;
    const pageSize = search.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw badRequest(`pageSize must be a positive integer, got ${pageSize}`);

    const matching = [...this.tasks.values()].filter((t) => this.matches(t, search));
    const keyed = matching.map((t) => ({ task: t, key: sortKey(t, sort) }));
    keyed.sort((a, b) => compareKeys(a.key, b.key, sort));
    const firstId = keyed[0]?.task.id;

    let page: typeof keyed;
    const cursorName = cursors[0];
    if (cursorName === undefined) {
      page = keyed.slice(0, pageSize);
    } else {
      const cursor = parseCursor(search[cursorName] as string[], sort, cursorName);
      const cmp = (k: bigint[]) => compareKeys(k, cursor, sort);
      if (cursorName === 'searchAfter') page = keyed.filter((e) => cmp(e.key) > 0).slice(0, pageSize);
      else if (cursorName === 'searchAfterOrEqual') page = keyed.filter((e) => cmp(e.key) >= 0).slice(0, pageSize);
      // Before: the page that directly precedes the cursor, still in the requested order.
      else if (cursorName === 'searchBefore') page = keyed.filter((e) => cmp(e.key) < 0).slice(-pageSize);
      else page = keyed.filter((e) => cmp(e.key) <= 0).slice(-pageSize);
    }
    return page.map(({ task, key }) => ({
      ...structuredClone(task),
      sortValues: key.map(String),
      isFirst: task.id === firstId,
    }));
  }

  assignTask(taskId: string, caller: Caller, options: AssignOptions = {}): TaskRecord {
    const task = this.requireActive(taskId);
    const allowOverride = options.allowOverrideAssignment ?? true;
    let assignee: string;
    if (caller.kind === 'user') {
      assignee = options.assignee ?? caller.userId;
      if (assignee !== caller.userId) {
        throw new TasklistRuleError(403, `User ${caller.userId} doesn't have the permission to assign another user to this task`);
      }
      if (task.assignee !== null) throw badRequest('Task is already assigned');
    } else {
      if (!options.assignee && caller.kind === 'api') {
        // A JWT names a client, not a person: Tasklist cannot guess whom to assign.
        throw badRequest('Assignee must be specified when the request is authenticated with a JWT token');
      }
      assignee = options.assignee ?? caller.userId;
      if (task.assignee !== null && !allowOverride) throw badRequest('Task is already assigned');
    }
    task.assignee = assignee;
    return structuredClone(task);
  }

  unassignTask(taskId: string): TaskRecord {
    const task = this.requireActive(taskId);
    if (task.assignee === null) throw badRequest('Task is not assigned');
    task.assignee = null;
    return structuredClone(task);
  }

  completeTask(taskId: string, caller: Caller, variables: readonly VariableInput[] = []): TaskRecord {
    const task = this.requireActive(taskId);
    if (task.assignee === null) throw badRequest('Task is not assigned');
    if (caller.kind === 'user' && task.assignee !== caller.userId) {
      throw badRequest(`Task is not assigned to ${caller.userId}`);
    }
    const checked = variables.map((v) => ({ name: v.name, value: checkJson(v) }));
    this.requireFormFilled(task, Object.fromEntries(checked.map((v) => [v.name, JSON.parse(v.value) as unknown])));
    for (const v of checked) {
      const id = `${task.id}-${v.name}`;
      this.variables.set(id, { id, taskId: task.id, name: v.name, value: v.value, draft: null, tenantId: task.tenantId });
    }
    this.dropDrafts(task.id);
    task.taskState = 'COMPLETED';
    task.completionDate = tasklistTimestamp(this.now());
    return structuredClone(task);
  }

  /**
   * Replaces the task's draft variables, as documented: all old drafts go, a new draft whose value
   * equals the variable's current value is not kept, duplicate names keep the last value.
   */
  saveDraftVariables(taskId: string, caller: Caller, variables: readonly VariableInput[]): void {
    const task = this.requireActive(taskId);
    if (caller.kind === 'user') {
      if (task.assignee === null) throw badRequest('Task is not assigned');
      if (task.assignee !== caller.userId) throw badRequest(`Task is not assigned to ${caller.userId}`);
    }
    const last = new Map<string, string>();
    for (const v of variables) last.set(v.name, checkJson(v));
    this.dropDrafts(task.id);
    for (const [name, value] of last) {
      const id = `${task.id}-${name}`;
      const existing = this.variables.get(id);
      if (existing && existing.value === value) continue;
      this.variables.set(
        id,
        existing ? { ...existing, draft: value } : { id, taskId: task.id, name, value: null, draft: value, tenantId: task.tenantId },
      );
    }
  }

  /** The task's variables, all of them or those named (order: as stored). */
  taskVariables(taskId: string, names?: readonly string[]): VariableRecord[] {
    this.requireTask(taskId);
    const wanted = names && names.length > 0 ? new Set(names) : null;
    return [...this.variables.values()]
      .filter((v) => v.taskId === taskId && (wanted === null || wanted.has(v.name)))
      .map((v) => ({ ...v }));
  }

  getVariable(variableId: string): VariableRecord {
    const v = this.variables.get(variableId);
    if (!v) throw notFound('Variable', variableId);
    return { ...v };
  }

  /** Refuses a completion that leaves a field the task's form requires empty (its variables merged with the completion's). */
  private requireFormFilled(task: TaskRecord, completing: Record<string, unknown>): void {
    const formId =
      task.formId ?? (task.formKey?.startsWith('camunda-forms:bpmn:') ? task.formKey.slice('camunda-forms:bpmn:'.length) : null);
    const form = formId
      ? this.forms
          .filter((f) => f.id === formId && f.processDefinitionKey === task.processDefinitionKey)
          .sort((a, b) => (b.version ?? 0) - (a.version ?? 0))[0]
      : undefined;
    if (!form) return;
    const values: Record<string, unknown> = {};
    for (const v of this.variables.values()) if (v.taskId === task.id && v.value !== null) values[v.name] = JSON.parse(v.value) as unknown;
    Object.assign(values, completing);
    const missing = missingRequired(form.schema, values);
    if (missing.length > 0) throw badRequest(`Form ${form.id} requires ${missing.join(', ')}`);
  }

  /** A form by id within a process definition; `version` picks a deployed version (default: the highest). */
  getForm(formId: string, processDefinitionKey: string, version?: number): FormRecord {
    const candidates = this.forms.filter(
      (f) => f.id === formId && f.processDefinitionKey === processDefinitionKey && (version === undefined || f.version === version),
    );
    const form = candidates.sort((a, b) => (b.version ?? 0) - (a.version ?? 0))[0];
    if (!form) throw notFound('Form', formId);
    return { ...form };
  }

  /** Process definitions whose name or BPMN id contains `search` (case-insensitive). */
  processes(search?: string | null): ProcessRecord[] {
    const needle = search?.toLowerCase() ?? '';
    return this.processList
      .filter((p) => !needle || p.name.toLowerCase().includes(needle) || p.processDefinitionId.toLowerCase().includes(needle))
      .map((p) => structuredClone(p));
  }

  /** Starts an instance of a process (by BPMN id or definition key); its first user task appears at once. */
  startProcess(processDefinitionId: string): { processInstanceKey: string; task: TaskRecord } {
    const process = this.processList.find((p) => p.processDefinitionId === processDefinitionId || p.id === processDefinitionId);
    if (!process) throw notFound('Process', processDefinitionId);
    const processInstanceKey = runtimeKey(this.created++);
    const taskId = runtimeKey(this.created++);
    const { firstTask } = process;
    const task: TaskRecord = {
      id: taskId,
      name: firstTask.name,
      taskDefinitionId: firstTask.taskDefinitionId,
      processName: process.name,
      creationDate: tasklistTimestamp(this.now()),
      completionDate: null,
      assignee: null,
      taskState: 'CREATED',
      formKey: firstTask.formKey,
      formId: firstTask.formId,
      formVersion: firstTask.formId ? 2 : null,
      isFormEmbedded: firstTask.formKey ? true : firstTask.formId ? false : null,
      processDefinitionKey: process.id,
      processInstanceKey,
      tenantId: '<default>',
      dueDate: null,
      followUpDate: null,
      candidateGroups: [...firstTask.candidateGroups],
      candidateUsers: [],
      implementation: 'ZEEBE_USER_TASK',
      priority: 50,
    };
    this.tasks.set(taskId, task);
    return { processInstanceKey, task: structuredClone(task) };
  }

  /** Removes a process instance's tasks and variables; false when there was no such instance. */
  deleteProcessInstance(processInstanceKey: string): boolean {
    const ids = [...this.tasks.values()].filter((t) => t.processInstanceKey === processInstanceKey).map((t) => t.id);
    for (const id of ids) {
      this.tasks.delete(id);
      for (const v of [...this.variables.values()]) if (v.taskId === id) this.variables.delete(v.id);
    }
    return ids.length > 0;
  }

  /*
   * The Orchestration Cluster API (v2) changes the same tasks under Zeebe's rules rather than
   * Tasklist's: permissions decide who may act (the emulator grants all), a task need not be
   * assigned to be completed, a wrong state is a 409 and only Zeebe user tasks exist there.
   */

  /** A Zeebe user task by its key (v2 knows no job-worker tasks). */
  getUserTask(userTaskKey: string): TaskRecord {
    return structuredClone(this.requireUserTask(userTaskKey));
  }

  /** Every Zeebe user task (copies), for v2 searches. */
  allUserTasks(): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => t.implementation === 'ZEEBE_USER_TASK').map((t) => structuredClone(t));
  }

  /** `allowOverride: false` refuses (409) a task that already has an assignee: claiming from a queue is race-free. */
  assignUserTask(userTaskKey: string, assignee: string, allowOverride = true): void {
    const task = this.requireActiveUserTask(userTaskKey, 'assign');
    if (!allowOverride && task.assignee !== null) {
      throw new TasklistRuleError(
        409,
        `Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '${userTaskKey}', but it is already assigned to '${task.assignee}' and allowOverride is false`,
      );
    }
    task.assignee = assignee;
  }

  unassignUserTask(userTaskKey: string): void {
    this.requireActiveUserTask(userTaskKey, 'unassign').assignee = null;
  }

  /** `variables`: any JSON values, stored as JSON text like every other variable. */
  completeUserTask(userTaskKey: string, variables: Record<string, unknown> = {}): void {
    const task = this.requireActiveUserTask(userTaskKey, 'complete');
    this.requireFormFilled(task, variables);
    for (const [name, value] of Object.entries(variables)) {
      const id = `${task.id}-${name}`;
      this.variables.set(id, { id, taskId: task.id, name, value: JSON.stringify(value), draft: null, tenantId: task.tenantId });
    }
    this.dropDrafts(task.id);
    task.taskState = 'COMPLETED';
    task.completionDate = tasklistTimestamp(this.now());
  }

  /** The changeset of `PATCH /v2/user-tasks/{key}`; an absent field stays, `null` clears a date. */
  updateUserTask(userTaskKey: string, changes: UserTaskChanges): void {
    const task = this.requireActiveUserTask(userTaskKey, 'update');
    if (changes.dueDate !== undefined) task.dueDate = changes.dueDate === null ? null : tasklistTimestamp(Date.parse(changes.dueDate));
    if (changes.followUpDate !== undefined) {
      task.followUpDate = changes.followUpDate === null ? null : tasklistTimestamp(Date.parse(changes.followUpDate));
    }
    if (changes.candidateUsers != null) task.candidateUsers = [...changes.candidateUsers];
    if (changes.candidateGroups != null) task.candidateGroups = [...changes.candidateGroups];
    if (changes.priority != null) task.priority = changes.priority;
  }

  private requireUserTask(userTaskKey: string): TaskRecord {
    const task = this.tasks.get(userTaskKey);
    if (!task || task.implementation !== 'ZEEBE_USER_TASK') {
      throw new TasklistRuleError(404, `User task with key '${userTaskKey}' not found`);
    }
    return task;
  }

  private requireActiveUserTask(userTaskKey: string, action: string): TaskRecord {
    const task = this.requireUserTask(userTaskKey);
    if (task.taskState !== 'CREATED') {
      throw new TasklistRuleError(
        409,
        `Command '${action.toUpperCase()}' rejected with code 'INVALID_STATE': Expected to ${action} user task with key '${userTaskKey}', but it is in state '${task.taskState}'`,
      );
    }
    return task;
  }

  private requireTask(taskId: string): TaskRecord {
    const task = this.tasks.get(taskId);
    if (!task) throw notFound('Task', taskId);
    return task;
  }

  private requireActive(taskId: string): TaskRecord {
    const task = this.requireTask(taskId);
    if (task.taskState !== 'CREATED') throw badRequest(`Task is not active (state ${task.taskState})`);
    return task;
  }

  private dropDrafts(taskId: string): void {
    for (const v of [...this.variables.values()]) {
      if (v.taskId !== taskId || v.draft === null) continue;
      if (v.value === null) this.variables.delete(v.id);
      else v.draft = null;
    }
  }

  private matches(t: TaskRecord, f: TaskFilter): boolean {
    if (f.state && t.taskState !== f.state) return false;
    if (f.assigned === true && t.assignee === null) return false;
    if (f.assigned === false && t.assignee !== null) return false;
    if (f.assignee && t.assignee !== f.assignee) return false;
    if (f.assignees && f.assignees.length > 0 && !f.assignees.includes(t.assignee ?? '')) return false;
    if (f.taskDefinitionId && t.taskDefinitionId !== f.taskDefinitionId) return false;
    if (f.candidateGroup && !t.candidateGroups.includes(f.candidateGroup)) return false;
    if (f.candidateGroups && f.candidateGroups.length > 0 && !f.candidateGroups.some((g) => t.candidateGroups.includes(g))) return false;
    if (f.candidateUser && !t.candidateUsers.includes(f.candidateUser)) return false;
    if (f.candidateUsers && f.candidateUsers.length > 0 && !f.candidateUsers.some((u) => t.candidateUsers.includes(u))) return false;
    if (f.processDefinitionKey && t.processDefinitionKey !== f.processDefinitionKey) return false;
    if (f.processInstanceKey && t.processInstanceKey !== f.processInstanceKey) return false;
    if (f.followUpDate && !inRange(t.followUpDate, f.followUpDate)) return false;
    if (f.dueDate && !inRange(t.dueDate, f.dueDate)) return false;
    if (f.tenantIds && f.tenantIds.length > 0 && !f.tenantIds.includes(t.tenantId)) return false;
    if (f.implementation && t.implementation !== f.implementation) return false;
    if (f.priority) {
      const p = t.priority;
      const r = f.priority;
      if ((r.eq != null && p !== r.eq) || (r.gt != null && !(p > r.gt)) || (r.gte != null && !(p >= r.gte))) return false;
      if ((r.lt != null && !(p < r.lt)) || (r.lte != null && !(p <= r.lte))) return false;
    }
    if (f.taskVariables && f.taskVariables.length > 0) {
      for (const clause of f.taskVariables) {
        const v = this.variables.get(`${t.id}-${clause.name}`);
        if (!v || v.value !== clause.value) return false;
      }
    }
    return true;
  }
}

function checkJson(v: VariableInput): string {
  if (typeof v.name !== 'string' || v.name === '') throw badRequest('A variable needs a non-empty name');
  if (typeof v.value !== 'string') throw badRequest(`The value of variable "${v.name}" must be a string of JSON`);
  try {
    JSON.parse(v.value);
  } catch {
    throw badRequest(`The value of variable "${v.name}" is not valid JSON: ${v.value.slice(0, 80)}`);
  }
  return v.value;
}

function inRange(value: string | null, range: { from: string; to: string }): boolean {
  if (value === null) return false;
  const t = Date.parse(value);
  return t >= Date.parse(range.from) && t <= Date.parse(range.to);
}

/** Timestamps repeat across searches; parsing each once keeps a 10 000-task search in milliseconds. */
const epochCache = new Map<string, bigint>();
function epochOf(timestamp: string): bigint {
  let v = epochCache.get(timestamp);
  if (v === undefined) {
    if (epochCache.size > 100_000) epochCache.clear();
    v = BigInt(Date.parse(timestamp));
    epochCache.set(timestamp, v);
  }
  return v;
}

function sortValue(t: TaskRecord, s: SortSpec): bigint {
  const missing = s.order === 'ASC' ? LONG_MAX : LONG_MIN;
  if (s.field === 'priority') return BigInt(t.priority);
  const raw =
    s.field === 'creationTime'
      ? t.creationDate
      : s.field === 'completionTime'
        ? t.completionDate
        : s.field === 'dueDate'
          ? t.dueDate
          : t.followUpDate;
  return raw === null ? missing : epochOf(raw);
}

/** One value per sort field, then the task id: the same shape Tasklist hands out as `sortValues`. */
function sortKey(t: TaskRecord, sort: readonly SortSpec[]): bigint[] {
  return [...sort.map((s) => sortValue(t, s)), BigInt(t.id)];
}

function compareKeys(a: readonly bigint[], b: readonly bigint[], sort: readonly SortSpec[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as bigint;
    const y = b[i] as bigint;
    if (x === y) continue;
    const asc = x < y ? -1 : 1;
    return sort[i]?.order === 'DESC' ? -asc : asc;
  }
  return 0;
}

function parseCursor(values: readonly string[], sort: readonly SortSpec[], name: string): bigint[] {
  if (!Array.isArray(values) || values.length !== sort.length + 1) {
    throw badRequest(`${name} must hold ${sort.length + 1} values copied from a task's sortValues for this sort order`);
  }
  try {
    return values.map((v) => BigInt(v));
  } catch {
    throw badRequest(`${name} holds a value that is not one of a task's sortValues: ${JSON.stringify(values)}`);
  }
}
