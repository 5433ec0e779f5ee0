/**
 * How a request body of a media type goes on the wire. One answer for the generator (which types
 * the body by it) and the runtime (which encodes it): both ask here.
 *
 * Browser-safe: the runtime imports it.
 */

/**
 * - `json`: `JSON.stringify` (`application/json`, `…+json`, and the wildcards `*\/*`, `application/*`);
 * - `form`: `application/x-www-form-urlencoded`, objects nested with brackets (see `formBody`);
 * - `multipart`: a `FormData`, whose boundary the fetch writes into the Content-Type;
 * - `text`: `text/*`, the string as it is;
 * - `binary`: anything else (`application/octet-stream`, `image/png` …), the bytes as given.
 */
export type BodyEncoding = 'json' | 'form' | 'multipart' | 'text' | 'binary';

export function bodyEncodingOf(mediaType: string): BodyEncoding {
  const type = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (isJsonMediaType(type)) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  if (type.startsWith('text/')) return 'text';
  return 'binary';
}

/** JSON, a JSON-based type (`application/problem+json`), or a wildcard that JSON satisfies. */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === '*/*' || mediaType === 'application/*' || /[/+]json(;|$)/.test(mediaType);
}

/**
 * A body as `application/x-www-form-urlencoded`, the way openapi-fetch serializes query objects
 * (`deepObject`: `address[city]=Berlin`) carried to any depth, as Stripe reads its bodies
 * (`items[0][price]=p1`). A top-level array is repeated (`tags=a&tags=b`, OpenAPI's default
 * `form` style) unless its name is in `indexed` (the document's `encoding` gives it `deepObject`:
 * `expand[0]=a`); nested arrays are always indexed. `undefined` and `null` members are left out.
 */
export function formBody(body: unknown, indexed: readonly string[] | undefined): string {
  if (body instanceof URLSearchParams) return body.toString();
  const form = new URLSearchParams();
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => add(`${name}[${index}]`, item));
    } else if (typeof value === 'object' && !(value instanceof Date)) {
      for (const key of Object.keys(value)) add(`${name}[${key}]`, (value as Record<string, unknown>)[key]);
    } else {
      form.append(name, value instanceof Date ? value.toISOString() : String(value));
    }
  };
  if (typeof body === 'object' && body !== null) {
    for (const name of Object.keys(body)) {
      const value = (body as Record<string, unknown>)[name];
      if (Array.isArray(value) && !indexed?.includes(name)) {
        for (const item of value) add(name, item);
      } else {
        add(name, value);
      }
    }
  }
  return form.toString();
}

/**
 * A `multipart/form-data` body: a `FormData` as given; a plain object (from untyped code) made into
 * one, a field per member (each item of an array its own field; Blobs as files, objects as JSON).
 */
export function multipartBody(body: unknown): FormData {
  if (body instanceof FormData) return body;
  const data = new FormData();
  for (const [name, value] of Object.entries(typeof body === 'object' && body !== null ? body : {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      data.append(name, item instanceof Blob ? item : typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return data;
}
