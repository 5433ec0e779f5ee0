/**
 * The emulator's store on its own: deterministic seed, cursor paging that visits every task once
 * in order, and the task state rules with the statuses Camunda documents.
 */
import { describe, expect, it } from 'vitest';
import { TasklistRuleError } from '../../src/emulator/errors.js';
import type { Caller, SortSpec, TaskHit } from '../../src/emulator/model.js';
import { TaskStore } from '../../src/emulator/store.js';

const demoUser: Caller = { userId: 'demo', kind: 'user' };
const apiClient: Caller = { userId: 'my-client', kind: 'api' };

function ruleError(fn: () => unknown): TasklistRuleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TasklistRuleError) return e;
    throw e;
  }
  throw new Error('expected a TasklistRuleError, nothing was thrown');
}

function firstTask(store: TaskStore, predicate: (t: ReturnType<TaskStore['allTasks']>[number]) => boolean) {
  const t = store.allTasks().find(predicate);
  if (!t) throw new Error('seed has no such task');
  return t;
}

/** Walks all pages forward with searchAfter, like the shared `paginate` does. */
function walkForward(store: TaskStore, pageSize: number, sort?: SortSpec[]): TaskHit[][] {
  const pages: TaskHit[][] = [];
  let after: string[] | undefined;
  for (let i = 0; i < 100; i++) {
    const page = store.searchTasks({ pageSize, sort, searchAfter: after });
    pages.push(page);
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.sortValues;
  }
  return pages;
}

describe('seed', () => {
  it('is the same data on every start and after reset', () => {
    const a = new TaskStore();
    const b = new TaskStore();
    expect(JSON.stringify(a.allTasks())).toBe(JSON.stringify(b.allTasks()));
    const before = JSON.stringify(a.allTasks());
    a.assignTask(firstTask(a, (t) => t.taskState === 'CREATED' && !t.assignee).id, demoUser);
    expect(JSON.stringify(a.allTasks())).not.toBe(before);
    a.reset();
    expect(JSON.stringify(a.allTasks())).toBe(before);
  });

  it('has tasks in every situation the rules distinguish', () => {
    const tasks = new TaskStore().allTasks();
    expect(tasks).toHaveLength(30);
    const states = new Set(tasks.map((t) => t.taskState));
    expect([...states].sort()).toEqual(['CANCELED', 'COMPLETED', 'CREATED']);
    expect(tasks.some((t) => t.taskState === 'CREATED' && t.assignee === null)).toBe(true);
    expect(tasks.some((t) => t.taskState === 'CREATED' && t.assignee === 'demo')).toBe(true);
    expect(tasks.some((t) => t.taskState === 'CREATED' && t.assignee === 'john')).toBe(true);
    expect(tasks.some((t) => t.dueDate === null)).toBe(true);
    expect(tasks.some((t) => t.isFormEmbedded === true)).toBe(true);
    expect(tasks.some((t) => t.formId !== null)).toBe(true);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(30);
  });

  it('honours taskCount', () => {
    const store = new TaskStore({ taskCount: 5 });
    expect(store.allTasks()).toHaveLength(5);
    store.reset({ taskCount: 120 });
    expect(store.allTasks()).toHaveLength(120);
  });
});

