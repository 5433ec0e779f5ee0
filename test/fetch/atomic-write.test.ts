import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readIfExists,
  recoverDirectory,
  recoverFileSet,
  replaceDirectoryAtomic,
  writeFileAtomic,
  writeFileSetAtomic,
} from '../../src/util/atomic-write.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'atomic-write-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('writeFileAtomic', () => {
  it('creates folders, replaces content and leaves no temp file', async () => {
    const file = path.join(root, 'a', 'b', 'x.txt');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['x.txt']);
  });

  it('applies an explicit mode and keeps the mode of the file it replaces', async () => {
    const file = path.join(root, 'secret.json');
    await writeFileAtomic(file, '{}', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFileAtomic(file, '{"a":1}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file and no temp when the write fails', async () => {
    const file = path.join(root, 'x.txt');
    await writeFileAtomic(file, 'old');
    // A folder where the file should be makes the rename fail after the temp was written.
    const blocked = path.join(root, 'dir-in-the-way');
    await mkdir(blocked);
    await writeFile(path.join(blocked, 'keep'), 'k');
    await expect(writeFileAtomic(blocked, 'new')).rejects.toThrow();
    expect(await readdir(root)).toEqual(['dir-in-the-way', 'x.txt']);
    expect(await readFile(file, 'utf8')).toBe('old');
  });
});

describe('readIfExists', () => {
  it('returns undefined only for a missing file', async () => {
    expect(await readIfExists(path.join(root, 'nope'))).toBeUndefined();
    await writeFile(path.join(root, 'yes'), 'y');
    expect(await readIfExists(path.join(root, 'yes'))).toBe('y');
    await expect(readIfExists(root)).rejects.toThrow(/EISDIR/);
  });
});

describe('writeFileSetAtomic', () => {
  it('writes every file and leaves only them behind', async () => {
    await writeFileSetAtomic(root, [
      { path: path.join(root, 'a.txt'), contents: 'A' },
      { path: path.join(root, 'sub', 'b.txt'), contents: 'B' },
    ]);
    expect(await listAll(root)).toEqual(['a.txt', path.join('sub', 'b.txt')]);
  });

  it('rolls a committed journal forward on the next run', async () => {
    // The state a kill leaves just after the commit point: one rename done, one not.
    await writeFile(path.join(root, 'a.txt'), 'new A');
    await writeFile(path.join(root, 'b.txt'), 'old B');
    await writeFile(path.join(root, '.b.txt.1.000000ff.tmp'), 'new B');
    await writeFile(
      path.join(root, '.tasklist-codegen.journal.json'),
      JSON.stringify({
        renames: [
          { temp: path.join(root, '.a.txt.1.000000ee.tmp'), target: path.join(root, 'a.txt') },
          { temp: path.join(root, '.b.txt.1.000000ff.tmp'), target: path.join(root, 'b.txt') },
        ],
      }),
    );
    await recoverFileSet(root);
    expect(await listAll(root)).toEqual(['a.txt', 'b.txt']);
    expect(await readFile(path.join(root, 'b.txt'), 'utf8')).toBe('new B');
  });

  it('rolls an uncommitted set back: old files stay, temps go', async () => {
    await writeFile(path.join(root, 'a.txt'), 'old A');
    await writeFile(path.join(root, '.a.txt.1.000000ee.tmp'), 'half');
    await writeFile(
      path.join(root, '.tasklist-codegen.journal.pending.json'),
      JSON.stringify({ renames: [{ temp: path.join(root, '.a.txt.1.000000ee.tmp'), target: path.join(root, 'a.txt') }] }),
    );
    await writeFileSetAtomic(root, [{ path: path.join(root, 'c.txt'), contents: 'C' }]);
    expect(await listAll(root)).toEqual(['a.txt', 'c.txt']);
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('old A');
  });

  it('removes the temp of a pending journal a kill interrupted', async () => {
    await writeFile(path.join(root, 'a.txt'), 'old A');
    await writeFile(path.join(root, '..tasklist-codegen.journal.pending.json.123.abcd.tmp'), '{"ren');
    await recoverFileSet(root);
    expect(await listAll(root)).toEqual(['a.txt']);
  });

  it('takes over the lock a killed process left behind', async () => {
    await writeFile(path.join(root, '.tasklist-codegen.lock'), '999999999');
    await writeFileSetAtomic(root, [{ path: path.join(root, 'a.txt'), contents: 'A' }]);
    expect(await listAll(root)).toEqual(['a.txt']);
  });

  it('takes over an empty lock (owner killed before writing its pid) once it is not brand new', async () => {
    const lock = path.join(root, '.tasklist-codegen.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 5_000);
    await utimes(lock, old, old);
    await writeFileSetAtomic(root, [{ path: path.join(root, 'a.txt'), contents: 'A' }]);
    expect(await listAll(root)).toEqual(['a.txt']);
  });

  it('refuses a journal it did not write, touching nothing', async () => {
    await writeFile(path.join(root, 'a.txt'), 'old');
    await writeFile(path.join(root, '.tasklist-codegen.journal.json'), 'not json');
    await expect(writeFileSetAtomic(root, [{ path: path.join(root, 'a.txt'), contents: 'new' }])).rejects.toThrow(
      /is not a tasklist-codegen journal/,
    );
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('old');
  });
});

describe('replaceDirectoryAtomic', () => {
  it('replaces the tree exactly (removed files go) and leaves no sibling folders', async () => {
    const dir = path.join(root, 'generated');
    await replaceDirectoryAtomic(dir, [
      { path: 'a.ts', contents: '1' },
      { path: 'old/only.ts', contents: '1' },
    ]);
    await replaceDirectoryAtomic(dir, [
      { path: 'a.ts', contents: '2' },
      { path: 'graphql/b.ts', contents: '2' },
    ]);
    expect(await listAll(dir)).toEqual(['a.ts', path.join('graphql', 'b.ts')]);
    expect(await readFile(path.join(dir, 'a.ts'), 'utf8')).toBe('2');
    expect(await readdir(root)).toEqual(['generated']);
  });

  it('refuses a path that climbs out and leaves the old tree', async () => {
    const dir = path.join(root, 'generated');
    await replaceDirectoryAtomic(dir, [{ path: 'a.ts', contents: '1' }]);
    await expect(replaceDirectoryAtomic(dir, [{ path: '../evil.ts', contents: 'x' }])).rejects.toThrow(/inside the output folder/);
    expect(await readdir(root)).toEqual(['generated']);
    expect(await readFile(path.join(dir, 'a.ts'), 'utf8')).toBe('1');
  });

  it('recovers each interrupted state', async () => {
    const dir = path.join(root, 'generated');
    const write = async (folder: string, text: string) => {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'f.ts'), text);
    };
    // Killed while building: roll back.
    await write(dir, 'old');
    await write(path.join(root, '.generated.building'), 'partial');
    await recoverDirectory(dir);
    expect(await readFile(path.join(dir, 'f.ts'), 'utf8')).toBe('old');
    // Killed after the build completed, before the swap: roll forward.
    await write(path.join(root, '.generated.new'), 'new');
    await recoverDirectory(dir);
    expect(await readFile(path.join(dir, 'f.ts'), 'utf8')).toBe('new');
    // Killed between moving the old tree aside and moving the new one in: roll forward.
    await rm(dir, { recursive: true });
    await write(path.join(root, '.generated.old'), 'older');
    await write(path.join(root, '.generated.new'), 'newest');
    await recoverDirectory(dir);
    expect(await readFile(path.join(dir, 'f.ts'), 'utf8')).toBe('newest');
    // Killed while deleting the old tree: finish deleting.
    await write(path.join(root, '.generated.old'), 'older');
    await recoverDirectory(dir);
    expect(await readdir(root)).toEqual(['generated']);
  });
});

const here = path.dirname(fileURLToPath(import.meta.url));

describe('SIGKILL at a random moment', () => {
  it('always leaves every file set and folder consistent: all old or all new', async () => {
    const setDir = path.join(root, 'schemas');
    const treeDir = path.join(root, 'generated');
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'kill-writer.ts'), setDir, treeDir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      });
      // Let it run a varying time, so the kill lands in different steps.
      await new Promise((resolve) => setTimeout(resolve, 15 + round * 37));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      await recoverFileSet(setDir);
      await recoverDirectory(treeDir);
      const setFiles = await listAll(setDir);
      expect(setFiles).toEqual([
        'tasklist.graphql',
        'tasklist.graphql.meta.json',
        'tasklist.openapi.json',
        'tasklist.openapi.json.meta.json',
      ]);
      const setContents = new Set(await Promise.all(setFiles.map((file) => readFile(path.join(setDir, file), 'utf8'))));
      expect(setContents.size).toBe(1);

      const treeFiles = await listAll(treeDir);
      const treeContents = new Set(await Promise.all(treeFiles.map((file) => readFile(path.join(treeDir, file), 'utf8'))));
      expect(treeContents.size).toBe(1);
      const generation = Number(/generation (\d+)/.exec([...treeContents][0]!)![1]);
      expect(treeFiles).toEqual(generation % 2 ? ['a.ts', path.join('nested', 'b.ts'), 'odd.ts'] : ['a.ts', path.join('nested', 'b.ts')]);
      expect((await readdir(root)).sort()).toEqual(['generated', 'schemas']);
    }
  });
});
