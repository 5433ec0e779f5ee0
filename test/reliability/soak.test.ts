/**
 * The soak run as a child process, so "the process exits by itself" (no leaked sockets or timers)
 * is observed rather than assumed. Smaller than the standalone run (600 calls instead of 20,000,
 * 2 s tokens so several expiries still happen) to keep `npm test` modest; the full run's figures
 * are in test/RELIABILITY.md.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SoakResult } from './soak.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Time from the result line to the process's exit. */
  exitLagMs: number | undefined;
}

function runSoak(args: string[], limitMs: number): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'soak.ts'), ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let resultAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (resultAt === undefined && stdout.includes('SOAK_RESULT ')) resultAt = Date.now();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // The limit is the "hangs" detector: a process that does not end by itself is killed and fails.
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, exitLagMs: resultAt === undefined ? undefined : Date.now() - resultAt });
    });
  });
}

/** Failure kinds a caller can handle: typed errors, or the HTML page the SSO gateway sent with 200. */
const TYPED_KIND = /^(HttpError \d{3}|GraphQLResponseError \d{3}|TimeoutError|NetworkError|AuthError|not JSON \(HTML page\))/;

describe('soak (child process)', () => {
  it('600 calls, 50 workers, 2 s tokens, 5 % faults: counted, typed, no unhandled rejection, exits by itself', async () => {
    const finished = await runSoak(
      ['--calls', '600', '--workers', '50', '--token-ttl', '2', '--fault-rate', '0.05', '--seed', '9'],
      90_000,
    );
    expect(finished.signal, `killed: the soak did not end within 90 s\n${finished.stdout}\n${finished.stderr}`).toBeNull();
    expect(finished.code, finished.stderr).toBe(0);
    // Ends on its own once the work is done: no keep-alive socket, interval or timer left behind.
    expect(finished.exitLagMs).toBeDefined();
    expect(finished.exitLagMs!).toBeLessThan(5_000);

    const line = finished.stdout.split('\n').find((l) => l.startsWith('SOAK_RESULT '));
    const result = JSON.parse(line!.slice('SOAK_RESULT '.length)) as SoakResult;
    console.log(
      finished.stdout
        .split('\n')
        .filter((l) => !l.startsWith('SOAK_RESULT'))
        .join('\n'),
    );

    expect(result.unhandledRejections).toBe(0);
    expect(result.uncaughtExceptions).toBe(0);
    const failed = Object.values(result.failures).reduce((a, b) => a + b, 0);
    expect(result.successes + failed).toBe(600);
    expect(result.faultsInjected.total).toBeGreaterThan(0);
    // Tokens really expired during the run, and each expiry cost about one token request, not one per worker.
    // (On a fast, idle machine the run may fit in one token lifetime; then one token is right.)
    expect(result.tokensIssued).toBeGreaterThanOrEqual(Math.max(1, result.tokenExpiriesExpected));
    expect(result.tokenRequests).toBeLessThan(result.tokenExpiriesExpected * 3 + 5);
    for (const kind of Object.keys(result.failures)) expect(kind).toMatch(TYPED_KIND);
    // Retryable faults are absorbed; what remains is the HTML login page (not retryable: it is a 200)
    // and, rarely, a token that expired in flight twice.
    const htmlFailures = Object.entries(result.failures)
      .filter(([kind]) => /HTML page/.test(kind))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(htmlFailures).toBeLessThanOrEqual(result.faultsInjected.htmlLogin ?? 0);
    expect(failed - htmlFailures).toBeLessThanOrEqual(600 * 0.02);
  });
});
