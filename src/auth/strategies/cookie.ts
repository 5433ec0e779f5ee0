/**
 * Tasklist's own login: `POST /api/login?username=…&password=…` sets a session cookie
 * (`TASKLIST-SESSION`; Camunda 8.8+: `POST /login` with a form body, `camunda-session`) and, on releases with CSRF protection, hands out a CSRF token that every
 * state-changing call must send back (`X-CSRF-TOKEN`; older releases `TASKLIST-X-CSRF-TOKEN`).
 *
 * Two ways to keep the session, because browsers hide `Set-Cookie` from fetch:
 * - `manual` (Node): a small cookie jar; every cookie the server sets is sent back.
 * - `browser`: the browser keeps the cookies; requests go out with `credentials: 'include'`.
 * Both read the CSRF token from the login response's header (or, in Node, its cookie).
 *
 * Logs in lazily, once for any number of concurrent callers, again when the session cookie has
 * expired, and again once after a 401.
 *
 * The password, every cookie value and every CSRF token it receives are registered in its
 * `SecretRegistry`; every error and event goes through it.
 */
import { AuthError, TasklistError } from '../../util/errors.js';
import { SecretRegistry, redactUrl } from '../../util/redact.js';
import { assertSecureUrl } from '../../util/secure-url.js';
import { untilAborted, type AuthEvent, type AuthStrategy, type AuthStrategyOptions, type PendingRequest } from '../strategy.js';
import type { CookieAuthConfig } from '../types.js';
import { cookieSettings } from './settings.js';

const CSRF_HEADERS = ['X-CSRF-TOKEN', 'TASKLIST-X-CSRF-TOKEN'] as const;
const TASKLIST_LOGIN_PATH = '/api/login';
const CAMUNDA_LOGIN_PATH = '/login';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

interface StoredCookie {
  value: string;
  /** Epoch ms; undefined for a session cookie (lives as long as this process). */
  expiresAt: number | undefined;
}

interface CsrfToken {
  header: string;
  value: string;
}

