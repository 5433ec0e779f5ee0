/**
 * Camunda's vendor extensions in the generated client: `x-added-in-version` (doc comment, and
 * `targetVersion` leaving later operations out), `x-eventually-consistent` (doc comment, and the
 * runtime's `waitUntilVisible` against the emulator with a lagging search index),
 * `x-required-permissions` (doc comment, and the hint of a 403).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_PRESETS } from '../../src/config/rest-presets.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { generateRest } from '../../src/generate/rest/index.js';
import { createTasklistClient, NotVisibleError, RestError, waitUntilVisible } from '../../src/runtime/node.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDocument = path.resolve(repoRoot, '../shared/fixtures/real/orchestration-cluster-openapi.json');
const haveReal = existsSync(realDocument);
if (!haveReal) console.warn(`vendor extension tests on Camunda's document skipped: ${realDocument} is missing`);

const functionsOf = (result: Awaited<ReturnType<typeof generateRest>>) => result.files.find((f) => f.path === 'rest/index.ts')!.contents;
const exported = (source: string) => [...source.matchAll(/^export (?:async )?function\*? ?(\w+)/gm)].map((m) => m[1]).sort();
/** The doc comment right above `export function <name>(`. */
const docOf = (source: string, name: string) => {
  const at = source.indexOf(`export function ${name}(`);
  return source.slice(source.lastIndexOf('/**', at), at);
};

describe.skipIf(!haveReal)("on Camunda's Orchestration Cluster document", () => {
  const generate = (extra: { targetVersion?: string; tags?: string[] } = {}) =>
    generateRest({
      documentFile: realDocument,
      cwd: repoRoot,
      runtimeImport: 'tasklist-codegen/runtime',
      select: extra.tags ? { tags: extra.tags } : { operationIds: [...REST_PRESETS['user-tasks'].operationIds] },
      ...(extra.targetVersion ? { targetVersion: extra.targetVersion } : {}),
    });

  it('doc comments say since when, whether eventually consistent, which permission', async () => {
    const source = functionsOf(await generate());
    expect(docOf(source, 'getUserTask')).toContain('Since Camunda 8.8.');
    expect(docOf(source, 'searchUserTasks')).toContain('Eventually consistent');
    expect(docOf(source, 'searchUserTasks')).toContain('Needs permission `PROCESS_DEFINITION:READ_USER_TASK or USER_TASK:READ`');
    expect(docOf(source, 'completeUserTask')).not.toContain('Eventually consistent');
    expect(source).toContain("permissions: 'PROCESS_DEFINITION:UPDATE_USER_TASK or USER_TASK:UPDATE'");
  }, 60_000);

  it('targetVersion leaves out operations added later, with a warning each', async () => {
    const all = await generate({ tags: ['User task'] });
    expect(exported(functionsOf(all))).toContain('searchUserTaskAuditLogs');
    const at88 = await generate({ tags: ['User task'], targetVersion: '8.8' });
    expect(exported(functionsOf(at88))).not.toContain('searchUserTaskAuditLogs');
    expect(exported(functionsOf(at88))).toContain('getUserTask');
    expect(at88.warnings.map((w) => w.message)).toContain(
      'searchUserTaskAuditLogs was added in Camunda 8.9, after targetVersion 8.8: left out',
    );
    const at87 = await generate({ targetVersion: '8.7' });
    expect(exported(functionsOf(at87))).toEqual([
      'assignUserTask',
      'completeUserTask',
      'paginateSearchUserTasks',
      'searchUserTasks',
      'unassignUserTask',
      'updateUserTask',
    ]);
    // 8.10 is after 8.9, not before it.
    expect(exported(functionsOf(await generate({ tags: ['User task'], targetVersion: '8.10' })))).toContain('searchUserTaskAuditLogs');
  }, 60_000);
});

describe('the generated client at run time', () => {
  let emulator: Emulator;
  let api: Record<string, any>;
  let outDir: string;
  let forbidding: Server;
  beforeAll(async () => {
    emulator = await startEmulator({ camunda: '8.10', searchIndexLagMs: 1500 });
    const document = await (await fetch(`${emulator.baseUrl}/v3/api-docs/Orchestration%20Cluster%20API`)).text();
    await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
    outDir = await mkdtemp(path.join(repoRoot, '.tmp', 'camunda-extensions-'));
    const result = await generateRest({
      documentFile: 'oc.json',
      cwd: outDir,
      runtimeImport: '../../../src/runtime/node.js',
      documentText: document,
    });
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(outDir, file.path)), { recursive: true });
      await writeFile(path.join(outDir, file.path), file.contents);
    }
    api = await import(path.join(outDir, 'rest/index.ts'));
    forbidding = createServer((req, res) => {
      res.writeHead(403, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'FORBIDDEN', status: 403, detail: 'no', instance: req.url }));
    });
    await new Promise<void>((resolve) => forbidding.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await emulator?.close();
    await new Promise((resolve) => forbidding?.close(resolve));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('waitUntilVisible: a search right after complete is stale; waiting sees the completion', async () => {
    const client = createTasklistClient({ env: emulator.env(), graphql: false, rest: { basePath: api['REST_BASE_PATH'] } }).rest;
    const [task] = (await api['searchUserTasks'](client, { body: { filter: { state: 'CREATED' }, page: { limit: 1 } } })).items;
    await api['completeUserTask'](client, { path: { userTaskKey: task.userTaskKey }, body: {} });
    const read = () => api['searchUserTasks'](client, { body: { filter: { userTaskKey: task.userTaskKey } } });
    expect((await read()).items[0].state).toBe('CREATED');
    const seen = await waitUntilVisible(read, (r: any) => r.items[0]?.state === 'COMPLETED', { intervalMs: 100, timeoutMs: 5000 });
    expect(seen.items[0].state).toBe('COMPLETED');
    await expect(waitUntilVisible(read, () => false, { intervalMs: 20, timeoutMs: 100 })).rejects.toBeInstanceOf(NotVisibleError);
  });

  it('a 403 names the permission the operation needs', async () => {
    const client = createTasklistClient({
      baseUrl: `http://127.0.0.1:${(forbidding.address() as AddressInfo).port}`,
      env: {},
      graphql: false,
      rest: { basePath: '/v2' },
    }).rest;
    const error = await api['searchUserTasks'](client, { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error.status).toBe(403);
    expect(error.hint).toContain('PROCESS_DEFINITION:READ_USER_TASK or USER_TASK:READ');
  });
});
