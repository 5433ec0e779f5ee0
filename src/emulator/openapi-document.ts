/**
 * The emulator's own OpenAPI 3.0 document for Tasklist REST v1. Paths, operationIds, parameters
 * and schema names/shapes follow Camunda's published 8.7 document so that a client generated
 * from the emulator also talks to a real cluster; the wording is ours. Built as data rather
 * than kept as a file so the served document always matches the routes in `rest.ts`.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const strArray = (description: string): Schema => ({ type: 'array', description, items: { type: 'string' } });
const dateTime = (description: string): Schema => str(description, { format: 'date-time' });
const TASK_STATES = ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'];
const IMPLEMENTATIONS = ['JOB_WORKER', 'ZEEBE_USER_TASK'];
const percent = { type: 'integer', minimum: 0, maximum: 100 };

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Error') } },
});
const json = (description: string, schema: Schema) => ({ description, content: { 'application/json': { schema } } });
const taskIdParam = { name: 'taskId', in: 'path', description: 'Id of the task.', required: true, schema: { type: 'string' } };

const NOT_FOUND_TASK = problem('No task has this `taskId`.');
const NOT_ACTIVE = 'The task is not in the `CREATED` state.';

/** Properties `TaskResponse` and `TaskSearchResponse` share, in the published order. */
function taskProperties(): Record<string, Schema> {
  return {
    id: str('Unique id of the task.'),
    name: str('Name of the task.'),
    taskDefinitionId: str('Id of the user task element in the BPMN model.'),
    processName: str('Name of the process the task belongs to.'),
    creationDate: str('When the task was created (GraphQL: `Task.creationTime`).'),
    completionDate: str('When the task was completed (GraphQL: `Task.completionTime`).'),
    assignee: str('User the task is assigned to.'),
    taskState: str('Lifecycle state of the task.', { enum: TASK_STATES }),
  };
}

function taskDetailProperties(): Record<string, Schema> {
  return {
    formKey: str('Reference to the form of the task.'),
    formId: str('Id of a deployed form; null when the form is embedded or absent.'),
    formVersion: { type: 'integer', format: 'int64', description: 'Version of a deployed form; null when the form is embedded or absent.' },
    isFormEmbedded: { type: 'boolean', description: 'Whether the form is embedded in the BPMN model; null when the task has no form.' },
    processDefinitionKey: str('Key of the process definition (GraphQL: `Task.processDefinitionId`).'),
    processInstanceKey: str('Key of the process instance (GraphQL: `Task.processInstanceId`).'),
    tenantId: str('Tenant the task belongs to.'),
    dueDate: dateTime('When the task is due.'),
    followUpDate: dateTime('When the task should be followed up.'),
    candidateGroups: strArray('Groups that may claim the task.'),
    candidateUsers: strArray('Users that may claim the task.'),
  };
}

function taskTail(): Record<string, Schema> {
  return {
    implementation: str('How the user task is implemented.', { enum: IMPLEMENTATIONS }),
    priority: { ...percent, default: 50, description: 'Priority of the task, 0–100; higher means more urgent.' },
  };
}

