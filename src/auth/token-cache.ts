/**
 * Where OAuth access tokens live between requests. One in-memory cache per process, keyed by
 * everything that makes a token different (auth server, client, audience, scope), so two
 * clients for the same cluster share one token and one token request. A `TokenStore` adds
 * persistence (the disk cache, Node only) behind the memory.
 */

/** An access token as the cache keeps it: the token, its type and when it expires and is refreshed. */
export interface CachedToken {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds at which the server stops accepting the token. */
  expiresAt: number;
  /** Epoch milliseconds from which a fresh token is fetched in the background (window + jitter). */
  refreshAt: number;
}

/** Whether a value read back from a store (a file, a Redis key: input, not ours until checked) is a `CachedToken`. */
export function isCachedToken(value: unknown): value is CachedToken {
  const v = value as Partial<CachedToken> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accessToken === 'string' &&
    typeof v.tokenType === 'string' &&
    typeof v.expiresAt === 'number' &&
    typeof v.refreshAt === 'number'
  );
}

/** Persistence behind the memory cache. Implementations must never throw for a missing or unreadable entry. */
export interface TokenStore {
  load(key: string): Promise<CachedToken | undefined>;
  save(key: string, token: CachedToken): Promise<void>;
  remove(key: string): Promise<void>;
  /**
   * Optional, for a store several processes share (Redis): runs `request` in one process at a
   * time per key, and hands the others the token it saved, so N processes on a cold store make
   * one token request. `isFresh` says whether a token another process saved will do. It saves
   * the token itself, and never throws for a store problem (it then just runs `request`).
   */
  singleFlight?(key: string, request: () => Promise<CachedToken>, isFresh: (token: CachedToken) => boolean): Promise<CachedToken>;
}

export interface TokenCacheKeyParts {
  oauthUrl: string;
  clientId: string;
  audience: string | undefined;
  scope: string | undefined;
}

/** A stable, printable key. It holds no secret: the client secret is not part of it. */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  return JSON.stringify([parts.oauthUrl, parts.clientId, parts.audience ?? null, parts.scope ?? null]);
}

export class TokenCache {
  readonly tokens = new Map<string, CachedToken>();
  /** Token requests under way, by key: concurrent callers share one (single-flight). */
  readonly inflight = new Map<string, Promise<CachedToken>>();

  clear(): void {
    this.tokens.clear();
    this.inflight.clear();
  }
}

/** The process-wide cache strategies use unless given their own. */
export const sharedTokenCache = new TokenCache();
