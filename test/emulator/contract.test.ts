/**
 * Contract: the emulator against Camunda's published documents in ../shared/fixtures/real, so a
 * client generated from the emulator also works against a real cluster.
 * - GraphQL: no breaking or dangerous change in either direction between the published SDL and
 *   the emulator's schema (graphql's findBreakingChanges / findDangerousChanges), and the
 *   operations from Camunda's docs validate against the emulator.
 * - REST: the served document equals the published 8.7 one in everything but prose: paths,
 *   methods, operationIds, parameters, request bodies, responses, schema names, properties,
 *   types, formats, enums, defaults, security schemes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges, findDangerousChanges, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startEmulator, tasklistTypeDefs, type Emulator } from '../../src/emulator/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const haveReal = existsSync(realDir);
if (!haveReal) console.warn(`emulator contract tests skipped: ${realDir} (Camunda's published documents) is missing`);

/** Prose may differ (our own words); everything a generator reads must not. */
function withoutProse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== 'description' && k !== 'summary')
        .map(([k, v]) => [k, withoutProse(v)]),
    );
  }
  return value;
}

describe.skipIf(!haveReal)('GraphQL schema vs Camunda tasklist.graphqls', () => {
  const published = () => buildSchema(readFileSync(path.join(realDir, 'tasklist.graphqls'), 'utf8'));
  const ours = () => buildSchema(tasklistTypeDefs);

  it('breaks nothing a client of the published schema relies on', () => {
    const changes = [...findBreakingChanges(published(), ours()), ...findDangerousChanges(published(), ours())];
    expect(changes.map((c) => `${c.type}: ${c.description}`)).toEqual([]);
  });

  it('adds nothing the published schema lacks (clients generated here work there)', () => {
    const changes = [...findBreakingChanges(ours(), published()), ...findDangerousChanges(ours(), published())];
    expect(changes.map((c) => `${c.type}: ${c.description}`)).toEqual([]);
  });

  it('validates the operations from Camunda docs (tutorial GetTasks, claim/complete signatures)', () => {
    const tutorial = readFileSync(path.join(realDir, 'graphql-docs/tasklist-api-tutorial.md'), 'utf8');
    const getTasks = /const getTasksQuery = `([\s\S]*?)`;/.exec(tutorial)?.[1];
    expect(getTasks, 'the tutorial should contain the GetTasks query').toBeDefined();
    const documents = [
      getTasks!,
      'mutation Claim($id: String!, $a: String) { claimTask(taskId: $id, assignee: $a, allowOverrideAssignment: false) { id assignee } }',
      'mutation Complete($id: String!, $v: [VariableInput!]!) { completeTask(taskId: $id, variables: $v) { id taskState } }',
      'mutation Unclaim($id: String!) { unclaimTask(taskId: $id) { id } }',
      'query Vars($id: String!) { variables(taskId: $id, variableNames: ["a"]) { id name value previewValue isValueTruncated } variable(id: "x") { id } }',
      'query Misc { currentUser { userId displayName permissions roles salesPlanType c8Links { name link } } form(id: "f", processDefinitionId: "p") { id processDefinitionId schema } processes(search: "x") { id name processDefinitionId version } }',
      'mutation Proc { startProcess(processDefinitionId: "p") { id } deleteProcessInstance(processInstanceId: "1") }',
    ];
    for (const doc of documents) expect(validate(ours(), parse(doc)).map((e) => e.message)).toEqual([]);
  });
});

describe.skipIf(!haveReal)('REST document vs Camunda tasklist-openapi-8.7.yaml', () => {
  let e: Emulator;
  let served: Record<string, any>;
  let published: Record<string, any>;
  beforeAll(async () => {
    e = await startEmulator();
    served = (await (await fetch(`${e.baseUrl}/v3/api-docs/v1`)).json()) as Record<string, any>;
    published = parseYaml(readFileSync(path.join(realDir, 'tasklist-openapi-8.7.yaml'), 'utf8')) as Record<string, any>;
  });
  afterAll(() => e.close());

  it('has the same paths, methods and operationIds', () => {
    const ops = (doc: Record<string, any>) =>
      Object.entries(doc['paths'] as Record<string, Record<string, { operationId: string }>>)
        .flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${p} ${op.operationId}`))
        .sort();
    expect(ops(served)).toEqual(ops(published));
  });

  it('matches every operation in parameters, request body, responses and tags', () => {
    for (const [p, methods] of Object.entries(published['paths'] as Record<string, Record<string, unknown>>)) {
      for (const [m, op] of Object.entries(methods)) {
        expect(withoutProse(served['paths'][p][m]), `${m.toUpperCase()} ${p}`).toEqual(withoutProse(op));
      }
    }
  });

  it('matches every schema: names, properties, types, formats, enums, defaults', () => {
    const names = (doc: Record<string, any>) => Object.keys(doc['components']['schemas']).sort();
    expect(names(served)).toEqual(names(published));
    for (const name of names(published)) {
      expect(withoutProse(served['components']['schemas'][name]), name).toEqual(withoutProse(published['components']['schemas'][name]));
      // Property order matters for generated code that is diffed byte for byte.
      expect(Object.keys(served['components']['schemas'][name].properties ?? {}), name).toEqual(
        Object.keys(published['components']['schemas'][name].properties ?? {}),
      );
    }
  });

  it('matches security, servers and the OpenAPI version; differs only in prose and x-camunda-version', () => {
    expect(served['openapi']).toBe(published['openapi']);
    expect(withoutProse(served['components']['securitySchemes'])).toEqual(withoutProse(published['components']['securitySchemes']));
    expect(served['security']).toEqual(published['security']);
    expect(withoutProse(served['servers'])).toEqual(withoutProse(published['servers']));
    expect(withoutProse(served['tags'])).toEqual(withoutProse(published['tags']));
    const { 'x-camunda-version': serverVersion, ...info } = served['info'];
    expect(serverVersion).toBe('8.7.0');
    expect(withoutProse(info)).toEqual(withoutProse(published['info']));
  });

  it('REST responses carry exactly the properties their schema declares', async () => {
    const props = (schema: string) => Object.keys(published['components']['schemas'][schema].properties).sort();
    const post = async (p: string, body: unknown) =>
      (
        await fetch(`${e.baseUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      ).json() as Promise<any>;
    const [task] = await post('/v1/tasks/search', { pageSize: 1, includeVariables: [{ name: 'applicant' }] });
    expect(Object.keys(task).sort()).toEqual(props('TaskSearchResponse'));
    const single = (await (await fetch(`${e.baseUrl}/v1/tasks/${task.id}`)).json()) as Record<string, unknown>;
    expect(Object.keys(single).sort()).toEqual(props('TaskResponse'));
    const [variable] = await post(`/v1/tasks/${task.id}/variables/search`, {});
    expect(Object.keys(variable).sort()).toEqual(props('VariableSearchResponse'));
    const full = (await (await fetch(`${e.baseUrl}/v1/variables/${variable.id}`)).json()) as Record<string, unknown>;
    expect(Object.keys(full).sort()).toEqual(props('VariableResponse'));
    const formTask = e.store.allTasks().find((t) => t.formId)!;
    const form = (await (
      await fetch(`${e.baseUrl}/v1/forms/${formTask.formId}?processDefinitionKey=${formTask.processDefinitionKey}`)
    ).json()) as Record<string, unknown>;
    expect(Object.keys(form).sort()).toEqual(props('FormResponse'));
    const problem = (await (await fetch(`${e.baseUrl}/v1/tasks/0`)).json()) as Record<string, unknown>;
    expect(Object.keys(problem).sort()).toEqual(props('Error'));
  });
});
