/**
 * Bench part `watch`: how long `tasklist-codegen watch` takes from saving an operation file to the
 * regenerated file being on disk, on the Tasklist inputs (GraphQL schema + this repo's operations,
 * and the REST document, so both sides are configured as in a real project).
 *
 * One `watch` process runs for the whole part (as a developer keeps it running); each sample is
 * one edit of one operation in `operations/tasks.graphql` (adding an operation, changing it, deleting
 * it, in turn), timed from just before the file is written to the moment the generated functions
 * file holds the change. The first cycles are warm-up (the engine loads on the first change).
 *
 *   tsx bench/watch.ts [--quick]      (needs the built CLI: `npm run bench` builds it)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { oursMissing, prepareProject } from './lib/projects.js';
import { realDocs, realDocsPresent, repoRoot, toolBins, workDir } from './lib/paths.js';
import { benchOptions, goalTable, ms, table, writePartResult, type GoalStatus } from './lib/report.js';
import { summarize, type Summary } from './lib/stats.js';

const project = path.join(workDir, 'watch', 'tasklist');
const operationFile = path.join(project, 'operations', 'tasks.graphql');
const operationsOutput = path.join(project, 'generated', 'graphql', 'operations.ts');
/** The goal (issue 19): from save to written file. */
const GOAL_MS = 150;

/** The three edits a developer makes to one operation, cycled: add it, change it, delete it. */
function edits(original: string): Array<{ what: string; text: string; done: (functions: string) => boolean }> {
  const added = `${original}\nquery BenchWatchProbe {\n  currentUser {\n    userId\n  }\n}\n`;
  const changed = `${original}\nquery BenchWatchProbe {\n  currentUser {\n    userId\n    benchProbeName: displayName\n  }\n}\n`;
  return [
    { what: 'add an operation', text: added, done: (f) => f.includes('BenchWatchProbe') && !f.includes('benchProbeName') },
    { what: 'change it', text: changed, done: (f) => f.includes('BenchWatchProbe') && f.includes('benchProbeName') },
    { what: 'delete it', text: original, done: (f) => !f.includes('BenchWatchProbe') },
  ];
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Polls `condition` every millisecond (a generated file swapped in is seen within ~1 ms). */
async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

export interface WatchResults {
  samples: Array<{ what: string; ms: number }>;
  latency?: Summary;
  loadAverage: { before: number[]; after: number[] };
  notMeasured?: string;
  goals: GoalStatus[];
}

export async function runWatchBench(argv: string[] = []): Promise<WatchResults> {
  const opts = benchOptions(argv);
  const before = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const why = oursMissing() ?? (realDocsPresent() ? undefined : 'the real Tasklist documents are absent');
  if (why) return finish({ samples: [], loadAverage: { before, after: before }, notMeasured: why, goals: [] });
  prepareProject(project, {
    graphqlSchema: realDocs.tasklistSdl,
    operationsDir: path.join(repoRoot, 'operations'),
    openapiDocument: realDocs.tasklist87,
  });
  const original = readFileSync(operationFile, 'utf8');
  const cycle = edits(original);
  const warmup = 3;
  const runs = opts.runs(15);
  const child = spawn(process.execPath, [toolBins.ours, 'watch'], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const samples: Array<{ what: string; ms: number }> = [];
  try {
    await until(() => /watching \d+ path/.test(output), 'watch to start (first generation)', 60_000);
    // Let the watchers settle before the first edit.
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < warmup + runs; i++) {
      const edit = cycle[i % cycle.length]!;
      const started = performance.now();
      writeFileSync(operationFile, edit.text);
      await until(() => edit.done(readOrEmpty(operationsOutput)), `the generated file after "${edit.what}"\n${output.slice(-2000)}`);
      const elapsed = performance.now() - started;
      if (i >= warmup) samples.push({ what: edit.what, ms: elapsed });
      // The cycle's own output line comes after the swap: wait for the run to end before the next edit.
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    child.kill('SIGINT');
    const after = os.loadavg().map((v) => Math.round(v * 100) / 100);
    return finish({
      samples,
      loadAverage: { before, after },
      notMeasured: `failed: ${(error as Error).message.split('\n')[0]}`,
      goals: [],
    });
  }
  child.kill('SIGINT');
  await new Promise((r) => child.once('close', r));
  const after = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const latency = summarize(samples.map((s) => s.ms));
  return finish({
    samples,
    latency,
    loadAverage: { before, after },
    goals: [
      {
        goal: `\`watch\`: save → written file ≤ ${GOAL_MS} ms for a one-operation change (Tasklist inputs)`,
        measured: `median ${ms(latency.median)} of ${latency.n} edits`,
        status: latency.median <= GOAL_MS ? 'met' : 'not met',
      },
    ],
  });
}

function finish(results: WatchResults): WatchResults {
  const cores = os.cpus().length;
  const loaded = Math.max(...results.loadAverage.before, ...results.loadAverage.after) > cores;
  const byEdit = [...new Set(results.samples.map((s) => s.what))].map((what) => {
    const s = summarize(results.samples.filter((x) => x.what === what).map((x) => x.ms));
    return [what, String(s.n), ms(s.median), `${ms(s.min)} – ${ms(s.max)}`];
  });
  const markdown = [
    '## watch: save → written file',
    '',
    "One `tasklist-codegen watch` process (the built CLI) on the Tasklist inputs (GraphQL SDL + this repo's `operations/`, and the Tasklist 8.7 REST document). " +
      "Each sample: one edit of one operation in `operations/tasks.graphql` (add, change, delete, in turn), timed from just before the file is written until the generated operations file (`generated/graphql/operations.ts`) holds the change; the debounce of the editor's burst of events is included. The first 3 edits are warm-up.",
    '',
    `Load average (1/5/15 min) before → after: ${results.loadAverage.before.join(' / ')} → ${results.loadAverage.after.join(' / ')} on ${cores} cores${loaded ? ' — **the machine was loaded: these figures are not to be quoted**' : ''}.`,
    '',
    results.notMeasured
      ? `Not measured: ${results.notMeasured}`
      : [
          table(
            ['edit', 'samples', 'median', 'min – max'],
            [
              ...byEdit,
              [
                'all',
                String(results.latency!.n),
                `**${ms(results.latency!.median)}**`,
                `${ms(results.latency!.min)} – ${ms(results.latency!.max)}`,
              ],
            ],
          ),
          '',
          goalTable(results.goals),
        ].join('\n'),
    '',
  ].join('\n');
  writePartResult('watch', markdown, results);
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runWatchBench(process.argv.slice(2));
  if (existsSync(path.join(workDir, 'results', 'watch.md')))
    process.stdout.write(readFileSync(path.join(workDir, 'results', 'watch.md'), 'utf8'));
  if (result.notMeasured) process.exitCode = 0;
}
