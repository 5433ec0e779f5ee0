/**
 * The emulator's OpenAPI 3.0 document for the Orchestration Cluster API (v2), limited to the
 * operations `v2-rest.ts` implements: the user-task endpoints and `GET /authentication/me`.
 * Paths, operationIds, parameters, vendor extensions (`x-added-in-version`,
 * `x-eventually-consistent`, `x-required-permissions`) and every schema they reach are those of
 * Camunda's published document, so a client generated from the emulator talks to a real 8.8+
 * cluster; the wording is ours. The contract test (test/emulator/v2-contract.test.ts) compares
 * it with the published document field by field.
 */

type Json = Record<string, unknown>;

/** springdoc's group name for this document: `/v3/api-docs/Orchestration%20Cluster%20API`. */
export const ORCHESTRATION_CLUSTER_GROUP = 'Orchestration Cluster API';

/** Operations as published, prose left out (`describe` below adds ours). */
const PATHS: Record<string, Record<string, Json>> = {
  '/user-tasks/search': {
    post: {
      'x-eventually-consistent': true,
      tags: ['User task'],
      operationId: 'searchUserTasks',
      'x-permission-enforcement': 'filter',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'READ_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'READ' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskSearchQuery' } } } },
      responses: {
        '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskSearchQueryResult' } } } },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '500': { $ref: '#/components/responses/InternalServerError' },
      },
      'x-added-in-version': '8.6',
    },
  },
  '/user-tasks/{userTaskKey}': {
    get: {
      'x-eventually-consistent': true,
      tags: ['User task'],
      operationId: 'getUserTask',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'READ_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'READ' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } }],
      responses: {
        '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskResult' } } } },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '500': { $ref: '#/components/responses/InternalServerError' },
      },
      'x-added-in-version': '8.8',
    },
    patch: {
      'x-eventually-consistent': false,
      tags: ['User task'],
      operationId: 'updateUserTask',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'UPDATE_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'UPDATE' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } }],
      requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskUpdateRequest' } } } },
      responses: {
        '204': {},
        '400': { $ref: '#/components/responses/BadRequest' },
        '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '409': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '500': { $ref: '#/components/responses/InternalServerError' },
        '503': { $ref: '#/components/responses/ServiceUnavailable' },
        '504': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
      },
      'x-added-in-version': '8.5',
    },
  },
  '/user-tasks/{userTaskKey}/assignment': {
    post: {
      'x-eventually-consistent': false,
      tags: ['User task'],
      operationId: 'assignUserTask',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'UPDATE_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'UPDATE' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskAssignmentRequest' } } },
      },
      responses: {
        '204': {},
        '400': { $ref: '#/components/responses/BadRequest' },
        '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '409': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '500': { $ref: '#/components/responses/InternalServerError' },
        '503': { $ref: '#/components/responses/ServiceUnavailable' },
        '504': { $ref: '#/components/responses/GatewayTimeout' },
      },
      'x-added-in-version': '8.5',
    },
  },
  '/user-tasks/{userTaskKey}/assignee': {
    delete: {
      'x-eventually-consistent': false,
      tags: ['User task'],
      operationId: 'unassignUserTask',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'UPDATE_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'UPDATE' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } }],
      responses: {
        '204': {},
        '400': { $ref: '#/components/responses/BadRequest' },
        '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '409': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '500': { $ref: '#/components/responses/InternalServerError' },
        '503': { $ref: '#/components/responses/ServiceUnavailable' },
        '504': { $ref: '#/components/responses/GatewayTimeout' },
      },
      'x-added-in-version': '8.5',
    },
  },
  '/user-tasks/{userTaskKey}/completion': {
    post: {
      'x-eventually-consistent': false,
      tags: ['User task'],
      operationId: 'completeUserTask',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'UPDATE_USER_TASK' },
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'COMPLETE_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'UPDATE' },
            { resourceType: 'USER_TASK', permissionType: 'COMPLETE' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } }],
      requestBody: {
        required: false,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskCompletionRequest' } } },
      },
      responses: {
        '204': {},
        '400': { $ref: '#/components/responses/BadRequest' },
        '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '409': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '500': { $ref: '#/components/responses/InternalServerError' },
        '503': { $ref: '#/components/responses/ServiceUnavailable' },
        '504': { $ref: '#/components/responses/GatewayTimeout' },
      },
      'x-added-in-version': '8.5',
    },
  },
  '/user-tasks/{userTaskKey}/form': {
    get: {
      'x-eventually-consistent': true,
      tags: ['User task'],
      operationId: 'getUserTaskForm',
      'x-required-permissions': [
        {
          anyOf: [
            { resourceType: 'PROCESS_DEFINITION', permissionType: 'READ_USER_TASK' },
            { resourceType: 'USER_TASK', permissionType: 'READ' },
          ],
        },
      ],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [{ name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } }],
      responses: {
        '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/FormResult' } } } },
        '204': {},
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
        '500': { $ref: '#/components/responses/InternalServerError' },
      },
      'x-added-in-version': '8.8',
    },
  },
  '/user-tasks/{userTaskKey}/variables/search': {
    post: {
      'x-eventually-consistent': true,
      tags: ['User task'],
      operationId: 'searchUserTaskVariables',
      'x-required-permissions': [{ resourceType: 'PROCESS_DEFINITION', permissionType: 'READ_PROCESS_INSTANCE' }],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [
        { name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } },
        { name: 'truncateValues', in: 'query', required: false, schema: { type: 'boolean' } },
      ],
      requestBody: {
        required: false,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskVariableSearchQueryRequest' } } },
      },
      responses: {
        '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/VariableSearchQueryResult' } } } },
        '400': { $ref: '#/components/responses/BadRequest' },
        '500': { $ref: '#/components/responses/InternalServerError' },
      },
      'x-added-in-version': '8.8',
    },
  },
  '/user-tasks/{userTaskKey}/effective-variables/search': {
    post: {
      'x-eventually-consistent': true,
      tags: ['User task'],
      operationId: 'searchUserTaskEffectiveVariables',
      'x-required-permissions': [{ resourceType: 'PROCESS_DEFINITION', permissionType: 'READ_PROCESS_INSTANCE' }],
      security: [{ bearerAuth: [] }, { basicAuth: [] }],
      parameters: [
        { name: 'userTaskKey', in: 'path', required: true, schema: { $ref: '#/components/schemas/UserTaskKey' } },
        { name: 'truncateValues', in: 'query', required: false, schema: { type: 'boolean' } },
      ],
      requestBody: {
        required: false,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/UserTaskEffectiveVariableSearchQueryRequest' } } },
      },
      responses: {
        '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/VariableSearchQueryResult' } } } },
        '400': { $ref: '#/components/responses/BadRequest' },
        '500': { $ref: '#/components/responses/InternalServerError' },
      },
      'x-added-in-version': '8.8',
      'x-added-in-version-override': '8.8',
    },
  },
  '/authentication/me': {
    get: {
      'x-eventually-consistent': false,
      tags: ['Authentication'],
      operationId: 'getAuthentication',
      'x-required-permissions': [],
      security: [{ bearerAuth: [] }],
      responses: {
        '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/CamundaUserResult' } } } },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
        '500': { $ref: '#/components/responses/InternalServerError' },
      },
      'x-added-in-version': '8.8',
    },
  },
};

