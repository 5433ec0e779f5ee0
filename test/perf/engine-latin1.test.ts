/**
 * The bundled engines stay Latin-1. V8 keeps a script's source in memory for as long as its
 * functions live, one byte per character, unless a single character is beyond Latin-1: then the
 * whole source, megabytes for an engine, takes two bytes per character. One `⚠` in a regular
 * expression of the REST generator did that to its 3.9 MB engine (the bundler escapes such
 * characters in strings, not in regular expressions). Every generator source is checked as the
 * bundler prints it (whitespace and comments stripped).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { generatorSources } from '../../src/generate/index.js';

const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

describe('generator sources as the engines bundle them', () => {
  it('have no character beyond Latin-1', () => {
    const sources = generatorSources(path.join(srcRoot, 'generate/index.ts'));
    expect(sources).toContain('generate/rest/emit-types.ts');
    const offending: string[] = [];
    for (const file of sources) {
      const { code } = transformSync(readFileSync(path.join(srcRoot, file), 'utf8'), {
        loader: 'ts',
        minifyWhitespace: true,
        format: 'esm',
      });
      const at = [...code].findIndex((character) => character.codePointAt(0)! > 0xff);
      if (at >= 0) offending.push(`${file}: ${JSON.stringify(code.slice(Math.max(0, at - 30), at + 10))}`);
    }
    expect(offending).toEqual([]);
  });
});
