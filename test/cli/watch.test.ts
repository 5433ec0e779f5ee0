import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { globBase } from '../../src/cli/commands/watch.js';
import type { Generators } from '../../src/generate/index.js';
import { makeProject, readText, removeProject, run, writeFile } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('watch', () => {
  it('globBase finds the folder to watch', () => {
    expect(globBase('operations/**/*.graphql')).toBe('operations');
    expect(globBase('src/a/*.gql')).toBe('src/a');
    expect(globBase('*.graphql')).toBe('.');
    expect(globBase('ops/tasks.graphql')).toBe('ops');
  });

  it('regenerates when an operation file changes, survives a broken edit, and stops cleanly', async () => {
    const dir = makeProject({
      'codegen.ts': 'export const tasklist = { rest: false };\n',
      'schemas/tasklist.graphql': 'type Query { tasks: [String] }\n',
      'operations/tasks.graphql': 'query A { tasks }\n',
    });
    dirs.push(dir);
    let calls = 0;
    const generators: Generators = {
      async graphql({ operations, cwd }) {
        calls++;
        const text = operations.map((op) => readFileSync(`${cwd}/${op}`, 'utf8')).join('');
        if (text.includes('BROKEN'))
          throw Object.assign(new Error('bad operation'), {
            name: 'OperationError',
            file: 'operations/tasks.graphql',
            line: 1,
            column: 11,
          });
        return { files: [{ path: 'graphql/ops.ts', contents: `// ${text}` }], warnings: [] };
      },
      async rest() {
        throw new Error('not used');
      },
    };
    let stop!: () => void;
    const stopWatching = new Promise<void>((resolve) => (stop = resolve));
    const running = run(['watch'], { cwd: dir, deps: { generators, stopWatching } });
    await until(() => calls === 1, 'the first generation');
    // Give the watchers a moment to attach after the first run.
    await new Promise((r) => setTimeout(r, 300));

    writeFile(dir, 'operations/tasks.graphql', 'query A { BROKEN }\n');
    await until(() => calls === 2, 'a run after the broken edit');
    writeFile(dir, 'operations/tasks.graphql', 'query B { tasks }\n');
    await until(() => calls === 3, 'a run after the fix');
    await until(() => readText(dir, 'generated/graphql/ops.ts') === '// query B { tasks }\n', 'the new output');

    stop();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('error operations/tasks.graphql:1:11: bad operation');
    expect(result.stdout).toContain('changed: operations/tasks.graphql');
  });
});