describe('searchTasks paging', () => {
  it('visits every task exactly once, newest first by default', () => {
    const store = new TaskStore({ taskCount: 47 });
    const pages = walkForward(store, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 7]);
    const ids = pages.flat().map((t) => t.id);
    expect(new Set(ids).size).toBe(47);
    const times = pages.flat().map((t) => Date.parse(t.creationDate));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(
      pages
        .flat()
        .filter((t) => t.isFirst)
        .map((t) => t.id),
    ).toEqual([ids[0]]);
  });

  it('pages by a sort with missing values (dueDate ASC) without losing or repeating tasks', () => {
    const store = new TaskStore({ taskCount: 40 });
    const sort: SortSpec[] = [{ field: 'dueDate', order: 'ASC' }];
    const all = walkForward(store, 7, sort).flat();
    expect(all).toHaveLength(40);
    expect(new Set(all.map((t) => t.id)).size).toBe(40);
    const withDue = all.filter((t) => t.dueDate !== null);
    // Tasks without a due date come last.
    expect(all.slice(withDue.length).every((t) => t.dueDate === null)).toBe(true);
    const due = withDue.map((t) => Date.parse(t.dueDate!));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(all[0]!.sortValues).toHaveLength(2);
  });

  it('searchBefore returns the page directly before the cursor, in order', () => {
    const store = new TaskStore();
    const all = store.searchTasks({ pageSize: 100 });
    const cursor = all[12]!.sortValues;
    const before = store.searchTasks({ pageSize: 5, searchBefore: cursor });
    expect(before.map((t) => t.id)).toEqual(all.slice(7, 12).map((t) => t.id));
    const beforeOrEqual = store.searchTasks({ pageSize: 5, searchBeforeOrEqual: cursor });
    expect(beforeOrEqual.map((t) => t.id)).toEqual(all.slice(8, 13).map((t) => t.id));
    const afterOrEqual = store.searchTasks({ pageSize: 3, searchAfterOrEqual: cursor });
    expect(afterOrEqual.map((t) => t.id)).toEqual(all.slice(12, 15).map((t) => t.id));
  });

  it('rejects two cursors at once and cursors that do not fit the sort (400)', () => {
    const store = new TaskStore();
    const [t] = store.searchTasks({ pageSize: 1 });
    expect(ruleError(() => store.searchTasks({ searchAfter: t!.sortValues, searchBefore: t!.sortValues })).status).toBe(400);
    expect(ruleError(() => store.searchTasks({ searchAfter: ['1'] })).status).toBe(400);
    expect(ruleError(() => store.searchTasks({ searchAfter: ['x', 'y'] })).status).toBe(400);
  });

  it('filters like Tasklist: state, assigned, candidate group, dates, variables', () => {
    const store = new TaskStore();
    const all = store.allTasks();
    const created = store.searchTasks({ state: 'CREATED', pageSize: 100 });
    expect(created.length).toBe(all.filter((t) => t.taskState === 'CREATED').length);
    const unassigned = store.searchTasks({ assigned: false, pageSize: 100 });
    expect(unassigned.every((t) => t.assignee === null)).toBe(true);
    const accounting = store.searchTasks({ candidateGroup: 'accounting', pageSize: 100 });
    expect(accounting.length).toBeGreaterThan(0);
    expect(accounting.every((t) => t.candidateGroups.includes('accounting'))).toBe(true);
    const withDue = all.filter((t) => t.dueDate !== null);
    const first = withDue[0]!.dueDate!;
    const inRange = store.searchTasks({ dueDate: { from: first, to: first }, pageSize: 100 });
    expect(inRange.map((t) => t.id)).toEqual(withDue.filter((t) => Date.parse(t.dueDate!) === Date.parse(first)).map((t) => t.id));
    const byVariable = store.searchTasks({ taskVariables: [{ name: 'creditor', value: '"Globex"', operator: 'eq' }], pageSize: 100 });
    expect(byVariable.length).toBeGreaterThan(0);
    for (const t of byVariable) expect(store.taskVariables(t.id, ['creditor'])[0]!.value).toBe('"Globex"');
  });
});

