/**
 * The Tasklist GraphQL API (Camunda 8.5 and earlier), written from Camunda's documentation pages
 * for each query and mutation. Resolvers are thin: they translate GraphQL names to the store's
 * REST names (`creationTime` ↔ `creationDate`, `processDefinitionId` ↔ `processDefinitionKey`)
 * and let the store enforce the rules.
 */
import { createGraphQLError } from 'graphql-yoga';
import { TasklistRuleError } from './errors.js';
import type { Caller, SortSpec, TaskHit, TaskRecord, TaskSearch, VariableRecord } from './model.js';
import type { TaskStore } from './store.js';

export const tasklistTypeDefs = /* GraphQL */ `
scalar DateTime

"A user task waiting in (or done with) a process instance."
type Task {
  id: ID!
  name: String!
  "The BPMN id of the user task element."
  taskDefinitionId: String!
  processName: String!
  creationTime: String!
  completionTime: String
  assignee: String
  variables: [Variable!]
  taskState: TaskState!
  "Copy into TaskQuery.searchAfter / searchBefore to page from this task."
  sortValues: [String!]
  "True for the first task of the whole filtered list, not just of this page."
  isFirst: Boolean
  formKey: String
  processDefinitionId: String
  processInstanceId: String
  candidateGroups: [String!]
  followUpDate: DateTime
  dueDate: DateTime
  candidateUsers: [String!]
}

"A form embedded in a process definition."
type Form {
  id: String!
  processDefinitionId: String!
  "form-js JSON."
  schema: String!
}

type Process {
  id: String!
  name: String
  processDefinitionId: String
  version: Int
}

input DateFilter {
  from: DateTime!
  to: DateTime!
}

"One page of tasks: filters, page size, sort order and at most one cursor."
input TaskQuery {
  state: TaskState
  assigned: Boolean
  assignee: String
  candidateGroup: String
  candidateUser: String
  processDefinitionId: String
  processInstanceId: String
  "Default 50."
  pageSize: Int
  taskDefinitionId: String
  searchAfter: [String!]
  searchAfterOrEqual: [String!]
  searchBefore: [String!]
  searchBeforeOrEqual: [String!]
  followUpDate: DateFilter
  dueDate: DateFilter
  sort: [TaskOrderBy]
}

input TaskOrderBy {
  field: TaskSortFields!
  order: Sort!
}

enum Sort {
  ASC
  DESC
}

enum TaskSortFields {
  creationTime
  completionTime
  followUpDate
  dueDate
}

enum TaskState {
  CREATED
  COMPLETED
  CANCELED
}

type Variable {
  id: ID!
  name: String!
  "The value as JSON text."
  value: String!
  "The value cut to the preview limit."
  previewValue: String!
  isValueTruncated: Boolean!
}

"A variable to set when completing a task; the value is JSON text."
input VariableInput {
  name: String!
  value: String!
}

type ProcessInstance {
  id: ID!
}

type C8AppLink {
  name: String!
  link: String!
}

type User {
  userId: ID!
  displayName: String
  permissions: [String!]
  roles: [String]
  salesPlanType: String
  c8Links: [C8AppLink]
}

type Query {
  tasks(query: TaskQuery!): [Task!]!
  "Errors when there is no task with this id."
  task(id: String!): Task!
  currentUser: User!
  form(id: String!, processDefinitionId: String!): Form
  variables(taskId: String!, variableNames: [String!]!): [Variable!]!
  variable(id: String!): Variable!
  processes(search: String): [Process!]!
}

type Mutation {
  completeTask(taskId: String!, variables: [VariableInput!]!): Task!
  "Assigns the task. A JWT caller must name the assignee; allowOverrideAssignment defaults to true."
  claimTask(taskId: String!, assignee: String, allowOverrideAssignment: Boolean): Task!
  unclaimTask(taskId: String!): Task!
  "True when the process instance existed and was deleted."
  deleteProcessInstance(processInstanceId: String!): Boolean!
  startProcess(processDefinitionId: String!): ProcessInstance!
}
`;

/** What every resolver gets: the store and who is calling (set by the auth layer per request). */
export interface TasklistGraphQLContext {
  store: TaskStore;
  caller: Caller;
}

interface GqlTaskQuery {
  state?: TaskSearch['state'] | null;
  assigned?: boolean | null;
  assignee?: string | null;
  candidateGroup?: string | null;
  candidateUser?: string | null;
  processDefinitionId?: string | null;
  processInstanceId?: string | null;
  pageSize?: number | null;
  taskDefinitionId?: string | null;
  searchAfter?: string[] | null;
  searchAfterOrEqual?: string[] | null;
  searchBefore?: string[] | null;
  searchBeforeOrEqual?: string[] | null;
  followUpDate?: { from: string; to: string } | null;
  dueDate?: { from: string; to: string } | null;
  sort?: Array<SortSpec | null> | null;
}

/** GraphQL's `null` means "not given" for every filter; the store only knows `undefined`. */
function toSearch(q: GqlTaskQuery): TaskSearch {
  const s: TaskSearch = {
    state: q.state ?? undefined,
    assigned: q.assigned ?? undefined,
    assignee: q.assignee ?? undefined,
    candidateGroup: q.candidateGroup ?? undefined,
    candidateUser: q.candidateUser ?? undefined,
    processDefinitionKey: q.processDefinitionId ?? undefined,
    processInstanceKey: q.processInstanceId ?? undefined,
    pageSize: q.pageSize ?? undefined,
    taskDefinitionId: q.taskDefinitionId ?? undefined,
    searchAfter: q.searchAfter ?? undefined,
    searchAfterOrEqual: q.searchAfterOrEqual ?? undefined,
    searchBefore: q.searchBefore ?? undefined,
    searchBeforeOrEqual: q.searchBeforeOrEqual ?? undefined,
    followUpDate: q.followUpDate ?? undefined,
    dueDate: q.dueDate ?? undefined,
    sort: q.sort?.filter((x): x is SortSpec => x !== null),
  };
  return s;
}

