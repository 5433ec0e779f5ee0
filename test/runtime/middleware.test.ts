import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import createClient from 'openapi-fetch';
import { authMiddleware } from '../../src/runtime/middleware.js';
import { createAuthStrategy } from '../../src/auth/strategies/index.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { HttpError } from '../../src/runtime/errors.js';
import { startIdentityProvider, type IdentityProvider } from '../../src/emulator/identity-provider.js';
import { json, startServer, type TestServer } from '../auth/helpers.js';

// A hand-written slice of Tasklist's REST paths, enough for openapi-fetch's types.
interface paths {
  '/v1/tasks/{taskId}/assign': {
    patch: {
      parameters: { path: { taskId: string } };
      requestBody: { content: { 'application/json': { assignee: string } } };
      responses: { 200: { content: { 'application/json': { id: string; assignee: string } } } };
    };
  };
}

describe('authMiddleware with openapi-fetch', () => {
  let idp: IdentityProvider;
  let api: TestServer;
  let refuseNext = 0;
  let bodies: string[] = [];

  beforeAll(async () => {
    idp = await startIdentityProvider({ clients: [{ clientId: 'mw', clientSecret: 'mw-secret' }] });
    api = await startServer(async (req, res, body) => {
      bodies.push(body);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const valid = token
        ? await idp.verify(token, 'tasklist.camunda.io').then(
            () => true,
            () => false,
          )
        : false;
      if (!valid || refuseNext > 0) {
        refuseNext--;
        json(res, 401, { title: 'Unauthorized' });
        return;
      }
      json(res, 200, { id: req.url?.split('/')[3], assignee: (JSON.parse(body) as { assignee: string }).assignee });
    });
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });
  beforeEach(() => {
    refuseNext = 0;
    bodies = [];
  });

  const client = () => {
    const c = createClient<paths>({ baseUrl: api.url });
    c.use(
      authMiddleware(
        createAuthStrategy(
          { strategy: 'OAUTH', clientId: 'mw', clientSecret: 'mw-secret', oauthUrl: idp.tokenUrl },
          { tokenCache: new TokenCache() },
        ),
      ),
    );
    return c;
  };

  it('signs requests; a 401 re-authenticates and resends the same body once', async () => {
    const c = client();
    const first = await c.PATCH('/v1/tasks/{taskId}/assign', { params: { path: { taskId: 't1' } }, body: { assignee: 'demo' } });
    expect(first.data).toEqual({ id: 't1', assignee: 'demo' });

    refuseNext = 1;
    const before = idp.tokenRequests();
    const second = await c.PATCH('/v1/tasks/{taskId}/assign', { params: { path: { taskId: 't2' } }, body: { assignee: 'john' } });
    expect(second.data).toEqual({ id: 't2', assignee: 'john' });
    expect(bodies.slice(-2)).toEqual(['{"assignee":"john"}', '{"assignee":"john"}']);
    expect(idp.tokenRequests() - before).toBe(1);
  });

  it('refused twice: HttpError after exactly one retry', async () => {
    refuseNext = 5;
    const c = client();
    await expect(
      c.PATCH('/v1/tasks/{taskId}/assign', { params: { path: { taskId: 't3' } }, body: { assignee: 'x' } }),
    ).rejects.toBeInstanceOf(HttpError);
    expect(bodies).toHaveLength(2);
  });
});
