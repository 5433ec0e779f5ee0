/**
 * Runs a command several times as a fresh process and records wall time and peak memory.
 * Whole-process timing on purpose: for a CLI, start-up (loading the TypeScript compiler, plugins)
 * is most of the cost, and that is what a developer waits for.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { summarize, type Summary } from './stats.js';

const rssHook = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-hook.cjs');

export interface CommandSpec {
  /** Shown in tables. */
  label: string;
  /** Executable; `process.execPath` for Node CLIs. */
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Run before every sample (not timed), e.g. to remove the previous output or reset a cache. */
  before?: () => void | Promise<void>;
  /** Checked after every sample; throw if the output is not what the command should have produced. */
  verify?: () => void | Promise<void>;
}

export interface Sample {
  wallMs: number;
  /** Peak resident set size over the process and any Node children, kilobytes; NaN if unknown. */
  peakRssKb: number;
  /** User + system CPU time summed over the process and its Node children, milliseconds; NaN if unknown. */
  cpuMs: number;
}

export interface Measurement {
  label: string;
  samples: Sample[];
  wall: Summary;
  cpu: Summary;
  rss: Summary;
}

export class CommandFailedError extends Error {
  constructor(
    readonly label: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`${label} exited with ${exitCode}; last output:\n${output.slice(-2000)}`);
    this.name = 'CommandFailedError';
  }
}

export async function runOnce(spec: CommandSpec): Promise<Sample> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-rss-'));
  const rssFile = path.join(scratch, 'rss');
  try {
    await spec.before?.();
    const nodeOptions = [process.env.NODE_OPTIONS, `--require=${rssHook}`].filter(Boolean).join(' ');
    const started = performance.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env, NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const keep = (chunk: Buffer) => {
        out = (out + chunk.toString('utf8')).slice(-8000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, output: out }));
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new CommandFailedError(spec.label, code, output);
    await spec.verify?.();
    let peakRssKb = Number.NaN;
    let cpuMs = Number.NaN;
    try {
      const lines = readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
      peakRssKb = Math.max(...lines.map((l) => l[0] ?? Number.NaN));
      cpuMs = lines.reduce((sum, l) => sum + (l[1] ?? Number.NaN), 0) / 1000;
    } catch {
      // The command exited without running Node's exit handlers (e.g. a native binary).
    }
    return { wallMs, peakRssKb, cpuMs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface MeasureOptions {
  runs: number;
  /** Untimed runs first, so the file system cache is warm for every tool alike. */
  warmup?: number;
}

export async function measure(spec: CommandSpec, { runs, warmup = 1 }: MeasureOptions): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await runOnce(spec);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await runOnce(spec));
  return summarizeSamples(spec.label, samples);
}

export function summarizeSamples(label: string, samples: Sample[]): Measurement {
  return {
    label,
    samples,
    wall: summarize(samples.map((s) => s.wallMs)),
    cpu: summarize(samples.map((s) => s.cpuMs).filter((v) => Number.isFinite(v))),
    rss: summarize(samples.map((s) => s.peakRssKb).filter((v) => Number.isFinite(v))),
  };
}

/** A command that could not be measured, and why, so the report can say so instead of showing a number. */
export interface NotMeasured {
  label: string;
  notMeasured: string;
  /** The failure's whole message, when a run failed (`notMeasured` has its first lines). */
  error?: string;
}

export type Outcome = Measurement | NotMeasured;

export function isMeasured(o: Outcome | undefined): o is Measurement {
  return o !== undefined && 'wall' in o;
}

/**
 * Measures several commands with their runs interleaved (A B C A B C …), so a burst of load from
 * another process on this shared machine lands on all of them rather than on one. A command that
 * fails is dropped with its error; the others go on.
 */
export async function measureInterleaved(specs: CommandSpec[], { runs, warmup = 1 }: MeasureOptions): Promise<Outcome[]> {
  const failed = new Map<number, string>();
  const samples: Sample[][] = specs.map(() => []);
  const attempt = async (j: number, keep: boolean) => {
    if (failed.has(j)) return;
    try {
      const sample = await runOnce(specs[j]!);
      if (keep) samples[j]!.push(sample);
    } catch (error) {
      failed.set(j, error instanceof Error ? error.message : String(error));
    }
  };
  for (let i = 0; i < warmup; i++) for (let j = 0; j < specs.length; j++) await attempt(j, false);
  for (let i = 0; i < runs; i++) for (let j = 0; j < specs.length; j++) await attempt(j, true);
  return specs.map((spec, j) =>
    failed.has(j)
      ? { label: spec.label, notMeasured: `failed: ${firstLines(failed.get(j)!)}`, error: failed.get(j)! }
      : summarizeSamples(spec.label, samples[j]!),
  );
}

function firstLines(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim()).slice(0, 6).join(' / ').slice(0, 600);
}
