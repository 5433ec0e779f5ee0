/**
 * How the emulator signs callers in, one mode per run, as Camunda's distributions do:
 * - `none`   — C8 Run / Docker Compose without auth: everyone is the demo user.
 * - `basic`  — HTTP Basic with a username and password (Helm, `demo/demo`).
 * - `oidc`   — bearer JWTs from the identity provider beside it; signature, issuer, audience
 *              and expiry checked with jose on every request (SaaS, Self-Managed with Identity).
 * - `cookie` — `POST /api/login` → `TASKLIST-SESSION` cookie (8.8+: `POST /login` →
 *              `camunda-session`) plus a CSRF token that every state-changing request on that
 *              session must send back in `X-CSRF-TOKEN`.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors as joseErrors } from 'jose';
import { isUnsafeMethod, parseCookies, readBody, sendProblem } from './http.js';
import type { IdentityProvider } from './identity-provider.js';
import type { Caller } from './model.js';

export type AuthMode = 'none' | 'basic' | 'oidc' | 'cookie';

export const SESSION_COOKIE = 'TASKLIST-SESSION';
export const CSRF_HEADER = 'X-CSRF-TOKEN';
/** Tasklist releases before 8.3 named the header this way; accepted too. */
const LEGACY_CSRF_HEADER = 'TASKLIST-X-CSRF-TOKEN';
export const CSRF_COOKIE = 'X-CSRF-TOKEN';

export interface UserCredentials {
  username: string;
  password: string;
}

export type AuthResult = { ok: true; caller: Caller } | { ok: false; status: 401 | 403; message: string; headers?: Record<string, string> };

interface Session {
  username: string;
  csrfToken: string;
  expiresAt: number;
}

export interface AuthGateOptions {
  mode: AuthMode;
  users: UserCredentials[];
  /** Idle timeout of a cookie session: each request on it pushes expiry out again (Spring Session). */
  sessionTtlSeconds: number;
  identity?: IdentityProvider;
  audience?: string;
  now?: () => number;
  /** The web login of the release: Tasklist's `/api/login` + `TASKLIST-SESSION` (default), or 8.8+'s `/login` + `camunda-session`. */
  login?: { path: string; sessionCookie: string };
}

const ANONYMOUS: Caller = { userId: 'demo', kind: 'anonymous' };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AuthGate {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;

  private readonly sessionCookie: string;
  private readonly loginPath: string;

  constructor(private readonly options: AuthGateOptions) {
    this.now = options.now ?? Date.now;
    this.sessionCookie = options.login?.sessionCookie ?? SESSION_COOKIE;
    this.loginPath = options.login?.path ?? '/api/login';
  }

  get mode(): AuthMode {
    return this.options.mode;
  }

  /** Who is calling, or why not. Never echoes a credential back. */
  async authenticate(req: IncomingMessage): Promise<AuthResult> {
    switch (this.options.mode) {
      case 'none':
        return { ok: true, caller: ANONYMOUS };
      case 'basic':
        return this.basic(req);
      case 'oidc':
        return this.bearer(req);
      case 'cookie':
        return this.session(req);
    }
  }

  private checkPassword(username: string, password: string): boolean {
    const user = this.options.users.find((u) => u.username === username);
    return user !== undefined && safeEqual(user.password, password);
  }

  private basic(req: IncomingMessage): AuthResult {
    const challenge = { 'www-authenticate': 'Basic realm="Tasklist"' };
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return { ok: false, status: 401, message: 'Authentication required: send HTTP Basic credentials', headers: challenge };
    const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (!this.checkPassword(username, password)) {
      return { ok: false, status: 401, message: 'Bad credentials', headers: challenge };
    }
    return { ok: true, caller: { userId: username, kind: 'user' } };
  }

  private async bearer(req: IncomingMessage): Promise<AuthResult> {
    const { identity, audience } = this.options;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return { ok: false, status: 401, message: 'Authentication required: send a bearer token', headers: { 'www-authenticate': 'Bearer' } };
    }
    if (!identity || !audience) throw new Error('oidc mode needs an identity provider and an audience');
    try {
      const payload = await identity.verify(match[1] as string, audience);
      const clientId = typeof payload['client_id'] === 'string' ? payload['client_id'] : undefined;
      return { ok: true, caller: { userId: clientId ?? payload.sub ?? 'api-client', kind: 'api' } };
    } catch (e) {
      const description = describeJwtFailure(e, audience);
      return {
        ok: false,
        status: 401,
        message: `Invalid bearer token: ${description}`,
        headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
      };
    }
  }

  private session(req: IncomingMessage): AuthResult {
    const id = parseCookies(req.headers.cookie).get(this.sessionCookie);
    const session = id ? this.sessions.get(id) : undefined;
    if (!id || !session)
      return {
        ok: false,
        status: 401,
        message: `Authentication required: log in at POST ${this.loginPath} for a ${this.sessionCookie} cookie`,
      };
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return { ok: false, status: 401, message: `Session expired: log in again at POST ${this.loginPath}` };
    }
    if (isUnsafeMethod(req.method)) {
      const sent = headerValue(req, CSRF_HEADER) ?? headerValue(req, LEGACY_CSRF_HEADER);
      if (!sent || !safeEqual(sent, session.csrfToken)) {
        return { ok: false, status: 403, message: `Missing or wrong CSRF token: send the ${CSRF_HEADER} value handed out at login` };
      }
    }
    session.expiresAt = this.now() + this.options.sessionTtlSeconds * 1000;
    return { ok: true, caller: { userId: session.username, kind: 'user' } };
  }

  /**
   * `POST /api/login?username=…&password=…` (or the same as a form body). On success: 204, the
   * session cookie, and the CSRF token as a header and as a cookie the page's script can read.
   */
  async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendProblem(res, 405, `Use POST ${this.loginPath}`, { allow: 'POST' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = new URLSearchParams(await readBody(req));
    const username = url.searchParams.get('username') ?? form.get('username') ?? '';
    const password = url.searchParams.get('password') ?? form.get('password') ?? '';
    if (!this.checkPassword(username, password)) return sendProblem(res, 401, 'Bad credentials');
    const id = randomBytes(24).toString('base64url');
    const csrfToken = randomUUID();
    this.sessions.set(id, { username, csrfToken, expiresAt: this.now() + this.options.sessionTtlSeconds * 1000 });
    res.writeHead(204, {
      'set-cookie': [`${this.sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Lax`, `${CSRF_COOKIE}=${csrfToken}; Path=/; SameSite=Lax`],
      [CSRF_HEADER]: csrfToken,
    });
    res.end();
  }

  async logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = parseCookies(req.headers.cookie).get(this.sessionCookie);
    if (id) this.sessions.delete(id);
    res.writeHead(204, {
      'set-cookie': [
        `${this.sessionCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`,
        `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`,
      ],
    });
    res.end();
  }

  /** Ends every session (tests: "the server restarted"). */
  clearSessions(): void {
    this.sessions.clear();
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** A reason the client can act on; never the token itself. */
function describeJwtFailure(e: unknown, audience: string): string {
  if (e instanceof joseErrors.JWTExpired) return 'the token has expired; get a new one';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return `the token is not for this audience (expected "${audience}")`;
    if (e.claim === 'iss') return 'the token was issued by an unknown issuer';
    return `claim "${e.claim}" is not valid`;
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed || e instanceof joseErrors.JWKSNoMatchingKey)
    return 'the signature does not verify';
  return 'the token is malformed';
}
