/** Which of the project's own operations a schema change touches, on Camunda's published documents. */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { graphqlImpact, restImpact } from '../../src/cli/impact.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { makeProject, realFixtures, removeProject } from './helpers.js';

const haveFixtures = existsSync(realFixtures);
if (!haveFixtures) console.warn(`impact.test.ts: skipped, the real Camunda documents are not at ${realFixtures}`);

describe.skipIf(!haveFixtures)('restImpact on Tasklist 8.5 → 8.7', () => {
  const load = (name: string) => parse(readFileSync(`${realFixtures}/${name}`, 'utf8')) as Record<string, unknown>;
  const v85 = haveFixtures ? load('tasklist-openapi-8.5.yaml') : {};
  const v87 = haveFixtures ? load('tasklist-openapi-8.7.yaml') : {};

  it('names the operations whose request or response changed (priority, new task state, …)', () => {
    const impacts = restImpact(v85, v87, undefined);
    const names = impacts.map((i) => i.operation);
    // 8.7 added `priority` to Task search request and response, and `FAILED` to the task state enum.
    expect(names).toContain('searchTasks (POST /v1/tasks/search)');
    expect(names).toContain('getTaskById (GET /v1/tasks/{taskId})');
    expect(impacts.every((i) => i.kind === 'changed' && i.side === 'rest')).toBe(true);
    // The form endpoint's shapes did not change between the two.
    expect(names).not.toContain('getForm (GET /v1/forms/{formId})');
  });

  it('is empty for the same document and honours select', () => {
    expect(restImpact(v87, v87, undefined)).toEqual([]);
    const selected = restImpact(v85, v87, { operationIds: ['getForm', 'searchTasks'] });
    expect(selected.map((i) => i.operation)).toEqual(['searchTasks (POST /v1/tasks/search)']);
  });

  it('reports an operation that vanished', () => {
    const without = structuredClone(v87) as { paths: Record<string, unknown> };
    delete without.paths['/v1/forms/{formId}'];
    expect(restImpact(v87, without, undefined)).toEqual([
      {
        side: 'rest',
        operation: 'getForm (GET /v1/forms/{formId})',
        kind: 'removed',
        message: 'The operation is gone from the document: its generated function will disappear.',
      },
    ]);
  });
});

describe('graphqlImpact', () => {
  const dir = makeProject({
    'operations/tasks.graphql': 'query GetTasks {\n  tasks {\n    id\n    priority\n  }\n}\n',
  });
  afterAll(() => removeProject(dir));
  const config = resolveConfig({ cwd: dir });
  const files = [`${dir}/operations/tasks.graphql`];

  it('is empty when the operations validate against the new schema', async () => {
    expect(await graphqlImpact(config, files, 'type Query { tasks: [Task!]! }\ntype Task { id: ID!, priority: Int }\n')).toEqual([]);
  });

  it('names the operation, file:line:column and the problem when a field is gone', async () => {
    expect(await graphqlImpact(config, files, 'type Query { tasks: [Task!]! }\ntype Task { id: ID! }\n')).toEqual([
      {
        side: 'graphql',
        operation: 'GetTasks',
        location: 'operations/tasks.graphql:4:5',
        kind: 'invalid',
        message: 'Cannot query field "priority" on type "Task".',
      },
    ]);
  });

  it('lists every operation file when the server has no GraphQL API any more', async () => {
    const impacts = await graphqlImpact(config, files, undefined);
    expect(impacts).toHaveLength(1);
    expect(impacts[0]).toMatchObject({ kind: 'removed', location: 'operations/tasks.graphql' });
  });
});

describe('graphqlImpact through fragments and enums', () => {
  const dir = makeProject({
    'operations/tasks.graphql': [
      'fragment Row on Task {\n  id\n  priority\n  state\n}\n',
      'query OpenTasks {\n  tasks {\n    ...Row\n  }\n}\n',
      'query OneTask {\n  task {\n    ...Row\n  }\n}\n',
      'query Ids {\n  tasks {\n    id\n  }\n}\n',
    ].join('\n'),
  });
  afterAll(() => removeProject(dir));
  const config = resolveConfig({ cwd: dir });
  const files = [`${dir}/operations/tasks.graphql`];
  const schema = (task: string, state = 'enum State { CREATED COMPLETED }') =>
    `type Query { tasks: [Task!]!, task: Task }\ntype Task { ${task} }\n${state}\n`;

  it('a field a fragment selects is gone: every operation spreading the fragment is named', async () => {
    const impacts = await graphqlImpact(config, files, schema('id: ID!, state: State'));
    expect(impacts.map((i) => [i.operation, i.location, i.kind])).toEqual([
      ['OpenTasks', 'operations/tasks.graphql:3:3', 'invalid'],
      ['OneTask', 'operations/tasks.graphql:3:3', 'invalid'],
    ]);
    expect(impacts[0]!.message).toBe('Cannot query field "priority" on type "Task". (in fragment Row)');
  });

  it('a new enum value (dangerous) names the operations that select the enum, through fragments too', async () => {
    const sdl = schema('id: ID!, priority: Int, state: State', 'enum State { CREATED COMPLETED FAILED }');
    const changes = [
      {
        level: 'dangerous' as const,
        kind: 'ENUM_VALUE_ADDED',
        path: 'State.FAILED',
        message: "Enum value 'FAILED' was added to enum 'State'",
      },
      { level: 'safe' as const, kind: 'FIELD_DESCRIPTION_CHANGED', path: 'Task.id', message: 'description changed' },
    ];
    const impacts = await graphqlImpact(config, files, sdl, changes);
    expect(impacts.map((i) => [i.operation, i.location, i.kind])).toEqual([
      ['OpenTasks', 'operations/tasks.graphql:7:7', 'changed'],
      ['OneTask', 'operations/tasks.graphql:13:7', 'changed'],
    ]);
    expect(impacts[0]!.message).toBe("Selects State (in fragment Row), which changed: Enum value 'FAILED' was added to enum 'State'");
  });
});
