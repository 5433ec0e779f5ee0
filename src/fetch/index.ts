/**
 * `fetch`: what the live server says, into `schemas/` — GraphQL SDL and the OpenAPI document, each
 * with a metadata file — deterministically, atomically, and with a report of what changed since the
 * last snapshot.
 *
 * Everything is fetched, validated and serialised in memory first; only then are files written, as
 * one set (`writeFileSetAtomic`): a fetch that fails for any reason leaves the previous snapshot
 * exactly as it was, and a kill mid-write is rolled forward or back on the next run.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TasklistFetch } from '../runtime/types.js';
import { recoverFileSet, writeFileSetAtomic, type FileToWrite } from '../util/atomic-write.js';
import { refuseLinkOutOf, schemaFolderOf } from '../util/contained-path.js';
import { redactUrl, type SecretRegistry } from '../util/redact.js';
import { refuseEchoedSecrets } from './echoed-secrets.js';
import type { SchemaChange } from './change-types.js';
import { FetchError } from './errors.js';
import { diffGraphQLSchemas } from './graphql-changes.js';
import { httpStatusError, requestText } from './http.js';
import { NO_GRAPHQL_NOTE, introspect } from './introspection.js';
import { loadGraphQLSchemaSource, type LoadedGraphQLSchema } from './load-schema.js';
import type { OpenApiDocument } from './openapi/document.js';
import { loadOpenApiSource } from './openapi/load.js';
import {
  contentHash,
  metadataFileFor,
  readNoApiRecord,
  readSnapshot,
  serializeMetadata,
  serializeNoApiRecord,
  type NoApiRecord,
  type SchemaMetadata,
} from './metadata.js';
import { probeOrchestrationCluster, restGenerations, type ApiGenerations } from './api-generations.js';
import { bundleOpenApiFiles, hasExternalRefs } from './openapi/bundle.js';
import { serializeOpenApiDocument } from './openapi/canonical.js';
import { diffOpenApiDocuments } from './openapi-changes.js';
import { documentLocations, fetchOpenApiDocument, type DocumentAttempt } from './openapi-document.js';

export { FetchError, type FetchErrorCode } from './errors.js';
export type { SchemaChange, ChangeLevel } from './change-types.js';
export type { SchemaMetadata, Snapshot } from './metadata.js';
export { documentGeneration, type ApiGenerations } from './api-generations.js';
export { readSnapshot, readNoApiRecord, metadataFileFor, contentHash, type NoApiRecord } from './metadata.js';
export { DEFAULT_DOCUMENT_LOCATIONS, documentLocations } from './openapi-document.js';
export { NO_GRAPHQL_NOTE } from './introspection.js';
export { loadGraphQLSchemaSource, printSortedSdl } from './load-schema.js';
export type { OpenApiDocument } from './openapi/document.js';
export { loadOpenApiSource } from './openapi/load.js';
export { normalizeOpenApiDocument, serializeOpenApiDocument } from './openapi/canonical.js';
export { diffGraphQLSchemas, diffOpenApiDocuments, renderChangeReport, countChanges, type ChangeReportFormat } from './change-report.js';

/** The changes since the last snapshot, most severe first. */
export type ChangeReport = SchemaChange[];

export interface FetchSchemasOptions {
  /** Tasklist base URL; `/graphql` and the OpenAPI locations are resolved against it. */
  baseUrl: string;
  /** The authenticated fetch (`createTransport`), or plain `fetch` for an open server. */
  fetch: TasklistFetch;
  /** Default folder of both snapshots; also holds the write journal. */
  schemasDir: string;
  graphql?: false | { endpoint?: string; required?: boolean; schemaFile?: string };
  rest?: false | { documentUrl?: string | string[]; format?: 'json' | 'yaml'; schemaFile?: string };
  /** Read a side from a file path or URL instead of the server: introspection JSON or SDL; OpenAPI JSON or YAML. */
  from?: { graphql?: string; rest?: string };
  /** `false`: a dry run; nothing on disk is touched (`check --fetch`). Default true. */
  write?: boolean;
  /** Clock for the metadata's `fetchedAt` (tests). */
  now?: () => Date;
  signal?: AbortSignal;
  /** Told about a planted or foreign write journal in `schemasDir` that was ignored. Default: `console.warn`. */
  warn?: (message: string) => void;
  /** The credentials in play: a snapshot that holds one of them (a server echoing the request) is refused, not written. */
  secrets?: SecretRegistry;
  /** The project folder: a symbolic link under it that leads the schema folders out of it is refused before anything is written. */
  projectDir?: string;
}

