/**
 * Issue 8: a browser page that signs in with one strategy ships only that one. Bundled with
 * esbuild for the browser; the modules that end up with bytes in the output are compared.
 * (Sizes are measured in bench/, not asserted here.)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { measureSplitBrowserBundle } from '../../bench/lib/browser-bundle-size.js';

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
  it('createAuthStrategy with an AuthConfig still bundles every strategy into one file', async () => {
    const modules = await modulesIn(app(`createAuthStrategy({ strategy: 'BEARER', token: 'x' })`));
    expect(modules.filter((m) => otherStrategies.includes(m)).sort()).toEqual([
      'src/auth/env.ts',
      'src/auth/strategies/basic.ts',
      'src/auth/strategies/cookie.ts',
      'src/auth/strategies/oauth.ts',
      'src/auth/token-cache.ts',
    ]);
  });

  // A bundler that splits code puts what `import()` loads into chunks of its own: the page
  // downloads OAuth and the cookie session only when a call first needs one of them.
  it('split into chunks, an AuthConfig page downloads no OAuth or cookie code up front: each is a chunk its entry imports', async () => {
    const split = await measureSplitBrowserBundle(app(`createAuthStrategy({ strategy: 'BEARER', token: 'x' })`), repoRoot);
    const upFront = split.upFront.bytesByInput.map(([file]) => file);
    expect(upFront).toContain('src/auth/strategies/deferred.ts');
    for (const lazyOnly of ['src/auth/strategies/oauth.ts', 'src/auth/strategies/cookie.ts', 'src/auth/jwt.ts'])
      expect(upFront).not.toContain(lazyOnly);
    const strategyChunks = split.lazy.filter((chunk) => !chunk.chunk.startsWith('redirects-'));
    expect(strategyChunks.map((chunk) => [chunk.chunk.replace(/-\w+\.js$/, ''), chunk.inputs.sort()]).sort()).toEqual([
      ['cookie', ['src/auth/strategies/cookie.ts']],
      ['oauth', ['src/auth/jwt.ts', 'src/auth/strategies/oauth.ts']],
    ]);
    // The constructors load theirs the same way; a bearer page's code can load neither.
    const bearer = await measureSplitBrowserBundle(app(`bearerAuth(() => 'x')`), repoRoot);
    expect(bearer.lazy.map((chunk) => chunk.chunk.replace(/-\w+\.js$/, ''))).toEqual(['redirects']);
    expect(bearer.upFront.bytesByInput.map(([file]) => file)).not.toContain('src/auth/strategies/deferred.ts');
  });
});
