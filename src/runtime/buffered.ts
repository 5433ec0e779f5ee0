/**
 * What the transport and the runtime's own clients share, not part of the public API: the
 * response whose body is already in memory, and the transport's buffered send.
 *
 * Browser-safe: no `node:` imports.
 */
import type { RequestBody, TasklistFetch } from './types.js';

/**
 * Under this key a transport made by `createStrategyTransport` carries its `BufferedSend`. The
 * REST client of this runtime takes it and so skips what a `fetch`-shaped call costs on every
 * call: openapi-fetch's `Request` (undici's `Request` is the most expensive object of a call, and
 * its own `AbortSignal` made the transport hand undici a signal to follow) and the `Response`
 * wrapped around bytes the client then reads straight back out. A `Symbol()` of this
 * module, so nothing outside the runtime can reach or fake it.
 */
export const bufferedSend = Symbol('tasklist-codegen.bufferedSend');

/**
 * The transport's whole per-call behaviour (URL resolved against the base URL, https check, auth,
 * 401 re-auth, retries, timeout, the caller's signal), given plain values, answering with the
 * underlying fetch's response and its body read (null for 204, 205 and 304). The response's own
 * body is consumed: `status`, `ok`, `headers` and `url` are what to read of it, and
 * `withBody(answer)` is the standard `Response` the public transport returns.
 */
export type BufferedSend = (
  url: string,
  method: string,
  headers: HeadersInit | undefined,
  body: RequestBody | undefined,
  signal: AbortSignal | undefined,
) => Promise<BufferedAnswer>;

export interface BufferedAnswer {
  response: Response;
  bytes: ArrayBuffer | null;
}

/** The `BufferedSend` of `fetch` when it is one of our transports. */
export function bufferedSendOf(fetch: unknown): BufferedSend | undefined {
  return typeof fetch === 'function' ? (fetch as { [bufferedSend]?: BufferedSend })[bufferedSend] : undefined;
}

/**
 * How the runtime's clients send: through our transport's `BufferedSend`, or through any other
 * fetch (a test double, a fetch of the caller's), called with the same values as `(url, init)`.
 */
export function sendOf(fetch: TasklistFetch): BufferedSend {
  return (
    bufferedSendOf(fetch) ??
    (async (url, method, headers, body, signal) => {
      const init: RequestInit = { method };
      if (headers !== undefined) init.headers = headers;
      if (body !== undefined) init.body = body;
      if (signal !== undefined) init.signal = signal;
      return readAnswer(await fetch(url, init));
    })
  );
}

/** A response with its body read (none for a null-body status). */
export async function readAnswer(response: Response): Promise<BufferedAnswer> {
  return { response, bytes: isNullBodyStatus(response.status) ? null : await response.arrayBuffer() };
}

/** Stateless when not streaming, so one serves every response (it drops a BOM, as `Response.text()` does). */
export const utf8 = new TextDecoder();

const noBytes = new ArrayBuffer(0);

/** The body as text, the way `Response.text()` reads it (a null body is empty). */
export function textOf(bytes: ArrayBuffer | null): string {
  return utf8.decode(bytes ?? noBytes);
}

/** The answer as a standard `Response` (status, headers and `url` the original's; body unread). */
export function withBody({ response, bytes }: BufferedAnswer): Response {
  return new BufferedResponse(response, bytes);
}

/** Null-body statuses (Fetch standard): their body reads as empty. */
export function isNullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

/**
 * A response whose body is already in memory. The read methods answer from the bytes; a
 * `ReadableStream` is built only when someone asks for `body`. Why not `new Response(bytes)`:
 * Node builds a transferable web stream for every response body, and that stream was the largest
 * single cost of a call after the network. Status, headers and URL are the original response's.
 */
class BufferedResponse extends Response {
  readonly #source: Response;
  readonly #bytes: ArrayBuffer | null;
  /** Built on first access to `body`; from then on reads go through it. */
  #stream: Response['body'] | undefined;
  #used = false;

  constructor(source: Response, bytes: ArrayBuffer | null) {
    super(null, { status: source.status, statusText: source.statusText });
    this.#source = source;
    this.#bytes = bytes;
  }

  override get headers(): Headers {
    return this.#source.headers;
  }
  override get url(): string {
    return this.#source.url;
  }
  override get redirected(): boolean {
    return this.#source.redirected;
  }
  override get type(): ResponseType {
    return this.#source.type;
  }
  override get body(): Response['body'] {
    if (this.#stream === undefined) this.#stream = this.#bytes === null || this.#used ? null : new Response(this.#bytes).body;
    return this.#stream;
  }
  override get bodyUsed(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  /** The bytes, once, as with any Response. */
  async #read(): Promise<ArrayBuffer> {
    // A null body (204, 205, 304) reads as empty any number of times, as with any Response.
    if (this.#bytes === null) return new ArrayBuffer(0);
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    if (this.#stream) return new Response(this.#stream).arrayBuffer();
    this.#used = true;
    return this.#bytes;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read();
  }
  override async text(): Promise<string> {
    return utf8.decode(await this.#read());
  }
  override async json(): Promise<any> {
    return JSON.parse(await this.text());
  }
  override async blob(): Promise<Blob> {
    const type = this.headers.get('content-type');
    return new Blob([await this.#read()], type ? { type } : {});
  }
  override async bytes(): ReturnType<Response['bytes']> {
    return new Uint8Array(await this.#read());
  }
  override async formData(): Promise<FormData> {
    return new Response(await this.#read(), { headers: this.headers }).formData();
  }
  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    if (this.#stream) {
      const [mine, theirs] = this.#stream.tee();
      this.#stream = mine;
      return new Response(theirs, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
    return new BufferedResponse(this.#source, this.#bytes);
  }
}
