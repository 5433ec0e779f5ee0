/**
 * The disk token cache against a hostile file system (issue 9). test/auth/disk-cache.test.ts
 * covers 0600/0700, loose file modes and another user's file; this adds what an attacker on a
 * shared machine would try next: a symlink planted where the cache file goes, a folder owned by
 * someone else, and a token file in a nested folder path created from scratch.
 */
import { chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskTokenStore } from '../../src/auth/disk-token-store.js';
import type { CachedToken } from '../../src/auth/token-cache.js';

const token = (accessToken: string): CachedToken => ({
  accessToken,
  tokenType: 'Bearer',
  expiresAt: Date.now() + 3_600_000,
  refreshAt: Date.now() + 3_000_000,
});
const isRoot = process.getuid?.() === 0;

describe('disk token cache on a hostile file system', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tlc-rel-cache-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates every missing folder of a nested path 0700 and writes 0600', async () => {
    const dir = path.join(root, 'a', 'b', 'tokens');
    const store = createDiskTokenStore({ dir, warn: () => undefined });
    await store.save('k', token('nested'));
    expect((await lstat(dir)).mode & 0o777).toBe(0o700);
    const [file] = await readdir(dir);
    expect((await lstat(path.join(dir, file!))).mode & 0o777).toBe(0o600);
    expect((await store.load('k'))?.accessToken).toBe('nested');
  });

  it('does not follow a symlink planted where the cache file goes, neither to read nor to write', async () => {
    const dir = path.join(root, 'planted');
    const store = createDiskTokenStore({ dir, warn: () => undefined });
    await store.save('k', token('mine'));
    const [name] = await readdir(dir);
    const file = path.join(dir, name!);
    // Someone replaces the cache file by a link to a token file of their choosing.
    const bait = path.join(root, 'bait.json');
    await writeFile(bait, JSON.stringify(token('planted-by-someone')), { mode: 0o600 });
    await rm(file);
    await symlink(bait, file);
    const fresh = createDiskTokenStore({ dir, warn: () => undefined });
    expect(await fresh.load('k')).toBeUndefined();
    // Saving replaces the link itself (rename over it); the link's target is not written through.
    await fresh.save('k', token('mine-again'));
    expect(JSON.parse(await readFile(bait, 'utf8')).accessToken).toBe('planted-by-someone');
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
  });

  it.skipIf(!isRoot)(
    'a cache folder owned by another user is not used at all: memory only, one warning (needs root to chown)',
    async () => {
      const dir = path.join(root, 'theirs');
      await mkdir(dir, { mode: 0o700 });
      await chown(dir, 65534, 65534);
      const warnings: string[] = [];
      const store = createDiskTokenStore({ dir, warn: (m) => warnings.push(m) });
      await store.save('k', token('secret-token-value'));
      expect(await store.load('k')).toBeUndefined();
      expect(await readdir(dir)).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/belongs to another user/);
      expect(warnings[0]).not.toContain('secret-token-value');
    },
  );
});
