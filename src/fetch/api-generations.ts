/**
 * Which API generations a server speaks, as far as one fetch can tell: the Tasklist GraphQL API
 * (`/graphql`, gone after 8.6), Tasklist REST v1 (`/v1/...`, removed in 8.10) and the Orchestration
 * Cluster API (`/v2/...`, 8.8+). Only what was seen is recorded: a generation nobody asked about
 * stays unknown (absent from the record) rather than guessed.
 */
import type { TasklistFetch } from '../runtime/types.js';
import type { OpenApiDocument } from './openapi/document.js';
import type { DocumentAttempt } from './openapi-document.js';

export interface ApiGenerations {
  /** `/graphql` answered a schema (true) or 404 (false). */
  graphql?: boolean;
  /** Tasklist REST v1: its document was found (true), or its springdoc groups answered 404 while another document was found (false). */
  restV1?: boolean;
  /** Orchestration Cluster API: its document was found (true), or its springdoc group answered 404 (false). */
  restV2?: boolean;
}

/** The springdoc groups each REST generation is served under. */
const V1_GROUPS = ['/v3/api-docs/Tasklist-v1', '/v3/api-docs/v1'];
const V2_GROUP = '/v3/api-docs/Orchestration%20Cluster%20API';

/** What a document describes: Tasklist v1 (`/v1/...` paths) or the Orchestration Cluster API (served under `/v2`). */
export function documentGeneration(document: OpenApiDocument): 'v1' | 'v2' | undefined {
  const paths = Object.keys((document as { paths?: Record<string, unknown> }).paths ?? {});
  if (paths.some((p) => p.startsWith('/v1/'))) return 'v1';
  const servers = (document as { servers?: Array<{ url?: unknown }> }).servers ?? [];
  const underV2 = servers.some((s) => typeof s.url === 'string' && /\/v2\/?$/.test(s.url));
  if (underV2 || paths.some((p) => p.startsWith('/v2/')) || document.info?.title === 'Orchestration Cluster API') return 'v2';
  return undefined;
}

function answeredNotFound(attempts: readonly DocumentAttempt[], groups: readonly string[]): boolean {
  return attempts.some((a) => a.outcome === 'not-found' && a.status === 404 && groups.some((g) => new URL(a.url).pathname.endsWith(g)));
}

/** The REST side's view: the document found and the locations that answered 404 before it. */
export function restGenerations(document: OpenApiDocument, attempts: readonly DocumentAttempt[] | undefined): ApiGenerations {
  const kind = documentGeneration(document);
  const out: ApiGenerations = {};
  if (kind === 'v1') out.restV1 = true;
  if (kind === 'v2') out.restV2 = true;
  if (attempts) {
    if (kind !== 'v1' && answeredNotFound(attempts, V1_GROUPS)) out.restV1 = false;
    if (kind !== 'v2' && answeredNotFound(attempts, [V2_GROUP])) out.restV2 = false;
  }
  return out;
}

/**
 * Whether the server also serves the Orchestration Cluster API, asked once when the document
 * found was Tasklist's (an 8.8 or 8.9 server speaks both): its springdoc group answering with an
 * OpenAPI document means yes, a 404 no; anything else (sign-in refused, an error) stays unknown.
 */
export async function probeOrchestrationCluster(fetch: TasklistFetch, baseUrl: string, signal?: AbortSignal): Promise<boolean | undefined> {
  const url = new URL(V2_GROUP.slice(1), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  try {
    const response = await fetch(url, { method: 'GET', headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
    const text = await response.text();
    if (response.status === 404) return false;
    if (response.status !== 200) return undefined;
    const parsed = JSON.parse(text) as { openapi?: unknown };
    return typeof parsed.openapi === 'string' ? true : undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}