/** Shared responses (the published document points into other paths for these; named here). */
const RESPONSES: Record<string, Json> = {
  BadRequest: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
  Unauthorized: {
    headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } },
  },
  Forbidden: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
  InternalServerError: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
  ServiceUnavailable: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
  GatewayTimeout: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } } },
};

/** Every schema the operations reach, as published minus prose. */
const SCHEMAS: Record<string, Json> = {
  AdvancedDateTimeFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { type: 'string', format: 'date-time' },
      $neq: { type: 'string', format: 'date-time' },
      $exists: { type: 'boolean' },
      $gt: { type: 'string', format: 'date-time' },
      $gte: { type: 'string', format: 'date-time' },
      $lt: { type: 'string', format: 'date-time' },
      $lte: { type: 'string', format: 'date-time' },
      $in: { type: 'array', items: { type: 'string', format: 'date-time' } },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.8' },
      { propertyName: '$neq', addedInVersion: '8.8' },
      { propertyName: '$exists', addedInVersion: '8.8' },
      { propertyName: '$gt', addedInVersion: '8.8' },
      { propertyName: '$gte', addedInVersion: '8.8' },
      { propertyName: '$lt', addedInVersion: '8.8' },
      { propertyName: '$lte', addedInVersion: '8.8' },
      { propertyName: '$in', addedInVersion: '8.8' },
    ],
  },
  AdvancedIntegerFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { type: 'integer', format: 'int32' },
      $neq: { type: 'integer', format: 'int32' },
      $exists: { type: 'boolean' },
      $gt: { type: 'integer', format: 'int32' },
      $gte: { type: 'integer', format: 'int32' },
      $lt: { type: 'integer', format: 'int32' },
      $lte: { type: 'integer', format: 'int32' },
      $in: { type: 'array', items: { type: 'integer', format: 'int32' } },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.8' },
      { propertyName: '$neq', addedInVersion: '8.8' },
      { propertyName: '$exists', addedInVersion: '8.8' },
      { propertyName: '$gt', addedInVersion: '8.8' },
      { propertyName: '$gte', addedInVersion: '8.8' },
      { propertyName: '$lt', addedInVersion: '8.8' },
      { propertyName: '$lte', addedInVersion: '8.8' },
      { propertyName: '$in', addedInVersion: '8.8' },
    ],
  },
  AdvancedProcessDefinitionIdFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionId' }] },
      $neq: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionId' }] },
      $exists: { type: 'boolean' },
      $in: { type: 'array', items: { $ref: '#/components/schemas/ProcessDefinitionId' } },
      $notIn: { type: 'array', items: { $ref: '#/components/schemas/ProcessDefinitionId' } },
      $like: { $ref: '#/components/schemas/LikeFilter' },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.10' },
      { propertyName: '$neq', addedInVersion: '8.10' },
      { propertyName: '$exists', addedInVersion: '8.10' },
      { propertyName: '$in', addedInVersion: '8.10' },
      { propertyName: '$notIn', addedInVersion: '8.10' },
      { propertyName: '$like', addedInVersion: '8.10' },
    ],
  },
  AdvancedProcessDefinitionKeyFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionKey' }] },
      $neq: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionKey' }] },
      $exists: { type: 'boolean' },
      $in: { type: 'array', items: { $ref: '#/components/schemas/ProcessDefinitionKey' } },
      $notIn: { type: 'array', items: { $ref: '#/components/schemas/ProcessDefinitionKey' } },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.8' },
      { propertyName: '$neq', addedInVersion: '8.8' },
      { propertyName: '$exists', addedInVersion: '8.8' },
      { propertyName: '$in', addedInVersion: '8.8' },
      { propertyName: '$notIn', addedInVersion: '8.8' },
    ],
  },
  AdvancedProcessInstanceKeyFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
      $neq: { allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
      $exists: { type: 'boolean' },
      $in: { type: 'array', items: { $ref: '#/components/schemas/ProcessInstanceKey' } },
      $notIn: { type: 'array', items: { $ref: '#/components/schemas/ProcessInstanceKey' } },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.8' },
      { propertyName: '$neq', addedInVersion: '8.8' },
      { propertyName: '$exists', addedInVersion: '8.8' },
      { propertyName: '$in', addedInVersion: '8.8' },
      { propertyName: '$notIn', addedInVersion: '8.8' },
    ],
  },
  AdvancedStringFilter: {
    title: 'Advanced filter',
    allOf: [
      { $ref: '#/components/schemas/BasicStringFilter' },
      {
        type: 'object',
        properties: { $like: { $ref: '#/components/schemas/LikeFilter' } },
        'x-properties-added-in-version': [{ propertyName: '$like', addedInVersion: '8.8' }],
      },
    ],
  },
  AdvancedUserTaskStateFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { allOf: [{ $ref: '#/components/schemas/UserTaskStateEnum' }] },
      $neq: { allOf: [{ $ref: '#/components/schemas/UserTaskStateEnum' }] },
      $exists: { type: 'boolean' },
      $in: { type: 'array', items: { $ref: '#/components/schemas/UserTaskStateEnum' } },
      $like: { $ref: '#/components/schemas/LikeFilter' },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.8' },
      { propertyName: '$neq', addedInVersion: '8.8' },
      { propertyName: '$exists', addedInVersion: '8.8' },
      { propertyName: '$in', addedInVersion: '8.8' },
      { propertyName: '$like', addedInVersion: '8.8' },
    ],
  },
  BasicStringFilter: {
    title: 'Advanced filter',
    type: 'object',
    properties: {
      $eq: { type: 'string' },
      $neq: { type: 'string' },
      $exists: { type: 'boolean' },
      $in: { type: 'array', items: { type: 'string' } },
      $notIn: { type: 'array', items: { type: 'string' } },
    },
    'x-properties-added-in-version': [
      { propertyName: '$eq', addedInVersion: '8.8' },
      { propertyName: '$neq', addedInVersion: '8.8' },
      { propertyName: '$exists', addedInVersion: '8.8' },
      { propertyName: '$in', addedInVersion: '8.8' },
      { propertyName: '$notIn', addedInVersion: '8.8' },
    ],
  },
  BusinessId: { format: 'BusinessId', 'x-semantic-type': 'BusinessId', type: 'string', minLength: 1, maxLength: 256 },
  CamundaUserResult: {
    type: 'object',
    required: [
      'authorizedComponents',
      'c8Links',
      'canLogout',
      'displayName',
      'email',
      'groups',
      'roles',
      'salesPlanType',
      'tenants',
      'username',
    ],
    properties: {
      username: { allOf: [{ $ref: '#/components/schemas/Username' }] },
      displayName: { type: 'string', nullable: true },
      email: { type: 'string', nullable: true },
      authorizedComponents: { type: 'array', items: { type: 'string' } },
      tenants: { type: 'array', items: { $ref: '#/components/schemas/TenantResult' } },
      groups: { type: 'array', items: { type: 'string' } },
      roles: { type: 'array', items: { type: 'string' } },
      salesPlanType: { nullable: true, type: 'string' },
      c8Links: { type: 'object', additionalProperties: { type: 'string' } },
      canLogout: { type: 'boolean' },
    },
  },
  Changeset: {
    type: 'object',
    nullable: true,
    additionalProperties: true,
    properties: {
      dueDate: { type: 'string', format: 'date-time', nullable: true },
      followUpDate: { type: 'string', format: 'date-time', nullable: true },
      candidateUsers: { type: 'array', items: { type: 'string' }, nullable: true },
      candidateGroups: { type: 'array', items: { type: 'string' }, nullable: true },
      priority: { type: 'integer', format: 'int32', minimum: 0, default: 50, maximum: 100, nullable: true },
    },
    'x-properties-added-in-version': [{ propertyName: 'priority', addedInVersion: '8.6' }],
  },
  CursorBackwardPagination: {
    type: 'object',
    title: 'Cursor-based backward pagination',
    properties: {
      before: { allOf: [{ $ref: '#/components/schemas/StartCursor' }] },
      limit: { type: 'integer', format: 'int32', default: 100, minimum: 1, maximum: 10000 },
    },
    'x-properties-added-in-version': [{ propertyName: 'before', addedInVersion: '8.8' }],
  },
  CursorForwardPagination: {
    type: 'object',
    title: 'Cursor-based forward pagination',
    properties: {
      after: { allOf: [{ $ref: '#/components/schemas/EndCursor' }] },
      limit: { type: 'integer', format: 'int32', default: 100, minimum: 1, maximum: 10000 },
    },
    'x-properties-added-in-version': [
      { propertyName: 'after', addedInVersion: '8.8' },
      { propertyName: 'limit', addedInVersion: '8.6' },
    ],
  },
  DateTimeFilterProperty: {
    oneOf: [{ type: 'string', format: 'date-time', title: 'Exact match' }, { $ref: '#/components/schemas/AdvancedDateTimeFilter' }],
  },
  ElementId: { format: 'ElementId', type: 'string', 'x-semantic-type': 'ElementId' },
  ElementInstanceKey: {
    format: 'ElementInstanceKey',
    'x-semantic-type': 'ElementInstanceKey',
    type: 'string',
    allOf: [{ $ref: '#/components/schemas/LongKey' }],
  },
  EndCursor: {
    format: 'base64',
    'x-semantic-type': 'EndCursor',
    type: 'string',
    pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=)?$',
  },
  FormId: { type: 'string', format: 'FormId', 'x-semantic-type': 'FormId' },
  FormKey: { format: 'FormKey', 'x-semantic-type': 'FormKey', type: 'string', allOf: [{ $ref: '#/components/schemas/LongKey' }] },
  FormResult: {
    type: 'object',
    'x-semantic-provider': ['formId', 'formKey'],
    required: ['formId', 'formKey', 'schema', 'tenantId', 'version'],
    properties: {
      tenantId: { allOf: [{ $ref: '#/components/schemas/TenantId' }] },
      formId: { allOf: [{ $ref: '#/components/schemas/FormId' }] },
      schema: { type: 'string' },
      version: { type: 'integer', format: 'int64' },
      formKey: { allOf: [{ $ref: '#/components/schemas/FormKey' }] },
    },
    'x-properties-added-in-version': [
      { propertyName: 'tenantId', addedInVersion: '8.8' },
      { propertyName: 'formId', addedInVersion: '8.8' },
      { propertyName: 'schema', addedInVersion: '8.8' },
      { propertyName: 'version', addedInVersion: '8.8' },
      { propertyName: 'formKey', addedInVersion: '8.8' },
    ],
  },
  IntegerFilterProperty: {
    oneOf: [{ type: 'integer', format: 'int32', title: 'Exact match' }, { $ref: '#/components/schemas/AdvancedIntegerFilter' }],
  },
  LikeFilter: { type: 'string' },
  LimitPagination: {
    type: 'object',
    title: 'Limit-based pagination',
    properties: { limit: { type: 'integer', format: 'int32', default: 100, minimum: 1, maximum: 10000 } },
  },
  LongKey: { type: 'string', pattern: '^-?[0-9]+$', minLength: 1, maxLength: 25 },
  OffsetPagination: {
    type: 'object',
    title: 'Offset-based pagination',
    properties: {
      from: { type: 'integer', format: 'int32', minimum: 0 },
      limit: { type: 'integer', format: 'int32', default: 100, minimum: 1 },
    },
    'x-properties-added-in-version': [
      { propertyName: 'from', addedInVersion: '8.6' },
      { propertyName: 'limit', addedInVersion: '8.6' },
    ],
  },
  ProblemDetail: {
    type: 'object',
    required: ['detail', 'instance', 'status', 'title', 'type'],
    properties: {
      type: { type: 'string', format: 'uri', default: 'about:blank' },
      title: { type: 'string' },
      status: { type: 'integer', format: 'int32', minimum: 400, maximum: 600 },
      detail: { type: 'string' },
      instance: { type: 'string', format: 'uri-reference' },
    },
  },
  ProcessDefinitionId: {
    format: 'ProcessDefinitionId',
    type: 'string',
    'x-semantic-type': 'ProcessDefinitionId',
    minLength: 1,
    pattern: '^[\\p{L}_][\\p{L}\\p{N}_\\-\\.]*$',
  },
  ProcessDefinitionIdExactMatch: { type: 'string', title: 'Exact match', allOf: [{ $ref: '#/components/schemas/ProcessDefinitionId' }] },
  ProcessDefinitionIdFilterProperty: {
    oneOf: [
      { $ref: '#/components/schemas/ProcessDefinitionIdExactMatch' },
      { $ref: '#/components/schemas/AdvancedProcessDefinitionIdFilter' },
    ],
  },
  ProcessDefinitionKey: {
    format: 'ProcessDefinitionKey',
    'x-semantic-type': 'ProcessDefinitionKey',
    type: 'string',
    allOf: [{ $ref: '#/components/schemas/LongKey' }],
  },
  ProcessDefinitionKeyExactMatch: { type: 'string', title: 'Exact match', allOf: [{ $ref: '#/components/schemas/ProcessDefinitionKey' }] },
  ProcessDefinitionKeyFilterProperty: {
    oneOf: [
      { $ref: '#/components/schemas/ProcessDefinitionKeyExactMatch' },
      { $ref: '#/components/schemas/AdvancedProcessDefinitionKeyFilter' },
    ],
  },
  ProcessInstanceKey: {
    format: 'ProcessInstanceKey',
    'x-semantic-type': 'ProcessInstanceKey',
    type: 'string',
    allOf: [{ $ref: '#/components/schemas/LongKey' }],
  },
  ProcessInstanceKeyExactMatch: { type: 'string', title: 'Exact match', allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
  ProcessInstanceKeyFilterProperty: {
    oneOf: [
      { $ref: '#/components/schemas/ProcessInstanceKeyExactMatch' },
      { $ref: '#/components/schemas/AdvancedProcessInstanceKeyFilter' },
    ],
  },
  ScopeKey: {
    type: 'string',
    format: 'ScopeKey',
    'x-semantic-type': 'ScopeKey',
    oneOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }, { $ref: '#/components/schemas/ElementInstanceKey' }],
  },
  SearchQueryPageRequest: {
    'x-polymorphic-schema': true,
    oneOf: [
      { $ref: '#/components/schemas/LimitPagination' },
      { $ref: '#/components/schemas/OffsetPagination' },
      { $ref: '#/components/schemas/CursorForwardPagination' },
      { $ref: '#/components/schemas/CursorBackwardPagination' },
    ],
  },
  SearchQueryPageResponse: {
    type: 'object',
    required: ['endCursor', 'hasMoreTotalItems', 'startCursor', 'totalItems'],
    'x-semantic-provider': ['startCursor', 'endCursor'],
    properties: {
      totalItems: { type: 'integer', format: 'int64' },
      hasMoreTotalItems: { type: 'boolean' },
      startCursor: { nullable: true, allOf: [{ $ref: '#/components/schemas/StartCursor' }] },
      endCursor: { nullable: true, allOf: [{ $ref: '#/components/schemas/EndCursor' }] },
    },
    'x-properties-added-in-version': [
      { propertyName: 'hasMoreTotalItems', addedInVersion: '8.8' },
      { propertyName: 'startCursor', addedInVersion: '8.8' },
      { propertyName: 'endCursor', addedInVersion: '8.8' },
    ],
  },
  SearchQueryRequest: {
    type: 'object',
    properties: { page: { allOf: [{ $ref: '#/components/schemas/SearchQueryPageRequest' }] } },
    'x-properties-added-in-version': [{ propertyName: 'page', addedInVersion: '8.6' }],
  },
  SearchQueryResponse: {
    type: 'object',
    required: ['page'],
    properties: { page: { $ref: '#/components/schemas/SearchQueryPageResponse' } },
    'x-properties-added-in-version': [{ propertyName: 'page', addedInVersion: '8.6' }],
  },
  SortOrderEnum: { type: 'string', enum: ['ASC', 'DESC'], default: 'ASC' },
  StartCursor: {
    format: 'base64',
    type: 'string',
    'x-semantic-type': 'StartCursor',
    pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=)?$',
  },
  StringFilterProperty: { oneOf: [{ type: 'string', title: 'Exact match' }, { $ref: '#/components/schemas/AdvancedStringFilter' }] },
  Tag: {
    format: 'Tag',
    'x-semantic-type': 'Tag',
    type: 'string',
    minLength: 1,
    maxLength: 100,
    pattern: '^[A-Za-z][A-Za-z0-9_\\-:.]{0,99}$',
  },
  TagSet: { type: 'array', format: 'string<Tag>[]', items: { $ref: '#/components/schemas/Tag' }, uniqueItems: true, maxItems: 10 },
  TenantId: {
    format: 'TenantId',
    type: 'string',
    'x-semantic-type': 'TenantId',
    'x-semantic-client-minted': true,
    minLength: 1,
    maxLength: 31,
    pattern: '^(<default>|[\\w\\.\\-]{1,31})$',
  },
  TenantResult: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      tenantId: { allOf: [{ $ref: '#/components/schemas/TenantId' }] },
      description: { type: 'string', nullable: true },
    },
    required: ['description', 'name', 'tenantId'],
  },
  UserTaskAssignmentRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      assignee: { type: 'string', nullable: false },
      allowOverride: { type: 'boolean', nullable: true },
      action: { type: 'string', nullable: true },
    },
  },
  UserTaskCompletionRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { variables: { additionalProperties: true, type: 'object', nullable: true }, action: { type: 'string', nullable: true } },
  },
  UserTaskEffectiveVariableSearchQueryRequest: {
    additionalProperties: false,
    type: 'object',
    properties: {
      page: { allOf: [{ $ref: '#/components/schemas/OffsetPagination' }] },
      sort: { type: 'array', items: { $ref: '#/components/schemas/UserTaskVariableSearchQuerySortRequest' } },
      filter: { allOf: [{ $ref: '#/components/schemas/UserTaskVariableFilter' }] },
    },
    'x-properties-added-in-version': [
      { propertyName: 'page', addedInVersionOverride: '8.8' },
      { propertyName: 'sort', addedInVersionOverride: '8.8' },
      { propertyName: 'filter', addedInVersionOverride: '8.8' },
    ],
  },
  UserTaskFilter: {
    type: 'object',
    properties: {
      state: { allOf: [{ $ref: '#/components/schemas/UserTaskStateFilterProperty' }] },
      assignee: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] },
      businessId: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] },
      priority: { allOf: [{ $ref: '#/components/schemas/IntegerFilterProperty' }] },
      elementId: { allOf: [{ $ref: '#/components/schemas/ElementId' }] },
      name: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] },
      candidateGroup: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] },
      candidateUser: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] },
      tenantId: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] },
      processDefinitionId: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionIdFilterProperty' }] },
      creationDate: { allOf: [{ $ref: '#/components/schemas/DateTimeFilterProperty' }] },
      completionDate: { allOf: [{ $ref: '#/components/schemas/DateTimeFilterProperty' }] },
      followUpDate: { allOf: [{ $ref: '#/components/schemas/DateTimeFilterProperty' }] },
      dueDate: { allOf: [{ $ref: '#/components/schemas/DateTimeFilterProperty' }] },
      processInstanceVariables: { type: 'array', items: { $ref: '#/components/schemas/VariableValueFilterProperty' } },
      localVariables: { type: 'array', items: { $ref: '#/components/schemas/VariableValueFilterProperty' } },
      userTaskKey: { allOf: [{ $ref: '#/components/schemas/UserTaskKey' }] },
      processDefinitionKey: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionKeyFilterProperty' }] },
      processInstanceKey: { allOf: [{ $ref: '#/components/schemas/ProcessInstanceKeyFilterProperty' }] },
      elementInstanceKey: { allOf: [{ $ref: '#/components/schemas/ElementInstanceKey' }] },
      tags: { $ref: '#/components/schemas/TagSet' },
    },
    'x-properties-added-in-version': [
      { propertyName: 'priority', addedInVersion: '8.8' },
      { propertyName: 'name', addedInVersion: '8.8' },
      { propertyName: 'tenantId', addedInVersion: '8.8' },
      { propertyName: 'creationDate', addedInVersion: '8.8' },
      { propertyName: 'completionDate', addedInVersion: '8.8' },
      { propertyName: 'followUpDate', addedInVersion: '8.8' },
      { propertyName: 'dueDate', addedInVersion: '8.8' },
      { propertyName: 'processInstanceVariables', addedInVersion: '8.8' },
      { propertyName: 'localVariables', addedInVersion: '8.8' },
      { propertyName: 'userTaskKey', addedInVersion: '8.8' },
      { propertyName: 'elementInstanceKey', addedInVersion: '8.8' },
      { propertyName: 'tags', addedInVersion: '8.9' },
      { propertyName: 'businessId', addedInVersion: '8.10' },
    ],
  },
  UserTaskKey: {
    format: 'UserTaskKey',
    type: 'string',
    'x-semantic-type': 'UserTaskKey',
    allOf: [{ $ref: '#/components/schemas/LongKey' }],
  },
  UserTaskResult: {
    type: 'object',
    required: [
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
    ],
    properties: {
      name: { nullable: true, type: 'string' },
      state: { $ref: '#/components/schemas/UserTaskStateEnum' },
      assignee: { nullable: true, type: 'string' },
      elementId: { allOf: [{ $ref: '#/components/schemas/ElementId' }] },
      candidateGroups: { type: 'array', items: { type: 'string' } },
      candidateUsers: { type: 'array', items: { type: 'string' } },
      processDefinitionId: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionId' }] },
      creationDate: { type: 'string', format: 'date-time' },
      completionDate: { nullable: true, type: 'string', format: 'date-time' },
      followUpDate: { nullable: true, type: 'string', format: 'date-time' },
      dueDate: { nullable: true, type: 'string', format: 'date-time' },
      tenantId: { $ref: '#/components/schemas/TenantId' },
      externalFormReference: { nullable: true, type: 'string' },
      processDefinitionVersion: { type: 'integer', format: 'int32' },
      customHeaders: { type: 'object', additionalProperties: { type: 'string' } },
      priority: { type: 'integer', minimum: 0, maximum: 100, default: 50 },
      userTaskKey: { allOf: [{ $ref: '#/components/schemas/UserTaskKey' }] },
      elementInstanceKey: { allOf: [{ $ref: '#/components/schemas/ElementInstanceKey' }] },
      processName: { type: 'string', nullable: true },
      processDefinitionKey: { allOf: [{ $ref: '#/components/schemas/ProcessDefinitionKey' }] },
      processInstanceKey: { allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
      rootProcessInstanceKey: { nullable: true, allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
      businessId: { nullable: true, allOf: [{ $ref: '#/components/schemas/BusinessId' }] },
      formKey: { nullable: true, allOf: [{ $ref: '#/components/schemas/FormKey' }] },
      tags: { $ref: '#/components/schemas/TagSet' },
    },
    'x-properties-added-in-version': [
      { propertyName: 'name', addedInVersion: '8.8' },
      { propertyName: 'state', addedInVersion: '8.6' },
      { propertyName: 'assignee', addedInVersion: '8.6' },
      { propertyName: 'elementId', addedInVersion: '8.6' },
      { propertyName: 'candidateGroups', addedInVersion: '8.8' },
      { propertyName: 'candidateUsers', addedInVersion: '8.8' },
      { propertyName: 'processDefinitionId', addedInVersion: '8.6' },
      { propertyName: 'creationDate', addedInVersion: '8.6' },
      { propertyName: 'completionDate', addedInVersion: '8.6' },
      { propertyName: 'followUpDate', addedInVersion: '8.6' },
      { propertyName: 'dueDate', addedInVersion: '8.6' },
      { propertyName: 'tenantId', addedInVersion: '8.8' },
      { propertyName: 'externalFormReference', addedInVersion: '8.6' },
      { propertyName: 'processDefinitionVersion', addedInVersion: '8.6' },
      { propertyName: 'customHeaders', addedInVersion: '8.6' },
      { propertyName: 'priority', addedInVersion: '8.6' },
      { propertyName: 'userTaskKey', addedInVersion: '8.8' },
      { propertyName: 'elementInstanceKey', addedInVersion: '8.6' },
      { propertyName: 'processName', addedInVersion: '8.8' },
      { propertyName: 'processDefinitionKey', addedInVersion: '8.6' },
      { propertyName: 'processInstanceKey', addedInVersion: '8.6' },
      { propertyName: 'rootProcessInstanceKey', addedInVersion: '8.9' },
      { propertyName: 'businessId', addedInVersion: '8.10' },
      { propertyName: 'formKey', addedInVersion: '8.6' },
      { propertyName: 'tags', addedInVersion: '8.9' },
    ],
  },
  UserTaskSearchQuery: {
    additionalProperties: false,
    type: 'object',
    allOf: [{ $ref: '#/components/schemas/SearchQueryRequest' }],
    properties: {
      sort: { type: 'array', items: { $ref: '#/components/schemas/UserTaskSearchQuerySortRequest' } },
      filter: { allOf: [{ $ref: '#/components/schemas/UserTaskFilter' }] },
    },
  },
  UserTaskSearchQueryResult: {
    required: ['items'],
    type: 'object',
    allOf: [{ $ref: '#/components/schemas/SearchQueryResponse' }],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/UserTaskResult' } } },
  },
  UserTaskSearchQuerySortRequest: {
    type: 'object',
    properties: {
      field: { type: 'string', enum: ['creationDate', 'completionDate', 'followUpDate', 'dueDate', 'priority', 'name', 'businessId'] },
      order: { $ref: '#/components/schemas/SortOrderEnum' },
    },
    required: ['field'],
  },
  UserTaskStateEnum: {
    type: 'string',
    enum: ['CREATING', 'CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'COMPLETED', 'CANCELING', 'CANCELED', 'FAILED'],
  },
  UserTaskStateExactMatch: { type: 'string', title: 'Exact match', allOf: [{ $ref: '#/components/schemas/UserTaskStateEnum' }] },
  UserTaskStateFilterProperty: {
    oneOf: [{ $ref: '#/components/schemas/UserTaskStateExactMatch' }, { $ref: '#/components/schemas/AdvancedUserTaskStateFilter' }],
  },
  UserTaskUpdateRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { changeset: { $ref: '#/components/schemas/Changeset' }, action: { type: 'string', nullable: true } },
  },
  UserTaskVariableFilter: { type: 'object', properties: { name: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] } } },
  UserTaskVariableSearchQueryRequest: {
    allOf: [{ $ref: '#/components/schemas/SearchQueryRequest' }],
    additionalProperties: false,
    type: 'object',
    properties: {
      sort: { type: 'array', items: { $ref: '#/components/schemas/UserTaskVariableSearchQuerySortRequest' } },
      filter: { allOf: [{ $ref: '#/components/schemas/UserTaskVariableFilter' }] },
    },
  },
  UserTaskVariableSearchQuerySortRequest: {
    type: 'object',
    properties: {
      field: { type: 'string', enum: ['value', 'name', 'tenantId', 'variableKey', 'scopeKey', 'processInstanceKey'] },
      order: { $ref: '#/components/schemas/SortOrderEnum' },
    },
    required: ['field'],
  },
  Username: {
    format: 'Username',
    'x-semantic-type': 'Username',
    'x-semantic-client-minted': true,
    type: 'string',
    minLength: 1,
    maxLength: 256,
    pattern: '^[a-zA-Z0-9_~@.+-]+$',
  },
  VariableKey: {
    format: 'VariableKey',
    'x-semantic-type': 'VariableKey',
    type: 'string',
    allOf: [{ $ref: '#/components/schemas/LongKey' }],
  },
  VariableResultBase: {
    type: 'object',
    required: ['name', 'processInstanceKey', 'rootProcessInstanceKey', 'scopeKey', 'tenantId', 'variableKey'],
    properties: {
      name: { type: 'string' },
      tenantId: { allOf: [{ $ref: '#/components/schemas/TenantId' }] },
      variableKey: { allOf: [{ $ref: '#/components/schemas/VariableKey' }] },
      scopeKey: { allOf: [{ $ref: '#/components/schemas/ScopeKey' }] },
      processInstanceKey: { allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
      rootProcessInstanceKey: { nullable: true, allOf: [{ $ref: '#/components/schemas/ProcessInstanceKey' }] },
    },
    'x-properties-added-in-version': [{ propertyName: 'rootProcessInstanceKey', addedInVersion: '8.9' }],
  },
  VariableSearchQueryResult: {
    type: 'object',
    required: ['items'],
    allOf: [{ $ref: '#/components/schemas/SearchQueryResponse' }],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/VariableSearchResult' } } },
  },
  VariableSearchResult: {
    required: ['isTruncated', 'value'],
    type: 'object',
    allOf: [{ $ref: '#/components/schemas/VariableResultBase' }],
    properties: { value: { type: 'string' }, isTruncated: { type: 'boolean' } },
  },
  VariableValueFilterProperty: {
    type: 'object',
    properties: { name: { type: 'string' }, value: { allOf: [{ $ref: '#/components/schemas/StringFilterProperty' }] } },
    required: ['name', 'value'],
  },
};