/**
 * `written`: new content, on disk now. `changed`: new content, dry run (nothing written).
 * `unchanged`: same bytes as the snapshot, nothing touched. `absent`: the server has no GraphQL API.
 * `disabled`: this side is turned off.
 */
export type SideStatus = 'written' | 'changed' | 'unchanged' | 'absent' | 'disabled';

export interface SideResult {
  status: SideStatus;
  /** The snapshot file (also as `path`, the name the CLI reads). */
  schemaFile?: string;
  path?: string;
  metadataFile?: string;
  /** Where the content came from (secrets redacted). */
  sourceUrl?: string;
  /** Every URL asked, in order. */
  tried: string[];
  /** OpenAPI: what each location answered. */
  attempts?: DocumentAttempt[];
  contentHash?: string;
  /** The new snapshot text (also in dry runs). */
  contents?: string;
  /** REST: the parsed document (as served, before key ordering). */
  document?: OpenApiDocument;
  metadata?: SchemaMetadata;
  serverVersion?: string;
  /** Whether a previous snapshot existed to compare with. */
  hadPreviousSnapshot: boolean;
  changes: ChangeReport;
  /** One line for people, e.g. the "no GraphQL API" note. */
  note?: string;
  /** `absent`: the earlier snapshot was deleted (the server no longer backs it). */
  removed?: boolean;
  /** REST: the API generations the server was seen to speak (also in the metadata). */
  apis?: ApiGenerations;
}

export interface FetchResult {
  graphql: SideResult;
  rest: SideResult;
  /** Every side's note, in order. */
  notes: string[];
}

interface Prepared {
  side: SideResult;
  files: FileToWrite[];
  /** Files to delete once the set is written (a snapshot the server no longer backs). */
  remove?: string[];
}

export async function fetchSchemas(options: FetchSchemasOptions): Promise<FetchResult> {
  const write = options.write !== false;
  // Finish (or undo) a set write an earlier run was killed in, before reading the snapshot.
  const setOptions = { ...(options.warn ? { warn: options.warn } : {}), targets: configuredFiles(options) };
  if (write && options.projectDir !== undefined) {
    for (const dir of new Set([options.schemasDir, ...setOptions.targets.map((file) => path.dirname(file))])) {
      await refuseLinkOutOf(options.projectDir, dir, 'fetch');
    }
  }
  if (write) await recoverFileSet(options.schemasDir, setOptions);
  // One timestamp for the whole fetch, so both metadata files of one run agree.
  const fetchedAt = (options.now?.() ?? new Date()).toISOString();
  const withClock = { ...options, now: () => new Date(fetchedAt) };
  const graphql = await prepareGraphQL(withClock);
  // What the GraphQL side saw goes into the REST metadata's record of the server's APIs.
  const graphqlSeen = options.from?.graphql
    ? undefined
    : graphql.side.status === 'absent'
      ? false
      : graphql.side.status === 'disabled'
        ? undefined
        : true;
  const rest = await prepareRest(withClock, graphqlSeen);
  const files = [...graphql.files, ...rest.files];
  refuseEchoedSecrets(files, options.secrets);
  if (write && files.length > 0) await writeFileSetAtomic(options.schemasDir, files, setOptions);
  // After the set: a kill in between leaves the old snapshot beside the "no API" record, and the
  // next fetch removes it again.
  if (write) for (const file of graphql.remove ?? []) await rm(file, { force: true });
  for (const { side, files: sideFiles } of [graphql, rest]) {
    if (sideFiles.length > 0 && side.status !== 'absent') side.status = write ? 'written' : 'changed';
  }
  const notes = [graphql.side.note, rest.side.note].filter((note): note is string => Boolean(note));
  return { graphql: graphql.side, rest: rest.side, notes };
}

