/**
 * The bundled engines stay Latin-1. V8 keeps a script's source in memory for as long as its
 * functions live, one byte per character, unless a single character is beyond Latin-1: then the
 * whole source, megabytes for an engine, takes two bytes per character. One `⚠` in a regular
 * expression of the REST generator did that to its 3.9 MB engine, title-case's `–—` to the GraphQL
 * engine's 1.4 MB (the bundler escapes such characters in strings, not in regular expressions), so
 * scripts/engines.mjs escapes what the bundler leaves. Checked on every file the engines are made
 * of, as they are loaded, and on the escape itself: a regular expression means what it meant.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheLoaderFile, engineFile } from '../../src/generate/engines.js';

// The build script is plain JavaScript, without declarations.
const { escapeBeyondLatin1: escape } = (await import(new URL('../../scripts/engines.mjs', import.meta.url).href)) as {
  escapeBeyondLatin1(code: string): string;
};

describe('the engines as they are loaded', () => {
  it('have no character beyond Latin-1, in any engine or the worker’s loader', async () => {
    const files = [await engineFile('graphql'), await engineFile('rest'), await codeCacheLoaderFile()];
    const offending: string[] = [];
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const at = code.search(/[^\0-\xff]/);
      if (at >= 0) offending.push(`${path.basename(file)}: ${JSON.stringify(code.slice(Math.max(0, at - 30), at + 10))}`);
    }
    expect(offending).toEqual([]);
  }, 120_000);
});

describe('escaping what the bundler leaves beyond Latin-1', () => {
  const sample = ['a–b—c', 'Ⅻ', '😀x', 'plain', 'é', 'a\u2013', '😁'];
  const cases = [
    String.raw`/[^\s:–—-]+|./g`,
    String.raw`/\–x/`,
    String.raw`/\\–/`,
    String.raw`/[😀-😂]/u`,
    String.raw`/😀/`,
    String.raw`/é–Ⅻ/i`,
  ];
  for (const literal of cases) {
    it(`${literal} matches what it matched`, () => {
      const escaped = escape(literal);
      expect(escaped).toMatch(/^[\0-\xff]*$/);
      const before = (0, eval)(literal) as RegExp;
      const after = (0, eval)(escaped) as RegExp;
      expect(after.flags).toBe(before.flags);
      for (const text of [...sample, String.raw`\–`])
        expect([...text.matchAll(new RegExp(after.source, `${after.flags.replace('g', '')}g`))].map((m) => [m.index, m[0]])).toEqual(
          [...text.matchAll(new RegExp(before.source, `${before.flags.replace('g', '')}g`))].map((m) => [m.index, m[0]]),
        );
    });
  }
  it('leaves Latin-1 text as it is, comments and strings included', () => {
    const code = 'const a = "\\xE9é"; /* © */ const b = /\\u2013/;';
    expect(escape(code)).toBe(code);
  });
});
