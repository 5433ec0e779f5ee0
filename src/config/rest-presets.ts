/**
 * Named parts of a large REST document, so a config can say what it wants in one word instead of
 * knowing tags and operationIds: `rest: { preset: 'user-tasks' }` on Camunda's Orchestration
 * Cluster API (8.8+) is what a task UI or bot needs.
 */

export interface RestPreset {
  /** The operations it selects. */
  operationIds: readonly string[];
  /** Where a server serves the document these operations are in (springdoc group), unless the config says. */
  documentUrl: string;
}

export const REST_PRESETS = {
  /** The Orchestration Cluster API's user-task endpoints and `GET /v2/authentication/me` (who am I, for self-assignment). */
  'user-tasks': {
    operationIds: [
      'searchUserTasks',
      'getUserTask',
      'updateUserTask',
      'assignUserTask',
      'unassignUserTask',
      'completeUserTask',
      'getUserTaskForm',
      'searchUserTaskVariables',
      'searchUserTaskEffectiveVariables',
      'getAuthentication',
    ],
    documentUrl: '/v3/api-docs/Orchestration Cluster API',
  },
} as const satisfies Record<string, RestPreset>;

export type RestPresetName = keyof typeof REST_PRESETS;

export const REST_PRESET_NAMES = Object.keys(REST_PRESETS) as RestPresetName[];