/** The files a fetch writes outside `schemasDir` (schema files configured elsewhere): a journal may name these. */
function configuredFiles(options: FetchSchemasOptions): string[] {
  const out: string[] = [];
  for (const side of [options.graphql, options.rest]) {
    if (side && side.schemaFile) out.push(path.resolve(side.schemaFile), path.resolve(metadataFileFor(side.schemaFile)));
  }
  return out;
}

async function prepareGraphQL(options: FetchSchemasOptions): Promise<Prepared> {
  const config = options.graphql;
  if (config === false) return { side: { status: 'disabled', tried: [], hadPreviousSnapshot: false, changes: [] }, files: [] };
  const schemaFile = config?.schemaFile ?? path.join(options.schemasDir, 'tasklist.graphql');
  let loaded: LoadedGraphQLSchema;
  let sourceUrl: string;
  let serverVersion: string | undefined;
  let detail: string | undefined;
  let tried: string[];
  if (options.from?.graphql) {
    const source = await readSource(options, options.from.graphql, 'GraphQL schema');
    loaded = loadGraphQLSchemaSource(source.text, source.name);
    ({ sourceUrl, tried } = { sourceUrl: source.name, tried: [source.name] });
    detail = loaded.sourceKind === 'sdl' ? 'from SDL' : 'from introspection JSON';
  } else {
    const endpoint = config?.endpoint ?? new URL('graphql', withSlash(options.baseUrl)).toString();
    const outcome = await introspect(options.fetch, endpoint, options.signal);
    tried = [redactUrl(endpoint, { query: 'all' })];
    if (outcome.kind === 'absent') {
      if (config?.required) {
        throw new FetchError('NO_GRAPHQL', 'This server has no GraphQL API (404); it was removed after Camunda 8.5', {
          url: redactUrl(endpoint, { query: 'all' }),
          status: 404,
          hint: 'Set graphql.required to false (or graphql: false) to generate the REST client only, or point graphql.endpoint at the right URL.',
        });
      }
      return noGraphQLApi(options, {
        schemaFile,
        tried,
        endpoint: redactUrl(endpoint, { query: 'all' }),
        serverVersion: outcome.serverVersion,
      });
    }
    loaded = outcome;
    sourceUrl = redactUrl(endpoint, { query: 'all' });
    serverVersion = outcome.serverVersion;
    detail = `introspection query: ${outcome.query}`;
  }
  const contents = loaded.sdl;
  const previous = await readSnapshot(schemaFile, schemaFolderOf(options.schemasDir, schemaFile));
  let changes: SchemaChange[] = [];
  let note: string | undefined;
  if (previous && previous.contents !== contents) {
    try {
      changes = await diffGraphQLSchemas(previous.contents, contents);
    } catch (error) {
      note = `the previous snapshot could not be read, so there is no change report: ${(error as Error).message}`;
    }
  }
  return finish({ schemaFile, contents, sourceUrl, serverVersion, detail, tried, previous, changes, note, options });
}

/**
 * The server answers 404 at /graphql. A snapshot from when it had GraphQL is out of date: it is
 * reported as a breaking change and removed (so `generate` stops generating from it), and the
 * metadata file records that the server has no GraphQL API, so `generate` can tell "no GraphQL
 * here" from "not fetched yet". A second such fetch finds the same record and writes nothing.
 */
