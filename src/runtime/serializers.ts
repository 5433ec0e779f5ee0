/**
 * How a call's parameters and body go on the wire: openapi-fetch's default serializers (v0.17),
 * written once here so that a page ships these few closures rather than its serializer module
 * next to a fast path of our own. The bytes are openapi-fetch's: test/runtime/serializers.test.ts
 * compares every function with its counterpart, and test/runtime/direct-path.test.ts whole calls
 * with openapi-fetch's client.
 *
 * - Path: `{name}` (`simple`), `{.name}` (`label`), `{;name}` (`matrix`), `{name*}` (explode);
 *   arrays and objects as OpenAPI's styles write them; a placeholder without a value stays.
 * - Query: `form` with exploded arrays (`a=1&a=2`), objects as `deepObject` (`sort[field]=x`);
 *   null, undefined and empty arrays left out. Names are not encoded, values are.
 * - Body: JSON, form-encoded when the Content-Type says so, FormData as is.
 *
 * Browser-safe: no imports at all.
 */

/** A header value as openapi-fetch takes it: null removes the header, an array repeats it. */
export type HeaderValue = string | number | boolean | (string | number | boolean)[] | null | undefined;
export type HeadersOptions = Required<RequestInit>['headers'] | Record<string, HeaderValue>;

type Style = 'simple' | 'label' | 'matrix';

const enc = (value: unknown) => encodeURIComponent(value as string);

/** `name=value`, the one form a nested value has not: openapi-fetch refuses those too. */
function pair(name: string, value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'object') throw new Error(`Parameter ${name}: nested arrays and objects cannot be serialized`);
  return `${name}=${enc(value)}`;
}

/** One path parameter's value in its style: `prefix` is what a label (`.`) or matrix (`;`) value starts with. */
function pathValue(name: string, value: unknown, style: Style, explode: boolean): string {
  const prefix = style === 'label' ? '.' : style === 'matrix' ? ';' : '';
  const named = style === 'matrix' ? `;${name}=` : prefix;
  if (Array.isArray(value)) {
    if (!explode) return named + value.map(enc).join(',');
    return prefix + value.map((item) => (style === 'matrix' ? pair(name, item) : enc(item))).join(prefix || ',');
  }
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (explode) parts.push(pair(key, item));
      else parts.push(key, enc(item));
    }
    return explode ? prefix + parts.join(prefix || ',') : named + parts.join(',');
  }
  return style === 'matrix' ? `;${pair(name, value)}` : prefix + enc(value);
}

/** A path's `{…}` placeholders, read once: the text to replace, the value's name, its style and explode flag. */
type Placeholder = readonly [match: string, name: string, style: Style, explode: boolean];

/** Placeholders by path: generated functions have a fixed set of paths, so each is read once (bounded for callers that invent paths). */
const placeholders = new Map<string, readonly Placeholder[]>();

function placeholdersOf(pathname: string): readonly Placeholder[] {
  let found = placeholders.get(pathname);
  if (found === undefined) {
    found = (pathname.match(/\{[^{}]+\}/g) ?? []).map((match): Placeholder => {
      let name = match.slice(1, -1);
      const explode = name.endsWith('*');
      if (explode) name = name.slice(0, -1);
      const style: Style = name.startsWith('.') ? 'label' : name.startsWith(';') ? 'matrix' : 'simple';
      return [match, style === 'simple' ? name : name.slice(1), style, explode];
    });
    if (placeholders.size < 1000) placeholders.set(pathname, found);
  }
  return found;
}

/** openapi-fetch's `defaultPathSerializer`: each `{…}` of `pathname` with a value replaced, in order. */
export function serializePath(pathname: string, values: Record<string, unknown> | undefined): string {
  let url = pathname;
  for (const [match, name, style, explode] of placeholdersOf(pathname)) {
    const value = values?.[name];
    if (value == null) continue;
    // A string pattern: the first occurrence, as openapi-fetch replaces it.
    url = url.replace(match, pathValue(name, value, style, explode));
  }
  return url;
}

/** openapi-fetch's default query serializer (`createQuerySerializer()`), without the leading `?`. */
export function serializeQuery(query: Record<string, unknown>): string {
  const search: string[] = [];
  if (query && typeof query === 'object') {
    for (const name in query) {
      const value = query[name];
      if (value == null) continue;
      if (Array.isArray(value)) {
        if (value.length > 0) search.push(value.map((item) => pair(name, item)).join('&'));
      } else if (typeof value === 'object') {
        const parts: string[] = [];
        for (const key in value) parts.push(pair(`${name}[${key}]`, (value as Record<string, unknown>)[key]));
        search.push(parts.join('&'));
      } else {
        search.push(pair(name, value));
      }
    }
  }
  return search.join('&');
}

/** `baseUrl` + `path` with its parameters filled, and the query after `?` when it has any (openapi-fetch's `createFinalURL`). */
export function finalUrl(
  baseUrl: string,
  path: string,
  params: { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined,
): string {
  let url = baseUrl + path;
  if (params?.path) url = serializePath(url, params.path);
  let search = serializeQuery(params?.query ?? {});
  if (search.startsWith('?')) search = search.slice(1);
  return search ? `${url}?${search}` : url;
}

/** openapi-fetch's `defaultBodySerializer`: FormData as is, form-encoded when the Content-Type says so, else JSON. */
export function serializeBody(body: any, headers?: Headers | Record<string, string>): string | FormData {
  if (body instanceof FormData) return body;
  const type =
    headers instanceof Headers
      ? headers.get('content-type')
      : headers && ((headers as Record<string, string>)['Content-Type'] ?? (headers as Record<string, string>)['content-type']);
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body).toString() : JSON.stringify(body);
}

/** openapi-fetch's `mergeHeaders`: later ones win, null removes, an array appends each value. */
export function mergeHeaders(...all: Array<HeadersOptions | undefined>): Headers {
  const headers = new Headers();
  for (const given of all) {
    if (!given || typeof given !== 'object') continue;
    for (const [name, value] of given instanceof Headers ? given.entries() : Object.entries(given)) {
      if (value === null) headers.delete(name);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item as string);
      else if (value !== undefined) headers.set(name, value as string);
    }
  }
  return headers;
}
