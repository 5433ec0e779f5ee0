/**
 * Misbehaviour on request, for the reliability tests: a proxy that is slow or rate-limits, a
 * server that is down or drops the connection, an SSO gateway that answers with its HTML login
 * page, a GraphQL endpoint with introspection switched off. Two ways to ask:
 * `next(n, fault, match)` — the next n matching requests; `rate(p, fault, match)` — each matching
 * request with probability p, drawn from a seeded generator so a soak run is repeatable.
 */

export type Fault =
  | { type: 'latency'; ms: number }
  | { type: 'rateLimit'; retryAfterSeconds?: number }
  | { type: 'unavailable'; retryAfterSeconds?: number }
  | { type: 'drop' }
  | { type: 'htmlLogin' }
  | { type: 'introspectionDisabled' }
  /** The gateway gives up waiting for a blocking user task listener: 504 `DEADLINE_EXCEEDED` (v2 assignment, completion, update). */
  | { type: 'listenerTimeout' };

export type FaultType = Fault['type'];

export interface FaultMatch {
  /** Exact pathname (`/graphql`), a prefix ending in `*` (`/v1/*`), or a RegExp on the pathname. Default: every path. */
  path?: string | RegExp;
  /** HTTP method; default any. */
  method?: string;
}

export interface RateOptions extends FaultMatch {
  /** Seed of the random draws; same seed, same requests hit. Default 1. */
  seed?: number;
}

interface Rule {
  fault: Fault;
  match: FaultMatch;
  /** Remaining requests for `next` rules; undefined for `rate` rules. */
  remaining?: number;
  probability?: number;
  random?: () => number;
}

/** mulberry32: tiny, fast, good enough to spread faults evenly and repeatably. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(m: FaultMatch, method: string, pathname: string): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  if (m.path instanceof RegExp) return m.path.test(pathname);
  if (m.path.endsWith('*')) return pathname.startsWith(m.path.slice(0, -1));
  return pathname === m.path;
}

export class FaultController {
  private rules: Rule[] = [];
  private readonly counts = new Map<FaultType, number>();

  /** The next `count` requests matching `match` get `fault`. */
  next(count: number, fault: Fault, match: FaultMatch = {}): this {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
    this.rules.push({ fault, match, remaining: count });
    return this;
  }

  /** Each request matching `options` gets `fault` with probability `probability` (0..1). */
  rate(probability: number, fault: Fault, options: RateOptions = {}): this {
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be within 0..1, got ${probability}`);
    const { seed = 1, ...match } = options;
    this.rules.push({ fault, match, probability, random: seededRandom(seed) });
    return this;
  }

  clear(): void {
    this.rules = [];
  }

  /** How many times a fault (of a type, or any) was applied so far. */
  injected(type?: FaultType): number {
    if (type) return this.counts.get(type) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /**
   * The faults for one request, consuming `next` budgets. Several may apply (latency and then a
   * 503); the server applies latency first, then the first fault that ends the request.
   */
  take(method: string, pathname: string): Fault[] {
    const hit: Fault[] = [];
    for (const rule of this.rules) {
      if (!matches(rule.match, method, pathname)) continue;
      if (rule.remaining !== undefined) {
        if (rule.remaining <= 0) continue;
        rule.remaining--;
        hit.push(rule.fault);
      } else if (rule.random && rule.probability !== undefined && rule.random() < rule.probability) {
        hit.push(rule.fault);
      }
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    for (const f of hit) this.counts.set(f.type, (this.counts.get(f.type) ?? 0) + 1);
    return hit;
  }
}
