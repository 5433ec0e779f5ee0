/**
 * What an attacker's review found after the trust-boundary work: each test here failed before
 * its fix. A secret that travels in a URL the user hands `fetch` (a presigned link, an API key in
 * the query) stays out of what is printed and out of the files `fetch` writes, which get committed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../auth/helpers.js';
import { makeProject, removeProject, run } from '../cli/helpers.js';

const SIGNATURE = 'SasSig-Br3aker-secret-q1';
const OPENAPI = JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { operationId: 'getA', responses: { 200: { description: 'ok' } } } } } });

describe('a --from-rest URL with credentials in its query', () => {
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith('/broken')) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('failed');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(OPENAPI);
    });
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) removeProject(dir);
  });

  function project(): string {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    dirs.push(dir);
    return dir;
  }

  it('is not printed and not written into schemas/ (the .meta.json is committed)', async () => {
    const dir = project();
    const url = `${server.url}/openapi.json?sv=2024-01-01&sig=${SIGNATURE}`;
    const result = await run(['--base-url', server.url, 'fetch', '--rest', '--from-rest', url], { cwd: dir });
    expect(result.code).toBe(0);
    const meta = readFileSync(path.join(dir, 'schemas/tasklist.openapi.json.meta.json'), 'utf8');
    expect(meta).toContain(`${server.url}/openapi.json`);
    expect(meta + result.stdout + result.stderr).not.toContain(SIGNATURE);
    const json = await run(['--json', '--base-url', server.url, 'fetch', '--rest', '--from-rest', url], { cwd: dir });
    expect(json.stdout).not.toContain(SIGNATURE);
  });

  it('is not printed when the download fails', async () => {
    const dir = project();
    const result = await run(['--base-url', server.url, 'fetch', '--rest', '--from-rest', `${server.url}/broken.json?sig=${SIGNATURE}`], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${server.url}/broken.json`);
    expect(result.stdout + result.stderr).not.toContain(SIGNATURE);
  });
});