function gqlVariable(v: VariableRecord, previewLimit: number) {
  const value = v.value ?? 'null';
  const truncated = value.length > previewLimit;
  return { id: v.id, name: v.name, value, previewValue: truncated ? value.slice(0, previewLimit) : value, isValueTruncated: truncated };
}

/** A store task → the GraphQL `Task` shape. `variables` resolves lazily from the store. */
function gqlTask(t: TaskRecord | TaskHit) {
  return {
    id: t.id,
    name: t.name,
    taskDefinitionId: t.taskDefinitionId,
    processName: t.processName,
    creationTime: t.creationDate,
    completionTime: t.completionDate,
    assignee: t.assignee,
    taskState: t.taskState,
    sortValues: 'sortValues' in t ? t.sortValues : null,
    isFirst: 'isFirst' in t ? t.isFirst : null,
    formKey: t.formKey,
    processDefinitionId: t.processDefinitionKey,
    processInstanceId: t.processInstanceKey,
    candidateGroups: t.candidateGroups,
    followUpDate: t.followUpDate,
    dueDate: t.dueDate,
    candidateUsers: t.candidateUsers,
  };
}

type GqlTask = ReturnType<typeof gqlTask>;

/** Runs a store call and turns a broken rule into a GraphQL error that keeps its status. */
function rule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TasklistRuleError) {
      // yoga's own error factory: an error from another copy of `graphql` would be masked as "Unexpected error".
      throw createGraphQLError(e.message, { extensions: { code: codeFor(e.status), status: e.status } });
    }
    throw e;
  }
}

function codeFor(status: number): string {
  return status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : status === 400 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
}

type Ctx = TasklistGraphQLContext;

/** Resolvers for `tasklistTypeDefs`; pass both to graphql-yoga's `createSchema`. */
export const tasklistResolvers = {
  Query: {
    tasks: (_: unknown, { query }: { query: GqlTaskQuery }, { store }: Ctx) => rule(() => store.searchTasks(toSearch(query)).map(gqlTask)),
    task: (_: unknown, { id }: { id: string }, { store }: Ctx) => rule(() => gqlTask(store.getTask(id))),
    currentUser: (_: unknown, _args: unknown, { caller }: Ctx) => ({
      userId: caller.userId,
      displayName: caller.kind === 'api' ? caller.userId : caller.userId.charAt(0).toUpperCase() + caller.userId.slice(1),
      permissions: ['READ', 'WRITE'],
      roles: caller.kind === 'api' ? [] : ['owner'],
      salesPlanType: null,
      c8Links: [],
    }),
    form: (_: unknown, { id, processDefinitionId }: { id: string; processDefinitionId: string }, { store }: Ctx) =>
      rule(() => {
        const f = store.getForm(id, processDefinitionId);
        return { id: f.id, processDefinitionId: f.processDefinitionKey, schema: f.schema };
      }),
    variables: (_: unknown, { taskId, variableNames }: { taskId: string; variableNames: string[] }, { store }: Ctx) =>
      rule(() => gqlVariables(store, taskId, variableNames)),
    variable: (_: unknown, { id }: { id: string }, { store }: Ctx) => rule(() => gqlVariable(store.getVariable(id), store.previewLimit)),
    processes: (_: unknown, { search }: { search?: string | null }, { store }: Ctx) =>
      store.processes(search).map((p) => ({ id: p.id, name: p.name, processDefinitionId: p.processDefinitionId, version: p.version })),
  },
  Mutation: {
    claimTask: (
      _: unknown,
      a: { taskId: string; assignee?: string | null; allowOverrideAssignment?: boolean | null },
      { store, caller }: Ctx,
    ) => rule(() => gqlTask(store.assignTask(a.taskId, caller, a))),
    unclaimTask: (_: unknown, { taskId }: { taskId: string }, { store }: Ctx) => rule(() => gqlTask(store.unassignTask(taskId))),
    completeTask: (_: unknown, a: { taskId: string; variables: Array<{ name: string; value: string }> }, { store, caller }: Ctx) =>
      rule(() => gqlTask(store.completeTask(a.taskId, caller, a.variables))),
    deleteProcessInstance: (_: unknown, { processInstanceId }: { processInstanceId: string }, { store }: Ctx) =>
      store.deleteProcessInstance(processInstanceId),
    startProcess: (_: unknown, { processDefinitionId }: { processDefinitionId: string }, { store }: Ctx) =>
      rule(() => ({ id: store.startProcess(processDefinitionId).processInstanceKey })),
  },
  Task: {
    variables: (t: GqlTask, _args: unknown, { store }: Ctx) => gqlVariables(store, t.id),
  },
};

/** Draft-only variables have no value yet; GraphQL's `value: String!` cannot show them. */
function gqlVariables(store: TaskStore, taskId: string, names?: string[]) {
  return store
    .taskVariables(taskId, names)
    .filter((v) => v.value !== null)
    .map((v) => gqlVariable(v, store.previewLimit));
}
