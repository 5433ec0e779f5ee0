import type { AuthConfig } from '../auth/types.js';
import type { RestPresetName } from './rest-presets.js';

/**
 * What `tasklist-codegen` reads from the `tasklist` named export of `codegen.ts`
 * (the default export stays a plain graphql-codegen `CodegenConfig`).
 * Every field is optional: the environment (Camunda's variable names) fills the rest,
 * and command-line flags win over both.
 */
export interface TasklistCodegenConfig {
  /** Tasklist base URL, e.g. `http://localhost:8080`. Default: `CAMUNDA_TASKLIST_BASE_URL`, or built from region and cluster id. */
  baseUrl?: string;
  /** How to sign in. Default: from `CAMUNDA_AUTH_STRATEGY` and friends. */
  auth?: AuthConfig;
  /** Where fetched schemas are written. Default `schemas`. */
  schemasDir?: string;
  /** Where generated clients are written. Default `generated`. */
  outDir?: string;
  /** Module specifier generated files import the runtime from. Default `@tasklist-codegen/runtime`, the package an app lists in its `dependencies`. */
  runtimeImport?: string;
  /** The GraphQL side; `false` turns it off (Camunda 8.7+ has no GraphQL API). */
  graphql?: false | GraphQLSideConfig;
  /** The REST side; `false` turns it off. */
  rest?: false | RestSideConfig;
  /** Typed task forms from Camunda Forms and BPMN files; `false` turns them off. */
  forms?: false | FormsSideConfig;
  /** Allow plain `http://` to a host that is not loopback. Default false. */
  allowInsecureHttp?: boolean;
  /** Limits on every schema download `fetch` and `check --fetch` make. */
  download?: DownloadConfig;
}

/** Bounds on each schema download; a download over one fails with an error naming the URL and the limit. */
export interface DownloadConfig {
  /** The whole download, in seconds. Default 120. */
  timeoutSeconds?: number;
  /** Longest silence from the server (before the answer starts or inside it), in seconds. Default 30. */
  idleTimeoutSeconds?: number;
  /** Largest document accepted, in megabytes (MiB). Default 100. */
  maxMegabytes?: number;
}

export interface GraphQLSideConfig {
  /** Fail when the server has no GraphQL API (404 at `/graphql`). Default false: REST only, with a note. */
  required?: boolean;
  /** Default `<baseUrl>/graphql`. */
  endpoint?: string;
  /** Default `<schemasDir>/tasklist.graphql`. */
  schemaFile?: string;
  /** Globs of operation files. Default `operations/**\/*.graphql`. */
  operations?: string | string[];
  /** Custom scalar → TypeScript type. `DateTime` defaults to `string`. */
  scalars?: Record<string, string>;
}

export interface RestSideConfig {
  /** Where the OpenAPI document is served; tried in order. Default: the springdoc groups Tasklist has used, then `/v3/api-docs`. */
  documentUrl?: string | string[];
  /** On-disk format of the fetched document. Default `json`. */
  format?: 'json' | 'yaml';
  /** Default `<schemasDir>/tasklist.openapi.json` (or `.yaml`). */
  schemaFile?: string;
  /** Generate only some operations of a large document (Camunda 8.8's Orchestration Cluster API). */
  select?: { tags?: string[]; operationIds?: string[] };
  /**
   * Read the document from this file (or URL) instead of the server, as `fetch --from-rest` does.
   * A root file whose relative `$ref`s name files beside it (Camunda's split spec, `rest-api.yaml`)
   * is bundled into one snapshot; refs may not leave the root file's folder.
   */
  source?: string;
  /**
   * A named selection instead of `select` (the two add up): `'user-tasks'` — the Orchestration
   * Cluster API's user-task endpoints and `getAuthentication` (8.8+); it also makes fetch ask for
   * that document (`/v3/api-docs/Orchestration Cluster API`) unless `documentUrl` is set.
   */
  preset?: RestPresetName;
  /**
   * The oldest Camunda release the generated client must work with, e.g. `'8.8'`: operations whose
   * `x-added-in-version` is later are left out (with a warning each), so code written against an
   * 8.10 document does not call what an 8.8 cluster lacks; later properties, parameters and bodies
   * get an 'Added in' line in their doc comment and are optional in the types.
   */
  targetVersion?: string;
}

export interface FormsSideConfig {
  /** Globs of Camunda Form files (`.form`). Default `forms/**\/*.form`; fetched forms in `<schemasDir>/forms/` are read too. */
  files?: string | string[];
  /** Globs of BPMN files whose user tasks name their forms. Default `**\/*.bpmn` (node_modules and the output folder excluded). */
  bpmn?: string | string[];
  /** BPMN process ids whose deployed forms `fetch` pulls into `<schemasDir>/forms/`. Default: none. */
  processes?: string[];
}