function schemas(): Record<string, Schema> {
  const cursor = (what: string) => strArray(`Cursor: the \`sortValues\` of a task; returns the tasks ${what} it in the sort order.`);
  return {
    Error: {
      type: 'object',
      properties: {
        status: { type: 'integer', format: 'int32', description: 'HTTP status of the response.' },
        message: str('What went wrong.'),
        instance: str('Id of this error occurrence, to find it in the server log.'),
      },
    },
    SaveVariablesRequest: {
      type: 'object',
      properties: { variables: { type: 'array', description: 'Draft variables to keep for the task.', items: ref('VariableInputDTO') } },
    },
    VariableInputDTO: {
      type: 'object',
      properties: { name: str('Variable name.'), value: str('Variable value as JSON text (strings quoted, objects serialized).') },
    },
    IncludeVariable: {
      type: 'object',
      properties: {
        name: str('Variable name.'),
        alwaysReturnFullValue: {
          type: 'boolean',
          default: false,
          description: 'Return the whole value even when it is longer than the preview.',
        },
      },
    },
    VariablesSearchRequest: {
      type: 'object',
      description: 'Which variables of a task to return.',
      properties: {
        variableNames: strArray('Names to return; empty or absent returns all.'),
        includeVariables: { type: 'array', description: 'Variables to return, with per-variable options.', items: ref('IncludeVariable') },
      },
    },
    DraftSearchVariableValue: {
      type: 'object',
      description: 'The saved draft of a variable.',
      properties: {
        value: str('Draft value as JSON text.'),
        isValueTruncated: { type: 'boolean', description: 'Whether `previewValue` is cut short.' },
        previewValue: str('Draft value, cut to the preview length.'),
      },
    },
    VariableSearchResponse: {
      type: 'object',
      properties: {
        id: str('Unique id of the variable.'),
        name: str('Variable name.'),
        value: str('Value as JSON text.'),
        isValueTruncated: { type: 'boolean', description: 'Whether `previewValue` is cut short.' },
        previewValue: str('Value cut to the preview length.'),
        draft: ref('DraftSearchVariableValue'),
      },
    },
    DateFilter: {
      type: 'object',
      description: 'An inclusive range of instants.',
      properties: { from: dateTime('Start of the range (RFC 3339).'), to: dateTime('End of the range (RFC 3339).') },
    },
    TaskByVariables: {
      type: 'object',
      properties: {
        name: str('Variable name.'),
        value: str('Value to compare with, as JSON text.'),
        operator: str('Comparison; only `eq` (equals) exists.', { enum: ['eq'] }),
      },
    },
    TaskOrderBy: {
      type: 'object',
      description: 'One sort criterion.',
      properties: {
        field: { type: 'string', enum: ['completionTime', 'creationTime', 'followUpDate', 'dueDate', 'priority'] },
        order: str('`ASC` or `DESC`.', { enum: ['ASC', 'DESC'] }),
      },
    },
    TaskSearchRequest: {
      type: 'object',
      description: 'Filters, sort order, page size and at most one cursor.',
      properties: {
        state: str('Only tasks in this state.', { enum: TASK_STATES }),
        assigned: { type: 'boolean', description: 'Only assigned (true) or unassigned (false) tasks.' },
        assignee: str('Only tasks assigned to this user.'),
        assignees: { type: 'array', description: 'Only tasks assigned to one of these users.', items: str('An assignee.') },
        taskDefinitionId: str('Only tasks of this BPMN user task element.'),
        candidateGroup: str('Only tasks this group may claim.'),
        candidateGroups: { type: 'array', description: 'Only tasks one of these groups may claim.', items: str('A group.') },
        candidateUser: str('Only tasks this user may claim.'),
        candidateUsers: { type: 'array', description: 'Only tasks one of these users may claim.', items: str('A user.') },
        processDefinitionKey: str('Only tasks of this process definition.'),
        processInstanceKey: str('Only tasks of this process instance.'),
        pageSize: { type: 'integer', format: 'int32', description: 'Tasks per page; default 50.' },
        followUpDate: ref('DateFilter'),
        dueDate: ref('DateFilter'),
        taskVariables: {
          type: 'array',
          description: 'Only tasks whose variables match all of these clauses.',
          items: ref('TaskByVariables'),
        },
        tenantIds: strArray('Only tasks of these tenants (multi-tenancy).'),
        sort: { type: 'array', description: 'Sort criteria, most significant first.', items: ref('TaskOrderBy') },
        searchAfter: cursor('directly after'),
        searchAfterOrEqual: cursor('at or after'),
        searchBefore: cursor('directly before'),
        searchBeforeOrEqual: cursor('at or before'),
        includeVariables: { type: 'array', description: 'Variables to return with each task.', items: ref('IncludeVariable') },
        implementation: { type: 'string', enum: IMPLEMENTATIONS },
        priority: {
          description: 'Range of priorities to return.',
          type: 'object',
          properties: { eq: percent, gte: percent, gt: percent, lt: percent, lte: percent },
        },
      },
    },
    TaskSearchResponse: {
      type: 'object',
      properties: {
        ...taskProperties(),
        sortValues: strArray('Cursor: copy into `searchAfter`/`searchBefore` of the next request.'),
        isFirst: { type: 'boolean', description: 'Whether this is the first task of the whole filtered list.' },
        ...taskDetailProperties(),
        variables: { type: 'array', description: 'The variables asked for in `includeVariables`.', items: ref('VariableSearchResponse') },
        ...taskTail(),
      },
    },
    TaskResponse: {
      type: 'object',
      properties: {
        ...taskProperties(),
        taskState: str('Lifecycle state of the task.', { readOnly: true, enum: TASK_STATES }),
        ...taskDetailProperties(),
        ...taskTail(),
      },
    },
    TaskCompleteRequest: {
      type: 'object',
      description: 'Variables to set when completing the task.',
      properties: { variables: { type: 'array', description: 'Variables to set or add.', items: ref('VariableInputDTO') } },
    },
    TaskAssignRequest: {
      type: 'object',
      description: 'Whom to assign the task to.',
      properties: {
        assignee: str('User to assign. Required with a JWT token: the token names a client, not a person.'),
        allowOverrideAssignment: {
          type: 'boolean',
          default: true,
          description: 'With a JWT token, whether an assigned task may be reassigned directly.',
        },
      },
    },
    DraftVariableValue: { type: 'object', description: 'The saved draft of a variable.', properties: { value: { type: 'string' } } },
    VariableResponse: {
      type: 'object',
      properties: {
        id: str('Unique id of the variable.'),
        name: str('Variable name.'),
        value: str('Whole value as JSON text.'),
        draft: ref('DraftVariableValue'),
        tenantId: str('Tenant the variable belongs to.'),
      },
    },
    FormResponse: {
      type: 'object',
      properties: {
        id: str('Id of the form within its process.'),
        processDefinitionKey: str('Key of the process definition (GraphQL: `Form.processDefinitionId`).'),
        title: str('Title of the form.'),
        schema: str('The form-js JSON.'),
        version: { type: 'integer', format: 'int64', description: 'Version of a deployed form; null for an embedded form.' },
        tenantId: str('Tenant the form belongs to.'),
        isDeleted: { type: 'boolean', description: 'Whether a deployed form was deleted; false for embedded forms.' },
      },
    },
  };
}

