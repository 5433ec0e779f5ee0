/**
 * Auth and base URL from the environment, by Camunda's own variable names (and the legacy
 * `ZEEBE_*` ones, and the newer SDK's). Browser-safe: reads `process.env` only when it exists,
 * and a browser page passes its own record.
 */
import { ConfigError } from '../util/errors.js';
import type { AuthConfig, AuthStrategyName, OAuthConfig } from './types.js';

export type Env = Record<string, string | undefined>;

const STRATEGIES: readonly AuthStrategyName[] = ['NONE', 'BASIC', 'BEARER', 'OAUTH', 'COOKIE'];

export const DEFAULT_OAUTH_URL = 'https://login.cloud.camunda.io/oauth/token';
export const DEFAULT_TASKLIST_AUDIENCE = 'tasklist.camunda.io';
/** SaaS token audience of the Orchestration Cluster API (8.8+, `/v2`). */
export const DEFAULT_ORCHESTRATION_AUDIENCE = 'zeebe.camunda.io';
/** Camunda 8.8+'s name for the cluster's REST address (its SDKs add `/v2`); `ZEEBE_REST_ADDRESS` before. */
const REST_ADDRESS = ['CAMUNDA_REST_ADDRESS', 'ZEEBE_REST_ADDRESS'] as const;

function processEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  return proc?.env ?? {};
}

/** The first of `names` that is set to something other than blank, with the name it came from. */
function pick(env: Env, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function need(env: Env, strategy: AuthStrategyName, ...names: string[]): string {
  const found = pick(env, ...names);
  if (found) return found.value;
  const [primary, ...legacy] = names;
  throw new ConfigError(
    `${primary} is not set, and CAMUNDA_AUTH_STRATEGY=${strategy} needs it${legacy.length ? ` (also read from ${legacy.join(', ')})` : ''}`,
    { variable: primary, hint: `Set ${primary}, or choose another CAMUNDA_AUTH_STRATEGY (${STRATEGIES.join(' | ')})` },
  );
}

const OAUTH_ID = ['CAMUNDA_CLIENT_ID', 'ZEEBE_CLIENT_ID'];
const OAUTH_SECRET = ['CAMUNDA_CLIENT_SECRET', 'ZEEBE_CLIENT_SECRET'];
const BASIC_USER = ['CAMUNDA_BASIC_AUTH_USERNAME'];
const BASIC_PASSWORD = ['CAMUNDA_BASIC_AUTH_PASSWORD'];

/** Without `CAMUNDA_AUTH_STRATEGY`, the variables that are set say which strategy is meant. */
function inferStrategy(env: Env): AuthStrategyName {
  if (pick(env, ...OAUTH_ID, ...OAUTH_SECRET)) return 'OAUTH';
  if (pick(env, 'CAMUNDA_OAUTH_TOKEN')) return 'BEARER';
  if (pick(env, ...BASIC_USER, ...BASIC_PASSWORD)) return 'BASIC';
  return 'NONE';
}

/**
 * Reads `CAMUNDA_AUTH_STRATEGY` (NONE | BASIC | BEARER | OAUTH | COOKIE) and the variables it
 * needs. Without it, the strategy is inferred from what is set. Throws `ConfigError` naming the
 * missing variable when a strategy is half configured.
 */
export function resolveAuthConfig(env: Env = processEnv()): AuthConfig {
  const raw = pick(env, 'CAMUNDA_AUTH_STRATEGY')?.value.toUpperCase();
  if (raw !== undefined && !STRATEGIES.includes(raw as AuthStrategyName)) {
    throw new ConfigError(`CAMUNDA_AUTH_STRATEGY=${raw} is not a strategy`, {
      variable: 'CAMUNDA_AUTH_STRATEGY',
      hint: `Use one of ${STRATEGIES.join(', ')}`,
    });
  }
  const strategy = (raw as AuthStrategyName | undefined) ?? inferStrategy(env);
  switch (strategy) {
    case 'NONE':
      return { strategy };
    case 'BASIC':
      return { strategy, username: need(env, strategy, ...BASIC_USER), password: need(env, strategy, ...BASIC_PASSWORD) };
    case 'COOKIE':
      return {
        strategy,
        username: need(env, strategy, ...BASIC_USER),
        password: need(env, strategy, ...BASIC_PASSWORD),
      };
    case 'BEARER':
      return { strategy, token: need(env, strategy, 'CAMUNDA_OAUTH_TOKEN') };
    case 'OAUTH':
      return resolveOAuth(env);
  }
}

function resolveOAuth(env: Env): OAuthConfig {
  const config: OAuthConfig = {
    strategy: 'OAUTH',
    clientId: need(env, 'OAUTH', ...OAUTH_ID),
    clientSecret: need(env, 'OAUTH', ...OAUTH_SECRET),
    oauthUrl: pick(env, 'CAMUNDA_OAUTH_URL', 'ZEEBE_AUTHORIZATION_SERVER_URL')?.value ?? DEFAULT_OAUTH_URL,
  };
  // Left unset when not configured: the strategy decides (scope-only servers want no audience).
  const audience = pick(env, 'CAMUNDA_TASKLIST_OAUTH_AUDIENCE', 'CAMUNDA_TOKEN_AUDIENCE', 'ZEEBE_TOKEN_AUDIENCE');
  if (audience) config.audience = audience.value;
  // Addressed as the Orchestration Cluster (CAMUNDA_REST_ADDRESS, no Tasklist URL): its SaaS audience.
  else if (
    pick(env, ...REST_ADDRESS) &&
    !pick(env, 'CAMUNDA_TASKLIST_BASE_URL') &&
    !pick(env, 'CAMUNDA_TOKEN_SCOPE', 'CAMUNDA_OAUTH_SCOPE')
  ) {
    config.audience = DEFAULT_ORCHESTRATION_AUDIENCE;
  }
  const scope = pick(env, 'CAMUNDA_TOKEN_SCOPE', 'CAMUNDA_OAUTH_SCOPE');
  if (scope) config.scope = scope.value;

  const bodyFormat = pick(env, 'CAMUNDA_OAUTH_BODY_FORMAT')?.value.toLowerCase();
  if (bodyFormat !== undefined) {
    if (bodyFormat !== 'form' && bodyFormat !== 'json') {
      throw new ConfigError(`CAMUNDA_OAUTH_BODY_FORMAT=${bodyFormat} is not a body format`, {
        variable: 'CAMUNDA_OAUTH_BODY_FORMAT',
        hint: 'Use form (RFC 6749, the default) or json (older Camunda SaaS docs)',
      });
    }
    config.bodyFormat = bodyFormat;
  }
  const clientAuth = pick(env, 'CAMUNDA_OAUTH_CLIENT_AUTH_METHOD')?.value.toLowerCase();
  if (clientAuth !== undefined) {
    if (clientAuth !== 'body' && clientAuth !== 'basic') {
      throw new ConfigError(`CAMUNDA_OAUTH_CLIENT_AUTH_METHOD=${clientAuth} is not a client auth method`, {
        variable: 'CAMUNDA_OAUTH_CLIENT_AUTH_METHOD',
        hint: 'Use body (client_secret in the form, the default) or basic (HTTP Basic header)',
      });
    }
    config.clientAuthMethod = clientAuth;
  }
  const window = pick(env, 'CAMUNDA_OAUTH_REFRESH_WINDOW_SECONDS');
  if (window) {
    const seconds = Number(window.value);
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new ConfigError(`CAMUNDA_OAUTH_REFRESH_WINDOW_SECONDS=${window.value} is not a number of seconds`, {
        variable: window.name,
        hint: 'Use a whole number such as 30',
      });
    }
    config.refreshWindowSeconds = seconds;
  }
  const disabled = /^(1|true|yes)$/i.test(pick(env, 'CAMUNDA_TOKEN_DISK_CACHE_DISABLE')?.value ?? '');
  const cacheDir = pick(env, 'CAMUNDA_TOKEN_CACHE_DIR');
  if (cacheDir && !disabled) config.cacheDir = cacheDir.value;
  return config;
}

