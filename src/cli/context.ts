/**
 * Builds the config a command works with, in the documented order:
 * defaults < `codegen.ts` (`tasklist` export) < environment (`CAMUNDA_*`, `.env`) < flags.
 * Signing in is resolved only when a command goes to the network, so `generate` works offline
 * with no credentials around.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AuthConfig } from '../auth/types.js';
import { readEnvironment, type EnvRecord } from '../config/dotenv.js';
import { CodegenConfigError } from '../config/errors.js';
import { findConfigFile, loadConfigFile } from '../config/load.js';
import { resolveConfig, type FlagLayer, type ResolvedConfig } from '../config/resolve.js';
import type { TasklistCodegenConfig } from '../config/types.js';
import { validateBaseUrl, validatePositiveNumberFlag } from '../config/validate.js';
import type { Generators } from '../generate/index.js';
import type { TasklistFetch } from '../runtime/types.js';
import { addBasicSecret, secretsOfUrl } from '../util/redact.js';
import type { CliIO, Output } from './output.js';

/** What a caller of the CLI (a test) may put in place of the real thing. */
export interface CliDependencies {
  generators?: Generators;
  /** Used instead of the authenticated transport (e.g. to point at a fake server). */
  fetch?: TasklistFetch;
  /** `watch` resolves this to stop (tests); by default it runs until SIGINT. */
  stopWatching?: Promise<void>;
}

/** Options every command accepts. */
export interface GlobalOptions {
  cwd?: string;
  config?: string;
  envFile?: string[];
  baseUrl?: string;
  schemasDir?: string;
  outDir?: string;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  color?: boolean;
  /** `fetch` and `check`: download limits (seconds, seconds, MB), as typed. */
  downloadTimeout?: string;
  downloadIdleTimeout?: string;
  downloadMaxMb?: string;
}

export interface ProjectContext {
  config: ResolvedConfig;
  env: EnvRecord;
  /** The `tasklist` export as written (for `watch`, which reloads it). */
  file: TasklistCodegenConfig;
}

/**
 * Environment variables whose values are secrets: registered with the output so they are redacted.
 * `TOKEN` only at the end: CAMUNDA_TOKEN_SCOPE, CAMUNDA_TOKEN_AUDIENCE and CAMUNDA_TOKEN_CACHE_DIR are
 * not secrets, and redacting them garbled every message that names the scope.
 */
const SECRET_VARIABLE = /SECRET|PASSWORD|TOKEN$|COOKIE|PRIVATE_KEY|PASSPHRASE/i;

export async function loadProject(io: CliIO, globals: GlobalOptions, out: Output): Promise<ProjectContext> {
  const cwd = path.resolve(io.cwd, globals.cwd ?? '.');
  // Said as it is: otherwise the first file looked for in it (the OpenAPI document) is "missing".
  if (!isDirectory(cwd)) {
    throw new CodegenConfigError(`The project folder ${cwd} does not exist${existsSync(cwd) ? ' as a folder' : ''}`, {
      source: globals.cwd === undefined ? 'the current folder' : '--cwd',
      hint: 'Pass --cwd the folder that holds codegen.ts (or run the command there).',
    });
  }
  const { env } = readEnvironment({ cwd, envFiles: globals.envFile, env: io.env });
  out.addSecrets(
    Object.entries(env)
      .filter(([k]) => SECRET_VARIABLE.test(k))
      .map(([, v]) => v),
  );
  // User info and query values of the URLs we are given are secrets too (`https://demo:pw@host`, `…/token?key=…`).
  for (const name of ['CAMUNDA_TASKLIST_BASE_URL', 'CAMUNDA_OAUTH_URL', 'ZEEBE_AUTHORIZATION_SERVER_URL']) {
    const url = env[name];
    if (url) out.secrets.addUrl(url, { query: name === 'CAMUNDA_TASKLIST_BASE_URL' ? 'secret' : 'all' });
  }
  if (globals.baseUrl) out.secrets.addUrl(globals.baseUrl);

  const configFile = globals.config ? path.resolve(cwd, globals.config) : findConfigFile(cwd);
  // Only the `tasklist` export is needed here, so an unchanged codegen.ts is read from the cache.
  const timeoutSeconds = Number(env.TASKLIST_CODEGEN_CONFIG_TIMEOUT_SECONDS);
  const loaded = configFile
    ? await loadConfigFile(configFile, cwd, { cache: true, ...(timeoutSeconds > 0 ? { timeoutMs: timeoutSeconds * 1000 } : {}) })
    : undefined;
  const file = loaded?.tasklist ?? {};
  out.addSecrets(secretsOf(file.auth));

  const envBaseUrl = await baseUrlFromEnv(env);
  const flags: FlagLayer = {};
  if (globals.baseUrl !== undefined) flags.baseUrl = globals.baseUrl;
  if (globals.schemasDir !== undefined) flags.schemasDir = globals.schemasDir;
  if (globals.outDir !== undefined) flags.outDir = globals.outDir;
  const download = downloadFlags(globals);
  if (download) flags.download = download;
  const config = resolveConfig({
    cwd,
    configFile: loaded?.file,
    file,
    env: envBaseUrl === undefined ? {} : { baseUrl: envBaseUrl },
    flags,
  });
  // The configured document URLs may carry a key in the query too (`?apikey=…`, a presigned `?sig=…`).
  // Only values of 8+ characters: a short one (`?v=2`) is hardly a secret, and redacting it would
  // garble every line that happens to hold it. fetch masks every query value where it shows a URL.
  const documentUrls = [
    ...(config.rest ? (config.rest.documentUrl ?? []) : []),
    ...(config.graphql && config.graphql.endpoint ? [config.graphql.endpoint] : []),
  ];
  for (const url of documentUrls) out.addSecrets(secretsOfUrl(url, { query: 'all' }).filter((value) => value.length >= 8));
  return { config, env, file };
}

