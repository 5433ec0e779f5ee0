/**
 * "Nothing lost" with the real commands (issue 9): `fetch` and `generate` run as processes and are
 * killed with SIGKILL at several moments, some at fixed delays and some the instant their temp
 * artifacts appear (so kills land inside the write phase, not only before it). Then:
 *
 * 1. right after the kill, every file under `schemas/` and `generated/` is byte-equal to the old
 *    or the new version (rename is atomic: no half-written file), and no temp file sits where a
 *    reader would take it for a schema;
 * 2. after the recovery step the next run begins with (`recoverFileSet` for `schemas/`, which
 *    `fetch` runs first; `recoverDirectory` for `generated/`, which `generate` runs first), each
 *    folder is as a whole either all-old or all-new;
 * 3. the next command then succeeds (no stale lock, no journal left in the way).
 *
 * Between a kill and that next run, `generated/` may briefly be absent (killed between moving the
 * old tree aside and the new one in) and `schemas/` may mix old and new files: the README says so.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverDirectory, recoverFileSet } from '../../src/util/atomic-write.js';
import { makeProject, removeProject, repoRoot, run, snapshotTree, writeFile } from '../cli/helpers.js';

const SDL_OLD = 'type Query {\n  task(id: String!): Task!\n}\n\ntype Task {\n  id: ID!\n  name: String!\n}\n';
const SDL_NEW = SDL_OLD.replace('name: String!\n', 'name: String!\n  assignee: String\n');
const openApi = (extra: boolean) =>
  JSON.stringify(
    {
      openapi: '3.0.1',
      info: { title: 'Tasklist API', version: extra ? '8.7.1' : '8.7.0' },
      paths: {
        '/v1/tasks/{taskId}': {
          get: {
            operationId: 'getTaskById',
            parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/TaskResponse' } } } },
            },
          },
        },
      },
      components: {
        schemas: {
          TaskResponse: {
            type: 'object',
            properties: { id: { type: 'string' }, name: { type: 'string' }, ...(extra ? { assignee: { type: 'string' } } : {}) },
          },
        },
      },
    },
    null,
    2,
  );

const INPUTS = {
  'inputs/old.graphql': SDL_OLD,
  'inputs/new.graphql': SDL_NEW,
  'inputs/old.openapi.json': openApi(false),
  'inputs/new.openapi.json': openApi(true),
  'operations/task.graphql': 'query GetTask($id: String!) {\n  task(id: $id) {\n    id\n    name\n  }\n}\n',
};
const fetchArgs = (which: 'old' | 'new') => [
  'fetch',
  '--from-graphql',
  `inputs/${which}.graphql`,
  '--from-rest',
  `inputs/${which}.openapi.json`,
];

type Tree = Record<string, string>;

/**
 * Schema metadata records when and from where a fetch ran; two fetches of the same input differ
 * there and only there. A torn metadata file would not parse, and fails here.
 */
function schemaTree(dir: string): Tree {
  const tree = snapshotTree(dir);
  for (const [file, contents] of Object.entries(tree)) {
    if (!file.endsWith('.meta.json')) continue;
    const { fetchedAt: _at, sourceUrl: _from, ...rest } = JSON.parse(contents) as Record<string, unknown>;
    tree[file] = JSON.stringify(rest);
  }
  return tree;
}

/** A killable CLI process; `killWhen` decides the moment. */
function runAndKill(
  cwd: string,
  argv: string[],
  killWhen: { afterMs: number } | { onArtifact: RegExp; watchDirs: string[] },
): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    // The project is a temp folder: tsx has to be named by path, not resolved from there.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'src/cli/main.ts'), ...argv], {
      cwd,
      env: { PATH: process.env.PATH },
      stdio: 'ignore',
    });
    let killed = false;
    const kill = () => {
      if (killed || child.exitCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const watchers: Array<ReturnType<typeof watch>> = [];
    let timer: NodeJS.Timeout | undefined;
    if ('afterMs' in killWhen) timer = setTimeout(kill, killWhen.afterMs);
    else {
      for (const dir of killWhen.watchDirs) {
        mkdirSync(dir, { recursive: true });
        watchers.push(
          watch(dir, (_event, name) => {
            if (name && killWhen.onArtifact.test(String(name))) kill();
          }),
        );
      }
    }
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      // A run that was not killed must have done its work, or the test would prove nothing.
      if (!killed && code !== 0) reject(new Error(`${argv.join(' ')} exited with ${code} without being killed`));
      else resolve(killed ? 'killed' : 'finished');
    });
  });
}

function expectEachFileOldOrNew(current: Tree, old: Tree, next: Tree, where: string): void {
  for (const [file, contents] of Object.entries(current)) {
    const known = contents === old[file] || contents === next[file];
    // Temp files are hidden (dot-prefixed) and never carry a schema's own name.
    const temp = /(^|\/)\.[^/]*(\.tmp|\.lock|journal[^/]*)$/.test(file);
    expect(known || temp, `${where}/${file} is neither the old nor the new version`).toBe(true);
  }
}

function expectOldOrNew(current: Tree, old: Tree, next: Tree, where: string): 'old' | 'new' {
  if (JSON.stringify(current) === JSON.stringify(old)) return 'old';
  expect(current, `${where} is neither all-old nor all-new`).toEqual(next);
  return 'new';
}

const visible = (tree: Tree) =>
  Object.fromEntries(Object.entries(tree).filter(([file]) => !file.split('/').some((part) => part.startsWith('.'))));

