/**
 * Soak run (issue 9): many calls from many concurrent workers through one OAuth transport while
 * tokens expire every few seconds and a share of the answers are faults. Counts successes,
 * failures by kind and token requests; fails (exit 1) on an unhandled rejection or an uncaught
 * exception. It never calls `process.exit`: the process has to end by itself once the work is done,
 * which is how leaked sockets and timers are caught (the test that spawns it has a timeout).
 *
 *     npx tsx test/reliability/soak.ts                       # 20,000 calls, 50 workers, 3 s tokens, 5 % faults
 *     npx tsx test/reliability/soak.ts --calls 3000 --token-ttl 2
 *
 * Last stdout line: `SOAK_RESULT {json}` for machines; the lines before it are for people.
 */
import { parseArgs } from 'node:util';
import { startEmulator, type FaultType } from '../../src/emulator/index.js';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { createTransport, type TransportEvent } from '../../src/runtime/transport.js';
import { GraphQLResponseError, requestGraphQL } from '../../src/runtime/graphql.js';
import { HttpError } from '../../src/runtime/errors.js';
import { TasklistError } from '../../src/util/errors.js';

export interface SoakOptions {
  calls: number;
  workers: number;
  tokenTtlSeconds: number;
  faultRate: number;
  seed: number;
  /** Seconds before expiry at which a token is refreshed in the background. */
  refreshWindowSeconds: number;
}

export interface SoakResult {
  options: SoakOptions;
  wallMs: number;
  calls: number;
  successes: number;
  failures: Record<string, number>;
  faultsInjected: Partial<Record<FaultType, number>> & { total: number };
  retries: number;
  reauthentications: number;
  tokenRequests: number;
  tokensIssued: number;
  tokenExpiriesExpected: number;
  unhandledRejections: number;
  uncaughtExceptions: number;
}

/** The fault mix: 5 % in all by default, split evenly over the four ways a response can go wrong. */
const FAULT_MIX: Array<{ type: 'rateLimit' | 'unavailable' | 'drop' | 'htmlLogin' }> = [
  { type: 'rateLimit' },
  { type: 'unavailable' },
  { type: 'drop' },
  { type: 'htmlLogin' },
];

export async function soak(options: SoakOptions): Promise<SoakResult> {
  let unhandledRejections = 0;
  let uncaughtExceptions = 0;
  const onRejection = (reason: unknown) => {
    unhandledRejections++;
    console.error('unhandled rejection:', reason);
  };
  const onException = (error: unknown) => {
    uncaughtExceptions++;
    console.error('uncaught exception:', error);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const emulator = await startEmulator({ auth: 'oidc', tokenTtlSeconds: options.tokenTtlSeconds });
  try {
    // Retry-After 0: the soak is about correctness under faults, not about waiting.
    const perType = options.faultRate / FAULT_MIX.length;
    FAULT_MIX.forEach((fault, index) => {
      const f = fault.type === 'rateLimit' || fault.type === 'unavailable' ? { ...fault, retryAfterSeconds: 0 } : fault;
      emulator.faults.rate(perType, f, { seed: options.seed + index, path: /^\/(v1|graphql)/ });
    });

    const env = {
      ...emulator.env(),
      // With 2–3 s tokens the default 30 s window would refresh on every call. The window must stay
      // longer than a call takes under load, or a token still "valid" when sent expires on the way.
      CAMUNDA_OAUTH_REFRESH_WINDOW_SECONDS: String(options.refreshWindowSeconds),
    };
    let retries = 0;
    let reauthentications = 0;
    let tokensIssued = 0;
    const onEvent = (event: TransportEvent) => {
      if (event.type === 'retry') retries++;
      else if (event.type === 'reauthenticate') reauthentications++;
      else if (event.type === 'token-issued') tokensIssued++;
    };
    const transport = createTransport({
      baseUrl: emulator.baseUrl,
      auth: resolveAuthConfig(env),
      retry: { retries: 3, minDelayMs: 5, maxDelayMs: 200 },
      timeoutMs: 10_000,
      authOptions: { tokenCache: new TokenCache() },
      onEvent,
    });
    const graphql = { endpoint: `${emulator.baseUrl}/graphql`, fetch: transport };

    const failures: Record<string, number> = {};
    let successes = 0;
    let next = 0;
    const started = Date.now();

    /** Three kinds of call, all read-only so the store stays the same size. */
    async function call(index: number): Promise<void> {
      switch (index % 3) {
        case 0: {
          const response = await transport('/v1/tasks/search', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ pageSize: 5 }),
          });
          if (!response.ok) throw new HttpError({ status: response.status, url: '/v1/tasks/search', bodyText: await response.text() });
          expectJsonArray(await response.text(), 5);
          return;
        }
        case 1: {
          const id = String(2251799813685249 + (index % 30));
          const response = await transport(`/v1/tasks/${id}`);
          if (response.status !== 200 && response.status !== 404) {
            throw new HttpError({ status: response.status, url: '/v1/tasks/{taskId}', bodyText: await response.text() });
          }
          JSON.parse(await response.text());
          return;
        }
        default: {
          const data = await requestGraphQL<{ tasks: Array<{ id: string }> }, undefined>(
            graphql,
            '{ tasks(query: { pageSize: 3 }) { id name } }',
          );
          if (data.tasks.length !== 3) throw new Error(`expected 3 tasks, got ${data.tasks.length}`);
        }
      }
    }

    async function worker(): Promise<void> {
      for (;;) {
        const index = next++;
        if (index >= options.calls) return;
        try {
          await call(index);
          successes++;
        } catch (error) {
          const kind = kindOf(error);
          failures[kind] = (failures[kind] ?? 0) + 1;
        }
      }
    }
    await Promise.all(Array.from({ length: options.workers }, () => worker()));
    const wallMs = Date.now() - started;

    const faultsInjected: SoakResult['faultsInjected'] = { total: emulator.faults.injected() };
    for (const { type } of FAULT_MIX) faultsInjected[type] = emulator.faults.injected(type);
    return {
      options,
      wallMs,
      calls: options.calls,
      successes,
      failures,
      faultsInjected,
      retries,
      reauthentications,
      tokenRequests: emulator.auth.identity!.tokenRequests(),
      tokensIssued,
      tokenExpiriesExpected: Math.floor(wallMs / 1000 / options.tokenTtlSeconds),
      unhandledRejections,
      uncaughtExceptions,
    };
  } finally {
    await emulator.close();
    // Let a late rejection surface before the listeners go.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

function expectJsonArray(text: string, maxLength: number): void {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || value.length > maxLength) throw new Error('search did not answer a task list');
}