/**
 * `CAMUNDA_TASKLIST_BASE_URL`, else Camunda 8.8+'s `CAMUNDA_REST_ADDRESS` (`ZEEBE_REST_ADDRESS`;
 * a trailing `/v2` dropped), else the SaaS URL built from `CAMUNDA_CLUSTER_REGION` and
 * `CAMUNDA_CLUSTER_ID`. Trailing slashes are dropped. Undefined when nothing is configured.
 */
export function resolveBaseUrl(env: Env = processEnv()): string | undefined {
  const explicit = pick(env, 'CAMUNDA_TASKLIST_BASE_URL');
  if (explicit) {
    try {
      new URL(explicit.value);
    } catch {
      throw new ConfigError(`CAMUNDA_TASKLIST_BASE_URL=${explicit.value.split('?')[0]} is not a URL`, {
        variable: 'CAMUNDA_TASKLIST_BASE_URL',
        hint: 'Use an absolute URL such as http://localhost:8080',
      });
    }
    return explicit.value.replace(/\/+$/, '');
  }
  // The 8.8+ address (SaaS: https://<region>.zeebe.camunda.io/<clusterId>); a trailing /v2 is the
  // API's base path, which generated clients add themselves (REST_BASE_PATH).
  const address = pick(env, ...REST_ADDRESS);
  if (address) {
    try {
      new URL(address.value);
    } catch {
      throw new ConfigError(`${address.name}=${address.value.split('?')[0]} is not a URL`, {
        variable: address.name,
        hint: 'Use an absolute URL such as http://localhost:8080',
      });
    }
    return address.value.replace(/\/+$/, '').replace(/\/v2$/, '');
  }
  const cluster = pick(env, 'CAMUNDA_CLUSTER_ID');
  const region = pick(env, 'CAMUNDA_CLUSTER_REGION');
  if (cluster && region) return `https://${region.value}.tasklist.camunda.io/${cluster.value}`;
  if (cluster || region) {
    const missing = cluster ? 'CAMUNDA_CLUSTER_REGION' : 'CAMUNDA_CLUSTER_ID';
    throw new ConfigError(`${missing} is not set; a SaaS Tasklist URL needs both the cluster id and its region`, {
      variable: missing,
      hint: `Set ${missing}, or set CAMUNDA_TASKLIST_BASE_URL instead`,
    });
  }
  return undefined;
}
