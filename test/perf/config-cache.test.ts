/**
 * The cache of an evaluated codegen.ts (src/config/cache.ts): used only while every byte the
 * evaluation depends on is unchanged, and never for a config it cannot vouch for.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'config-cache-'));
  mkdirSync(path.join(dir, 'node_modules'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
const load = () => loadConfigFile(path.join(dir, 'codegen.ts'), dir, { cache: true });

describe('codegen.ts evaluation cache', () => {
  it('an unchanged file is read from the cache; an edit to it or to a file it imports is evaluated again', async () => {
    write('sides.ts', `export const outDir: string = 'out-a';\n`);
    write(
      'codegen.ts',
      `import { outDir } from './sides.js';\nimport type { Foo } from 'some-package';\nexport const tasklist = { outDir, rest: { format: 'json' as const } };\n`,
    );
    const first = await load();
    expect(first.fromCache).toBeFalsy();
    expect(first.tasklist.outDir).toBe('out-a');
    const second = await load();
    expect(second.fromCache).toBe(true);
    expect(second.tasklist).toEqual(first.tasklist);

    write('sides.ts', `export const outDir: string = 'out-b';\n`);
    const afterImportEdit = await load();
    expect(afterImportEdit.fromCache).toBeFalsy();
    expect(afterImportEdit.tasklist.outDir).toBe('out-b');

    write('codegen.ts', `import { outDir } from './sides.js';\nexport const tasklist = { outDir: outDir + '-c' };\n`);
    const afterEdit = await load();
    expect(afterEdit.fromCache).toBeFalsy();
    expect(afterEdit.tasklist.outDir).toBe('out-b-c');
    expect((await load()).fromCache).toBe(true);
  });

  it('a config that reads the environment is keyed on it', async () => {
    write('codegen.ts', `export const tasklist = { outDir: process.env.CACHE_TEST_OUT ?? 'none' };\n`);
    process.env.CACHE_TEST_OUT = 'one';
    try {
      expect((await load()).tasklist.outDir).toBe('one');
      expect((await load()).fromCache).toBe(true);
      process.env.CACHE_TEST_OUT = 'two';
      const changed = await load();
      expect(changed.fromCache).toBeFalsy();
      expect(changed.tasklist.outDir).toBe('two');
    } finally {
      delete process.env.CACHE_TEST_OUT;
    }
  });

  it.each([
    [
      'imports a package',
      `import { join } from 'node:path';\nimport pc from 'picocolors';\nexport const tasklist = { outDir: join('a', pc ? 'b' : 'c') };\n`,
    ],
    [
      'reads a file',
      `import { readFileSync } from 'node:fs';\nexport const tasklist = { outDir: readFileSync(new URL('./name.txt', import.meta.url), 'utf8') };\n`,
    ],
    ['depends on the time', `export const tasklist = { outDir: 'out-' + (Date.now() > 0) };\n`],
    ['carries auth', `export const tasklist = { auth: { strategy: 'NONE' as const } };\n`],
    ['is not plain data', `export const tasklist = { outDir: 'x', extra: undefined };\n`],
  ])('a config that %s is evaluated every time', async (_what, source) => {
    write('name.txt', 'from-file');
    write('codegen.ts', source);
    const first = await load().catch((error: Error) => error);
    const second = await load().catch((error: Error) => error);
    if (!(first instanceof Error)) expect(first.fromCache).toBeFalsy();
    if (!(second instanceof Error)) expect(second.fromCache).toBeFalsy();
    const cacheDir = path.join(dir, 'node_modules', '.cache', 'tasklist-codegen');
    const entries = (() => {
      try {
        return readdirSync(cacheDir);
      } catch {
        return [];
      }
    })();
    expect(entries).toEqual([]);
  });

  it('without the option, or without node_modules, nothing is cached', async () => {
    write('codegen.ts', `export const tasklist = { outDir: 'x' };\n`);
    await loadConfigFile(path.join(dir, 'codegen.ts'), dir);
    expect((await loadConfigFile(path.join(dir, 'codegen.ts'), dir)).fromCache).toBeFalsy();
    rmSync(path.join(dir, 'node_modules'), { recursive: true });
    await load();
    // A temp folder may sit under a node_modules higher up only in odd set-ups; here there is none.
    expect((await load()).fromCache).toBeFalsy();
  });
});
