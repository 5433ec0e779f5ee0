/**
 * The REST engine's stand-in for `typescript` (src/generate/rest/syntax-printer/) has every member of
 * TypeScript's API that the installed openapi-typescript's code names: an upgrade that calls one
 * more factory function fails here, not in a user's `generate`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import ourTs from '../../src/generate/rest/syntax-printer/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packageRoot = path.dirname(createRequire(path.join(repoRoot, 'package.json')).resolve('openapi-typescript/package.json'));
const version = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The ES modules the engine bundles (the `import` condition of openapi-typescript's exports). */
function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? moduleFiles(path.join(dir, entry.name)) : entry.name.endsWith('.mjs') ? [path.join(dir, entry.name)] : [],
  );
}
const files = moduleFiles(path.join(packageRoot, 'dist')).map((file) => ({
  file: path.relative(packageRoot, file),
  // Without the source map's name (`ts.mjs.map`), which is no use of `ts`.
  text: readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, ''),
}));

describe(`what openapi-typescript ${version} uses of TypeScript's API`, () => {
  it('imports it one way only, `import ts from "typescript"`, so that every use reads `ts.…`', () => {
    const importers = files.filter(({ text }) => /['"]typescript['"]/.test(text));
    expect(importers.length).toBeGreaterThan(5);
    for (const { file, text } of importers) {
      const imports = text.match(/^import[^;]*['"]typescript['"];?$/gm) ?? [];
      expect(imports, file).toEqual(["import ts from 'typescript';"]);
      expect(text.match(/['"]typescript['"]/g), `${file}: a second mention of 'typescript' (require, import())`).toHaveLength(1);
    }
  });

  // `ts.x`, `ts.x.y`, `ts.x[`: the default import's uses, not `./ts.mjs` or `foo.ts.x`.
  const USE = /(?<![\w$./'"`-])ts\.([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?(\[)?/g;
  const uses = new Set(
    files.flatMap(({ text }) =>
      [...text.matchAll(USE)].map(([, member, inner, bracket]) => [member, inner ?? bracket].filter(Boolean).join(' ')),
    ),
  );
  const namespaces = ['factory', 'SyntaxKind', 'NodeFlags', 'ScriptTarget', 'ScriptKind', 'NewLineKind'];

  it('every member it names is in the syntax printer', () => {
    const missing: string[] = [];
    const stand = ourTs as unknown as Record<string, Record<string, unknown> | undefined>;
    for (const use of uses) {
      const [member, inner] = use.split(' ') as [string, string | undefined];
      if (namespaces.includes(member) && inner !== undefined && inner !== '[') {
        if (stand[member]?.[inner] === undefined) missing.push(`ts.${member}.${inner}`);
      } else if (stand[member] === undefined) missing.push(`ts.${member}`);
    }
    expect(missing).toEqual([]);
    // What the list is made of: dozens of factory functions, kinds and functions of its own.
    expect([...uses].filter((use) => use.startsWith('factory ')).length).toBeGreaterThan(30);
  });

  it('factory members are functions; enums map back from value to name as TypeScript’s do (`ts.SyntaxKind[kind]`)', () => {
    for (const use of uses) {
      const [member, inner] = use.split(' ') as [string, string | undefined];
      if (member === 'factory' && inner) expect(typeof ourTs.factory[inner as keyof typeof ourTs.factory], use).toBe('function');
      if (member === 'SyntaxKind' && inner && inner !== '[') {
        const value = ourTs.SyntaxKind[inner as keyof typeof ourTs.SyntaxKind];
        expect(ourTs.SyntaxKind[value], use).toBe(inner);
      }
    }
    expect(uses.has('SyntaxKind [')).toBe(true);
  });
});
