import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const forbidden = /^(node:|graphql$|graphql\/|@graphql-codegen|openapi-typescript|code-block-writer|undici|oidc-provider|jose)/;

describe('src/runtime/index.ts stays browser-safe', () => {
  it('bundles for the browser without node: modules or generator dependencies', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'src/runtime/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // Only what the runtime's own files import is under test; third-party bundles are test/browser/runtime-imports.test.ts's check.
      external: ['openapi-fetch'],
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    const offending = imports.filter(
      (p) => forbidden.test(p) || /node_modules\/(graphql|undici|code-block-writer|openapi-typescript)\//.test(p),
    );
    expect(offending).toEqual([]);
    const authFiles = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/auth/'));
    expect(authFiles).toContain('src/auth/strategies/oauth.ts');
    expect(authFiles).not.toContain('src/auth/disk-token-store.ts');
  });
});
