import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmod, chown, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIdentityProvider, type IdentityProvider } from '../../src/emulator/identity-provider.js';
import { createDiskTokenStore } from '../../src/auth/disk-token-store.js';
import { createNodeTransport } from '../../src/runtime/node-transport.js';
import { TokenCache, type CachedToken } from '../../src/auth/token-cache.js';
import { json, startServer, type TestServer } from './helpers.js';

const SECRET = 'disk-cache-secret-42';

describe('disk token cache (CAMUNDA_TOKEN_CACHE_DIR)', () => {
  let idp: IdentityProvider;
  let api: TestServer;
  let root: string;
  let dir: string;
  const env = () => ({
    CAMUNDA_TASKLIST_BASE_URL: api.url,
    CAMUNDA_CLIENT_ID: 'disk-client',
    CAMUNDA_CLIENT_SECRET: SECRET,
    CAMUNDA_OAUTH_URL: idp.tokenUrl,
    CAMUNDA_TOKEN_CACHE_DIR: dir,
  });
  /** A fresh process, as far as tokens go: empty memory cache, same disk. */
  const freshTransport = (warnings: string[] = [], extraEnv: Record<string, string> = {}) =>
    createNodeTransport({ env: { ...env(), ...extraEnv }, authOptions: { tokenCache: new TokenCache() }, warn: (m) => warnings.push(m) });

  beforeAll(async () => {
    idp = await startIdentityProvider({ clients: [{ clientId: 'disk-client', clientSecret: SECRET }] });
    api = await startServer((req, res) => json(res, req.headers.authorization ? 200 : 401, {}));
    root = await mkdtemp(path.join(tmpdir(), 'tlc-auth-'));
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    dir = path.join(root, `cache-${Math.random().toString(36).slice(2)}`, 'tokens');
  });

  async function onlyFile(): Promise<string> {
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    return path.join(dir, files[0]!);
  }

  it('writes 0700 folder and 0600 file atomically, and a second process reuses the token', async () => {
    const before = idp.tokenRequests();
    expect((await freshTransport()('/v1/tasks')).status).toBe(200);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const file = await onlyFile();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(path.basename(file)).not.toContain('disk-client');
    const content = await readFile(file, 'utf8');
    expect(content).not.toContain(SECRET);
    expect((await freshTransport()('/v1/tasks')).status).toBe(200);
    expect(idp.tokenRequests() - before).toBe(1);
  });

  it('a process whose first calls start together reads the cached token once and asks the provider for none', async () => {
    await freshTransport()('/v1/tasks');
    const before = idp.tokenRequests();
    const fresh = freshTransport();
    const answers = await Promise.all(Array.from({ length: 5 }, () => fresh('/v1/tasks')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(idp.tokenRequests() - before).toBe(0);
  });

  it('a corrupt cache file is ignored and replaced', async () => {
    await freshTransport()('/v1/tasks');
    const file = await onlyFile();
    await writeFile(file, '{"accessToken": ', { mode: 0o600 });
    const before = idp.tokenRequests();
    expect((await freshTransport()('/v1/tasks')).status).toBe(200);
    expect(idp.tokenRequests() - before).toBe(1);
    expect(JSON.parse(await readFile(await onlyFile(), 'utf8'))).toHaveProperty('accessToken');
  });

  it('a cache file with loose permissions is not read (and gets replaced)', async () => {
    await freshTransport()('/v1/tasks');
    const file = await onlyFile();
    await chmod(file, 0o644);
    const warnings: string[] = [];
    const before = idp.tokenRequests();
    await freshTransport(warnings)('/v1/tasks');
    expect(idp.tokenRequests() - before).toBe(1);
    expect(warnings.join('\n')).toMatch(/group or others may read it/);
    expect((await stat(await onlyFile())).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'a cache file owned by someone else is not read (needs root to chown; runs as root here)',
    async () => {
      const store = createDiskTokenStore({ dir, warn: () => undefined });
      const planted: CachedToken = {
        accessToken: 'planted',
        tokenType: 'Bearer',
        expiresAt: Date.now() + 3_600_000,
        refreshAt: Date.now() + 3_000_000,
      };
      await store.save('k', planted);
      expect(await store.load('k')).toEqual(planted);
      await chown(await onlyFile(), 65534, 65534);
      const warnings: string[] = [];
      const fresh = createDiskTokenStore({ dir, warn: (m) => warnings.push(m) });
      expect(await fresh.load('k')).toBeUndefined();
      expect(warnings.join('\n')).toMatch(/belongs to another user/);
    },
  );

  it('a folder that cannot be written falls back to memory with one warning, never a crash', async () => {
    const blocker = path.join(root, `file-${Math.random().toString(36).slice(2)}`);
    await writeFile(blocker, 'not a folder');
    dir = path.join(blocker, 'tokens');
    const warnings: string[] = [];
    const tf = freshTransport(warnings);
    expect((await tf('/v1/tasks')).status).toBe(200);
    expect((await tf('/v1/tasks')).status).toBe(200);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/in-memory cache only/);
    expect(warnings[0]).not.toContain(SECRET);
  });
});
