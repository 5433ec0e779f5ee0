/**
 * Sign-in for Camunda 8.8+ against the emulator: the cookie strategy finds `/login` (form body,
 * `camunda-session`, CSRF sent back on writes) beside 8.5–8.7's `/api/login`; `CAMUNDA_REST_ADDRESS`
 * as the address with the SaaS audience `zeebe.camunda.io` while the v1 names keep working; and
 * `whoAmI()` over `/v2/authentication/me` in each sign-in mode.
 */
import { describe, expect, it } from 'vitest';
import { resolveAuthConfig, resolveBaseUrl } from '../../src/auth/env.js';
import { startEmulator, type AuthMode, type CamundaVersion } from '../../src/emulator/index.js';
import { createTasklistClient, HttpError, whoAmI } from '../../src/runtime/node.js';

const json = { 'content-type': 'application/json' };

describe('cookie login on each release', () => {
  for (const camunda of ['8.7', '8.8', '8.10'] as CamundaVersion[]) {
    it(`${camunda}: logs in, reads, and writes with the CSRF token`, async () => {
      const e = await startEmulator({ camunda, auth: 'cookie' });
      try {
        const client = createTasklistClient({ env: e.env(), graphql: false });
        const key = e.store.allUserTasks().find((t) => t.taskState === 'CREATED')!.id;
        if (e.generations.v2) {
          const search = await client.fetch(`${e.baseUrl}/v2/user-tasks/search`, { method: 'POST', headers: json, body: '{}' });
          expect(search.status).toBe(200);
          const assign = await client.fetch(`${e.baseUrl}/v2/user-tasks/${key}/assignment`, {
            method: 'POST',
            headers: json,
            body: '{"assignee":"demo"}',
          });
          expect(assign.status).toBe(204);
          expect(e.requestCount('/login')).toBe(1);
        } else {
          const search = await client.fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST', headers: json, body: '{}' });
          expect(search.status).toBe(200);
          expect(e.requestCount('/api/login')).toBe(1);
          expect(e.requestCount('/login')).toBe(0);
        }
      } finally {
        await e.close();
      }
    });
  }

  it('8.8 with a wrong password: one clear refusal, the password nowhere in it', async () => {
    const e = await startEmulator({ camunda: '8.8', auth: 'cookie' });
    try {
      const client = createTasklistClient({ env: { ...e.env(), CAMUNDA_BASIC_AUTH_PASSWORD: 'wrong-s3cret' }, graphql: false });
      const error = await client
        .fetch(`${e.baseUrl}/v2/user-tasks/search`, { method: 'POST', headers: json, body: '{}' })
        .catch((err: unknown) => err as Error);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/Login at .*\/login was refused: 401/);
      expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('wrong-s3cret');
    } finally {
      await e.close();
    }
  });
});

describe('the 8.8+ address and audience', () => {
  it('CAMUNDA_REST_ADDRESS is the base URL (a trailing /v2 dropped); the Tasklist names win and keep working', () => {
    expect(resolveBaseUrl({ CAMUNDA_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc-123/v2' })).toBe(
      'https://bru-2.zeebe.camunda.io/abc-123',
    );
    expect(resolveBaseUrl({ ZEEBE_REST_ADDRESS: 'http://localhost:8080/' })).toBe('http://localhost:8080');
    expect(resolveBaseUrl({ CAMUNDA_TASKLIST_BASE_URL: 'http://t:8082', CAMUNDA_REST_ADDRESS: 'http://z:8080' })).toBe('http://t:8082');
    expect(resolveBaseUrl({ CAMUNDA_CLUSTER_ID: 'abc', CAMUNDA_CLUSTER_REGION: 'bru-2' })).toBe('https://bru-2.tasklist.camunda.io/abc');
    expect(() => resolveBaseUrl({ CAMUNDA_REST_ADDRESS: 'not a url' })).toThrow(/CAMUNDA_REST_ADDRESS=not a url is not a URL/);
  });

  it('OAuth against CAMUNDA_REST_ADDRESS defaults to the audience zeebe.camunda.io; an explicit one wins; v1 keeps its default', () => {
    const oauth = { CAMUNDA_AUTH_STRATEGY: 'OAUTH', CAMUNDA_CLIENT_ID: 'id', CAMUNDA_CLIENT_SECRET: 'secret' };
    expect(resolveAuthConfig({ ...oauth, CAMUNDA_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc' })).toMatchObject({
      audience: 'zeebe.camunda.io',
    });
    expect(resolveAuthConfig({ ...oauth, CAMUNDA_REST_ADDRESS: 'https://x', CAMUNDA_TOKEN_AUDIENCE: 'mine' })).toMatchObject({
      audience: 'mine',
    });
    expect(resolveAuthConfig({ ...oauth, CAMUNDA_TASKLIST_BASE_URL: 'https://bru-2.tasklist.camunda.io/abc' })).not.toHaveProperty(
      'audience',
    );
  });

  it('a client built from CAMUNDA_REST_ADDRESS alone reaches the 8.10 emulator', async () => {
    const e = await startEmulator({ camunda: '8.10' });
    try {
      const client = createTasklistClient({ env: { CAMUNDA_REST_ADDRESS: `${e.baseUrl}/v2` }, graphql: false });
      expect(client.baseUrl).toBe(e.baseUrl);
      expect((await whoAmI(client)).username).toBe('demo');
    } finally {
      await e.close();
    }
  });
});

describe('whoAmI()', () => {
  for (const auth of ['none', 'basic', 'oidc', 'cookie'] as AuthMode[]) {
    it(`auth ${auth}: the signed-in user`, async () => {
      const e = await startEmulator({ camunda: '8.10', auth });
      try {
        const me = await whoAmI(createTasklistClient({ env: e.env(), graphql: false }));
        expect(me.username).toBe(auth === 'oidc' ? e.auth.clientId : 'demo');
        expect(me.canLogout).toBe(auth === 'cookie');
        expect(Array.isArray(me.groups)).toBe(true);
      } finally {
        await e.close();
      }
    });
  }

  it('before 8.8 (no /v2): an HttpError whose hint says the server is too old', async () => {
    const e = await startEmulator({ camunda: '8.7' });
    try {
      const error = await whoAmI(createTasklistClient({ env: e.env(), graphql: false })).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(404);
      expect((error as HttpError).hint).toMatch(/older than Camunda 8\.8/);
    } finally {
      await e.close();
    }
  });
});