function paths(): Record<string, unknown> {
  return {
    '/v1/tasks/{taskId}/variables': {
      post: {
        tags: ['Task'],
        summary: 'Save draft variables',
        description:
          'Replaces all draft variables of the task with the ones sent. A draft equal to the current value is not kept; for a repeated name the last value wins.',
        operationId: 'saveDraftTaskVariables',
        parameters: [taskIdParam],
        requestBody: { content: { 'application/json': { schema: ref('SaveVariablesRequest') } }, required: true },
        responses: {
          '204': { description: 'Drafts saved.', content: { '*/*': {} } },
          '400': problem(`${NOT_ACTIVE} Or, without a JWT token: the task is not assigned to the caller.`),
          '404': NOT_FOUND_TASK,
          '500': problem('The drafts could not be stored.'),
        },
      },
    },
    '/v1/tasks/{taskId}/variables/search': {
      post: {
        tags: ['Task'],
        summary: 'Search task variables',
        description: 'Returns the variables of a task, all of them or those named.',
        operationId: 'searchTaskVariables',
        parameters: [taskIdParam],
        requestBody: { content: { 'application/json': { schema: ref('VariablesSearchRequest') } } },
        responses: {
          '200': json('The variables.', { type: 'array', items: ref('VariableSearchResponse') }),
          '404': NOT_FOUND_TASK,
        },
      },
    },
    '/v1/tasks/search': {
      post: {
        tags: ['Task'],
        summary: 'Search tasks',
        description: 'One page of the tasks matching the request; an empty body matches all. At most one of the four cursors may be given.',
        operationId: 'searchTasks',
        requestBody: { content: { 'application/json': { schema: ref('TaskSearchRequest') } } },
        responses: {
          '200': json('The page of tasks.', { type: 'array', items: ref('TaskSearchResponse') }),
          '400': problem('More than one cursor was given, or a cursor does not fit the sort order.'),
        },
      },
    },
    '/v1/tasks/{taskId}/unassign': {
      patch: {
        tags: ['Task'],
        summary: 'Unassign a task',
        description: 'Removes the assignee of the task and returns the task.',
        operationId: 'unassignTask',
        parameters: [taskIdParam],
        responses: {
          '200': json('The task.', ref('TaskResponse')),
          '400': problem(`${NOT_ACTIVE} Or the task is not assigned.`),
          '404': NOT_FOUND_TASK,
        },
      },
    },
    '/v1/tasks/{taskId}/complete': {
      patch: {
        tags: ['Task'],
        summary: 'Complete a task',
        description: 'Completes the task, setting the variables sent, and returns the task.',
        operationId: 'completeTask',
        parameters: [taskIdParam],
        requestBody: { content: { 'application/json': { schema: ref('TaskCompleteRequest') } } },
        responses: {
          '200': json('The completed task.', ref('TaskResponse')),
          '400': problem(`${NOT_ACTIVE} Or the task is not assigned, or not to the caller.`),
          '403': problem('The caller may not access the task (Self-Managed).'),
          '404': NOT_FOUND_TASK,
        },
      },
    },
    '/v1/tasks/{taskId}/assign': {
      patch: {
        tags: ['Task'],
        summary: 'Assign a task',
        description: 'Assigns the task to `assignee`, or to the signed-in user, and returns the task.',
        operationId: 'assignTask',
        parameters: [taskIdParam],
        requestBody: {
          description: 'Whom to assign; needed with a JWT token.',
          content: { 'application/json': { schema: ref('TaskAssignRequest') } },
        },
        responses: {
          '200': json('The assigned task.', ref('TaskResponse')),
          '400': problem(`${NOT_ACTIVE} Or the task is already assigned (a JWT caller may override).`),
          '403': problem('The caller may not assign the task to another user.'),
          '404': NOT_FOUND_TASK,
        },
      },
    },
    '/v1/variables/{variableId}': {
      get: {
        tags: ['Variables'],
        summary: 'Get a variable',
        description: 'Returns one variable, with its whole value.',
        operationId: 'getVariableById',
        parameters: [{ name: 'variableId', in: 'path', description: 'Id of the variable.', required: true, schema: { type: 'string' } }],
        responses: {
          '200': json('The variable.', ref('VariableResponse')),
          '404': problem('No variable has this `variableId`.'),
        },
      },
    },
    '/v1/tasks/{taskId}': {
      get: {
        tags: ['Task'],
        summary: 'Get a task',
        description: 'Returns one task.',
        operationId: 'getTaskById',
        parameters: [taskIdParam],
        responses: {
          '200': json('The task.', ref('TaskResponse')),
          '403': problem('The caller may not access the task (Self-Managed).'),
          '404': NOT_FOUND_TASK,
        },
      },
    },
    '/v1/forms/{formId}': {
      get: {
        tags: ['Form'],
        summary: 'Get a form',
        description: 'Returns a form of a process definition; `version` picks a deployed version (default: the highest).',
        operationId: 'getForm',
        parameters: [
          { name: 'formId', in: 'path', description: 'Id of the form.', required: true, schema: { type: 'string' } },
          {
            name: 'processDefinitionKey',
            in: 'query',
            description: 'Key of the process definition.',
            required: true,
            schema: { type: 'string' },
          },
          {
            name: 'version',
            in: 'query',
            description: 'Version of a deployed form.',
            required: false,
            schema: { type: 'integer', format: 'int64' },
          },
        ],
        responses: {
          '200': json('The form.', ref('FormResponse')),
          '404': problem('No form has this `formId` in this process definition.'),
        },
      },
    },
  };
}

