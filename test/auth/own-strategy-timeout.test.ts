/**
 * A strategy of one's own may wait for its credentials (a vault, a sidecar): `timeoutMs` and the
 * caller's signal bound that wait as they bound the built-in strategies' token requests and logins.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTasklistClient } from '../../src/runtime/node.js';
import type { AuthStrategy } from '../../src/auth/strategy.js';

const neverSigns: AuthStrategy = {
  name: 'BEARER',
  describe: () => 'a vault that never answers',
  authorize: () => new Promise<void>(() => undefined),
};

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  // The wait under test must end by itself; a timer here only reports that it did not.
  const pending = new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000));
  return Promise.race([
    run().then(
      () => 'answered',
      (error: unknown) => error,
    ),
    pending,
  ]);
}

describe('an authorize that never settles', () => {
  it('timeoutMs ends the call with a TimeoutError', async () => {
    const tasklist = createTasklistClient({
      baseUrl: 'http://127.0.0.1:9',
      auth: neverSigns,
      graphql: false,
      transport: { timeoutMs: 200, retry: false },
    });
    const started = Date.now();
    const result = await outcome(() => tasklist.fetch('/v1/tasks/search', { method: 'POST', body: '{}' }));
    expect((result as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("the caller's signal ends the call with its reason", async () => {
    const tasklist = createTasklistClient({ baseUrl: 'http://127.0.0.1:9', auth: neverSigns, graphql: false, transport: { retry: false } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('gave up')), 100);
    const result = await outcome(() => tasklist.fetch('/v1/tasks/search', { method: 'POST', body: '{}', signal: controller.signal }));
    expect((result as Error).message).toBe('gave up');
  });
});

const here = path.dirname(fileURLToPath(import.meta.url));

/** The fixture script run in a process of its own: what it printed, how it ended, how long it took. */
function runScript(mode: string): Promise<{ out: string; code: number | null; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/timeout-process.ts'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  // A process that does not end by itself is stopped here, and the test says so.
  const guard = setTimeout(() => child.kill(), 75_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ out: out.trim(), code, ms: Date.now() - started });
    }),
  );
}

describe('the time limit in a script awaiting at its top level', () => {
  it('holds the process until it passes: the script gets its TimeoutError instead of Node exiting 13 with nothing said', async () => {
    const run = await runScript('never-signs');
    expect(run).toMatchObject({ out: 'TimeoutError', code: 0 });
  }, 90_000);

  it('lets the process end once the calls are over, answered or failed: no attempt leaves its timer behind', async () => {
    const run = await runScript('calls-done');
    expect(run).toMatchObject({ out: 'done', code: 0 });
    // Starting the script under tsx takes seconds on a busy machine; an attempt's timer left running would hold it 60 s.
    expect(run.ms).toBeLessThan(40_000);
  }, 90_000);
});
