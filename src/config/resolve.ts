import path from 'node:path';
import type { AuthConfig } from '../auth/types.js';
import { REST_PRESETS } from './rest-presets.js';
import { validateBaseUrl } from './validate.js';
import type { DownloadConfig, TasklistCodegenConfig } from './types.js';

/** The GraphQL side with every default filled in; paths are absolute. */
export interface ResolvedGraphQLSide {
  required: boolean;
  endpoint: string | undefined;
  schemaFile: string;
  /** Globs, relative to `cwd`. */
  operations: string[];
  scalars: Record<string, string>;
}

/** The REST side with every default filled in; paths are absolute. */
export interface ResolvedRestSide {
  documentUrl: string[] | undefined;
  format: 'json' | 'yaml';
  schemaFile: string;
  select: { tags?: string[]; operationIds?: string[] } | undefined;
  /** Read the document from here instead of the server (a path relative to `cwd`, or a URL). */
  source: string | undefined;
  /** Leave out operations added after this Camunda release. */
  targetVersion: string | undefined;
}

/** The forms side with every default filled in. */
export interface ResolvedFormsSide {
  /** Globs of `.form` files, relative to `cwd`. */
  files: string[];
  /** Globs of BPMN files, relative to `cwd`. */
  bpmn: string[];
  /** Where `fetch` writes the deployed forms (absolute); its `.form` files are inputs too. */
  fetchedDir: string;
  processes: string[];
}

/** Everything a command needs, after defaults < codegen.ts < environment < flags. */
export interface ResolvedConfig {
  /** The project folder every relative path is resolved against. */
  cwd: string;
  configFile: string | undefined;
  /** Needed only to fetch; commands that work offline never ask for it. */
  baseUrl: string | undefined;
  /** Needed only to fetch. */
  auth: AuthConfig | undefined;
  schemasDir: string;
  outDir: string;
  runtimeImport: string;
  allowInsecureHttp: boolean;
  graphql: false | ResolvedGraphQLSide;
  rest: false | ResolvedRestSide;
  forms: false | ResolvedFormsSide;
  /** Limits on each schema download. */
  download: ResolvedDownloadLimits;
}

export interface ResolvedDownloadLimits {
  timeoutMs: number;
  idleTimeoutMs: number;
  maxBytes: number;
}

/** What the environment contributes (already read by the caller with Camunda's variable names). */
export interface EnvironmentLayer {
  baseUrl?: string;
  auth?: AuthConfig;
}

/** What command-line flags contribute. */
export interface FlagLayer {
  baseUrl?: string;
  schemasDir?: string;
  outDir?: string;
  runtimeImport?: string;
  allowInsecureHttp?: boolean;
  download?: DownloadConfig;
}

export const DEFAULTS = {
  schemasDir: 'schemas',
  outDir: 'generated',
  runtimeImport: '@tasklist-codegen/runtime',
  operations: ['operations/**/*.graphql'],
  graphqlSchemaFile: 'tasklist.graphql',
  restSchemaFile: 'tasklist.openapi',
  /**
   * Camunda's largest document (the 8.8 Orchestration Cluster OpenAPI document) is 1.3 MB and
   * arrives in well under a second: room for documents many times that size on a slow link, and
   * for a server that takes a while to build its document on the first request.
   */
  download: { timeoutSeconds: 120, idleTimeoutSeconds: 30, maxMegabytes: 100 },
  formFiles: ['forms/**/*.form'],
  bpmnFiles: ['**/*.bpmn'],
  fetchedFormsDir: 'forms',
} as const;

/**
 * Merges the layers. Later layers win key by key: defaults < `codegen.ts` `tasklist` export <
 * environment (`CAMUNDA_*`, `.env`) < flags. Auth is taken as a whole from one layer, never
 * mixed, because a client id from one place and a secret from another is never what anyone means.
 */