async function noGraphQLApi(
  options: FetchSchemasOptions,
  input: { schemaFile: string; tried: string[]; endpoint: string; serverVersion: string | undefined },
): Promise<Prepared> {
  const { schemaFile } = input;
  const previous = await readSnapshot(schemaFile, schemaFolderOf(options.schemasDir, schemaFile));
  const recorded = await readNoApiRecord(schemaFile);
  const changes: SchemaChange[] = previous
    ? [
        {
          level: 'breaking',
          kind: 'GRAPHQL_API_REMOVED',
          path: input.endpoint,
          message: `The server no longer serves a GraphQL API (404 at ${input.endpoint}); the snapshot ${path.basename(schemaFile)} is out of date`,
        },
      ]
    : [];
  const record: NoApiRecord = {
    sourceUrl: input.endpoint,
    fetchedAt: (options.now?.() ?? new Date()).toISOString(),
    noApi: true,
    ...(input.serverVersion ? { serverVersion: input.serverVersion } : {}),
  };
  const files: FileToWrite[] =
    recorded?.sourceUrl === input.endpoint ? [] : [{ path: metadataFileFor(schemaFile), contents: serializeNoApiRecord(record) }];
  const note = previous
    ? `${NO_GRAPHQL_NOTE}; the old snapshot ${path.basename(schemaFile)} is ${options.write === false ? 'out of date' : 'removed'}`
    : NO_GRAPHQL_NOTE;
  return {
    side: {
      status: 'absent',
      schemaFile,
      path: schemaFile,
      tried: input.tried,
      hadPreviousSnapshot: previous !== undefined,
      changes,
      note,
      ...(previous && options.write !== false ? { removed: true } : {}),
      ...(input.serverVersion ? { serverVersion: input.serverVersion } : {}),
    },
    files,
    ...(previous ? { remove: [schemaFile] } : {}),
  };
}

async function prepareRest(options: FetchSchemasOptions, graphqlSeen: boolean | undefined): Promise<Prepared> {
  const config = options.rest;
  if (config === false) return { side: { status: 'disabled', tried: [], hadPreviousSnapshot: false, changes: [] }, files: [] };
  const format = config?.format ?? (config?.schemaFile && /\.ya?ml$/i.test(config.schemaFile) ? 'yaml' : 'json');
  const schemaFile = config?.schemaFile ?? path.join(options.schemasDir, `tasklist.openapi.${format}`);
  let document: OpenApiDocument;
  let sourceUrl: string;
  let serverVersion: string | undefined;
  let tried: string[];
  let attempts: DocumentAttempt[] | undefined;
  let openapiVersion: string;
  if (options.from?.rest) {
    const source = await readSource(options, options.from.rest, 'OpenAPI document');
    // A root file whose $refs name sibling files is bundled into one document first (files only:
    // a document fetched from a URL must stand on its own).
    const local = !/^https?:\/\//i.test(options.from.rest);
    const text = local && hasExternalRefs(source.text) ? await bundleOpenApiFiles(source.name, source.text) : source.text;
    const loaded = await loadOpenApiSource(text, source.name);
    document = loaded.document;
    sourceUrl = source.name;
    tried = [source.name];
    openapiVersion = loaded.document.openapi;
  } else {
    const urls = documentLocations(options.baseUrl, config?.documentUrl);
    const fetched = await fetchOpenApiDocument(options.fetch, urls, options.signal);
    document = fetched.document;
    sourceUrl = redactUrl(fetched.url, { query: 'all' });
    serverVersion = fetched.serverVersion;
    attempts = fetched.tried.map((attempt) => ({ ...attempt, url: redactUrl(attempt.url, { query: 'all' }) }));
    tried = attempts.map((attempt) => attempt.url);
    openapiVersion = fetched.document.openapi;
  }
  const contents = serializeOpenApiDocument(document, format);
  const apis: ApiGenerations = {
    ...(graphqlSeen === undefined ? {} : { graphql: graphqlSeen }),
    ...(options.from?.rest ? {} : restGenerations(document, attempts)),
  };
  if (!options.from?.rest && apis.restV1 === true && apis.restV2 === undefined) {
    const v2 = await probeOrchestrationCluster(options.fetch, options.baseUrl, options.signal);
    if (v2 !== undefined) apis.restV2 = v2;
  }
  const previous = await readSnapshot(schemaFile, schemaFolderOf(options.schemasDir, schemaFile));
  let changes: SchemaChange[] = [];
  let note: string | undefined;
  if (previous && previous.contents !== contents) {
    try {
      changes = diffOpenApiDocuments((await loadOpenApiSource(previous.contents, schemaFile)).document, document);
    } catch (error) {
      note = `the previous snapshot could not be read, so there is no change report: ${(error as Error).message}`;
    }
  }
  const prepared = await finish({
    schemaFile,
    contents,
    sourceUrl,
    serverVersion,
    detail: `openapi ${openapiVersion}`,
    tried,
    previous,
    changes,
    note,
    options,
    attempts,
    apis,
  });
  prepared.side.document = document;
  if (Object.keys(apis).length > 0) prepared.side.apis = apis;
  if (attempts) prepared.side.attempts = attempts;
  if (!options.from?.rest && attempts && attempts.length > 1) {
    prepared.side.note = [prepared.side.note, `OpenAPI document found at ${sourceUrl} (after ${attempts.length - 1} other location(s))`]
      .filter(Boolean)
      .join('; ');
  }
  return prepared;
}

