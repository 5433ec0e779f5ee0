/**
 * Servers that never finish: every schema download `fetch` does (GraphQL introspection, each
 * OpenAPI location, a `--from-rest` URL, `check --fetch`) is bounded in time (overall and idle) and
 * in size. Each server here misbehaves in one way on 127.0.0.1; the limits are set short (flags or
 * codegen.ts) so a case takes a second or two. Each must end in one clear error that names the URL,
 * the limit and the option that raises it, leave `schemas/` as it was, and close the connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, run, snapshotTree } from '../cli/helpers.js';

type Mode = 'silent' | 'trickle' | 'endless' | 'oversize-declared' | 'oversize-chunked' | 'headers-then-silent';

let server: Server;
let baseUrl: string;
const sockets = new Set<Socket>();
const timers = new Set<ReturnType<typeof setInterval>>();
/** Bytes the endless server sent in all, to show the client stopped reading. */
let endlessSent = 0;

function handle(mode: Mode, request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const json = { 'content-type': 'application/json' };
  switch (mode) {
    case 'silent':
      return; // never answers
    case 'headers-then-silent':
      response.writeHead(200, json);
      response.write('{"openapi":');
      return;
    case 'trickle': {
      response.writeHead(200, json);
      response.write('{');
      const timer = setInterval(() => response.write(' '), 100);
      timers.add(timer);
      response.on('close', () => clearInterval(timer));
      return;
    }
    case 'endless': {
      response.writeHead(200, json);
      response.write('{"openapi":"3.0.3","info":{"title":"');
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) endlessSent += chunk.length;
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
      return;
    }
    case 'oversize-declared':
      // 2 GB announced; the body never has to come.
      response.writeHead(200, { ...json, 'content-length': String(2 * 1024 * 1024 * 1024) });
      response.write('{"openapi":"3.0.3"');
      return;
    case 'oversize-chunked': {
      response.writeHead(200, json);
      response.end(`{"openapi":"3.0.3","info":{"title":"${'x'.repeat(3 * 1024 * 1024)}","version":"1"},"paths":{}}`);
      return;
    }
  }
}

