/**
 * The emulator's domain records: one shape behind both the GraphQL and the REST API, named the
 * way REST v1 names things (`creationDate`, `processDefinitionKey`); the GraphQL resolvers map
 * to the older names (`creationTime`, `processDefinitionId`) at the edge.
 */

export type TaskState = 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
export type TaskImplementation = 'JOB_WORKER' | 'ZEEBE_USER_TASK';
export type SortField = 'creationTime' | 'completionTime' | 'followUpDate' | 'dueDate' | 'priority';
export type SortOrder = 'ASC' | 'DESC';

export interface TaskRecord {
  id: string;
  name: string;
  taskDefinitionId: string;
  processName: string;
  /** Tasklist's own timestamp format, `2024-05-01T08:00:00.000+0000`. */
  creationDate: string;
  completionDate: string | null;
  assignee: string | null;
  taskState: TaskState;
  /** Embedded forms: `camunda-forms:bpmn:<form id>`; deployed forms have `formId` + `formVersion` instead. */
  formKey: string | null;
  formId: string | null;
  formVersion: number | null;
  isFormEmbedded: boolean | null;
  processDefinitionKey: string;
  processInstanceKey: string;
  tenantId: string;
  dueDate: string | null;
  followUpDate: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  implementation: TaskImplementation;
  priority: number;
}

export interface VariableRecord {
  /** Tasklist builds variable ids from the scope and the name: `<taskId>-<name>`. */
  id: string;
  taskId: string;
  name: string;
  /** The value as JSON text, as Tasklist stores it (`"\"abc\""`, `42`, `{"a":1}`); null while only a draft exists. */
  value: string | null;
  /** A draft saved with `POST /v1/tasks/{taskId}/variables`, not yet completed. */
  draft: string | null;
  tenantId: string;
}

export interface FormRecord {
  id: string;
  processDefinitionKey: string;
  title: string;
  /** form-js JSON, as a string. */
  schema: string;
  /** null for embedded forms, the deployed version otherwise. */
  version: number | null;
  tenantId: string;
  isDeleted: boolean;
}

export interface ProcessRecord {
  /** The process definition key (Zeebe's numeric key as a string). */
  id: string;
  name: string;
  /** The BPMN process id, e.g. `loanApproval`. */
  processDefinitionId: string;
  version: number;
  /** The user task a new instance of this process waits in first. */
  firstTask: { taskDefinitionId: string; name: string; formKey: string | null; formId: string | null; candidateGroups: string[] };
}

export interface SortSpec {
  field: SortField;
  order: SortOrder;
}

/** The filters both APIs share (GraphQL `TaskQuery`, REST `TaskSearchRequest`), in REST names. */
export interface TaskFilter {
  state?: TaskState;
  assigned?: boolean;
  assignee?: string;
  assignees?: string[];
  taskDefinitionId?: string;
  candidateGroup?: string;
  candidateGroups?: string[];
  candidateUser?: string;
  candidateUsers?: string[];
  processDefinitionKey?: string;
  processInstanceKey?: string;
  followUpDate?: { from: string; to: string };
  dueDate?: { from: string; to: string };
  taskVariables?: Array<{ name: string; value: string; operator?: 'eq' }>;
  tenantIds?: string[];
  implementation?: TaskImplementation;
  priority?: { eq?: number; gte?: number; gt?: number; lt?: number; lte?: number };
}

export interface TaskSearch extends TaskFilter {
  pageSize?: number;
  sort?: SortSpec[];
  searchAfter?: string[];
  searchAfterOrEqual?: string[];
  searchBefore?: string[];
  searchBeforeOrEqual?: string[];
}

/** A task as a search returns it: the record plus its cursor. */
export interface TaskHit extends TaskRecord {
  sortValues: string[];
  isFirst: boolean;
}

/**
 * Who is calling, as the auth layer saw it. Tasklist treats API callers (JWT) differently from
 * users signed in to the web app: an API caller must name the assignee and may override.
 */
export interface Caller {
  /** Username, or the OAuth client id for a JWT. */
  userId: string;
  /**
   * `user`: signed in with a password (basic, cookie) — acts only for itself.
   * `api`: a JWT — must name the assignee, may override an assignment.
   * `anonymous`: no authentication (C8 Run, Docker Compose) — like `api`, but the assignee defaults to the demo user.
   */
  kind: 'user' | 'api' | 'anonymous';
}
