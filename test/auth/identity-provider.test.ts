import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startIdentityProvider, type IdentityProvider } from '../../src/emulator/identity-provider.js';

describe('identity provider (oidc-provider, client credentials, JWT access tokens)', () => {
  let idp: IdentityProvider;
  beforeAll(async () => {
    idp = await startIdentityProvider({
      clients: [
        { clientId: 'worker', clientSecret: 's3cr3t&=+ %' },
        { clientId: 'basic-worker', clientSecret: 'basic-secret', authMethod: 'basic' },
      ],
      audiences: ['tasklist.camunda.io', 'zeebe.camunda.io'],
      tokenTtlSeconds: 120,
    });
  });
  afterAll(async () => idp.close());

  const form = (o: Record<string, string>) =>
    fetch(idp.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o) });

  it('issues a JWT with the Camunda audience, verifiable against its JWKS', async () => {
    const res = await form({
      grant_type: 'client_credentials',
      client_id: 'worker',
      client_secret: 's3cr3t&=+ %',
      audience: 'tasklist.camunda.io',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(120);
    const claims = await idp.verify(body.access_token, 'tasklist.camunda.io');
    expect(claims.aud).toBe('tasklist.camunda.io');
    expect(claims['client_id']).toBe('worker');
    await expect(idp.verify(body.access_token, 'zeebe.camunda.io')).rejects.toThrow();
    expect(idp.tokenRequestLog().at(-1)?.rawBody).not.toContain('s3cr3t');
  });

  it('accepts a JSON body (older SaaS docs) and client_secret_basic', async () => {
    const json = await fetch(idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'worker',
        client_secret: 's3cr3t&=+ %',
        audience: 'zeebe.camunda.io',
      }),
    });
    expect(json.status).toBe(200);
    const { access_token } = (await json.json()) as { access_token: string };
    expect((await idp.verify(access_token, 'zeebe.camunda.io')).aud).toBe('zeebe.camunda.io');

    const basic = await fetch(idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('basic-worker:basic-secret')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', audience: 'tasklist.camunda.io' }),
    });
    expect(basic.status).toBe(200);
    expect(idp.tokenRequestLog().at(-1)?.clientAuth).toBe('basic');
  });

  it('uses the default audience for a scope-only request (Keycloak style) and keeps the scope', async () => {
    const res = await form({ grant_type: 'client_credentials', client_id: 'worker', client_secret: 's3cr3t&=+ %', scope: 'worker' });
    expect(res.status).toBe(200);
    const { access_token, scope } = (await res.json()) as { access_token: string; scope?: string };
    expect(scope).toBe('worker');
    expect(decodeJwt(access_token).aud).toBe('tasklist.camunda.io');
  });

  it('rejects a wrong secret, an unknown audience, and the wrong auth method with OAuth errors', async () => {
    const wrong = await form({
      grant_type: 'client_credentials',
      client_id: 'worker',
      client_secret: 'nope',
      audience: 'tasklist.camunda.io',
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_client');
    const unknown = await form({
      grant_type: 'client_credentials',
      client_id: 'worker',
      client_secret: 's3cr3t&=+ %',
      audience: 'operate.camunda.io',
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe('invalid_target');
    const method = await form({
      grant_type: 'client_credentials',
      client_id: 'basic-worker',
      client_secret: 'basic-secret',
      audience: 'tasklist.camunda.io',
    });
    expect(method.status).toBe(401);
  });

  it('injects faults and reports a lying expires_in', async () => {
    const ok = { grant_type: 'client_credentials', client_id: 'worker', client_secret: 's3cr3t&=+ %', audience: 'tasklist.camunda.io' };
    idp.setFault('status500');
    expect((await form(ok)).status).toBe(500);
    idp.setFault('malformedJson');
    await expect((await form(ok)).json()).rejects.toThrow();
    idp.setFault('down');
    await expect(form(ok)).rejects.toThrow();
    idp.setFault('slow', { delayMs: 200 });
    const t0 = Date.now();
    expect((await form(ok)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    idp.setFault(null);
    idp.setReportedExpiresIn(3600);
    const lied = (await (await form(ok)).json()) as { access_token: string; expires_in: number };
    expect(lied.expires_in).toBe(3600);
    const claims = decodeJwt(lied.access_token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
    idp.setReportedExpiresIn(null);
  });
});
