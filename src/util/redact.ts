/**
 * Keeps secrets out of anything a person might read: error messages, logs, events, reports.
 * Browser-safe (no `node:` imports): the runtime uses it too.
 */

/** Query parameters whose values are secrets (Tasklist's cookie login sends the password in the query). */
const SECRET_QUERY_PARAMS = new Set(['password', 'client_secret', 'access_token', 'token', 'refresh_token', 'code']);

/** Headers whose values are secrets. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'tasklist-x-csrf-token',
]);

export const REDACTED = '***';

/**
 * A URL safe to print: user info and secret query values replaced. Invalid URLs are returned
 * with anything after `?` cut off, which is where the secrets would be.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).split('?')[0] ?? '';
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  // URLSearchParams encodes `***` as `%2A%2A%2A`; put the readable form back.
  return parsed.toString().replaceAll('%2A%2A%2A', REDACTED);
}

/** Header name → value, with secret values replaced. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(entries.map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]));
}

/**
 * Replaces every known secret in `text`, in the forms it travels in (as is, URL-encoded,
 * form-encoded, base64 inside a Basic header is handled by the caller passing that form too).
 * Secrets shorter than 4 characters are still replaced: a leaked short password is still a leak.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form) out = out.split(form).join(REDACTED);
  }
  return out;
}