describe('SIGKILL during the real fetch and generate', () => {
  let template: string;
  let oldSchemas: Tree;
  let newSchemas: Tree;
  let oldGenerated: Tree;
  let newGenerated: Tree;
  const projects: string[] = [];
  const outcomes: string[] = [];

  /** A project in the "old" state: old schemas fetched, generated from them. */
  function oldProject(): string {
    const dir = makeProject();
    projects.push(dir);
    cpSync(template, dir, { recursive: true });
    return dir;
  }

  beforeAll(async () => {
    template = makeProject(INPUTS);
    projects.push(template);
    expect((await run(fetchArgs('old'), { cwd: template })).code).toBe(0);
    const generated = await run(['generate'], { cwd: template });
    expect(generated.code, generated.stderr).toBe(0);
    oldSchemas = schemaTree(path.join(template, 'schemas'));
    oldGenerated = snapshotTree(path.join(template, 'generated'));

    const reference = oldProject();
    expect((await run(fetchArgs('new'), { cwd: reference })).code).toBe(0);
    expect((await run(['generate'], { cwd: reference })).code).toBe(0);
    newSchemas = schemaTree(path.join(reference, 'schemas'));
    newGenerated = snapshotTree(path.join(reference, 'generated'));
    // The versions must differ, or the test could not tell them apart.
    expect(newSchemas['tasklist.graphql']).not.toBe(oldSchemas['tasklist.graphql']);
    expect(newGenerated['graphql/schema.ts']).not.toBe(oldGenerated['graphql/schema.ts']);
  });
  afterAll(() => {
    for (const dir of projects) removeProject(dir);
    console.log(`SIGKILL runs:\n  ${outcomes.join('\n  ')}`);
  });

  type Moment = { afterMs: number } | { onArtifact: RegExp };
  const fetchKills: Moment[] = [{ afterMs: 600 }, { onArtifact: /\.tmp$|journal/ }, { onArtifact: /journal\.json$/ }];
  for (const [index, moment] of fetchKills.entries()) {
    it(`fetch killed ${'afterMs' in moment ? `after ${moment.afterMs} ms` : `when ${moment.onArtifact} appears`}`, async () => {
      const dir = oldProject();
      const schemas = path.join(dir, 'schemas');
      const outcome = await runAndKill(
        dir,
        fetchArgs('new'),
        'afterMs' in moment ? moment : { onArtifact: moment.onArtifact, watchDirs: [schemas] },
      );
      expectEachFileOldOrNew(schemaTree(schemas), oldSchemas, newSchemas, 'schemas');
      await recoverFileSet(schemas);
      const state = expectOldOrNew(
        schemaTree(schemas),
        oldSchemas,
        newSchemas,
        `schemas after recovery (${Object.keys(schemaTree(schemas)).join(', ')})`,
      );
      outcomes.push(`fetch #${index + 1}: ${outcome}, schemas/ ${state}`);
      if (outcome === 'finished') expect(state).toBe('new');
      // The next command runs normally on whatever is there.
      const next = await run(fetchArgs('new'), { cwd: dir });
      expect(next.code, next.stderr).toBe(0);
      expect(schemaTree(schemas)).toEqual(newSchemas);
    });
  }

  const generateKills: Moment[] = [
    { afterMs: 2_000 },
    { onArtifact: /^\.generated\.building$/ },
    { onArtifact: /^\.generated\.(new|old)$/ },
  ];
  for (const [index, moment] of generateKills.entries()) {
    it(`generate killed ${'afterMs' in moment ? `after ${moment.afterMs} ms` : `when ${moment.onArtifact} appears`}`, async () => {
      const dir = oldProject();
      const generated = path.join(dir, 'generated');
      // New schemas in place (fetch ran to the end), old generated code: generate has work to do.
      expect((await run(fetchArgs('new'), { cwd: dir })).code).toBe(0);
      const outcome = await runAndKill(
        dir,
        ['generate'],
        'afterMs' in moment ? moment : { onArtifact: moment.onArtifact, watchDirs: [dir] },
      );
      // Right after the kill: generated/ is the old tree, the new tree, or (killed mid-swap) absent.
      if (existsSync(generated)) expectEachFileOldOrNew(snapshotTree(generated), oldGenerated, newGenerated, 'generated');
      const siblings = readdirSync(dir).filter((name) => name.startsWith('.generated'));
      await recoverDirectory(generated);
      const state = expectOldOrNew(
        visible(snapshotTree(generated)),
        visible(oldGenerated),
        visible(newGenerated),
        'generated after recovery',
      );
      expect(readdirSync(dir).filter((name) => name.startsWith('.generated.'))).toEqual([]);
      outcomes.push(`generate #${index + 1}: ${outcome}${siblings.length ? ` (left ${siblings.join(', ')})` : ''}, generated/ ${state}`);
      if (outcome === 'finished') expect(state).toBe('new');
      const next = await run(['generate'], { cwd: dir });
      expect(next.code, next.stderr).toBe(0);
      expect(visible(snapshotTree(generated))).toEqual(visible(newGenerated));
    });
  }

  it('check never writes, even when it finds drift', async () => {
    const dir = oldProject();
    expect((await run(fetchArgs('new'), { cwd: dir })).code).toBe(0);
    writeFile(dir, 'generated/graphql/index.ts', '// edited by hand\n');
    const before = snapshotTree(dir);
    const result = await run(['check'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(snapshotTree(dir)).toEqual(before);
  });
});