/** The mode is the first path segment: `http://127.0.0.1:port/<mode>/...`. */
beforeAll(async () => {
  server = createServer((request, response) => {
    const mode = (request.url ?? '/').split('/')[1] as Mode;
    handle(mode, request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const PREVIOUS = { 'schemas/tasklist.openapi.json': '{"previous":true}\n', 'schemas/tasklist.graphql': 'type Query { previous: Int }\n' };

async function fetchFrom(mode: Mode, argv: string[], files: Record<string, string> = {}) {
  const project = makeProject({ ...PREVIOUS, ...files });
  const before = snapshotTree(project);
  const started = performance.now();
  try {
    const result = await run(argv, {
      cwd: project,
      env: { CAMUNDA_TASKLIST_BASE_URL: `${baseUrl}/${mode}`, CAMUNDA_AUTH_STRATEGY: 'NONE' },
    });
    const ms = performance.now() - started;
    expect(snapshotTree(project), 'schemas/ untouched').toEqual(before);
    expect(result.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
    expect(result.stderr.match(/^error /gm), 'one message').toHaveLength(1);
    return { ...result, ms };
  } finally {
    removeProject(project);
  }
}

const SHORT = ['--download-timeout', '3', '--download-idle-timeout', '0.5', '--download-max-mb', '1'];

describe('schema downloads are bounded', () => {
  it('a server that never answers: idle limit, GraphQL introspection', async () => {
    const result = await fetchFrom('silent', ['fetch', '--graphql', ...SHORT]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`${baseUrl}/silent/graphql`);
    expect(result.stderr).toMatch(/GraphQL introspection: no data from the server for 0\.5 s/);
    expect(result.stderr).toContain('tasklist.download.idleTimeoutSeconds');
    expect(result.stderr).toContain('--download-idle-timeout');
    // The first case also loads the CLI's modules.
    expect(result.ms).toBeLessThan(6000);
  });

  it('a server that never answers: idle limit, OpenAPI document (not retried, not tried at the next location)', async () => {
    const result = await fetchFrom('silent', ['fetch', '--rest', ...SHORT]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`${baseUrl}/silent/v3/api-docs/Tasklist-v1`);
    expect(result.stderr).toMatch(/OpenAPI document: no data from the server for 0\.5 s/);
    // One 0.5 s wait, not one per retry (4) or per location (3).
    expect(result.ms).toBeLessThan(2000);
  });

  it('headers, then silence in the middle of the body: idle limit', async () => {
    const result = await fetchFrom('headers-then-silent', ['fetch', '--rest', ...SHORT]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/no data from the server for 0\.5 s \(in the middle of the answer\)/);
    expect(result.stderr).toContain(`${baseUrl}/headers-then-silent/v3/api-docs/Tasklist-v1`);
  });

  it('a byte every 100 ms never goes idle, but the overall limit stops it (set in codegen.ts)', async () => {
    const result = await fetchFrom('trickle', ['fetch', '--rest'], {
      'codegen.ts': 'export const tasklist = { download: { timeoutSeconds: 1.5, idleTimeoutSeconds: 1 } };\n',
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/OpenAPI document: the download did not finish within 1\.5 s/);
    expect(result.stderr).toContain('tasklist.download.timeoutSeconds');
    expect(result.stderr).toContain(`${baseUrl}/trickle/v3/api-docs/Tasklist-v1`);
    // Loading codegen.ts takes a moment of its own on a busy machine.
    expect(result.ms).toBeLessThan(8000);
  });

  it('an endless stream: size limit, and the client stops reading', async () => {
    endlessSent = 0;
    const result = await fetchFrom('endless', ['fetch', '--rest', ...SHORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/OpenAPI document: the answer grew past the limit of 1 MB/);
    expect(result.stderr).toContain('tasklist.download.maxMegabytes');
    expect(result.stderr).toContain('--download-max-mb');
    expect(result.stderr).toContain(`${baseUrl}/endless/v3/api-docs/Tasklist-v1`);
    // Socket buffers hold a few MB at most; a client that kept reading would be far past that.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(endlessSent).toBeLessThan(32 * 1024 * 1024);
  });

  it('2 GB announced in Content-Length: refused before reading', async () => {
    const result = await fetchFrom('oversize-declared', ['fetch', '--rest', ...SHORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the server announced 2048 MB, more than the limit of 1 MB/);
    expect(result.ms).toBeLessThan(2000);
  });

  it('3 MB without Content-Length: size limit', async () => {
    const result = await fetchFrom('oversize-chunked', ['fetch', '--rest', ...SHORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the answer grew past the limit of 1 MB/);
  });

  it('the same document fits under the default limit', async () => {
    const project = makeProject();
    try {
      const result = await run(['fetch', '--rest'], {
        cwd: project,
        env: { CAMUNDA_TASKLIST_BASE_URL: `${baseUrl}/oversize-chunked`, CAMUNDA_AUTH_STRATEGY: 'NONE' },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    } finally {
      removeProject(project);
    }
  });

  it('--from-rest <url> is bounded too', async () => {
    const result = await fetchFrom('endless', ['fetch', '--rest', '--from-rest', `${baseUrl}/endless/openapi.json`, ...SHORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/OpenAPI document: the answer grew past the limit of 1 MB/);
    expect(result.stderr).toContain(`${baseUrl}/endless/openapi.json`);
  });

  it('check --fetch is bounded too', async () => {
    const result = await fetchFrom('silent', ['check', '--fetch', ...SHORT], {
      'codegen.ts': 'export const tasklist = { graphql: false };\n',
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/OpenAPI document: no data from the server for 0\.5 s/);
  });

  it('limits must be positive numbers', async () => {
    const project = makeProject();
    try {
      const flag = await run(['fetch', '--download-max-mb', 'lots'], { cwd: project, env: { CAMUNDA_TASKLIST_BASE_URL: baseUrl } });
      expect(flag.code).toBe(1);
      expect(flag.stderr).toMatch(/--download-max-mb must be a number greater than 0 \(got 'lots'\)/);
      const config = await fetchFrom('silent', ['fetch'], { 'codegen.ts': 'export const tasklist = { download: { maxMegabytes: 0 } };\n' });
      expect(config.code).toBe(1);
      expect(config.stderr).toMatch(/tasklist\.download\.maxMegabytes must be a number greater than 0/);
    } finally {
      removeProject(project);
    }
  });
});
