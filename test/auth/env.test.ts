import { describe, expect, it } from 'vitest';
import { resolveAuthConfig, resolveBaseUrl } from '../../src/auth/env.js';
import { ConfigError } from '../../src/util/errors.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveAuthConfig', () => {
  it('defaults to NONE (C8 Run, Docker Compose) and infers the rest from what is set', () => {
    expect(resolveAuthConfig({})).toEqual({ strategy: 'NONE' });
    expect(resolveAuthConfig({ CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: 'demo' })).toEqual({
      strategy: 'BASIC',
      username: 'demo',
      password: 'demo',
    });
    expect(resolveAuthConfig({ CAMUNDA_OAUTH_TOKEN: 'abc' })).toEqual({ strategy: 'BEARER', token: 'abc' });
  });

  it('OAUTH with Camunda names and defaults', () => {
    expect(resolveAuthConfig({ CAMUNDA_AUTH_STRATEGY: 'oauth', CAMUNDA_CLIENT_ID: 'id', CAMUNDA_CLIENT_SECRET: 's' })).toEqual({
      strategy: 'OAUTH',
      clientId: 'id',
      clientSecret: 's',
      oauthUrl: 'https://login.cloud.camunda.io/oauth/token',
    });
    expect(
      resolveAuthConfig({
        CAMUNDA_CLIENT_ID: 'id',
        CAMUNDA_CLIENT_SECRET: 's',
        CAMUNDA_OAUTH_URL: 'https://kc/realms/camunda-platform/protocol/openid-connect/token',
        CAMUNDA_TASKLIST_OAUTH_AUDIENCE: 'tasklist-api',
        CAMUNDA_TOKEN_SCOPE: 'id',
        CAMUNDA_TOKEN_CACHE_DIR: '/tmp/x',
        CAMUNDA_OAUTH_BODY_FORMAT: 'json',
        CAMUNDA_OAUTH_CLIENT_AUTH_METHOD: 'basic',
        CAMUNDA_OAUTH_REFRESH_WINDOW_SECONDS: '45',
      }),
    ).toEqual({
      strategy: 'OAUTH',
      clientId: 'id',
      clientSecret: 's',
      oauthUrl: 'https://kc/realms/camunda-platform/protocol/openid-connect/token',
      audience: 'tasklist-api',
      scope: 'id',
      cacheDir: '/tmp/x',
      bodyFormat: 'json',
      clientAuthMethod: 'basic',
      refreshWindowSeconds: 45,
    });
  });

  it('accepts the legacy ZEEBE_* names and the newer SDK names; Camunda names win', () => {
    expect(
      resolveAuthConfig({
        ZEEBE_CLIENT_ID: 'zid',
        ZEEBE_CLIENT_SECRET: 'zs',
        ZEEBE_AUTHORIZATION_SERVER_URL: 'https://idp/token',
        ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io',
        CAMUNDA_OAUTH_SCOPE: 'sc',
      }),
    ).toMatchObject({ clientId: 'zid', clientSecret: 'zs', oauthUrl: 'https://idp/token', audience: 'zeebe.camunda.io', scope: 'sc' });
    expect(
      resolveAuthConfig({
        ZEEBE_CLIENT_ID: 'zid',
        CAMUNDA_CLIENT_ID: 'cid',
        CAMUNDA_CLIENT_SECRET: 's',
        CAMUNDA_TOKEN_AUDIENCE: 'a',
        ZEEBE_TOKEN_AUDIENCE: 'z',
      }),
    ).toMatchObject({ clientId: 'cid', audience: 'a' });
    expect(
      resolveAuthConfig({
        CAMUNDA_CLIENT_ID: 'i',
        CAMUNDA_CLIENT_SECRET: 's',
        CAMUNDA_TOKEN_CACHE_DIR: '/x',
        CAMUNDA_TOKEN_DISK_CACHE_DISABLE: 'true',
      }),
    ).not.toHaveProperty('cacheDir');
  });

  it('half-configured strategies name the missing variable', () => {
    expect(configError(() => resolveAuthConfig({ CAMUNDA_CLIENT_ID: 'id' })).variable).toBe('CAMUNDA_CLIENT_SECRET');
    expect(configError(() => resolveAuthConfig({ CAMUNDA_CLIENT_SECRET: 's' })).variable).toBe('CAMUNDA_CLIENT_ID');
    expect(configError(() => resolveAuthConfig({ CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: 'demo' })).variable).toBe(
      'CAMUNDA_BASIC_AUTH_PASSWORD',
    );
    expect(configError(() => resolveAuthConfig({ CAMUNDA_AUTH_STRATEGY: 'BEARER' })).variable).toBe('CAMUNDA_OAUTH_TOKEN');
    expect(configError(() => resolveAuthConfig({ CAMUNDA_AUTH_STRATEGY: 'COOKIE', CAMUNDA_BASIC_AUTH_PASSWORD: 'x' })).variable).toBe(
      'CAMUNDA_BASIC_AUTH_USERNAME',
    );
    const bad = configError(() => resolveAuthConfig({ CAMUNDA_AUTH_STRATEGY: 'KERBEROS' }));
    expect(bad.variable).toBe('CAMUNDA_AUTH_STRATEGY');
    expect(bad.message).toMatch(/NONE, BASIC, BEARER, OAUTH, COOKIE/);
    expect(
      configError(() => resolveAuthConfig({ CAMUNDA_CLIENT_ID: 'i', CAMUNDA_CLIENT_SECRET: 's', CAMUNDA_OAUTH_BODY_FORMAT: 'xml' }))
        .variable,
    ).toBe('CAMUNDA_OAUTH_BODY_FORMAT');
  });

  it('a half-configured OAuth error never shows the secret that was set', () => {
    const e = configError(() => resolveAuthConfig({ CAMUNDA_CLIENT_SECRET: 'very-secret-value' }));
    expect(e.message).not.toContain('very-secret-value');
  });
});

describe('resolveBaseUrl', () => {
  it('uses CAMUNDA_TASKLIST_BASE_URL, or builds the SaaS URL from region and cluster id', () => {
    expect(resolveBaseUrl({})).toBeUndefined();
    expect(resolveBaseUrl({ CAMUNDA_TASKLIST_BASE_URL: 'http://localhost:8080/' })).toBe('http://localhost:8080');
    expect(resolveBaseUrl({ CAMUNDA_CLUSTER_ID: 'abc-123', CAMUNDA_CLUSTER_REGION: 'bru-2' })).toBe(
      'https://bru-2.tasklist.camunda.io/abc-123',
    );
    expect(configError(() => resolveBaseUrl({ CAMUNDA_CLUSTER_ID: 'abc' })).variable).toBe('CAMUNDA_CLUSTER_REGION');
    expect(configError(() => resolveBaseUrl({ CAMUNDA_TASKLIST_BASE_URL: 'not a url' })).variable).toBe('CAMUNDA_TASKLIST_BASE_URL');
  });
});
