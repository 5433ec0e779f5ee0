/**
 * The metadata file written beside each schema snapshot (`tasklist.graphql.meta.json`): where the
 * schema came from, when, and the hash of the exact bytes of the schema file. The hash is what makes
 * a snapshot checkable on read (a schema file and metadata that do not belong together — edited by
 * hand, or from an interrupted write — are detected) and what makes "same content, change nothing"
 * cheap.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readIfExists } from '../util/atomic-write.js';
import { readFileInside } from '../util/contained-path.js';
import type { ApiGenerations } from './api-generations.js';

export interface SchemaMetadata {
  /** The URL (secrets redacted) or file the schema was read from. */
  sourceUrl: string;
  /** When the content last changed (ISO 8601). A fetch that finds the same content leaves it as it was. */
  fetchedAt: string;
  /** `sha256:<hex>` of the schema file's bytes. */
  contentHash: string;
  /** The server's release, when it says (`X-Tasklist-Version`, `info.x-camunda-version`). */
  serverVersion?: string;
  /** GraphQL: which introspection query the server answered. OpenAPI: the document's `openapi` version. */
  detail?: string;
  /** The OpenAPI locations asked, in order, with their statuses. */
  tried?: Array<{ url: string; status?: number; outcome: string }>;
  /** REST snapshot: which API generations the server was seen to speak (GraphQL, REST v1, v2); unseen ones are left out. */
  apis?: ApiGenerations;
}

export interface Snapshot {
  schemaFile: string;
  contents: string;
  metadata: SchemaMetadata | undefined;
  /** The metadata exists and its hash matches the schema file. */
  consistent: boolean;
}

export function metadataFileFor(schemaFile: string): string {
  return `${schemaFile}.meta.json`;
}

export function contentHash(contents: string): string {
  return `sha256:${createHash('sha256').update(contents, 'utf8').digest('hex')}`;
}

/** Deterministic text: keys in a fixed order, two-space indent, one trailing newline. */
export function serializeMetadata(metadata: SchemaMetadata): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ['sourceUrl', 'fetchedAt', 'contentHash', 'serverVersion', 'detail', 'apis', 'tried'] as const) {
    if (metadata[key] !== undefined) ordered[key] = metadata[key];
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Reads a committed snapshot and checks its metadata against it; `undefined` when there is no schema
 * file. The schema file is read only when it is really inside `folder` (default: its own folder).
 */
export async function readSnapshot(schemaFile: string, folder = path.dirname(schemaFile)): Promise<Snapshot | undefined> {
  const contents = await readFileInside(folder, schemaFile);
  if (contents === undefined) return undefined;
  const metadataText = await readIfExists(metadataFileFor(schemaFile));
  let metadata: SchemaMetadata | undefined;
  try {
    metadata = metadataText === undefined ? undefined : (JSON.parse(metadataText) as SchemaMetadata);
  } catch {
    metadata = undefined;
  }
  return { schemaFile, contents, metadata, consistent: metadata?.contentHash === contentHash(contents) };
}

/**
 * What the metadata file holds when the server answered 404 for the schema (Camunda 8.6+ has no
 * GraphQL API): there is deliberately no schema file, and `generate` skips that side instead of
 * asking for a fetch.
 */
export interface NoApiRecord {
  /** The URL that answered 404 (secrets redacted). */
  sourceUrl: string;
  fetchedAt: string;
  noApi: true;
  serverVersion?: string;
}

export function serializeNoApiRecord(record: NoApiRecord): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ['sourceUrl', 'fetchedAt', 'noApi', 'serverVersion'] as const) {
    if (record[key] !== undefined) ordered[key] = record[key];
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** The "no API" record beside `schemaFile`, when there is one. A schema file beside it wins (a kill between the two writes). */
export async function readNoApiRecord(schemaFile: string): Promise<NoApiRecord | undefined> {
  const text = await readIfExists(metadataFileFor(schemaFile));
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<NoApiRecord>;
    return parsed.noApi === true && typeof parsed.sourceUrl === 'string' ? (parsed as NoApiRecord) : undefined;
  } catch {
    return undefined;
  }
}
