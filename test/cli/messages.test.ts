/**
 * Small things a new user meets: where discovery looks, what a hint tells them to type, a wrong
 * --cwd, an OAuth refusal said once.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { startServer, smallOpenApi, text, type TestServer } from '../fetch/helpers.js';
import { makeProject, removeProject, run } from './helpers.js';
import { stringify } from 'yaml';

const dirs: string[] = [];
const servers: TestServer[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

function project(files: Record<string, string> = {}): string {
  const dir = makeProject(files);
  dirs.push(dir);
  return dir;
}

describe('fetch discovery and hints', () => {
  it('finds the document at /v3/api-docs.yaml when that is the only place serving it', async () => {
    const server = await startServer({ 'GET /v3/api-docs.yaml': text(200, stringify(smallOpenApi()), 'application/vnd.oai.openapi') });
    servers.push(server);
    const dir = project({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    const result = await run(['fetch', '--base-url', server.baseUrl], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.requests).toContain('GET /v3/api-docs.yaml');
    expect(existsSync(`${dir}/schemas/tasklist.openapi.json`)).toBe(true);
  });

  it('"no document found" names the flag that exists, --from-rest', async () => {
    const server = await startServer({});
    servers.push(server);
    const dir = project({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    const result = await run(['fetch', '--base-url', server.baseUrl], { cwd: dir, env: { CAMUNDA_AUTH_STRATEGY: 'NONE' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--from-rest <openapi.json>');
    expect(result.stderr).not.toMatch(/--from </);
  });
});

describe('--cwd', () => {
  it('a folder that does not exist is said as such, not as a missing OpenAPI document', async () => {
    const missing = `${project()}/not-here`;
    const result = await run(['generate', '--cwd', missing], { cwd: '/' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error .*not-here does not exist/);
    expect(result.stderr).not.toMatch(/OpenAPI/);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('an OAuth refusal', () => {
  it('says its hint once', async () => {
    const emulator = await startEmulator({ port: 0, auth: 'oidc' });
    try {
      const dir = project({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
      const result = await run(['fetch'], { cwd: dir, env: { ...emulator.env(), CAMUNDA_CLIENT_SECRET: 'not-the-secret' } });
      expect(result.code).toBe(5);
      expect(result.stderr.match(/Check CAMUNDA_CLIENT_ID and CAMUNDA_CLIENT_SECRET/g)).toHaveLength(1);
      expect(result.stderr).not.toContain('not-the-secret');
    } finally {
      await emulator.close();
    }
  });
});