async function finish(input: {
  schemaFile: string;
  contents: string;
  sourceUrl: string;
  serverVersion: string | undefined;
  detail: string | undefined;
  tried: string[];
  previous: Awaited<ReturnType<typeof readSnapshot>>;
  changes: SchemaChange[];
  note: string | undefined;
  options: FetchSchemasOptions;
  attempts?: DocumentAttempt[];
  apis?: ApiGenerations;
}): Promise<Prepared> {
  const { schemaFile, contents, previous } = input;
  const hash = contentHash(contents);
  const metadataFile = metadataFileFor(schemaFile);
  const side: SideResult = {
    status: 'unchanged',
    schemaFile,
    path: schemaFile,
    metadataFile,
    sourceUrl: input.sourceUrl,
    tried: input.tried,
    contentHash: hash,
    contents,
    hadPreviousSnapshot: previous !== undefined,
    changes: input.changes,
    ...(input.serverVersion ? { serverVersion: input.serverVersion } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  // Same bytes and a metadata file that vouches for them: touch nothing, not even the timestamp.
  if (previous && previous.contents === contents && previous.consistent && previous.metadata) {
    side.metadata = previous.metadata;
    return { side, files: [] };
  }
  const metadata: SchemaMetadata = {
    sourceUrl: input.sourceUrl,
    fetchedAt: (input.options.now?.() ?? new Date()).toISOString(),
    contentHash: hash,
    ...(input.serverVersion ? { serverVersion: input.serverVersion } : {}),
    ...(input.detail ? { detail: input.detail } : {}),
    ...(input.apis && Object.keys(input.apis).length > 0 ? { apis: input.apis } : {}),
    ...(input.attempts ? { tried: input.attempts } : {}),
  };
  side.metadata = metadata;
  // Metadata last: a reader that looks mid-write sees its hash disagree with the schema, not the reverse.
  const files: FileToWrite[] = [
    { path: schemaFile, contents },
    { path: metadataFile, contents: serializeMetadata(metadata) },
  ];
  return { side, files };
}

/** A `--from` source: a URL (through the same authenticated fetch) or a file path. */
async function readSource(options: FetchSchemasOptions, source: string, what: string): Promise<{ text: string; name: string }> {
  if (/^https?:\/\//i.test(source)) {
    const answer = await requestText(options.fetch, source, { method: 'GET', ...(options.signal ? { signal: options.signal } : {}) }, what);
    if (answer.status < 200 || answer.status >= 300) throw httpStatusError(answer, what);
    // Recorded in the committed .meta.json and printed: a presigned link's or an API key's query values stay out.
    return { text: answer.text, name: redactUrl(source, { query: 'all' }) };
  }
  const file = source.startsWith('file:') ? new URL(source).pathname : source;
  try {
    return { text: await readFile(file, 'utf8'), name: file };
  } catch (error) {
    throw new FetchError(
      'UNREACHABLE',
      `Cannot read the ${what} file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        url: file,
        hint: `Check the path given to ${what === 'GraphQL schema' ? '--from-graphql' : '--from-rest'}.`,
        cause: error,
      },
    );
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
