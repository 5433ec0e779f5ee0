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

const app = (transport: string) => `
import { createStrategyTransport, createTransport, bearerAuth, createRestClient } from ${runtime};
import { getTaskById } from ${restClient};
const fetch = ${transport};
getTaskById(createRestClient({ baseUrl: location.origin, fetch }), { path: { taskId: '1' } }).then(console.log);
`;

const otherStrategies = [
  'src/auth/strategies/oauth.ts',
  'src/auth/strategies/cookie.ts',
  'src/auth/strategies/basic.ts',
  'src/auth/token-cache.ts',
  'src/auth/env.ts',
];

describe('per-strategy constructors shake out the strategies a page does not use', () => {
  it('createStrategyTransport + bearerAuth: only the bearer strategy is bundled', async () => {
    const modules = await modulesIn(
      app(`createStrategyTransport({ baseUrl: location.origin, auth: bearerAuth(() => sessionStorage.getItem('t') ?? '') })`),
    );
    expect(modules).toContain('src/auth/strategies/bearer.ts');
    expect(modules).toContain('src/runtime/transport.ts');
    expect(modules.filter((m) => otherStrategies.includes(m))).toEqual([]);
  });

  // The check above must be able to fail: a config object reaches every strategy.
  it('createTransport with an AuthConfig still bundles every strategy', async () => {
    const modules = await modulesIn(app(`createTransport({ baseUrl: location.origin, auth: { strategy: 'BEARER', token: 'x' } })`));
    expect(modules.filter((m) => otherStrategies.includes(m)).sort()).toEqual([
      'src/auth/env.ts',
      'src/auth/strategies/basic.ts',
      'src/auth/strategies/cookie.ts',
      'src/auth/strategies/oauth.ts',
      'src/auth/token-cache.ts',
    ]);
  });
});
