/**
 * Each bench part writes its section of RESULTS.md (and the raw numbers as JSON) to
 * `bench/.work/results/<part>.{md,json}`; `run.ts` stitches the sections together. A part run alone
 * prints its section, so `tsx bench/codegen.ts` is useful on its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMeasured, type Outcome } from './measure.js';
import { resultsDir } from './paths.js';

export function writePartResult(part: string, markdown: string, data: unknown): void {
  // BENCH_PART_NAME: a part run for another part (bench/node-versions.ts runs runtime.ts on each Node) keeps its figures apart.
  const name = process.env.BENCH_PART_NAME ?? part;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${name}.md`), markdown.trimEnd() + '\n');
  writeFileSync(path.join(resultsDir, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
}

export function ms(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
}

export function us(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(1)} µs` : '–';
}

export function mb(kb: number): string {
  return Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : '–';
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–';
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * One row per tool: median wall, the spread (min–max, and the interquartile range), peak memory and
 * the ratio to a reference row.
 */
export function timingTable(outcomes: Outcome[], reference?: string): string {
  const ref = outcomes.find((o) => o.label === reference);
  const refMedian = isMeasured(ref) ? ref.wall.median : Number.NaN;
  const rows = outcomes.map((o) => {
    if (!isMeasured(o)) return [o.label, `not measured: ${o.notMeasured}`, '', '', '', '', ''];
    return [
      o.label,
      `**${ms(o.wall.median)}**`,
      `${ms(o.wall.min)} – ${ms(o.wall.max)}`,
      `${ms(o.wall.p25)} – ${ms(o.wall.p75)}`,
      ms(o.cpu.median),
      mb(o.rss.max),
      reference ? ratio(o.wall.median, refMedian) : '',
    ];
  });
  return table(['tool', 'median wall', 'min – max', 'p25 – p75', 'median CPU (user+sys)', 'peak RSS', reference ? `wall vs ${reference}` : ''], rows);
}

/** One of the goals and where we stand; run.ts gathers them into the summary at the top. */
export interface GoalStatus {
  goal: string;
  measured: string;
  /** `reported`: a number the issue asks to report, with no threshold to meet. */
  status: 'met' | 'not met' | 'not measured' | 'reported';
}

export function goalTable(goals: GoalStatus[]): string {
  const mark = { met: '✅ met', 'not met': '❌ not met', 'not measured': '⚪ not measured', reported: 'ℹ️ reported' } as const;
  return table(['goal', 'measured', 'status'], goals.map((g) => [g.goal, g.measured, mark[g.status]]));
}

/** Parses the shared command-line options of every part. */
export function benchOptions(argv: string[] = process.argv.slice(2)): { quick: boolean; runs(defaultRuns: number): number } {
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const fixed = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined;
  return { quick, runs: (defaultRuns) => fixed ?? (quick ? Math.min(3, defaultRuns) : defaultRuns) };
}
