/**
 * Following a signed call's redirect by hand, as fetch would but without carrying credentials to
 * another origin. Only runtimes that hand a `redirect: 'manual'` answer over with its status and
 * Location (Node and its kind) can do this; a browser hides both, so the transport loads this
 * module with `import()` only when such a runtime gets a redirect answer, and a page split into
 * chunks never downloads it.
 */
import type { RequestBody } from './types.js';

/** What the transport knows of a call: the parts a redirect changes. */
export interface RedirectableCall {
  url: string;
  method: string;
  headers: HeadersInit | undefined;
  body: RequestBody | undefined;
}

/**
 * The call a redirect answer (301, 302, 303, 307 or 308: the transport looks at the status first)
 * points at, as fetch would make it (a 303, or a 301/302 after a POST, becomes a GET without body),
 * or undefined when it names no http(s) URL to follow. On the way to another origin the caller's
 * own credential headers stay behind, as fetch does.
 */
export function redirected<Call extends RedirectableCall>(call: Call, response: Response): Call | undefined {
  const { status } = response;
  const location = response.headers.get('location');
  if (location === null) return undefined;
  let next: URL;
  try {
    next = new URL(location, call.url);
  } catch {
    return undefined;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined;
  const headers = new Headers(call.headers);
  let { method, body } = call;
  if ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
  }
  if (next.origin !== new URL(call.url).origin) for (const name of ['authorization', 'proxy-authorization', 'cookie']) headers.delete(name);
  return { ...call, url: next.toString(), method, body, headers };
}
