/**
 * Prose from a document stays prose in the generated doc comments: a description line that starts
 * with `@` does not become a JSDoc tag (editors strike a function through for `@deprecated`), and a
 * control character is written as `\uXXXX` text, not raw (a NUL makes git and grep call the file
 * binary).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateRest } from '../../src/generate/rest/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const document = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/x': {
      get: {
        operationId: 'getX',
        summary: '@param summary that looks like a tag',
        description: 'Returns the task.\n@deprecated is what the old endpoint said\n  @param nothing\nNUL here: \u0000, bell: \u0007.',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } },
      },
    },
  },
};

describe('document prose in generated doc comments', () => {
  it('becomes no JSDoc tag and carries no raw control character', async () => {
    const result = await generateRest({
      documentFile: 'doc.json',
      documentText: JSON.stringify(document),
      cwd: repoRoot,
      runtimeImport: 'rt',
    });
    const index = result.files.find((f) => f.path === 'rest/index.ts')!.contents;
    // eslint-disable-next-line no-control-regex
    expect(index).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(index).toContain('NUL here: \\u0000, bell: \\u0007.');
    const file = ts.createSourceFile('index.ts', index, ts.ScriptTarget.ES2022, true);
    let tags: string[] | undefined;
    file.forEachChild((node) => {
      if (ts.isFunctionDeclaration(node) && node.name?.text === 'getX') tags = ts.getJSDocTags(node).map((tag) => tag.tagName.text);
    });
    expect(tags).toBeDefined();
    expect(tags).not.toContain('deprecated');
    expect(tags).not.toContain('param');
    expect(index).toContain('\\@deprecated is what the old endpoint said');
  });
});
