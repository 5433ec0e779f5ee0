import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/auth/token-cache.js';
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { FetchError, NO_GRAPHQL_NOTE, fetchSchemas } from '../../src/fetch/index.js';
import { createNodeTransport } from '../../src/runtime/node-transport.js';
import { snapshotDir, tempDir } from './helpers.js';

const STRATEGY = { none: 'NONE', basic: 'BASIC', cookie: 'COOKIE', oidc: 'OAUTH' } as const;

async function withEmulator<T>(options: EmulatorOptions, work: (emu: Awaited<ReturnType<typeof startEmulator>>) => Promise<T>): Promise<T> {
  const emu = await startEmulator(options);
  try {
    return await work(emu);
  } finally {
    await emu.close();
  }
}

/** Fetch through the auth runtime, configured only from the env the emulator hands out. */
function transportFor(emu: Awaited<ReturnType<typeof startEmulator>>, mode: keyof typeof STRATEGY) {
  return createNodeTransport({
    env: { ...emu.env(), CAMUNDA_AUTH_STRATEGY: STRATEGY[mode] },
    authOptions: { tokenCache: new TokenCache() },
    retry: false,
  });
}

describe('fetch from the Tasklist emulator', () => {
  for (const mode of ['none', 'basic', 'cookie', 'oidc'] as const) {
    it(`${mode}: both schemas through the auth runtime, byte-identical on a second fetch`, async () => {
      const { dir, cleanup } = await tempDir();
      try {
        await withEmulator({ auth: mode }, async (emu) => {
          const schemasDir = path.join(dir, 'schemas');
          const fetch = transportFor(emu, mode);
          const first = await fetchSchemas({ baseUrl: emu.baseUrl, fetch, schemasDir });
          expect(first.graphql.status).toBe('written');
          expect(first.rest.status).toBe('written');
          expect(first.graphql.contents).toContain('type Task {');
          expect(first.rest.document?.paths?.['/v1/tasks/search']).toBeDefined();
          expect(first.rest.serverVersion).toBe(emu.version);
          const written = await snapshotDir(schemasDir);
          // A fresh transport (new token / new session) and a later clock: still nothing to write.
          const second = await fetchSchemas({
            baseUrl: emu.baseUrl,
            fetch: transportFor(emu, mode),
            schemasDir,
            now: () => new Date(Date.now() + 86_400_000),
          });
          expect(second.graphql.status).toBe('unchanged');
          expect(second.rest.status).toBe('unchanged');
          expect(await snapshotDir(schemasDir)).toEqual(written);
          // Credentials never reach the files.
          const env = emu.env();
          for (const secret of [env['CAMUNDA_BASIC_AUTH_PASSWORD'], env['CAMUNDA_CLIENT_SECRET']].filter((value): value is string =>
            Boolean(value),
          )) {
            for (const file of Object.values(written)) expect(file.contents).not.toContain(secret);
          }
        });
      } finally {
        await cleanup();
      }
    });
  }

  it('a wrong client secret: the token endpoint refuses, the error names the sign-in but not the secret', async () => {
    await withEmulator({ auth: 'oidc' }, async (emu) => {
      const wrong = 'not-the-secret-1234567';
      const fetch = createNodeTransport({
        env: { ...emu.env(), CAMUNDA_CLIENT_SECRET: wrong },
        authOptions: { tokenCache: new TokenCache() },
        retry: false,
      });
      const error = await fetchSchemas({ baseUrl: emu.baseUrl, fetch, schemasDir: '/nonexistent', write: false }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(FetchError);
      expect((error as FetchError).code).toBe('UNAUTHORIZED');
      expect((error as FetchError).message).toMatch(/signing in failed/);
      expect(`${(error as FetchError).message} ${(error as FetchError).hint}`).not.toContain(wrong);
    });
  });

  it('a Camunda 8.8-like server (no GraphQL): REST only, with the note', async () => {
    await withEmulator({ auth: 'oidc', graphql: false }, async (emu) => {
      const result = await fetchSchemas({
        baseUrl: emu.baseUrl,
        fetch: transportFor(emu, 'oidc'),
        schemasDir: '/nonexistent-never-written',
        write: false,
      });
      expect(result.graphql.status).toBe('absent');
      expect(result.notes).toEqual([NO_GRAPHQL_NOTE]);
      expect(result.rest.status).toBe('changed');
    });
  });

  it('introspection turned off, and a document behind auth fetched without credentials', async () => {
    await withEmulator({ auth: 'basic', introspection: false }, async (emu) => {
      const introspection = await fetchSchemas({
        baseUrl: emu.baseUrl,
        fetch: transportFor(emu, 'basic'),
        schemasDir: '/nonexistent',
        write: false,
      }).catch((error: unknown) => error);
      expect(introspection).toBeInstanceOf(FetchError);
      expect((introspection as FetchError).code).toBe('INTROSPECTION_DISABLED');
      const anonymous = await fetchSchemas({ baseUrl: emu.baseUrl, fetch, schemasDir: '/nonexistent', graphql: false, write: false }).catch(
        (error: unknown) => error,
      );
      expect(anonymous).toBeInstanceOf(FetchError);
      expect((anonymous as FetchError).code).toBe('UNAUTHORIZED');
      expect((anonymous as FetchError).hint).toContain('CAMUNDA_AUTH_STRATEGY');
      expect((anonymous as FetchError).url).toContain(emu.baseUrl);
    });
  });
});
