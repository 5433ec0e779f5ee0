/**
 * A strategy of one's own may wait for its credentials (a vault, a sidecar): `timeoutMs` and the
 * caller's signal bound that wait as they bound the built-in strategies' token requests and logins.
 */
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
