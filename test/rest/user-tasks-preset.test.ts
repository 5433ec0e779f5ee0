/**
 * `rest: { preset: 'user-tasks' }`: the Orchestration Cluster API's user-task surface in one word.
 * On Camunda's full document it selects exactly the user-task endpoints and `getAuthentication`,
 * each search with its paging helper; against the emulator in 8.8 mode (which serves Tasklist v1
 * as well) it makes fetch take the Orchestration Cluster document; an unknown preset is a config
 * error naming the choices.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REST_PRESETS } from '../../src/config/rest-presets.js';
import { startEmulator } from '../../src/emulator/index.js';
import { generateRest } from '../../src/generate/rest/index.js';
import { makeProject, removeProject, run } from '../cli/helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDocument = path.resolve(repoRoot, '../shared/fixtures/real/orchestration-cluster-openapi.json');
const haveReal = existsSync(realDocument);
if (!haveReal) console.warn(`user-tasks preset on Camunda's document skipped: ${realDocument} is missing`);

const exported = (source: string) => [...source.matchAll(/^export (?:async )?function\*? ?(\w+)/gm)].map((m) => m[1]).sort();

const USER_TASK_FUNCTIONS = [
  'assignUserTask',
  'completeUserTask',
  'getAuthentication',
  'getUserTask',
  'getUserTaskForm',
  'paginateSearchUserTaskVariables',
  'paginateSearchUserTasks',
  'searchUserTaskEffectiveVariables',
  'searchUserTaskVariables',
  'searchUserTasks',
  'unassignUserTask',
  'updateUserTask',
];

describe('the user-tasks preset', () => {
  it.skipIf(!haveReal)(
    "selects the user-task surface of Camunda's 241-operation document, paging helpers included",
    async () => {
      const result = await generateRest({
        documentFile: realDocument,
        cwd: repoRoot,
        runtimeImport: 'tasklist-codegen/runtime',
        select: { operationIds: [...REST_PRESETS['user-tasks'].operationIds] },
      });
      expect(exported(result.files.find((f) => f.path === 'rest/index.ts')!.contents)).toEqual(USER_TASK_FUNCTIONS);
    },
    60_000,
  );

  it('fetch + generate against the 8.8 emulator: the Orchestration Cluster document, not Tasklist v1', async () => {
    const emulator = await startEmulator({ camunda: '8.8', auth: 'basic' });
    const project = makeProject({ 'codegen.ts': "export const tasklist = { graphql: false, rest: { preset: 'user-tasks' } };\n" });
    try {
      const env = emulator.env();
      const fetched = await run(['fetch'], { cwd: project, env });
      expect(fetched.stderr).toBe('');
      expect(fetched.code).toBe(0);
      const document = JSON.parse(await readFile(path.join(project, 'schemas/tasklist.openapi.json'), 'utf8')) as {
        info: { title: string };
      };
      expect(document.info.title).toBe('Orchestration Cluster API');
      const generated = await run(['generate'], { cwd: project, env });
      expect(generated.code).toBe(0);
      expect(exported(await readFile(path.join(project, 'generated/rest/index.ts'), 'utf8'))).toEqual(USER_TASK_FUNCTIONS);
    } finally {
      removeProject(project);
      await emulator.close();
    }
  }, 120_000);

  it('an unknown preset is a config error that lists the presets', async () => {
    const project = makeProject({ 'codegen.ts': "export const tasklist = { graphql: false, rest: { preset: 'tasks' } };\n" });
    try {
      const result = await run(['generate'], { cwd: project });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('tasklist.rest.preset');
      expect(result.stderr).toContain('user-tasks');
      expect(result.stderr).not.toMatch(/bug in tasklist-codegen/i);
    } finally {
      removeProject(project);
    }
  }, 60_000);
});
