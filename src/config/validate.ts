import type { AuthConfig } from '../auth/types.js';
import { CodegenConfigError } from './errors.js';
import { REST_PRESET_NAMES } from './rest-presets.js';
import type { DownloadConfig, FormsSideConfig, GraphQLSideConfig, RestSideConfig, TasklistCodegenConfig } from './types.js';

/**
 * Checks the `tasklist` export of `codegen.ts` by hand: the shape is small, and a hand check
 * names the exact key and file in one sentence ("tasklist.rest.format must be 'json' or 'yaml'
 * (got 'xml') in codegen.ts"), which is the whole point.
 */
export function validateTasklistConfig(value: unknown, file: string): TasklistCodegenConfig {
  const v = new Validator(file);
  if (value === undefined) return {};
  const obj = v.object(value, 'tasklist');
  v.onlyKeys(obj, 'tasklist', [
    'baseUrl',
    'auth',
    'schemasDir',
    'outDir',
    'runtimeImport',
    'graphql',
    'rest',
    'allowInsecureHttp',
    'download',
    'forms',
  ]);
  const config: TasklistCodegenConfig = {};
  if (obj.baseUrl !== undefined) config.baseUrl = validateBaseUrl(v.string(obj.baseUrl, 'tasklist.baseUrl'), file, 'tasklist.baseUrl');
  if (obj.auth !== undefined) config.auth = validateAuth(v, obj.auth);
  if (obj.schemasDir !== undefined) config.schemasDir = v.string(obj.schemasDir, 'tasklist.schemasDir');
  if (obj.outDir !== undefined) config.outDir = v.string(obj.outDir, 'tasklist.outDir');
  if (obj.runtimeImport !== undefined) config.runtimeImport = v.string(obj.runtimeImport, 'tasklist.runtimeImport');
  if (obj.allowInsecureHttp !== undefined) config.allowInsecureHttp = v.boolean(obj.allowInsecureHttp, 'tasklist.allowInsecureHttp');
  if (obj.graphql !== undefined) config.graphql = obj.graphql === false ? false : validateGraphQLSide(v, obj.graphql);
  if (obj.rest !== undefined) config.rest = obj.rest === false ? false : validateRestSide(v, obj.rest);
  if (obj.download !== undefined) config.download = validateDownload(v, obj.download);
  if (obj.forms !== undefined) config.forms = obj.forms === false ? false : validateFormsSide(v, obj.forms);
  return config;
}

function validateDownload(v: Validator, value: unknown): DownloadConfig {
  const key = 'tasklist.download';
  const obj = v.object(value, key);
  const names = ['timeoutSeconds', 'idleTimeoutSeconds', 'maxMegabytes'] as const;
  v.onlyKeys(obj, key, names);
  const download: DownloadConfig = {};
  for (const name of names) {
    const field = obj[name];
    if (field === undefined) continue;
    if (typeof field !== 'number' || !Number.isFinite(field) || field <= 0)
      v.fail(`${key}.${name}`, 'must be a number greater than 0', field);
    download[name] = field as number;
  }
  return download;
}

/** A limit given as a command-line flag: a number greater than 0. */
export function validatePositiveNumberFlag(raw: string, flag: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new CodegenConfigError(`${flag} must be a number greater than 0 (got '${raw}')`, { source: 'command line', key: flag });
  }
  return value;
}

/** A base URL must be absolute http(s); `localhost:8080` parses as a URL with scheme `localhost:`, so check the protocol. */
export function validateBaseUrl(raw: string, source: string, key: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CodegenConfigError(`${key} must be an absolute http:// or https:// URL (got '${raw}') in ${source}`, {
      source,
      key,
      hint: `Write the scheme, e.g. 'http://${raw.replace(/^\w+:\/\//, '')}'.`,
    });
  }
  // Keep what the user wrote minus a trailing slash, so `${baseUrl}/graphql` never doubles it.
  return raw.replace(/\/+$/, '');
}