const SECURITY_SCHEMES: Json = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    'x-enforcement': 'conditional',
    'x-enforcement-modes': { auth: ['secured'] },
  },
  basicAuth: { type: 'http', scheme: 'basic', 'x-enforcement': 'conditional', 'x-enforcement-modes': { auth: ['secured'] } },
};
/** Our words for each operation. */
const OPERATION_PROSE: Record<string, { summary: string; description: string }> = {
  searchUserTasks: {
    summary: 'Search user tasks',
    description:
      'User tasks matching `filter`, ordered by `sort`, one page at a time: `page.limit`, then `page.after` with the `endCursor` of the previous page (or `page.before` with its `startCursor`). Reads the search index, so a change just made may not show yet.',
  },
  getUserTask: { summary: 'Get user task', description: 'One user task by its key.' },
  updateUserTask: {
    summary: 'Update user task',
    description:
      'Changes due date, follow-up date, candidate users or groups, or priority of an active task. May answer 504 while blocking task listeners run.',
  },
  assignUserTask: {
    summary: 'Assign user task',
    description:
      'Assigns the task to `assignee`. With `allowOverride: false` a task that already has an assignee is not taken over (409), which makes claiming from a group queue race-free. May answer 504 while blocking task listeners run.',
  },
  unassignUserTask: {
    summary: 'Unassign user task',
    description: 'Removes the assignee of an active task. May answer 504 while blocking task listeners run.',
  },
  completeUserTask: {
    summary: 'Complete user task',
    description: 'Completes an active task, setting `variables` (any JSON values) on it. May answer 504 while blocking task listeners run.',
  },
  getUserTaskForm: {
    summary: 'Get user task form',
    description: 'The linked form of a task; 204 when the task has none (embedded forms are part of the process model).',
  },
  searchUserTaskVariables: {
    summary: 'Search user task variables',
    description: 'Variables set on the task itself. Long values are cut unless `truncateValues=false`.',
  },
  searchUserTaskEffectiveVariables: {
    summary: 'Search user task effective variables',
    description:
      'Every variable visible to the task, the innermost scope winning for a name. Long values are cut unless `truncateValues=false`.',
  },
  getAuthentication: { summary: 'Get current user', description: 'Who the request is authenticated as: username, groups, roles, tenants.' },
};

