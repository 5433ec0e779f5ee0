/**
 * The Node entry's `createTasklistClient`, the one way in on Node, gets the same whether it signs in
 * from a config or with a ready strategy: TLS material from the CAMUNDA_CUSTOM_* variables or the
 * `node.tls` option (added to Node's roots, not replacing them), the disk token cache and the
 * connection cap, for API calls and token requests alike.
 *
 * Two throwaway CAs: "internal" signs the Tasklist API, "public" signs the identity provider and
 * stands in for a public CA (it is trusted through NODE_EXTRA_CA_CERTS, as Node's defaults are).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, makeTestCertificates, OPENSSL, type TestCertificates } from '../support/certificates.js';
import { createTasklistClient, requestGraphQL, oauthClientCredentials, TokenCache } from '../../src/runtime/node.js';
import { trustedCertificates } from '../../src/runtime/node-transport.js';
import { repoRoot } from '../cli/helpers.js';

if (!hasOpenssl)
  console.warn(`Skipping the Node client TLS tests: ${OPENSSL} is not installed, and the test makes its certificates with it`);

async function httpsServer(
  certs: TestCertificates,
  handler: (url: string, res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; url: string; sockets: () => number; reset: () => void }> {
  const open = new Set<object>();
  let maxOpen = 0;
  const server = createServer(
    { key: await readFile(certs.file('server.key')), cert: await readFile(certs.file('server.crt')) },
    (req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => handler(req.url ?? '', res), 5));
    },
  );
  server.on('secureConnection', (socket) => {
    open.add(socket);
    maxOpen = Math.max(maxOpen, open.size);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets: () => maxOpen,
    reset: () => {
      server.closeAllConnections();
      open.clear();
      maxOpen = 0;
    },
  };
}

describe.skipIf(!hasOpenssl)('every way to build a Node client honours TLS, the disk token cache and the connection cap', () => {
  let internal: TestCertificates;
  let publicCa: TestCertificates;
  let api: Awaited<ReturnType<typeof httpsServer>>;
  let idp: Awaited<ReturnType<typeof httpsServer>>;
  let cacheDir: string;
  let tokenRequests = 0;

  beforeAll(async () => {
    internal = await makeTestCertificates({ caName: 'internal test CA', clientName: 'unused' });
    publicCa = await makeTestCertificates({ caName: 'public stand-in CA', clientName: 'unused' });
    api = await httpsServer(internal, (url, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(url.startsWith('/graphql') ? JSON.stringify({ data: { ok: true } }) : JSON.stringify({ ok: true }));
    });
    idp = await httpsServer(publicCa, (_url, res) => {
      tokenRequests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `tok-${tokenRequests}`, expires_in: 3600 }));
    });
    cacheDir = await mkdtemp(path.join(tmpdir(), 'tlc-node-ways-'));
  });
  afterAll(async () => {
    for (const s of [api?.server, idp?.server]) {
      s?.closeAllConnections();
      await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    }
    await rm(cacheDir, { recursive: true, force: true });
    for (const c of [internal, publicCa]) if (c) await rm(c.dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    CAMUNDA_TASKLIST_BASE_URL: api.url,
    CAMUNDA_AUTH_STRATEGY: 'OAUTH',
    CAMUNDA_CLIENT_ID: 'node-ways',
    CAMUNDA_CLIENT_SECRET: 'cs-node-ways-secret',
    CAMUNDA_OAUTH_URL: `${idp.url}/oauth/token`,
    CAMUNDA_CUSTOM_ROOT_CERT_PATH: internal.file('ca.crt'),
    NODE_EXTRA_CA_CERTS: publicCa.file('ca.crt'),
    ...extra,
  });

  it("the custom CA is added to Node's roots and NODE_EXTRA_CA_CERTS, not put in their place", () => {
    const ca = readFileSync(internal.file('ca.crt'), 'utf8');
    const extra = readFileSync(publicCa.file('ca.crt'), 'utf8');
    const trusted = trustedCertificates(ca, { NODE_EXTRA_CA_CERTS: publicCa.file('ca.crt') });
    for (const root of rootCertificates) expect(trusted).toContain(root);
    expect(trusted).toContain(extra);
    expect(trusted).toContain(ca);
  });

  it('createTasklistClient from the environment: the API on the internal CA, the token endpoint on the other', async () => {
    const client = createTasklistClient({
      env: env(),
      transport: { authOptions: { tokenCache: new TokenCache() }, retry: false },
      node: { tokenCacheDir: false },
    });
    expect((await client.fetch('/v1/tasks')).status).toBe(200);
  });

  it('the node.tls option does what CAMUNDA_CUSTOM_ROOT_CERT_PATH does', async () => {
    const client = createTasklistClient({
      env: env({ CAMUNDA_CUSTOM_ROOT_CERT_PATH: '' }),
      transport: { authOptions: { tokenCache: new TokenCache() }, retry: false },
      node: { tls: { ca: readFileSync(internal.file('ca.crt')) }, tokenCacheDir: false },
    });
    expect((await client.fetch('/v1/tasks')).status).toBe(200);
    // Without it, the internal CA is not trusted.
    const untrusting = createTasklistClient({
      env: env({ CAMUNDA_CUSTOM_ROOT_CERT_PATH: '' }),
      transport: { authOptions: { tokenCache: new TokenCache() }, retry: false },
      node: { tokenCacheDir: false },
    });
    await expect(untrusting.fetch('/v1/tasks')).rejects.toThrow(/UNABLE_TO_VERIFY/);
  });

  it('CAMUNDA_CUSTOM_ROOT_CERT_STRING works as the path does (with \\n escapes too)', async () => {
    const pem = readFileSync(internal.file('ca.crt'), 'utf8').replaceAll('\n', '\\n');
    const client = createTasklistClient({
      env: env({ CAMUNDA_CUSTOM_ROOT_CERT_PATH: '', CAMUNDA_CUSTOM_ROOT_CERT_STRING: pem }),
      transport: { authOptions: { tokenCache: new TokenCache() }, retry: false },
      node: { tokenCacheDir: false },
    });
    expect((await client.fetch('/v1/tasks')).status).toBe(200);
  });

  it('createTasklistClient({ auth: <ready strategy> }): token requests go through the TLS fetch, tokens into the disk cache', async () => {
    const dir = path.join(cacheDir, 'ready');
    const strategy = oauthClientCredentials(
      { clientId: 'node-ways-ready', clientSecret: 'cs-node-ways-secret', oauthUrl: `${idp.url}/oauth/token`, audience: 'a' },
      { tokenCache: new TokenCache() },
    );
    const client = createTasklistClient({ env: env({ CAMUNDA_TOKEN_CACHE_DIR: dir }), auth: strategy, transport: { retry: false } });
    expect((await client.fetch('/v1/tasks')).status).toBe(200);
    expect((await readdir(dir)).length).toBeGreaterThan(0);
  });

  it('createTasklistClient() on Node: TLS variables, disk token cache, connection cap', async () => {
    const dir = path.join(cacheDir, 'client');
    const client = createTasklistClient({
      env: env({ CAMUNDA_TOKEN_CACHE_DIR: dir }),
      transport: { authOptions: { tokenCache: new TokenCache() }, retry: false },
      node: { maxConnections: 4 },
    });
    expect(await requestGraphQL(client.graphql, 'query { ok }')).toEqual({ ok: true });
    api.reset();
    const statuses = await Promise.all(Array.from({ length: 40 }, () => client.fetch('/v1/tasks').then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(api.sockets()).toBeLessThanOrEqual(4);
    expect((await readdir(dir)).length).toBeGreaterThan(0);
  });

  it("on Node, the runtime's package entry resolves to the Node build (a node export condition)", () => {
    // The runtime is published as packages/runtime when that workspace exists, else as ./runtime of the root package.
    const workspace = path.join(repoRoot, 'packages/runtime/package.json');
    const [file, key] = existsSync(workspace) ? [workspace, '.'] : [path.join(repoRoot, 'package.json'), './runtime'];
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { exports: Record<string, Record<string, string | Record<string, string>>> };
    const entry = pkg.exports[key]!;
    // The Node build and its types: a Node program type-checks against the Node createTasklistClient
    // (config from CAMUNDA_*, AuthConfig accepted), a bundler for the browser against the browser one.
    expect(entry['node']).toEqual({ types: expect.stringMatching(/\/node\.d\.ts$/), default: expect.stringMatching(/\/node\.js$/) });
    const keys = Object.keys(entry);
    expect(keys[0]).toBe('node');
  });
});
