/**
 * Issue 8: a browser page that signs in with one strategy ships only that one. Bundled with
 * esbuild for the browser; the modules that end up with bytes in the output are compared.
 * (Sizes are measured in bench/, not asserted here.)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runtime = JSON.stringify(path.join(repoRoot, 'src/runtime/index.js'));
const restClient = JSON.stringify(path.join(repoRoot, 'generated/rest/index.js'));

/** Repo modules with at least one byte in the minified browser bundle of `contents`. */
async function modulesIn(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: repoRoot, loader: 'ts' },
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    outfile: 'app.js',
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([file, input]) => input.bytesInOutput > 0 && file.startsWith('src/'))
    .map(([file]) => file)
    .sort();
}

const app = (auth: string) => `
import { createTasklistClient, createAuthStrategy, bearerAuth } from ${runtime};
import { getTaskById } from ${restClient};
const tasklist = createTasklistClient({ baseUrl: location.origin, auth: ${auth}, graphql: false });
getTaskById(tasklist.rest, { path: { taskId: '1' } }).then(console.log);
`;

const otherStrategies = [
  'src/auth/strategies/oauth.ts',
  'src/auth/strategies/cookie.ts',
  'src/auth/strategies/basic.ts',
  'src/auth/token-cache.ts',
  'src/auth/env.ts',
];

describe('per-strategy constructors shake out the strategies a page does not use', () => {
  it('createTasklistClient + bearerAuth: only the bearer strategy is bundled', async () => {
    const modules = await modulesIn(app(`bearerAuth(() => sessionStorage.getItem('t') ?? '')`));
    expect(modules).toContain('src/auth/strategies/bearer.ts');
    expect(modules).toContain('src/runtime/transport.ts');
    expect(modules.filter((m) => otherStrategies.includes(m))).toEqual([]);
  });

  // The check above must be able to fail: a config object reaches every strategy.
  it('createAuthStrategy with an AuthConfig still bundles every strategy', async () => {
    const modules = await modulesIn(app(`createAuthStrategy({ strategy: 'BEARER', token: 'x' })`));
    expect(modules.filter((m) => otherStrategies.includes(m)).sort()).toEqual([
      'src/auth/env.ts',
      'src/auth/strategies/basic.ts',
      'src/auth/strategies/cookie.ts',
      'src/auth/strategies/oauth.ts',
      'src/auth/token-cache.ts',
    ]);
  });
});
