import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { createNodeTransport } from '../../src/runtime/node-transport.js';
import { TokenCache } from '../../src/auth/token-cache.js';

/** The auth runtime against the project's Tasklist emulator, configured only from the env it hands out. */
describe('every sign-in mode against the Tasklist emulator', () => {
  for (const mode of ['none', 'basic', 'cookie', 'oidc'] as const) {
    it(`${mode}: search, then a state-changing call`, async () => {
      const emu = await startEmulator({ auth: mode });
      try {
        const events: string[] = [];
        const strategy = { none: 'NONE', basic: 'BASIC', cookie: 'COOKIE', oidc: 'OAUTH' }[mode];
        const tf = createNodeTransport({
          env: { ...emu.env(), CAMUNDA_AUTH_STRATEGY: strategy },
          authOptions: { tokenCache: new TokenCache() },
          retry: false,
          onEvent: (e) => events.push(e.type),
        });
        expect(tf.auth.name).toBe(strategy);
        const search = await tf('/v1/tasks/search', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ state: 'CREATED', assigned: false, pageSize: 5 }),
        });
        expect(search.status).toBe(200);
        const tasks = (await search.json()) as Array<{ id: string }>;
        expect(tasks.length).toBeGreaterThan(0);
        const taskId = tasks[0]!.id;
        const assign = await tf(`/v1/tasks/${taskId}/assign`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ assignee: 'demo', allowOverrideAssignment: true }),
        });
        expect(assign.status, await assign.clone().text()).toBe(200);
        if (mode === 'cookie') {
          // A server restart ends the session: one 401, one new login, the call still succeeds.
          emu.clearSessions();
          const again = await tf(`/v1/tasks/${taskId}/unassign`, { method: 'PATCH' });
          expect(again.status).toBe(200);
          expect(events.filter((e) => e === 'login')).toHaveLength(2);
          expect(events.filter((e) => e === 'reauthenticate')).toHaveLength(1);
        }
      } finally {
        await emu.close();
      }
    });
  }
});
