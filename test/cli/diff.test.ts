/** `diff <old> <new>` on Camunda's published documents and small SDL files. */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, realFixtures, removeProject, run } from './helpers.js';

const haveFixtures = existsSync(realFixtures);
if (!haveFixtures) console.warn(`diff.test.ts: the OpenAPI cases are skipped, the real Camunda documents are not at ${realFixtures}`);

describe('diff', () => {
  const dir = makeProject({
    'old.graphql': 'type Query { tasks: [Task!]! }\ntype Task { id: ID!, name: String }\n',
    'same.graphql': 'type Task { name: String, id: ID! }\ntype Query { tasks: [Task!]! }\n',
    'added.graphql': 'type Query { tasks: [Task!]! }\ntype Task { id: ID!, name: String, priority: Int }\n',
    'removed.graphql': 'type Query { tasks: [Task!]! }\ntype Task { id: ID! }\n',
    'broken.graphql': 'type Query {\n  tasks: [Task!]!\n',
  });
  afterAll(() => removeProject(dir));

  it('exits 0 for the same schema in another order', async () => {
    const result = await run(['diff', 'old.graphql', 'same.graphql'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no changes');
  });

  it('exits 3 for an addition and 4 for a removal', async () => {
    const added = await run(['diff', 'old.graphql', 'added.graphql'], { cwd: dir });
    expect(added.code).toBe(3);
    expect(added.stdout).toContain('Task.priority');
    const removed = await run(['diff', 'old.graphql', 'removed.graphql', '--json'], { cwd: dir });
    expect(removed.code).toBe(4);
    const json = JSON.parse(removed.stdout);
    expect(json.kind).toBe('graphql');
    expect(json.changes).toContainEqual(expect.objectContaining({ level: 'breaking', path: 'Task.name' }));
  });

  it('a syntax error names file:line:column and exits 1', async () => {
    const result = await run(['diff', 'old.graphql', 'broken.graphql'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.graphql:3:1/);
  });

  it('a missing file and mixed kinds are user errors', async () => {
    expect((await run(['diff', 'old.graphql', 'nope.graphql'], { cwd: dir })).stderr).toBe(
      'error Cannot read nope.graphql: no such file\n',
    );
    const mixed = await run(['diff', 'old.graphql', `${realFixtures}/tasklist-openapi-8.7.yaml`], { cwd: dir });
    expect(mixed.code).toBe(1);
  });

  it.skipIf(!haveFixtures)('Tasklist 8.5 → 8.7 as Markdown', async () => {
    const result = await run(
      ['diff', `${realFixtures}/tasklist-openapi-8.5.yaml`, `${realFixtures}/tasklist-openapi-8.7.yaml`, '--format', 'markdown'],
      { cwd: dir },
    );
    expect([3, 4]).toContain(result.code);
    expect(result.stdout).toContain('#### Dangerous');
    expect(result.stdout).toContain('Enum value "FAILED" was added');
    expect(result.stdout).toContain('priority');
  });
});