export interface OpenApiDocumentOptions {
  /** The version the emulated server reports, e.g. `8.7.0`; goes into `info.x-camunda-version`. */
  serverVersion: string;
}

/** A fresh copy of the document (callers may change it). Deterministic: same options, same bytes. */
export function buildOpenApiDocument(options: OpenApiDocumentOptions): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: {
      title: 'Tasklist REST API',
      description: 'Query, assign and complete user tasks (tasklist-codegen emulator of Camunda Tasklist REST v1).',
      contact: { url: 'https://www.camunda.com' },
      license: { name: 'License', url: 'https://docs.camunda.io/docs/reference/licenses/' },
      // Camunda versions the API, not the server, in info.version; the server's release goes alongside.
      version: 'v1',
      'x-camunda-version': options.serverVersion,
    },
    servers: [
      {
        url: '{schema}://{host}:{port}',
        variables: {
          host: { default: 'localhost', description: 'Host of the Tasklist server.' },
          port: { default: '8080', description: 'Port of the Tasklist server.' },
          schema: { default: 'http', description: '`http` or `https`.' },
        },
      },
    ],
    security: [{ cookie: [], 'bearer-key': [] }],
    tags: [
      { name: 'Form', description: 'Forms of user tasks.' },
      { name: 'Task', description: 'Search, assign and complete tasks.' },
      { name: 'Variables', description: 'Process variables.' },
    ],
    paths: paths(),
    components: {
      schemas: schemas(),
      securitySchemes: {
        cookie: {
          type: 'apiKey',
          description: 'Session cookie from `POST /api/login` (Self-Managed).',
          name: 'TASKLIST-SESSION',
          in: 'cookie',
        },
        'bearer-key': { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
