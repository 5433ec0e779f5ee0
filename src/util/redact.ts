/**
 * Keeps secrets out of anything a person might read: error messages, logs, events, reports.
 * Browser-safe (no `node:` imports): the runtime uses it too.
 */

/** Query parameters whose values are secrets (Tasklist's cookie login sends the password in the query). */
const SECRET_QUERY_PARAMS = new Set(['password', 'client_secret', 'access_token', 'token', 'refresh_token', 'code']);

/** Headers whose values are secrets. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-csrf-token', 'tasklist-x-csrf-token']);

export const REDACTED = '***';

/**
 * A URL safe to print: user info and secret query values replaced. `query: 'all'` masks every
 * query value (for URLs that carry credentials, such as a token endpoint with `?key=…`).
 * Unparsable text, and schemes other than http(s), keep only what comes before `?`, with any
 * `user:password@` cut out: that is where the secrets would be.
 */
export function redactUrl(url: string | URL, options: { query?: 'secret' | 'all' } = {}): string {
  const parsed = httpUrl(url);
  if (parsed === undefined) return redactUnparsedUrl(String(url));
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (options.query === 'all' || SECRET_QUERY_PARAMS.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  // URLSearchParams encodes `***` as `%2A%2A%2A`; put the readable form back.
  return parsed.toString().replaceAll('%2A%2A%2A', REDACTED);
}

/** `url` parsed when it is an http(s) URL, else undefined. */
function httpUrl(url: string | URL): URL | undefined {
  try {
    const parsed = new URL(String(url));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `demo:pw@host:8080/x?y` → `***@host:8080/x`: text that is not a URL may still hold user info. */
function redactUnparsedUrl(text: string): string {
  const beforeQuery = text.split(/[?#]/)[0] ?? '';
  return beforeQuery.replace(/^((?:[a-z][a-z\d+.-]*:)?\/\/)?[^/@]*@/i, (_all, scheme: string | undefined) => `${scheme ?? ''}${REDACTED}@`);
}

/** The user name, password and (with `query: 'all'`) query values of a URL, for a `SecretRegistry`. */
export function secretsOfUrl(url: string | URL, options: { query?: 'secret' | 'all' } = {}): string[] {
  const out: string[] = [];
  const text = String(url);
  const parsed = httpUrl(text);
  if (parsed === undefined) {
    const userinfo = /^(?:[a-z][a-z\d+.-]*:\/\/)?([^/@?#]*)@/i.exec(text)?.[1];
    if (userinfo) out.push(...userinfo.split(':').map(safeDecode), userinfo);
    return out;
  }
  if (parsed.username) out.push(safeDecode(parsed.username));
  if (parsed.password) out.push(safeDecode(parsed.password));
  for (const [name, value] of parsed.searchParams) {
    if (options.query === 'all' || SECRET_QUERY_PARAMS.has(name.toLowerCase())) out.push(value);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Header name → value, with secret values replaced. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(entries.map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]));
}

/**
 * Replaces each of `secrets` in `text`, in every form it travels in (see `SecretRegistry`).
 * For one-off use; a client keeps a `SecretRegistry` instead.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return new SecretRegistry(secrets).redact(text);
}

/** Bumped on every change to any registry, so a linked registry's cached list knows to rebuild. */
let generation = 0;

interface RegistryState {
  forms: Set<string>;
  /** `percentPattern` of each secret, with the secret's length (longer ones are tried first). */
  patterns: Map<string, number>;
  linked: Set<SecretRegistry>;
  /** Every form, linked ones included, longest first, as of `sortedAt`. */
  sorted: string[];
  /** Every pattern, linked ones included, in one expression, as of `sortedAt`. */
  pattern: RegExp | undefined;
  sortedAt: number;
}

/**
 * What a registry knows lives here, not in fields of the object: `util.inspect`, `console.log`,
 * a browser's console and `JSON.stringify` of a registry, or of a transport holding one, would
 * otherwise show every secret in every form.
 */
const states = new WeakMap<SecretRegistry, RegistryState>();

function stateOf(registry: SecretRegistry): RegistryState {
  return states.get(registry) as RegistryState;
}

/**
 * The one place that knows every secret in play for a client (or a CLI run): configured secrets,
 * the forms they travel in, tokens and cookies as they arrive, URL user info. Everything a person
 * may read — error messages and fields, events, log lines, reports — goes through `redact` /
 * `scrub` of the client's registry.
 *
 * Each value is kept in the forms it travels in: as is, URL-encoded, form-encoded, JSON-escaped
 * and base64; `addBasicSecret(registry, user, password)` adds the base64 of `user:password` (both
 * RFC 7617's raw and RFC 6749's form-encoded join). Values shorter than 4 characters are not registered: replacing them would
 * garble every message, and a secret that short is no secret.
 *
 * A registry can `link` others (a transport links its strategy's); `redact` covers them all.
 */
export class SecretRegistry {
  static readonly MIN_LENGTH = 4;

  constructor(secrets: Iterable<string | undefined> = []) {
    states.set(this, { forms: new Set(), patterns: new Map(), linked: new Set(), sorted: [], pattern: undefined, sortedAt: -1 });
    for (const secret of secrets) this.add(secret);
  }

  /** Registers values (and the forms they travel in); blanks and values under 4 characters are skipped. */
  add(...values: Array<string | undefined>): this {
    for (const value of values) {
      const { forms, patterns } = stateOf(this);
      if (!value || value.length < SecretRegistry.MIN_LENGTH || forms.has(value)) continue;
      for (const form of travellingForms(value)) forms.add(form);
      const pattern = percentPattern(value);
      if (pattern !== undefined) patterns.set(pattern, value.length);
      generation++;
    }
    return this;
  }

  /** A URL's user info, and with `query: 'all'` its query values (a token URL with `?key=…`). */
  addUrl(url: string | URL, options: { query?: 'secret' | 'all' } = {}): this {
    return this.add(...secretsOfUrl(url, options));
  }

  /** Also redact what `other` knows, now and as it learns more. */
  link(other: SecretRegistry | undefined): this {
    const { linked } = stateOf(this);
    if (other && other !== this && !linked.has(other)) {
      linked.add(other);
      generation++;
    }
    return this;
  }

  redact(text: string): string {
    const forms = formsOf(this);
    if (forms.length === 0 || typeof text !== 'string') return text;
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    const { pattern } = stateOf(this);
    return pattern === undefined ? out : out.replace(pattern, REDACTED);
  }

  /** A copy of a plain value (an event: strings, numbers, plain objects and arrays) with every string redacted. */
  redactValue<T>(value: T): T {
    if (formsOf(this).length === 0) return value;
    // The copy is scrubbed as an error is: one walk for both.
    return this.scrub(structuredClone(value));
  }

  /**
   * `error` with every secret removed, in place: message, stack, every own field (nested objects
   * and arrays too: `bodyText`, `problem`, `body`, `errors`, `data`) and the `cause` chain. What
   * `String(err)`, `util.inspect` and `JSON.stringify` show is then clean.
   */
  scrub<E>(error: E): E {
    if (formsOf(this).length === 0) return error;
    scrubInPlace(error, this);
    return error;
  }
}

/** Every form `registry` knows, linked ones included, longest first, so a secret that contains another is replaced whole. */
function formsOf(registry: SecretRegistry): string[] {
  const state = stateOf(registry);
  if (state.sortedAt === generation) return state.sorted;
  const forms = new Set<string>();
  const patterns = new Map<string, number>();
  collect(registry, forms, patterns, new Set());
  state.sorted = [...forms].sort((a, b) => b.length - a.length);
  const sources = [...patterns].sort((a, b) => b[1] - a[1]).map(([source]) => source);
  state.pattern = sources.length === 0 ? undefined : new RegExp(sources.join('|'), 'g');
  state.sortedAt = generation;
  return state.sorted;
}

function collect(registry: SecretRegistry, into: Set<string>, intoPatterns: Map<string, number>, seen: Set<SecretRegistry>): void {
  if (seen.has(registry)) return;
  seen.add(registry);
  const { forms, patterns, linked } = stateOf(registry);
  for (const form of forms) into.add(form);
  for (const [source, length] of patterns) intoPatterns.set(source, length);
  for (const other of linked) collect(other, into, intoPatterns, seen);
}

/**
 * An HTTP Basic pair in `registry`: the password, and the base64 of both ways of joining it with
 * the user (RFC 7617's raw join, RFC 6749's form-encoded one). A function rather than a method, so
 * that only what sends Basic credentials (the Basic and cookie sign-ins, OAuth's `basic` client
 * authentication, the CLI) bundles it.
 */
export function addBasicSecret(registry: SecretRegistry, user: string, password: string): SecretRegistry {
  registry.add(password);
  const { forms } = stateOf(registry);
  for (const joined of [`${user}:${password}`, `${formEncode(user)}:${formEncode(password)}`]) {
    const encoded = base64(joined);
    if (!forms.has(encoded)) {
      forms.add(encoded);
      generation++;
    }
  }
  return registry;
}

/** Whether `registry` (or one it links) knows any secret. */
export function knowsSecrets(registry: SecretRegistry): boolean {
  return formsOf(registry).length > 0;
}

/** The longest secret form of `registry` in `text` (a percent-encoded one as it appears there), if any. */
export function findSecret(registry: SecretRegistry, text: string): string | undefined {
  const found = formsOf(registry).find((form) => text.includes(form));
  const { pattern } = stateOf(registry);
  const matched = pattern === undefined ? undefined : text.match(pattern)?.reduce((a, b) => (b.length > a.length ? b : a));
  return matched !== undefined && matched.length > (found?.length ?? 0) ? matched : found;
}

function travellingForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const encoded = base64(secret);
  return [
    secret,
    encodeURIComponent(secret),
    formEncode(secret),
    json,
    // PHP's json_encode writes `/` as `\/`.
    json.replaceAll('/', '\\/'),
    encoded,
    encoded.replace(/=+$/, ''),
    encoded.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_'),
  ];
}

/**
 * One expression for every percent-encoding of `secret`. Servers' encoders differ in which
 * characters they encode (encodeURIComponent leaves `!*'()~`, RFC 3986 encoders `~` only, PHP's
 * urlencode none of them), in the case of the hex digits (.NET writes `%2f`) and in `+` or `%20`
 * for a space; so each character other than a letter or digit may be itself or its `%XX` bytes in
 * either case. Undefined when there is nothing to encode.
 */
function percentPattern(secret: string): string | undefined {
  if (/^[A-Za-z\d]*$/.test(secret)) return undefined;
  let source = '';
  for (const character of secret) {
    if (/[A-Za-z\d]/.test(character)) {
      source += character;
      continue;
    }
    const bytes = [...new TextEncoder().encode(character)].map((byte) => `%${caseless(byte.toString(16).padStart(2, '0'))}`).join('');
    const alternatives = [character.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), bytes, ...(character === ' ' ? ['\\+'] : [])];
    source += `(?:${alternatives.join('|')})`;
  }
  return source;
}

/** `2f` → `2[fF]`. */
function caseless(hex: string): string {
  return hex.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
}

/** A value as `application/x-www-form-urlencoded` writes it (space as `+`). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** UTF-8 safe base64, browser and Node alike (`btoa` alone takes only Latin-1). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Walks with a list, not recursion, and without a depth limit: a server decides how deep its
 * error body nests, and an echo 10 levels down is as readable to `JSON.stringify(error)` as one
 * at the top. `seen` ends cycles.
 */
function scrubInPlace(root: unknown, registry: SecretRegistry): void {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const isError = value instanceof Error;
    // Only our own kinds of objects: a Response, a Headers or a class instance of the caller's is left alone.
    if (!isError && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) continue;
    const target = value as Record<string, unknown>;
    const keys = new Set(Object.keys(target));
    if (isError) for (const key of ['message', 'stack', 'cause']) if (Object.hasOwn(target, key)) keys.add(key);
    for (const key of keys) {
      const item = target[key];
      if (typeof item === 'string') {
        const clean = registry.redact(item);
        if (clean !== item) {
          try {
            target[key] = clean;
          } catch {
            // A frozen or read-only field: nothing of ours, left as is.
          }
        }
      } else if (item !== null && typeof item === 'object') {
        pending.push(item);
      }
    }
  }
}

/** The `SecretRegistry` a fetch carries (one of our transports: `transport.secrets`), if any. */
export function registryOf(fetch: unknown): SecretRegistry | undefined {
  const secrets = (fetch as { secrets?: unknown } | undefined)?.secrets;
  return secrets instanceof SecretRegistry ? secrets : undefined;
}