/** A failure's kind: the typed error's name and status/code, or what went wrong with the body. */
function kindOf(error: unknown): string {
  if (error instanceof GraphQLResponseError) return `GraphQLResponseError ${error.status}`;
  if (error instanceof HttpError) {
    const html = error.bodyText !== undefined && /^\s*<!doctype html/i.test(error.bodyText);
    // A 401 says why (the emulator names the token check that failed): keep the reason apart.
    const reason =
      error.status === 401 && error.bodyText ? ` (${/"message"\s*:\s*"([^"]{0,60})/.exec(error.bodyText)?.[1] ?? 'no reason'})` : '';
    return `HttpError ${error.status}${html ? ' (HTML page)' : ''}${reason}`;
  }
  if (error instanceof TasklistError) return `${error.name} ${error.code}`;
  if (error instanceof SyntaxError) return 'not JSON (HTML page)';
  return error instanceof Error ? `untyped ${error.name}: ${error.message.slice(0, 60)}` : `untyped ${String(error)}`;
}

export function formatSoak(result: SoakResult): string {
  const { options } = result;
  const lines = [
    `soak: ${result.calls} calls, ${options.workers} workers, ${options.tokenTtlSeconds} s tokens (refreshed ${options.refreshWindowSeconds} s early), ${(options.faultRate * 100).toFixed(1)} % faults (seed ${options.seed})`,
    `  wall time            ${(result.wallMs / 1000).toFixed(1)} s`,
    `  successes            ${result.successes}`,
    `  failures             ${result.calls - result.successes}`,
    ...Object.entries(result.failures)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, n]) => `    ${kind.padEnd(32)} ${n}`),
    `  faults injected      ${result.faultsInjected.total} (${FAULT_MIX.map(({ type }) => `${type} ${result.faultsInjected[type] ?? 0}`).join(', ')})`,
    `  retries              ${result.retries}`,
    `  401 re-sign-ins      ${result.reauthentications}`,
    `  token requests       ${result.tokenRequests} (tokens issued ${result.tokensIssued}; ~${result.tokenExpiriesExpected} expiries in the run)`,
    `  unhandled rejections ${result.unhandledRejections}, uncaught exceptions ${result.uncaughtExceptions}`,
  ];
  return lines.join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('soak.ts');
if (isMain) {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '20000' },
      workers: { type: 'string', default: '50' },
      'token-ttl': { type: 'string', default: '3' },
      'fault-rate': { type: 'string', default: '0.05' },
      seed: { type: 'string', default: '9' },
      'refresh-window': { type: 'string', default: '1.5' },
    },
  });
  const result = await soak({
    calls: Number(values.calls),
    workers: Number(values.workers),
    tokenTtlSeconds: Number(values['token-ttl']),
    faultRate: Number(values['fault-rate']),
    seed: Number(values.seed),
    refreshWindowSeconds: Number(values['refresh-window']),
  });
  console.log(formatSoak(result));
  console.log(`SOAK_RESULT ${JSON.stringify(result)}`);
  if (result.unhandledRejections > 0 || result.uncaughtExceptions > 0) process.exitCode = 1;
  // No process.exit(): the process must end by itself (no sockets or timers left).
}
