/**
 * The generator fingerprint (part of every inputs hash when running from the sources) covers the
 * modules generation actually loads, and only those: a scratch file beside them (untracked in a
 * working tree, absent from a clean clone) must not make the committed manifest look stale there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatorSources } from '../../src/generate/index.js';
import { makeProject, removeProject } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

function tree(files: Record<string, string>): string {
  const dir = makeProject();
  dirs.push(dir);
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), contents);
  }
  return dir;
}

describe('generatorSources', () => {
  it('follows static, re-exported and dynamic relative imports across src/, and nothing else', () => {
    const dir = tree({
      'src/generate/index.ts':
        "import { a } from './a.js';\nexport * from './types.js';\nconst lazy = () => import('./rest/index.js');\nimport type { X } from 'graphql';\n",
      'src/generate/a.ts': "import { u } from '../util/u.js';\nexport const a = u;\n",
      'src/generate/types.ts': 'export type T = 1;\n',
      'src/generate/rest/index.ts': "export { a } from '../a.js';\n",
      'src/util/u.ts': 'export const u = 1;\n',
      'src/generate/scratch.ts': 'export const notImported = 1;\n',
      'src/util/other.ts': 'export const other = 1;\n',
    });
    expect(generatorSources(path.join(dir, 'src/generate/index.ts'))).toEqual([
      'generate/a.ts',
      'generate/index.ts',
      'generate/rest/index.ts',
      'generate/types.ts',
      'util/u.ts',
    ]);
  });

  it('covers every module of the real generator that shapes output', () => {
    const files = generatorSources(path.resolve(import.meta.dirname, '../../src/generate/index.ts'));
    expect(files).toEqual(
      expect.arrayContaining([
        'generate/index.ts',
        'generate/graphql/index.ts',
        'generate/graphql/plugin.ts',
        'generate/graphql/config.ts',
        'generate/rest/index.ts',
      ]),
    );
  });
});
