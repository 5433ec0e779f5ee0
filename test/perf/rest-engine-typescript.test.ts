/**
 * The REST engine generates without the TypeScript compiler: openapi-typescript's `typescript` is
 * the engine's own syntax printer (scripts/engines.mjs), so a first `generate` (no code cache: a
 * fresh CI job) neither reads nor compiles its 9 MB.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { engineFile } from '../../src/generate/engines.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the REST engine and the TypeScript compiler', () => {
  it('generating, the engine asks for no `typescript` and nothing of node_modules/typescript is loaded', async () => {
    const engine = await engineFile('rest');
    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        `const Module = require('node:module');
         const requested = [];
         const load = Module._load;
         Module._load = function (request, ...rest) { requested.push(request); return load.call(this, request, ...rest); };
         require(${JSON.stringify(engine)})
           .run({ documentFile: ${JSON.stringify(path.join(repoRoot, 'schemas/tasklist.openapi.json'))}, cwd: ${JSON.stringify(repoRoot)}, runtimeImport: 'x' })
           .then((reply) => {
             const typescript = Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(file));
             process.stdout.write(JSON.stringify({ ok: reply.ok, schema: reply.ok ? reply.result.files[0].contents.length : reply.error, requested, typescript }));
           });`,
      ],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
    );
    const outcome = JSON.parse(stdout) as { ok: boolean; schema: number; requested: string[]; typescript: string[] };
    expect(outcome.ok).toBe(true);
    expect(outcome.schema).toBeGreaterThan(10_000);
    expect(outcome.requested.filter((id) => /(^|[\\/])typescript([\\/]|$)/.test(id))).toEqual([]);
    expect(outcome.typescript).toEqual([]);
  }, 120_000);

  it('only openapi-typescript’s `typescript` becomes the syntax printer: anything else importing it fails the bundling', async () => {
    const { typescriptAsSyntaxPrinter } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/engines.mjs')).href)) as {
      typescriptAsSyntaxPrinter: import('esbuild').Plugin;
    };
    const bundle = (contents: string) =>
      build({
        stdin: { contents, resolveDir: repoRoot, loader: 'js' },
        bundle: true,
        platform: 'node',
        write: false,
        logLevel: 'silent',
        plugins: [typescriptAsSyntaxPrinter],
      });
    await expect(bundle("import ts from 'typescript'; export const f = ts.factory;")).rejects.toThrow(
      /only openapi-typescript's import is provided for/,
    );
  }, 60_000);

  it('the engine file requires no `typescript` anywhere in it', async () => {
    const code = readFileSync(await engineFile('rest'), 'utf8');
    expect(code).not.toMatch(/require\(["']typescript["']\)/);
  }, 120_000);
});
