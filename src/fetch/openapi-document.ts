/**
 * The REST side of a fetch: find the OpenAPI document among the places springdoc serves it, load
 * and validate it.
 */
import type { TasklistFetch } from '../runtime/types.js';
import { redactUrl } from '../util/redact.js';
import { FetchError } from './errors.js';
import { htmlInsteadOfJson, looksLikeHtml, requestText } from './http.js';
import { loadOpenApiSource, type LoadedOpenApiDocument } from './openapi/load.js';

/**
 * Where Camunda has served its document, tried in this order: the springdoc groups Tasklist REST v1
 * has used (`Tasklist-v1`, then `v1`), the Orchestration Cluster API's group (8.8+; the only one
 * left in 8.10, which removed v1), and the ungrouped document.
 */
export const DEFAULT_DOCUMENT_LOCATIONS: readonly string[] = [
  '/v3/api-docs/Tasklist-v1',
  '/v3/api-docs/v1',
  '/v3/api-docs/Orchestration Cluster API',
  '/v3/api-docs',
  // springdoc's YAML rendering of the ungrouped document, for servers that expose only that one.
  '/v3/api-docs.yaml',
];

export interface DocumentAttempt {
  url: string;
  /** HTTP status, when the server answered. */
  status?: number;
  outcome: 'found' | 'not-found' | 'html' | 'invalid' | 'http-error';
}

export interface FetchedOpenApiDocument extends LoadedOpenApiDocument {
  /** The location that answered. */
  url: string;
  text: string;
  /** Every location asked, in order, with what it said. */
  tried: DocumentAttempt[];
  serverVersion: string | undefined;
}

/**
 * The absolute URLs to try. Relative locations are resolved against the base URL, keeping its path
 * (a Tasklist behind `/tasklist` serves `/tasklist/v3/api-docs`). Path segments are URL-encoded, so a
 * springdoc group with spaces (`/v3/api-docs/Orchestration Cluster API`) can be written as is.
 */
export function documentLocations(baseUrl: string, documentUrl?: string | readonly string[]): string[] {
  const locations = documentUrl === undefined ? DEFAULT_DOCUMENT_LOCATIONS : typeof documentUrl === 'string' ? [documentUrl] : documentUrl;
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  return locations.map((location) => {
    const [pathPart, query] = splitQuery(location);
    const encoded = pathPart.split('/').map(encodeSegment).join('/');
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location) ? new URL(encodeUrlPath(location)) : new URL(encoded.replace(/^\//, ''), base);
    if (query !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(location)) absolute.search = query;
    return absolute.toString();
  });
}

export async function fetchOpenApiDocument(
  fetch: TasklistFetch,
  urls: readonly string[],
  signal?: AbortSignal,
): Promise<FetchedOpenApiDocument> {
  const what = 'OpenAPI document';
  const tried: DocumentAttempt[] = [];
  let firstInvalid: FetchError | undefined;
  let firstHtml: FetchError | undefined;
  let serverVersion: string | undefined;
  for (const url of urls) {
    // 401 and 403 throw: every location sits behind the same sign-in, so trying on only hides the cause.
    const answer = await requestText(
      fetch,
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json, application/yaml;q=0.9, application/vnd.oai.openapi;q=0.9, */*;q=0.1' },
        ...(signal ? { signal } : {}),
      },
      what,
    );
    serverVersion ??= answer.serverVersion;
    if (answer.status === 404 || answer.status === 405) {
      tried.push({ url, status: answer.status, outcome: 'not-found' });
      continue;
    }
    if (answer.status < 200 || answer.status >= 300) {
      tried.push({ url, status: answer.status, outcome: 'http-error' });
      continue;
    }
    // Tasklist's web app answers unknown paths with its HTML page, and a login redirect ends in HTML:
    // neither is the document, but the next location may be.
    if (looksLikeHtml(answer)) {
      tried.push({ url, status: answer.status, outcome: 'html' });
      firstHtml ??= htmlInsteadOfJson(answer, what);
      continue;
    }
    try {
      const loaded = await loadOpenApiSource(answer.text, redactUrl(url, { query: 'all' }));
      tried.push({ url, status: answer.status, outcome: 'found' });
      return { ...loaded, url, text: answer.text, tried, serverVersion: serverVersion ?? versionFromDocument(loaded) };
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      tried.push({ url, status: answer.status, outcome: 'invalid' });
      firstInvalid ??= error;
    }
  }
  if (firstInvalid) throw firstInvalid;
  if (firstHtml) throw firstHtml;
  const list = tried.map((attempt) => `${redactUrl(attempt.url, { query: 'all' })} → ${attempt.status ?? 'no answer'}`).join(', ');
  throw new FetchError('NO_OPENAPI_DOCUMENT', `No OpenAPI document at any of the locations tried: ${list}`, {
    url: redactUrl(urls[0] ?? '', { query: 'all' }),
    hint: 'Set rest.documentUrl in the config to where this server serves it (Swagger UI at <base>/swagger-ui/index.html shows the location), or fetch from a file: --from-rest <openapi.json>.',
  });
}

/** Camunda's documents can carry the release in `info.x-camunda-version`. */
function versionFromDocument(loaded: LoadedOpenApiDocument): string | undefined {
  const value = loaded.document.info?.['x-camunda-version'];
  return typeof value === 'string' ? value : undefined;
}

function splitQuery(location: string): [string, string | undefined] {
  const index = location.indexOf('?');
  return index < 0 ? [location, undefined] : [location.slice(0, index), location.slice(index + 1)];
}

/** Encodes one path segment, leaving an already encoded one as it is. */
function encodeSegment(segment: string): string {
  try {
    return encodeURIComponent(decodeURIComponent(segment));
  } catch {
    return encodeURIComponent(segment);
  }
}

function encodeUrlPath(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/[^?#]*)?(.*)$/i.exec(url);
  if (!match) return url;
  const [, origin, pathname = '', rest = ''] = match;
  return `${origin}${pathname.split('/').map(encodeSegment).join('/')}${rest}`;
}
