/**
 * Injected faults, as the reliability tests will use them: each kind does what a real failure
 * looks like on the wire, `next(n)` hits exactly n matching requests, and `rate(p)` is repeatable
 * for a given seed.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultController } from '../../src/emulator/faults.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const search = (e: Emulator) =>
  fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('FaultController', () => {
  it('next(n) hits exactly the next n matching requests', () => {
    const f = new FaultController().next(2, { type: 'unavailable' }, { path: '/v1/*', method: 'POST' });
    expect(f.take('GET', '/v1/tasks/1')).toEqual([]);
    expect(f.take('POST', '/graphql')).toEqual([]);
    expect(f.take('POST', '/v1/tasks/search')).toEqual([{ type: 'unavailable' }]);
    expect(f.take('POST', '/v1/tasks/1/variables/search')).toEqual([{ type: 'unavailable' }]);
    expect(f.take('POST', '/v1/tasks/search')).toEqual([]);
    expect(f.injected('unavailable')).toBe(2);
  });

  it('rate(p) is repeatable per seed and close to p over many requests', () => {
    const draw = (seed: number) => {
      const f = new FaultController().rate(0.2, { type: 'drop' }, { seed });
      return Array.from({ length: 2000 }, () => f.take('GET', '/x').length);
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    const hits = a.reduce((s, n) => s + n, 0);
    expect(hits).toBeGreaterThan(320);
    expect(hits).toBeLessThan(480);
  });

  it('rejects nonsense budgets', () => {
    expect(() => new FaultController().next(0, { type: 'drop' })).toThrow(RangeError);
    expect(() => new FaultController().rate(1.5, { type: 'drop' })).toThrow(RangeError);
  });
});

describe('faults on the wire', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator();
  });
  afterAll(() => e.close());
  beforeEach(() => e.faults.clear());

  it('429 with Retry-After, then normal service', async () => {
    e.faults.next(1, { type: 'rateLimit', retryAfterSeconds: 3 }, { path: '/v1/tasks/search' });
    const limited = await search(e);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    await limited.arrayBuffer();
    expect((await search(e)).status).toBe(200);
  });

  it('503', async () => {
    e.faults.next(1, { type: 'unavailable' });
    expect((await search(e)).status).toBe(503);
  });

  it('a dropped connection fails the fetch mid-response', async () => {
    e.faults.next(1, { type: 'drop' }, { path: '/graphql' });
    const attempt = fetch(e.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ currentUser { userId } }"}',
    }).then((r) => r.text());
    await expect(attempt).rejects.toThrow();
    expect(e.faults.injected('drop')).toBe(1);
  });

  it('an HTML login page instead of JSON', async () => {
    e.faults.next(1, { type: 'htmlLogin' }, { path: '/v3/api-docs/v1' });
    const res = await fetch(`${e.baseUrl}/v3/api-docs/v1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<form[^>]+\/api\/login/);
  });

  it('introspection disabled for the next request only', async () => {
    e.faults.next(1, { type: 'introspectionDisabled' }, { path: '/graphql' });
    const ask = async () =>
      (await (
        await fetch(e.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __schema { queryType { name } } }"}',
        })
      ).json()) as { data?: unknown; errors?: Array<{ message: string }> };
    const refused = await ask();
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    expect(await ask()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('latency delays the answer by at least the given time', async () => {
    e.faults.next(1, { type: 'latency', ms: 300 });
    const started = performance.now();
    expect((await search(e)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('a seeded rate gives the same sequence of statuses on every run', async () => {
    const run = async () => {
      e.faults.clear();
      e.faults.rate(0.3, { type: 'unavailable' }, { seed: 42, path: '/v1/tasks/search' });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await search(e);
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });
});

describe('startup and shutdown', () => {
  it('fails clearly when the port is taken, and close() is idempotent', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmulator({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
    const e = await startEmulator();
    // A keep-alive connection must not hold close() open.
    await (await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' })).arrayBuffer();
    await Promise.all([e.close(), e.close()]);
    await expect(fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' })).rejects.toThrow();
  });
});
