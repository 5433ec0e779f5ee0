/**
 * One request to the server for a schema, with every way it can fail turned into a `FetchError`
 * that names the URL, the sign-in used (never its secret) and what to do.
 */
import { HttpError, NetworkError, TimeoutError } from '../runtime/errors.js';
import { AuthError } from '../util/errors.js';
import type { TasklistFetch } from '../runtime/types.js';
import { redactUrl } from '../util/redact.js';
import { DownloadLimitError } from './download-limits.js';
import { FetchError } from './errors.js';

/** What a transport built by `createTransport` says about its sign-in; plain `fetch` says nothing. */
interface DescribedFetch {
  auth?: { name?: string; describe?: () => string };
}

export interface FetchedText {
  url: string;
  status: number;
  contentType: string;
  text: string;
  /** `X-Tasklist-Version` (or a similar header) when the server sends one. */
  serverVersion: string | undefined;
}

/** Sends the request and reads the body. HTTP statuses other than 401/403 are returned, not thrown. */
export async function requestText(fetch: TasklistFetch, url: string, init: RequestInit, what: string): Promise<FetchedText> {
  // Every query value masked wherever fetch shows a URL: a configured document URL may carry an API
  // key or a presigned signature, and what fetch shows also goes into the committed .meta.json files.
  const safeUrl = redactUrl(url, { query: 'all' });
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, init);
    text = await response.text();
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw toFetchError(error, fetch, safeUrl, what);
  }
  if (response.status === 401) throw unauthorized(fetch, safeUrl, what, undefined);
  if (response.status === 403) throw forbidden(fetch, safeUrl, what);
  return {
    url: response.url || url,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    serverVersion: serverVersionOf(response.headers),
  };
}

/** HTML where JSON or YAML was expected. A redirect to a login page ends here too. */
export function looksLikeHtml(answer: Pick<FetchedText, 'contentType' | 'text'>): boolean {
  return /\btext\/html\b/i.test(answer.contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(answer.text);
}

export function htmlInsteadOfJson(answer: Pick<FetchedText, 'url' | 'status'>, what: string): FetchError {
  return new FetchError('HTML_RESPONSE', `${what}: got an HTML page (status ${answer.status}) where JSON was expected`, {
    url: redactUrl(answer.url, { query: 'all' }),
    status: answer.status,
    hint: 'This is usually a login page: the request was probably not authenticated. Set CAMUNDA_AUTH_STRATEGY and its credentials, or check the URL.',
  });
}

export function httpStatusError(answer: Pick<FetchedText, 'url' | 'status'>, what: string): FetchError {
  return new FetchError('HTTP_ERROR', `${what}: the server answered ${answer.status}`, {
    url: redactUrl(answer.url, { query: 'all' }),
    status: answer.status,
    hint: answer.status >= 500 ? 'The server failed; look at its logs and try again.' : 'Check the URL and the server configuration.',
  });
}

function toFetchError(error: unknown, fetch: TasklistFetch, url: string, what: string): FetchError {
  if (error instanceof FetchError) return error;
  if (error instanceof DownloadLimitError) {
    return new FetchError(error.code, `${what}: ${error.message}`, { url: error.url, hint: error.hint, cause: error });
  }
  if (error instanceof HttpError && error.status === 401) return unauthorized(fetch, url, what, error.hint);
  if (error instanceof HttpError) return httpStatusError({ url: error.url, status: error.status }, what);
  if (error instanceof AuthError) {
    // The AuthError's message ends with its hint; the hint is said once, as the hint.
    const reason =
      error.hint && error.message.endsWith(`. ${error.hint}`) ? error.message.slice(0, -(error.hint.length + 2)) : error.message;
    return new FetchError('UNAUTHORIZED', `${what}: signing in failed (${authDescription(fetch)}): ${reason}`, {
      url: error.url,
      ...(error.status === undefined ? {} : { status: error.status }),
      hint: error.hint ?? 'Check the client id and secret (CAMUNDA_CLIENT_ID / CAMUNDA_CLIENT_SECRET) or user name and password.',
      cause: error,
    });
  }
  if (error instanceof TimeoutError || isNamed(error, 'TimeoutError')) {
    return new FetchError('TIMEOUT', `${what}: no answer in time`, {
      url,
      hint: 'Check that the server is reachable from here, or raise the timeout.',
      cause: error,
    });
  }
  const errno = error instanceof NetworkError ? error.errno : systemErrorCode(error);
  if (error instanceof NetworkError || errno || (error instanceof TypeError && /fetch failed/i.test(error.message))) {
    const dns = errno === 'ENOTFOUND' || errno === 'EAI_AGAIN';
    // The transport knows a TLS failure needs certificates, not a running server: keep its hint.
    const transportHint = error instanceof NetworkError ? error.hint : undefined;
    return new FetchError('UNREACHABLE', `${what}: ${dns ? 'host not found (DNS)' : `could not connect${errno ? ` (${errno})` : ''}`}`, {
      url,
      hint: dns
        ? 'Check the host name in the base URL (CAMUNDA_TASKLIST_BASE_URL).'
        : (transportHint ?? 'Check the base URL and that Tasklist is running and reachable from here.'),
      cause: error,
    });
  }
  return new FetchError('HTTP_ERROR', `${what}: ${error instanceof Error ? error.message : String(error)}`, {
    url,
    hint: 'Check the base URL and the server.',
    cause: error,
  });
}

function unauthorized(fetch: TasklistFetch, url: string, what: string, transportHint: string | undefined): FetchError {
  const strategy = (fetch as DescribedFetch).auth?.name ?? 'NONE';
  return new FetchError('UNAUTHORIZED', `${what}: 401 Unauthorized, signed in with ${authDescription(fetch)}`, {
    url,
    status: 401,
    hint: transportHint ? `${transportHint}.` : (UNAUTHORIZED_HINTS[strategy] ?? UNAUTHORIZED_HINTS['NONE']!),
  });
}

function forbidden(fetch: TasklistFetch, url: string, what: string): FetchError {
  return new FetchError('FORBIDDEN', `${what}: 403 Forbidden, signed in with ${authDescription(fetch)}`, {
    url,
    status: 403,
    hint: 'The credentials were accepted but may not read this: give the user or client access to Tasklist (an OAuth client needs the Tasklist API permission and the right audience).',
  });
}

/** Which credential is likely wrong, per strategy. Never a value, only the variable names. */
const UNAUTHORIZED_HINTS: Record<string, string> = {
  NONE: 'The server wants credentials: set CAMUNDA_AUTH_STRATEGY (BASIC, OAUTH, COOKIE or BEARER) and its variables.',
  BASIC: 'Check CAMUNDA_BASIC_AUTH_USERNAME and CAMUNDA_BASIC_AUTH_PASSWORD.',
  COOKIE: 'The session was refused: check the user name and password used for the login.',
  BEARER: 'The token was refused: it may have expired or be meant for another audience (CAMUNDA_OAUTH_TOKEN).',
  OAUTH: "The token was refused: check the audience (CAMUNDA_TASKLIST_OAUTH_AUDIENCE) and the client's permissions.",
};

function authDescription(fetch: TasklistFetch): string {
  const auth = (fetch as DescribedFetch).auth;
  try {
    return auth?.describe?.() ?? (auth?.name ? `strategy ${auth.name}` : 'no credentials');
  } catch {
    return 'an unknown strategy';
  }
}

function serverVersionOf(headers: Headers): string | undefined {
  for (const name of ['x-tasklist-version', 'x-camunda-version', 'x-application-version']) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function systemErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}
