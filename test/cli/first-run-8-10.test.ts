/**
 * The first run against Camunda 8.10 (v2 only: no GraphQL, /v1 gone), end to end through the CLI
 * against the emulator: `init` asks the server and scaffolds the user-task client (no sample
 * GraphQL operation), `fetch` and `generate` work first time, and an app built on the generated
 * functions searches, claims (race-free) and completes a task. Also: `init --api`, and what init
 * picks on 8.5 and 8.7 servers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type CamundaVersion } from '../../src/emulator/index.js';
import { createTasklistClient } from '../../src/runtime/node.js';
import { makeProject, readText, removeProject, run, writeFile } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});
function project(files: Record<string, string> = {}): string {
  const dir = makeProject(files);
  dirs.push(dir);
  return dir;
}

/**
 * init's codegen.ts imports `tasklist-codegen/config` and generates against
 * `tasklist-codegen/runtime`, which resolve only in a real install (pack.test.ts covers that);
 * here both point at this repo's sources, the rest of the starter stays as init wrote it.
 */
function useRepoSources(dir: string): void {
  const config = readText(dir, 'codegen.ts')
    .replace("'tasklist-codegen/config'", JSON.stringify(path.join(repoRoot, 'src/config/index.ts')))
    .replace(
      "schemasDir: 'schemas',",
      `runtimeImport: ${JSON.stringify(path.join(repoRoot, 'src/runtime/index.ts'))},\n  schemasDir: 'schemas',`,
    );
  writeFile(dir, 'codegen.ts', config);
}