/**
 * The authenticated fetch for `fetch` and `check --fetch`. Auth comes from the environment when
 * `CAMUNDA_AUTH_STRATEGY` is set (or `codegen.ts` has no `auth`), else from `codegen.ts`: as a
 * whole, never mixed.
 */
export async function connect(project: ProjectContext, out: Output): Promise<{ baseUrl: string; fetch: TasklistFetch; auth: AuthConfig }> {
  const { config, env } = project;
  if (!config.baseUrl) {
    throw new CodegenConfigError('No Tasklist base URL', {
      source: 'configuration',
      hint: 'Set CAMUNDA_TASKLIST_BASE_URL (or .env), tasklist.baseUrl in codegen.ts, or pass --base-url http://localhost:8080.',
    });
  }
  const { resolveAuthConfig } = await import('../auth/env.js');
  const auth: AuthConfig = env.CAMUNDA_AUTH_STRATEGY || !config.auth ? resolveAuthConfig(env) : config.auth;
  out.addSecrets(secretsOf(auth));
  out.secrets.addUrl(config.baseUrl);
  if (auth.strategy === 'BASIC' || auth.strategy === 'COOKIE') addBasicSecret(out.secrets, auth.username, auth.password);
  const { createNodeTransport } = await import('../runtime/node-transport.js');
  const { limitDownloads } = await import('../fetch/download-limits.js');
  const fetch = createNodeTransport({
    baseUrl: config.baseUrl,
    auth,
    allowInsecureHttp: config.allowInsecureHttp,
    env,
    // The output's registry: tokens, cookies and CSRF tokens the transport receives are redacted from every line.
    secrets: out.secrets,
    warn: (message) => out.warn(message),
    wrapFetch: (underlying) => limitDownloads(underlying, config.download),
  });
  return { baseUrl: config.baseUrl, fetch, auth };
}

function downloadFlags(globals: GlobalOptions): FlagLayer['download'] {
  const download: NonNullable<FlagLayer['download']> = {};
  if (globals.downloadTimeout !== undefined)
    download.timeoutSeconds = validatePositiveNumberFlag(globals.downloadTimeout, '--download-timeout');
  if (globals.downloadIdleTimeout !== undefined)
    download.idleTimeoutSeconds = validatePositiveNumberFlag(globals.downloadIdleTimeout, '--download-idle-timeout');
  if (globals.downloadMaxMb !== undefined) download.maxMegabytes = validatePositiveNumberFlag(globals.downloadMaxMb, '--download-max-mb');
  return Object.keys(download).length > 0 ? download : undefined;
}

async function baseUrlFromEnv(env: EnvRecord): Promise<string | undefined> {
  const { resolveBaseUrl } = await import('../auth/env.js');
  const url = resolveBaseUrl(env);
  return url === undefined ? undefined : validateBaseUrl(url, 'the environment', 'CAMUNDA_TASKLIST_BASE_URL');
}

function secretsOf(auth: AuthConfig | undefined): string[] {
  if (!auth) return [];
  switch (auth.strategy) {
    case 'BASIC':
    case 'COOKIE':
      return [auth.password];
    case 'OAUTH':
      return [auth.clientSecret];
    case 'BEARER':
      return typeof auth.token === 'string' ? [auth.token] : [];
    default:
      return [];
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
