/**
 * End to end: the emulator's GraphQL schema + the shipped operations → generated functions →
 * calls through the auth transport against the running emulator (127.0.0.1, port 0).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { generateGraphQL } from '../../src/generate/graphql/index.js';
import { HttpError } from '../../src/runtime/errors.js';
import { type GraphQLClient, GraphQLResponseError, requestGraphQL } from '../../src/runtime/graphql.js';
import { createTransport } from '../../src/runtime/transport.js';
import { emulatorSdl, makeProject, removeProject, repoRoot, shippedOperations } from './helpers.js';

/** The generated module, imported as a consumer would (typed by the committed copy, which has the same API). */
type Generated = typeof import('../../generated/graphql/index.js');

let dir = '';
let api: Generated;
const emulators: Emulator[] = [];

beforeAll(async () => {
  dir = await makeProject({ 'schemas/tasklist.graphql': emulatorSdl, ...(await shippedOperations()) }, path.join(repoRoot, '.tmp'));
  const result = await generateGraphQL({
    schemaFile: 'schemas/tasklist.graphql',
    operations: 'operations/**/*.graphql',
    cwd: dir,
    runtimeImport: path.relative(path.join(dir, 'graphql'), path.join(repoRoot, 'src/runtime/graphql.js')).split(path.sep).join('/'),
  });
  for (const file of result.files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.contents);
  }
  api = (await import(pathToFileURL(path.join(dir, 'graphql/index.ts')).href)) as Generated;
});

afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.close()));
  if (dir) await removeProject(dir);
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const started = await startEmulator(options);
  emulators.push(started);
  return started;
}

function clientFor(emu: Emulator): GraphQLClient {
  const transport = createTransport({ baseUrl: emu.baseUrl, auth: resolveAuthConfig(emu.env()), retry: false });
  return { endpoint: emu.graphqlUrl, fetch: transport };
}