function validateGraphQLSide(v: Validator, value: unknown): GraphQLSideConfig {
  const key = 'tasklist.graphql';
  const obj = v.object(value, key, 'false or an object');
  v.onlyKeys(obj, key, ['required', 'endpoint', 'schemaFile', 'operations', 'scalars']);
  const side: GraphQLSideConfig = {};
  if (obj.required !== undefined) side.required = v.boolean(obj.required, `${key}.required`);
  if (obj.endpoint !== undefined) side.endpoint = v.string(obj.endpoint, `${key}.endpoint`);
  if (obj.schemaFile !== undefined) side.schemaFile = v.string(obj.schemaFile, `${key}.schemaFile`);
  if (obj.operations !== undefined) side.operations = v.stringOrStrings(obj.operations, `${key}.operations`);
  if (obj.scalars !== undefined) {
    const scalars = v.object(obj.scalars, `${key}.scalars`);
    const out: Record<string, string> = {};
    for (const [name, type] of Object.entries(scalars)) out[name] = v.string(type, `${key}.scalars.${name}`);
    side.scalars = out;
  }
  return side;
}

function validateRestSide(v: Validator, value: unknown): RestSideConfig {
  const key = 'tasklist.rest';
  const obj = v.object(value, key, 'false or an object');
  v.onlyKeys(obj, key, ['documentUrl', 'format', 'schemaFile', 'select', 'source', 'preset', 'targetVersion']);
  const side: RestSideConfig = {};
  if (obj.documentUrl !== undefined) side.documentUrl = v.stringOrStrings(obj.documentUrl, `${key}.documentUrl`);
  if (obj.format !== undefined) side.format = v.oneOf(obj.format, `${key}.format`, ['json', 'yaml'] as const);
  if (obj.schemaFile !== undefined) side.schemaFile = v.string(obj.schemaFile, `${key}.schemaFile`);
  if (obj.source !== undefined) side.source = v.string(obj.source, `${key}.source`);
  if (obj.preset !== undefined) side.preset = v.oneOf(obj.preset, `${key}.preset`, REST_PRESET_NAMES);
  if (obj.targetVersion !== undefined) {
    side.targetVersion = v.string(obj.targetVersion, `${key}.targetVersion`);
    if (!/^\d+\.\d+$/.test(side.targetVersion))
      v.fail(`${key}.targetVersion`, "must be a Camunda release as major.minor, like '8.8'", side.targetVersion);
  }
  if (obj.select !== undefined) {
    const select = v.object(obj.select, `${key}.select`);
    v.onlyKeys(select, `${key}.select`, ['tags', 'operationIds']);
    side.select = {};
    if (select.tags !== undefined) side.select.tags = v.strings(select.tags, `${key}.select.tags`);
    if (select.operationIds !== undefined) side.select.operationIds = v.strings(select.operationIds, `${key}.select.operationIds`);
  }
  return side;
}

function validateFormsSide(v: Validator, value: unknown): FormsSideConfig {
  const key = 'tasklist.forms';
  const obj = v.object(value, key, 'false or an object');
  v.onlyKeys(obj, key, ['files', 'bpmn', 'processes']);
  const side: FormsSideConfig = {};
  if (obj.files !== undefined) side.files = v.stringOrStrings(obj.files, `${key}.files`);
  if (obj.bpmn !== undefined) side.bpmn = v.stringOrStrings(obj.bpmn, `${key}.bpmn`);
  if (obj.processes !== undefined) side.processes = v.strings(obj.processes, `${key}.processes`);
  return side;
}

const AUTH_KEYS: Record<AuthConfig['strategy'], { required: string[]; optional: string[] }> = {
  NONE: { required: [], optional: [] },
  BASIC: { required: ['username', 'password'], optional: [] },
  BEARER: { required: ['token'], optional: [] },
  OAUTH: {
    required: ['clientId', 'clientSecret'],
    optional: ['oauthUrl', 'audience', 'scope', 'bodyFormat', 'clientAuthMethod', 'refreshWindowSeconds', 'cacheDir'],
  },
  COOKIE: { required: ['username', 'password'], optional: ['loginPath'] },
};