describe('first run against Camunda 8.10', () => {
  it('init asks the server, then fetch → generate → an app that searches, claims and completes', async () => {
    const emulator = await startEmulator({ camunda: '8.10', auth: 'basic' });
    try {
      const env = emulator.env();
      const dir = project();
      const init = await run(['init', '--base-url', emulator.baseUrl], { cwd: dir, env });
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      expect(init.stdout).toContain('Orchestration Cluster API');
      expect(readText(dir, 'codegen.ts')).toContain("rest: { preset: 'user-tasks' }");
      expect(readText(dir, 'codegen.ts')).toContain('graphql: false');
      expect(existsSync(path.join(dir, 'operations/tasks.graphql'))).toBe(false);
      expect(readText(dir, '.env.example')).toContain('CAMUNDA_REST_ADDRESS=');

      useRepoSources(dir);
      const fetched = await run(['fetch'], { cwd: dir, env });
      expect(fetched.stderr).toBe('');
      expect(fetched.code).toBe(0);
      const generated = await run(['generate'], { cwd: dir, env });
      expect(generated.stderr).toBe('');
      expect(generated.code).toBe(0);

      // The app: the generated functions over the toolkit's client, signed in from the environment.
      writeFile(
        dir,
        'app.ts',
        `
import { createTasklistClient, whoAmI, waitUntilVisible } from ${JSON.stringify(path.join(repoRoot, 'src/runtime/node.ts'))};
import { REST_BASE_PATH, assignUserTask, completeUserTask, getUserTask, paginateSearchUserTasks } from './generated/rest/index.js';
import type { paths } from './generated/rest/schema.js';

export async function claimAndCompleteOne(env: Record<string, string>): Promise<string | undefined> {
  const tasklist = createTasklistClient<paths>({ env, graphql: false, rest: { basePath: REST_BASE_PATH } });
  const me = await whoAmI(tasklist);
  for await (const task of paginateSearchUserTasks(tasklist.rest, { filter: { state: 'CREATED', assignee: { $exists: false } } }, { pageSize: 2 })) {
    try {
      await assignUserTask(tasklist.rest, { path: { userTaskKey: task.userTaskKey }, body: { assignee: me.username, allowOverride: false } });
    } catch {
      continue; // somebody else was first
    }
    await completeUserTask(tasklist.rest, { path: { userTaskKey: task.userTaskKey }, body: { variables: { approved: true } } });
    await waitUntilVisible(() => getUserTask(tasklist.rest, { path: { userTaskKey: task.userTaskKey } }), (t) => t.state === 'COMPLETED');
    return task.userTaskKey;
  }
  return undefined;
}
`,
      );
      const app = (await import(path.join(dir, 'app.ts'))) as {
        claimAndCompleteOne(env: Record<string, string>): Promise<string | undefined>;
      };
      // Someone else claims the first open task meanwhile: the app must move on to the next one.
      const open = emulator.store.allUserTasks().filter((t) => t.taskState === 'CREATED' && t.assignee === null);
      const tasklist = createTasklistClient({ env, graphql: false });
      const r = await tasklist.fetch(`${emulator.baseUrl}/v2/user-tasks/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter: { state: 'CREATED', assignee: { $exists: false } }, page: { limit: 1 } }),
      });
      const first = ((await r.json()) as { items: Array<{ userTaskKey: string }> }).items[0]!.userTaskKey;
      emulator.store.assignUserTask(first, 'john');
      const done = await app.claimAndCompleteOne(env);
      expect(done).toBeDefined();
      expect(done).not.toBe(first);
      expect(open.map((t) => t.id)).toContain(done);
      expect(emulator.store.getTask(done!)).toMatchObject({ taskState: 'COMPLETED', assignee: 'demo' });
      expect(emulator.store.taskVariables(done!, ['approved'])[0]!.value).toBe('true');
      expect(emulator.requestCount(/^\/v1\//)).toBe(0);
      expect(emulator.requestCount('/graphql')).toBe(0);
    } finally {
      await emulator.close();
    }
  }, 180_000);
});

describe('init picks the set-up', () => {
  for (const [camunda, api] of [
    ['8.5', 'graphql'],
    ['8.7', 'v1'],
    ['8.8', 'v2'],
  ] as Array<[CamundaVersion, string]>) {
    it(`${camunda} server → ${api}`, async () => {
      const emulator = await startEmulator({ camunda });
      try {
        const dir = project();
        const result = await run(['init', '--json'], { cwd: dir, env: { CAMUNDA_TASKLIST_BASE_URL: emulator.baseUrl } });
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`"api": "${api}"`);
        expect(existsSync(path.join(dir, 'operations/tasks.graphql'))).toBe(api === 'graphql');
      } finally {
        await emulator.close();
      }
    });
  }

  it('a server that wants a sign-in before /graphql: init says it could not tell and keeps the GraphQL + v1 set-up', async () => {
    const emulator = await startEmulator({ camunda: '8.5', auth: 'cookie' });
    try {
      const dir = project();
      const result = await run(['init'], { cwd: dir, env: { CAMUNDA_TASKLIST_BASE_URL: emulator.baseUrl } });
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).toContain(`could not tell which API ${emulator.baseUrl} speaks; set up for GraphQL + REST v1`);
      expect(existsSync(path.join(dir, 'operations/tasks.graphql'))).toBe(true);
      expect(readText(dir, 'codegen.ts')).not.toContain("preset: 'user-tasks'");
    } finally {
      await emulator.close();
    }
  });

  it('--api decides without asking; a wrong value is a usage error; no server known keeps the old set-up', async () => {
    const v2 = project();
    expect((await run(['init', '--api', 'v2'], { cwd: v2, env: {} })).code).toBe(0);
    expect(readText(v2, 'codegen.ts')).toContain("preset: 'user-tasks'");
    const wrong = await run(['init', '--api', 'v3'], { cwd: project(), env: {} });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("--api must be one of graphql, v1, v2 (got 'v3')");
    const plain = project();
    expect((await run(['init'], { cwd: plain, env: {} })).code).toBe(0);
    expect(existsSync(path.join(plain, 'operations/tasks.graphql'))).toBe(true);
  });
});