export function resolveConfig(input: {
  cwd: string;
  configFile?: string | undefined;
  file?: TasklistCodegenConfig;
  env?: EnvironmentLayer;
  flags?: FlagLayer;
}): ResolvedConfig {
  const { cwd } = input;
  const file = input.file ?? {};
  const env = input.env ?? {};
  const flags = input.flags ?? {};
  const abs = (p: string) => path.resolve(cwd, p);

  const baseUrl =
    flags.baseUrl !== undefined ? validateBaseUrl(flags.baseUrl, 'flag --base-url', '--base-url') : (env.baseUrl ?? file.baseUrl);
  const schemasDir = abs(flags.schemasDir ?? file.schemasDir ?? DEFAULTS.schemasDir);
  const outDir = abs(flags.outDir ?? file.outDir ?? DEFAULTS.outDir);

  let graphql: false | ResolvedGraphQLSide = false;
  if (file.graphql !== false) {
    const side = file.graphql ?? {};
    const ops = side.operations ?? [...DEFAULTS.operations];
    graphql = {
      required: side.required ?? false,
      endpoint: side.endpoint,
      schemaFile: side.schemaFile ? abs(side.schemaFile) : path.join(schemasDir, DEFAULTS.graphqlSchemaFile),
      operations: typeof ops === 'string' ? [ops] : ops,
      scalars: { DateTime: 'string', ...side.scalars },
    };
  }

  let rest: false | ResolvedRestSide = false;
  if (file.rest !== false) {
    const side = file.rest ?? {};
    const format = side.format ?? 'json';
    const preset = side.preset ? REST_PRESETS[side.preset] : undefined;
    const documentUrl = side.documentUrl ?? preset?.documentUrl;
    // A preset's operations add to an explicit selection.
    const select = preset
      ? { ...side.select, operationIds: [...new Set([...(side.select?.operationIds ?? []), ...preset.operationIds])] }
      : side.select;
    rest = {
      documentUrl: documentUrl === undefined ? undefined : typeof documentUrl === 'string' ? [documentUrl] : documentUrl,
      format,
      schemaFile: side.schemaFile ? abs(side.schemaFile) : path.join(schemasDir, `${DEFAULTS.restSchemaFile}.${format}`),
      select,
      source: side.source,
      targetVersion: side.targetVersion,
    };
  }

  let forms: false | ResolvedFormsSide = false;
  if (file.forms !== false) {
    const side = file.forms ?? {};
    const list = (value: string | string[] | undefined, fallback: readonly string[]) =>
      value === undefined ? [...fallback] : typeof value === 'string' ? [value] : value;
    forms = {
      files: list(side.files, DEFAULTS.formFiles),
      bpmn: list(side.bpmn, DEFAULTS.bpmnFiles),
      fetchedDir: path.join(schemasDir, DEFAULTS.fetchedFormsDir),
      processes: side.processes ?? [],
    };
  }

  return {
    cwd,
    configFile: input.configFile,
    baseUrl,
    auth: env.auth ?? file.auth,
    schemasDir,
    outDir,
    runtimeImport: flags.runtimeImport ?? file.runtimeImport ?? DEFAULTS.runtimeImport,
    allowInsecureHttp: flags.allowInsecureHttp ?? file.allowInsecureHttp ?? false,
    graphql,
    rest,
    forms,
    download: resolveDownloadLimits(file.download, flags.download),
  };
}

/** Each limit from the flag, else codegen.ts, else the default; in milliseconds and bytes. */
export function resolveDownloadLimits(file?: DownloadConfig, flags?: DownloadConfig): ResolvedDownloadLimits {
  const pick = (name: keyof DownloadConfig) => flags?.[name] ?? file?.[name] ?? DEFAULTS.download[name];
  return {
    timeoutMs: Math.round(pick('timeoutSeconds') * 1000),
    idleTimeoutMs: Math.round(pick('idleTimeoutSeconds') * 1000),
    maxBytes: Math.round(pick('maxMegabytes') * 1024 * 1024),
  };
}