/** Our words for responses the published document describes inline. */
const STATUS_PROSE: Record<string, string> = {
  '200': 'The result.',
  '204': 'Done; no content.',
  '400': 'The request is not valid.',
  '401': 'The request carries no valid credentials.',
  '403': 'The caller may not do this.',
  '404': 'No user task has this key.',
  '409': 'The user task is not in a state that allows this (completed, canceled, or already assigned without `allowOverride`).',
  '500': 'The server failed.',
  '503': 'The server is shedding load (backpressure); retry after a pause.',
  '504': 'The gateway gave up waiting, typically for a blocking task listener.',
};

const RESPONSE_PROSE: Record<string, string> = {
  BadRequest: STATUS_PROSE['400'] as string,
  Unauthorized: STATUS_PROSE['401'] as string,
  Forbidden: STATUS_PROSE['403'] as string,
  InternalServerError: STATUS_PROSE['500'] as string,
  ServiceUnavailable: STATUS_PROSE['503'] as string,
  GatewayTimeout: STATUS_PROSE['504'] as string,
};

const PARAMETER_PROSE: Record<string, string> = {
  userTaskKey: 'The key of the user task.',
  truncateValues: 'When true (the default), long values are cut to a preview; false returns them whole.',
};

function withOperationProse(operation: Json): Json {
  const prose = OPERATION_PROSE[operation['operationId'] as string];
  const responses = Object.fromEntries(
    Object.entries(operation['responses'] as Record<string, Json>).map(([status, response]) =>
      response['$ref'] ? [status, response] : [status, { description: STATUS_PROSE[status] ?? 'A response.', ...response }],
    ),
  );
  const parameters = (operation['parameters'] as Json[] | undefined)?.map((p) => ({
    ...p,
    description: PARAMETER_PROSE[p['name'] as string],
  }));
  return { ...operation, ...prose, ...(parameters ? { parameters } : {}), responses };
}

/** The document as the emulator serves it; `serverVersion` is the Camunda release it claims to be. */
export function buildOrchestrationClusterDocument(options: { serverVersion: string }): Json {
  const paths = Object.fromEntries(
    Object.entries(PATHS).map(([p, methods]) => [
      p,
      Object.fromEntries(Object.entries(methods).map(([m, op]) => [m, withOperationProse(op)])),
    ]),
  );
  return structuredClone({
    openapi: '3.0.3',
    info: {
      title: ORCHESTRATION_CLUSTER_GROUP,
      version: '0.1',
      description: 'The user-task part of the Camunda 8 Orchestration Cluster API, as the Tasklist emulator serves it.',
      'x-camunda-version': options.serverVersion,
    },
    servers: [
      {
        url: '{schema}://{host}:{port}/v2',
        variables: {
          host: { default: 'localhost', description: 'Host of the cluster.' },
          port: { default: '8080', description: 'Port of the REST API.' },
          schema: { default: 'http', description: 'http or https.' },
        },
      },
    ],
    paths,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      responses: Object.fromEntries(Object.entries(RESPONSES).map(([name, r]) => [name, { description: RESPONSE_PROSE[name], ...r }])),
      schemas: SCHEMAS,
    },
  });
}
