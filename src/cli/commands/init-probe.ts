/**
 * What `init` asks a server before scaffolding: which API generation to set the project up for.
 * Two requests, both answerable without signing in on a real cluster: the Orchestration Cluster
 * document (8.8+ serves it without authentication) and, if absent, `/graphql` (404 on 8.7+).
 */
import type { InitApi } from './init.js';

export interface ProbeOutcome {
  api: InitApi;
  /** One line for the user: what the server answered. */
  reason: string;
}

const TIMEOUT_MS = 10_000;

async function statusOf(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<{ status: number; text: string } | undefined> {
  try {
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    return { status: response.status, text: await response.text() };
  } catch {
    return undefined;
  }
}

/** Undefined when the server could not tell (unreachable, or it wants a sign-in first). */
export async function probeServerApi(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<ProbeOutcome | undefined> {
  const base = baseUrl.replace(/\/+$/, '');
  const doc = await statusOf(fetchImpl, `${base}/v3/api-docs/Orchestration%20Cluster%20API`, { headers: { accept: 'application/json' } });
  if (doc?.status === 200) {
    try {
      if (typeof (JSON.parse(doc.text) as { openapi?: unknown }).openapi === 'string') {
        return { api: 'v2', reason: 'it serves the Orchestration Cluster API (Camunda 8.8+)' };
      }
    } catch {
      // not a document: ask on
    }
  }
  const graphql = await statusOf(fetchImpl, `${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: '{"query":"{ __typename }"}',
  });
  if (graphql?.status === 404) return { api: 'v1', reason: 'it has no GraphQL API (404 at /graphql): Tasklist REST v1' };
  if (graphql?.status === 200) return { api: 'graphql', reason: 'it answers GraphQL at /graphql' };
  return undefined;
}
