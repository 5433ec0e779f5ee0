import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Test files that replace a module (`vi.mock`, `vi.doMock`) or a global (`vi.stubGlobal`,
 * `vi.stubEnv`): they get a process of their own, since a module mocked or already loaded in a
 * shared process would be what the next file gets.
 */
const ownProcess = (readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `test/${file.split(path.sep).join('/')}`)
  .filter((file) => /\bvi\.(mock|doMock|stubGlobal|stubEnv)\(/.test(readFileSync(path.join(root, file), 'utf8')));

export default defineConfig({
  test: {
    // Tests start real servers on 127.0.0.1:0 and spawn the CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only contend.
    maxWorkers: 2,
    typecheck: { enabled: false },
    setupFiles: ['test/support/fresh-file.ts'],
    projects: [
      {
        // The other test files share their worker processes (isolate: false): each worker loads
        // typescript, graphql, openapi-typescript and src/ once, not once per file, which was
        // about a third of the suite's CPU time. test/support/fresh-file.ts empties the
        // process-wide state a file could leave behind for the next.
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ownProcess, isolate: false },
      },
      ...(ownProcess.length > 0 ? [{ extends: true as const, test: { name: 'own-process', include: ownProcess } }] : []),
    ],
  },
});