export function createCookieAuth(config: CookieAuthConfig, options: AuthStrategyOptions = {}): AuthStrategy {
  // May be filled in later by the transport this strategy is handed to (`useTransportDefaults`).
  let fetchImpl: typeof fetch | undefined = options.fetch;
  const now = options.now ?? Date.now;
  const secrets = options.secrets ?? new SecretRegistry();
  // The password and the base URL registered, the cookie mode decided (./settings.ts).
  const { mode, description } = cookieSettings(config, options, secrets);
  const emit = (event: AuthEvent) => options.onEvent?.(secrets.redactValue(event));
  const jar = new Map<string, StoredCookie>();
  let csrf: CsrfToken | undefined;
  let loggedIn = false;
  let login: Promise<void> | undefined;

  /**
   * Tasklist 8.5–8.7 logs in at `/api/login` (credentials as query parameters, as documented);
   * Camunda 8.8+ at `/login` with a form body, the session then in `camunda-session`. Without a
   * configured `loginPath`, `/api/login` is tried first and a 404 or 401 there moves on to `/login`.
   */
  function loginUrl(path: string): URL {
    if (!options.baseUrl) {
      throw new AuthError(
        { url: path, what: 'Cookie login needs the Tasklist base URL' },
        { hint: 'Set CAMUNDA_TASKLIST_BASE_URL or pass baseUrl' },
      );
    }
    const url = new URL(`${options.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    // The password travels in this URL (or its body).
    assertSecureUrl(url, options.allowInsecureHttp);
    if (!isFormLogin(path)) {
      url.searchParams.set('username', config.username);
      url.searchParams.set('password', config.password);
    }
    return url;
  }

  const isFormLogin = (path: string) => path.replace(/\/+$/, '') === CAMUNDA_LOGIN_PATH;

  function storeCookies(response: Response): void {
    if (mode !== 'manual') return;
    for (const line of response.headers.getSetCookie()) {
      const parsed = parseSetCookie(line, now());
      if (!parsed) continue;
      secrets.add(parsed.value);
      if (parsed.expiresAt !== undefined && parsed.expiresAt <= now()) jar.delete(parsed.name);
      else jar.set(parsed.name, { value: parsed.value, expiresAt: parsed.expiresAt });
    }
  }

  function pickCsrf(response: Response): void {
    for (const header of CSRF_HEADERS) {
      const value = response.headers.get(header);
      if (value) {
        secrets.add(value);
        csrf = { header, value };
        return;
      }
    }
    // Some releases hand the token out only as a cookie of the same name.
    for (const header of CSRF_HEADERS) {
      const cookie = jar.get(header);
      if (cookie) {
        csrf = { header, value: cookie.value };
        return;
      }
    }
  }

  function sessionExpired(): boolean {
    const at = now();
    for (const [name, cookie] of jar) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= at) {
        jar.delete(name);
        if (/session/i.test(name)) return true;
      }
    }
    return false;
  }

  function cookieHeader(): string {
    return [...jar].map(([name, cookie]) => `${name}=${cookie.value}`).join('; ');
  }

  async function doLogin(): Promise<void> {
    const paths = config.loginPath ? [config.loginPath] : [TASKLIST_LOGIN_PATH, CAMUNDA_LOGIN_PATH];
    const refused: string[] = [];
    for (const [i, path] of paths.entries()) {
      const done = await loginAt(path, i === paths.length - 1, refused);
      if (done) return;
    }
  }

  /** One login attempt; false when the path answered 404 or 401 and another is left to try (noted in `refused`). */
  async function loginAt(path: string, last: boolean, refused: string[]): Promise<boolean> {
    const url = loginUrl(path);
    const safeUrl = redactUrl(url);
    emit({ type: 'login', url: safeUrl });
    jar.clear();
    csrf = undefined;
    let response: Response;
    try {
      response = await (fetchImpl ?? globalThis.fetch.bind(globalThis))(url, {
        method: 'POST',
        redirect: 'manual',
        ...(isFormLogin(path) ? { body: new URLSearchParams({ username: config.username, password: config.password }) } : {}),
        ...(mode === 'browser' ? { credentials: 'include' as const } : {}),
      });
    } catch (cause) {
      if (cause instanceof TasklistError) throw secrets.scrub(cause);
      // The cause is left off on purpose: it may quote the URL, password included.
      throw new AuthError(
        { url: safeUrl, what: `Login at ${safeUrl} failed: network error` },
        { hint: 'Check CAMUNDA_TASKLIST_BASE_URL and that Tasklist is running' },
      );
    }
    await response.body?.cancel().catch(() => undefined);
    // Not this release's login (an 8.8+ server behind Spring Security answers 401 for a path it lacks).
    if ((response.status === 404 || response.status === 401) && !last) {
      refused.push(`${safeUrl} answered ${response.status}`);
      return false;
    }
    // 2xx, or a redirect to the app (older releases answer the form login with 302).
    if (!(response.ok || (response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect')) {
      throw new AuthError(
        {
          url: safeUrl,
          status: response.status,
          what: `Login at ${safeUrl} was refused: ${response.status}${refused.length > 0 ? ` (before it, ${refused.join(', ')})` : ''}`,
        },
        {
          hint:
            response.status === 401 || response.status === 403
              ? 'Check CAMUNDA_BASIC_AUTH_USERNAME and CAMUNDA_BASIC_AUTH_PASSWORD'
              : 'Check that this server accepts cookie login at /api/login (Tasklist 8.5–8.7) or /login (8.8+), Self-Managed with basic auth',
        },
      );
    }
    storeCookies(response);
    pickCsrf(response);
    loggedIn = true;
    return true;
  }

  async function ensureSession(signal: AbortSignal | undefined): Promise<void> {
    if (loggedIn && mode === 'manual' && sessionExpired()) {
      loggedIn = false;
      emit({ type: 'session-dropped', reason: 'expired' });
    }
    if (loggedIn) return;
    login ??= doLogin()
      .catch((error: unknown) => {
        throw secrets.scrub(error);
      })
      .finally(() => {
        login = undefined;
      });
    await untilAborted(login, signal);
  }

  async function authorize(request: PendingRequest): Promise<void> {
    await ensureSession(request.signal);
    if (mode === 'manual' && jar.size > 0) {
      // The request's own cookies (an operation's cookie parameters) stay; the session's follow them.
      const own = request.headers.get('cookie');
      request.headers.set('cookie', own ? `${own}; ${cookieHeader()}` : cookieHeader());
    }
    if (csrf && !SAFE_METHODS.has(request.method.toUpperCase())) request.headers.set(csrf.header, csrf.value);
    if (mode === 'browser') request.credentials = 'include';
  }

  return {
    name: 'COOKIE',
    authorize,
    async onUnauthorized(failed) {
      // Many calls may come back 401 from one dead session; only the first drops it. A call sent
      // with older cookies than the jar now holds just retries with the new session.
      const sent = failed?.headers.get('cookie');
      const stale = mode === 'manual' && sent != null && sent !== cookieHeader();
      if (loggedIn && !stale) {
        loggedIn = false;
        emit({ type: 'session-dropped', reason: 'unauthorized' });
      }
      return true;
    },
    observe(response) {
      storeCookies(response);
      for (const header of CSRF_HEADERS) {
        const value = response.headers.get(header);
        if (value) {
          secrets.add(value);
          csrf = { header, value };
        }
      }
    },
    secrets,
    useTransportDefaults(defaults) {
      fetchImpl ??= defaults.fetch;
    },
    describe: () => description,
    unauthorizedHint: "The session was refused even after a fresh login: check the user's Tasklist permissions",
  };
}

/** Name, value and expiry of one `Set-Cookie` line; other attributes do not matter to a client talking to one origin. */
export function parseSetCookie(line: string, at: number): { name: string; value: string; expiresAt: number | undefined } | undefined {
  const [pair, ...attributes] = line.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let expiresAt: number | undefined;
  for (const attribute of attributes) {
    const [rawKey, ...rest] = attribute.split('=');
    const key = rawKey?.trim().toLowerCase();
    const attrValue = rest.join('=').trim();
    if (key === 'max-age') {
      const seconds = Number(attrValue);
      // Max-Age wins over Expires (RFC 6265 §5.3).
      if (Number.isFinite(seconds)) return { name, value, expiresAt: at + seconds * 1000 };
    } else if (key === 'expires') {
      const time = Date.parse(attrValue);
      if (Number.isFinite(time)) expiresAt = time;
    }
  }
  return { name, value, expiresAt };
}
