/**
 * A change on one side replaces only the files whose bytes changed: the other files keep their
 * inode and mtime, so file watchers and dev servers see only what really changed.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Generators } from '../../src/generate/index.js';
import { makeProject, removeProject, run, writeFile } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

/** Each side writes two files: one from its schema, one constant. */
const generators: Generators = {
  async graphql({ schemaFile }) {
    return {
      files: [
        { path: 'graphql/schema.ts', contents: `// ${readFileSync(schemaFile, 'utf8').trim()}\n` },
        { path: 'graphql/index.ts', contents: '// same\n' },
      ],
      warnings: [],
    };
  },
  async rest({ documentFile }) {
    return {
      files: [
        { path: 'rest/schema.d.ts', contents: `// ${readFileSync(documentFile, 'utf8').trim()}\n` },
        { path: 'rest/index.ts', contents: '// same\n' },
      ],
      warnings: [],
    };
  },
};

function identity(dir: string, file: string): { ino: number; mtimeMs: number } {
  const { ino, mtimeMs } = statSync(path.join(dir, 'generated', file));
  return { ino, mtimeMs };
}

describe('generate replaces only what changed', () => {
  it('keeps inode and mtime of every file whose contents did not change', async () => {
    const dir = makeProject({
      'schemas/tasklist.graphql': 'type Query { a: String }\n',
      'schemas/tasklist.openapi.json': '{"openapi":"3.0.1"}\n',
      'operations/a.graphql': 'query A { a }\n',
    });
    dirs.push(dir);
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    const files = ['graphql/schema.ts', 'graphql/index.ts', 'rest/schema.d.ts', 'rest/index.ts'];
    const before = Object.fromEntries(files.map((file) => [file, identity(dir, file)]));
    await new Promise((resolve) => setTimeout(resolve, 20));

    writeFile(dir, 'schemas/tasklist.openapi.json', '{"openapi":"3.0.3"}\n');
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    expect(readFileSync(path.join(dir, 'generated/rest/schema.d.ts'), 'utf8')).toBe('// {"openapi":"3.0.3"}\n');
    for (const file of ['graphql/schema.ts', 'graphql/index.ts', 'rest/index.ts']) expect(identity(dir, file), file).toEqual(before[file]);
    expect(identity(dir, 'rest/schema.d.ts').ino).not.toBe(before['rest/schema.d.ts']!.ino);
  });
});