describe('generated GraphQL functions against the emulator', () => {
  let emu: Emulator;
  let client: GraphQLClient;
  beforeAll(async () => {
    emu = await emulator({ auth: 'none' });
    client = clientFor(emu);
  });

  it('current user, processes, and a filtered page of tasks', async () => {
    const { currentUser } = await api.getCurrentUser(client);
    expect(currentUser.userId).toBe('demo');
    const { processes } = await api.getProcesses(client);
    expect(processes.map((process) => process.name)).toContain('Loan Approval');
    const { processes: found } = await api.getProcesses(client, { search: 'Loan' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(processes.length);

    const { tasks } = await api.getTasks(client, { query: { state: 'CREATED', pageSize: 4 } });
    expect(tasks).toHaveLength(4);
    for (const task of tasks) {
      expect(task.taskState).toBe('CREATED');
      expect(task.sortValues?.length).toBeGreaterThan(0);
    }
    const group = tasks.flatMap((task) => task.candidateGroups ?? [])[0];
    if (group) {
      const { tasks: inGroup } = await api.getTasks(client, { query: { candidateGroup: group, pageSize: 100 } });
      expect(inGroup.length).toBeGreaterThan(0);
      expect(inGroup.every((task) => task.candidateGroups?.includes(group))).toBe(true);
    }
  });

  it('pages through every task with paginateGetTasks, the same tasks in the same order as one big page', async () => {
    const { tasks: everything } = await api.getTasks(client, { query: { pageSize: 1000 } });
    expect(everything.length).toBeGreaterThan(7);
    const before = emu.requestCount('/graphql');
    const paged: string[] = [];
    for await (const task of api.paginateGetTasks(client, { query: {} }, { pageSize: 7 })) paged.push(task.id);
    expect(paged).toEqual(everything.map((task) => task.id));
    expect(emu.requestCount('/graphql') - before).toBe(Math.floor(everything.length / 7) + 1);
  });

  it('one task with its variables and form, claim, unclaim, complete with variables', async () => {
    const { tasks } = await api.getTasks(client, { query: { state: 'CREATED', assigned: false, pageSize: 100 } });
    const withForm = tasks.find((task) => task.formKey && task.processDefinitionId);
    expect(withForm, 'the emulator seeds unassigned tasks with forms').toBeDefined();
    const id = withForm?.id ?? '';

    const { task } = await api.getTask(client, { id });
    expect(task.id).toBe(id);
    expect(task.variables?.length).toBeGreaterThan(0);
    const names = (task.variables ?? []).map((variable) => variable.name);
    const { variables } = await api.getTaskVariables(client, { taskId: id, variableNames: names.slice(0, 1) });
    expect(variables.map((variable) => variable.name)).toEqual(names.slice(0, 1));

    const formId = (task.formKey ?? '').replace(/^camunda-forms:bpmn:/, '');
    const { form } = await api.getForm(client, { id: formId, processDefinitionId: task.processDefinitionId ?? '' });
    expect(form?.id).toBe(formId);
    expect(JSON.parse(form?.schema ?? '{}')).toHaveProperty('components');

    const claimed = await api.claimTask(client, { taskId: id, assignee: 'demo' });
    expect(claimed.claimTask.assignee).toBe('demo');
    const unclaimed = await api.unclaimTask(client, { taskId: id });
    expect(unclaimed.unclaimTask.assignee).toBeNull();
    await api.claimTask(client, { taskId: id, assignee: 'demo' });
    const completed = await api.completeTask(client, {
      taskId: id,
      variables: [
        { name: 'approved', value: 'true' },
        { name: 'comment', value: JSON.stringify('looks good') },
      ],
    });
    expect(completed.completeTask.taskState).toBe('COMPLETED');
    expect(completed.completeTask.completionTime).toEqual(expect.any(String));
    const { task: after } = await api.getTask(client, { id });
    expect(after.variables?.find((variable) => variable.name === 'comment')?.value).toBe('"looks good"');
  });

  it('starts a process', async () => {
    const { processes } = await api.getProcesses(client);
    const { startProcess } = await api.startProcess(client, { processDefinitionId: processes[0]?.processDefinitionId ?? '' });
    expect(startProcess.id).toMatch(/^\d+$/);
  });

  it('a GraphQL error (unknown task) is a GraphQLResponseError with message and path', async () => {
    const error = await api.getTask(client, { id: '404404' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    const gqlError = error as GraphQLResponseError;
    expect(gqlError.paths).toEqual([['task']]);
    expect(gqlError.messages[0]).toMatch(/404404/);
  });

  it("the shipped operations validate against the emulator's live (introspected) schema and type the same", async () => {
    // What a fetch of the emulator writes to schemas/: introspection → SDL.
    const { buildClientSchema, getIntrospectionQuery, printSchema } = await import('graphql');
    const introspection = await requestGraphQL<Parameters<typeof buildClientSchema>[0], undefined>(client, getIntrospectionQuery());
    const liveSdl = printSchema(buildClientSchema(introspection));
    const operations = await shippedOperations();
    const fromLive = await makeProject({ 'schemas/tasklist.graphql': liveSdl, ...operations }, path.join(repoRoot, '.tmp'));
    try {
      const live = await generateGraphQL({
        schemaFile: 'schemas/tasklist.graphql',
        operations: 'operations/**/*.graphql',
        cwd: fromLive,
        runtimeImport: 'x',
      });
      const typeDefs = await generateGraphQL({
        schemaFile: 'schemas/tasklist.graphql',
        operations: 'operations/**/*.graphql',
        cwd: dir,
        runtimeImport: 'x',
      });
      const pick = (result: typeof live, file: string) => result.files.find((each) => each.path === file)?.contents;
      expect(pick(live, 'graphql/operations.ts')).toBe(pick(typeDefs, 'graphql/operations.ts'));
      expect(pick(live, 'graphql/index.ts')).toBe(pick(typeDefs, 'graphql/index.ts'));
    } finally {
      await removeProject(fromLive);
    }
  });

  it('per-call signal aborts the call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(api.getCurrentUser(client, {}, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('through the other sign-ins and servers', () => {
  it('OAuth client credentials: the token is fetched and the calls work; a JWT caller claims for a named assignee', async () => {
    const emu = await emulator({ auth: 'oidc' });
    const client = clientFor(emu);
    const { currentUser } = await api.getCurrentUser(client);
    expect(currentUser.userId).toBeTruthy();
    const { tasks } = await api.getTasks(client, { query: { state: 'CREATED', assigned: false, pageSize: 1 } });
    const claimed = await api.claimTask(client, { taskId: tasks[0]?.id ?? '', assignee: 'john' });
    expect(claimed.claimTask.assignee).toBe('john');
  });

  it('cookie session: mutations go through (CSRF handled by the transport)', async () => {
    const emu = await emulator({ auth: 'cookie' });
    const client = clientFor(emu);
    const { tasks } = await api.getTasks(client, { query: { state: 'CREATED', assigned: false, pageSize: 1 } });
    const claimed = await api.claimTask(client, { taskId: tasks[0]?.id ?? '' });
    expect(claimed.claimTask.assignee).toBe('demo');
  });

  it('a server without GraphQL (8.8): HttpError with status 404 and the body', async () => {
    const emu = await emulator({ auth: 'none', graphql: false });
    const error = await api.getCurrentUser(clientFor(emu)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(404);
  });

  it('wrong credentials: an HTTP 401 keeps its status', async () => {
    const emu = await emulator({ auth: 'basic' });
    const transport = createTransport({
      baseUrl: emu.baseUrl,
      auth: { strategy: 'BASIC', username: 'demo', password: 'wrong' },
      retry: false,
    });
    const error = await api.getCurrentUser({ endpoint: emu.graphqlUrl, fetch: transport }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect(String((error as Error).message)).not.toContain('wrong');
  });
});
