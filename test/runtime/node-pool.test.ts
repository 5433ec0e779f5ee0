/**
 * createNodeTransport caps the sockets it opens per origin (default 64), so a burst of concurrent
 * calls queues instead of opening one socket per call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS, createNodeTransport } from '../../src/runtime/node-transport.js';

describe('createNodeTransport connection cap', () => {
  let server: http.Server;
  let baseUrl = '';
  let open = 0;
  let maxOpen = 0;

  beforeAll(async () => {
    // Each answer waits a little, so concurrent calls really overlap.
    server = http.createServer((_req, res) => setTimeout(() => res.end('{"ok":true}'), 5));
    server.on('connection', (socket) => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      socket.on('close', () => open--);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const burst = async (tf: (url: string) => Promise<Response>, calls: number) => {
    const bodies = await Promise.all(Array.from({ length: calls }, () => tf('/v1/ping').then((r) => r.json())));
    return bodies.filter((b) => (b as { ok?: boolean }).ok === true).length;
  };

  it('at most maxConnections sockets for 200 concurrent calls, every call answered', async () => {
    maxOpen = 0;
    const tf = createNodeTransport({ env: { CAMUNDA_TASKLIST_BASE_URL: baseUrl }, maxConnections: 8, retry: false });
    expect(await burst(tf, 200)).toBe(200);
    expect(maxOpen).toBeGreaterThan(1);
    expect(maxOpen).toBeLessThanOrEqual(8);
  });

  it('the default cap holds for a burst larger than it', async () => {
    server.closeAllConnections();
    maxOpen = 0;
    const tf = createNodeTransport({ env: { CAMUNDA_TASKLIST_BASE_URL: baseUrl }, retry: false });
    expect(await burst(tf, 300)).toBe(300);
    expect(maxOpen).toBeLessThanOrEqual(DEFAULT_MAX_CONNECTIONS);
  });
});