function validateAuth(v: Validator, value: unknown): AuthConfig {
  const key = 'tasklist.auth';
  const obj = v.object(value, key);
  const strategy = v.oneOf(obj.strategy, `${key}.strategy`, ['NONE', 'BASIC', 'BEARER', 'OAUTH', 'COOKIE'] as const);
  const { required, optional } = AUTH_KEYS[strategy];
  v.onlyKeys(obj, key, ['strategy', ...required, ...optional]);
  for (const name of required) {
    if (obj[name] === undefined) v.fail(`${key}.${name}`, `is required when strategy is '${strategy}'`);
  }
  for (const name of [...required, ...optional]) {
    const field = obj[name];
    if (field === undefined) continue;
    const fieldKey = `${key}.${name}`;
    if (name === 'token') {
      if (typeof field !== 'string' && typeof field !== 'function') v.fail(fieldKey, 'must be a string or a function', field);
    } else if (name === 'refreshWindowSeconds') {
      if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) v.fail(fieldKey, 'must be a number of seconds ≥ 0', field);
    } else if (name === 'bodyFormat') {
      v.oneOf(field, fieldKey, ['form', 'json'] as const);
    } else if (name === 'clientAuthMethod') {
      v.oneOf(field, fieldKey, ['body', 'basic'] as const);
    } else {
      v.string(field, fieldKey);
    }
  }
  // Each branch above checked exactly the fields of its strategy, so the object is that variant.
  return obj as unknown as AuthConfig;
}

class Validator {
  constructor(private readonly file: string) {}

  fail(key: string, problem: string, got?: unknown): never {
    // Never echo the value of a secret-bearing key: the message may end up in a CI log.
    const shown = got === undefined || /secret|password|token/i.test(key) ? '' : ` (got ${describe(got)})`;
    throw new CodegenConfigError(`${key} ${problem}${shown} in ${this.file}`, { source: this.file, key });
  }

  object(value: unknown, key: string, expected = 'an object'): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(key, `must be ${expected}`, value);
    return value as Record<string, unknown>;
  }

  onlyKeys(obj: Record<string, unknown>, key: string, allowed: readonly string[]): void {
    for (const name of Object.keys(obj)) {
      if (!allowed.includes(name)) {
        const near = allowed.find((a) => a.toLowerCase() === name.toLowerCase()) ?? allowed.find((a) => editDistance(a, name) <= 2);
        throw new CodegenConfigError(`Unknown key ${key}.${name} in ${this.file}` + (near ? ` (did you mean '${near}'?)` : ''), {
          source: this.file,
          key: `${key}.${name}`,
          hint: `Allowed keys: ${allowed.join(', ')}.`,
        });
      }
    }
  }

  string(value: unknown, key: string): string {
    if (typeof value !== 'string' || value === '') this.fail(key, 'must be a non-empty string', value);
    return value as string;
  }

  boolean(value: unknown, key: string): boolean {
    if (typeof value !== 'boolean') this.fail(key, 'must be true or false', value);
    return value as boolean;
  }

  strings(value: unknown, key: string): string[] {
    if (!Array.isArray(value)) this.fail(key, 'must be an array of strings', value);
    return (value as unknown[]).map((item, i) => this.string(item, `${key}[${i}]`));
  }

  stringOrStrings(value: unknown, key: string): string | string[] {
    return typeof value === 'string' ? this.string(value, key) : this.strings(value, key);
  }

  oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) this.fail(key, `must be ${allowed.map((a) => `'${a}'`).join(' or ')}`, value);
    return value as T;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Levenshtein distance, for "did you mean": config keys are short, so the plain table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