describe('task state rules', () => {
  it('a user claims an unassigned task for themself; claiming it again is 400', () => {
    const store = new TaskStore();
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === null);
    expect(store.assignTask(t.id, demoUser).assignee).toBe('demo');
    expect(ruleError(() => store.assignTask(t.id, demoUser)).status).toBe(400);
  });

  it('a user may not assign someone else (403)', () => {
    const store = new TaskStore();
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === null);
    const e = ruleError(() => store.assignTask(t.id, demoUser, { assignee: 'john' }));
    expect(e.status).toBe(403);
    expect(store.getTask(t.id).assignee).toBeNull();
  });

  it('a JWT caller must name the assignee, and may override unless told not to', () => {
    const store = new TaskStore();
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === 'john');
    expect(ruleError(() => store.assignTask(t.id, apiClient)).status).toBe(400);
    expect(store.assignTask(t.id, apiClient, { assignee: 'mary' }).assignee).toBe('mary');
    expect(ruleError(() => store.assignTask(t.id, apiClient, { assignee: 'demo', allowOverrideAssignment: false })).status).toBe(400);
    expect(store.getTask(t.id).assignee).toBe('mary');
  });

  it('completed and canceled tasks cannot be claimed, unclaimed or completed (400)', () => {
    const store = new TaskStore();
    for (const state of ['COMPLETED', 'CANCELED'] as const) {
      const t = firstTask(store, (x) => x.taskState === state);
      expect(ruleError(() => store.assignTask(t.id, apiClient, { assignee: 'demo' })).status).toBe(400);
      expect(ruleError(() => store.unassignTask(t.id)).status).toBe(400);
      expect(ruleError(() => store.completeTask(t.id, apiClient)).status).toBe(400);
    }
  });

  it('completing needs an assignee, and for a user it must be them', () => {
    const store = new TaskStore();
    const unassigned = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === null);
    expect(ruleError(() => store.completeTask(unassigned.id, apiClient)).message).toMatch(/not assigned/);
    const johns = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === 'john');
    expect(ruleError(() => store.completeTask(johns.id, demoUser)).status).toBe(400);
    const done = store.completeTask(johns.id, apiClient, [{ name: 'approved', value: 'true' }]);
    expect(done.taskState).toBe('COMPLETED');
    expect(done.completionDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(store.taskVariables(johns.id, ['approved'])[0]!.value).toBe('true');
  });

  it('unknown ids are 404; unclaiming an unassigned task is 400', () => {
    const store = new TaskStore();
    expect(ruleError(() => store.getTask('123')).status).toBe(404);
    expect(ruleError(() => store.getVariable('nope')).status).toBe(404);
    expect(ruleError(() => store.getForm('nope', '1')).status).toBe(404);
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === null);
    expect(ruleError(() => store.unassignTask(t.id)).status).toBe(400);
  });

  it('variable values must be JSON text', () => {
    const store = new TaskStore();
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === 'demo');
    expect(ruleError(() => store.completeTask(t.id, demoUser, [{ name: 'x', value: 'not json' }])).status).toBe(400);
    expect(store.getTask(t.id).taskState).toBe('CREATED');
  });
});

describe('draft variables', () => {
  it('replace earlier drafts, skip unchanged values, keep the last duplicate, vanish on completion', () => {
    const store = new TaskStore();
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === 'demo');
    const existing = store.taskVariables(t.id)[0]!;
    store.saveDraftVariables(t.id, demoUser, [{ name: 'note', value: '"first"' }]);
    store.saveDraftVariables(t.id, demoUser, [
      { name: existing.name, value: existing.value! },
      { name: 'comment', value: '"a"' },
      { name: 'comment', value: '"b"' },
    ]);
    const vars = store.taskVariables(t.id);
    expect(vars.find((v) => v.name === 'note')).toBeUndefined();
    expect(vars.find((v) => v.name === existing.name)!.draft).toBeNull();
    expect(vars.find((v) => v.name === 'comment')).toMatchObject({ value: null, draft: '"b"' });
    store.completeTask(t.id, demoUser);
    expect(store.taskVariables(t.id).some((v) => v.draft !== null || v.value === null)).toBe(false);
  });

  it('a user may only save drafts on a task assigned to them', () => {
    const store = new TaskStore();
    const t = firstTask(store, (x) => x.taskState === 'CREATED' && x.assignee === 'john');
    expect(ruleError(() => store.saveDraftVariables(t.id, demoUser, [{ name: 'a', value: '1' }])).status).toBe(400);
    // A JWT caller is exempt, as documented.
    store.saveDraftVariables(t.id, apiClient, [{ name: 'a', value: '1' }]);
    expect(store.taskVariables(t.id, ['a'])[0]!.draft).toBe('1');
  });
});

describe('processes', () => {
  it('startProcess creates an instance whose first task can be claimed and completed; delete removes it', () => {
    const store = new TaskStore({ now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    expect(store.processes('loan').map((p) => p.processDefinitionId)).toEqual(['loanApproval']);
    const { processInstanceKey, task } = store.startProcess('loanApproval');
    expect(task.creationDate).toBe('2025-01-02T03:04:05.000+0000');
    expect(store.searchTasks({ processInstanceKey }).map((t) => t.id)).toEqual([task.id]);
    store.assignTask(task.id, demoUser);
    store.completeTask(task.id, demoUser);
    expect(store.deleteProcessInstance(processInstanceKey)).toBe(true);
    expect(store.deleteProcessInstance(processInstanceKey)).toBe(false);
    expect(ruleError(() => store.startProcess('nope')).status).toBe(404);
  });
});
