/**
 * Bench part `node-versions`: the whole Tasklist generation (both sides, one process; with the
 * code cache and without it, as on a first run) and the runtime's per-call cost, on Node 20, 22 and
 * 24 side by side. The Node 22 and 24 binaries are the `node` package of the npm registry, in the
 * folders `.ci/run` uses (`.tmp/node22`, `.tmp/node24`), installed the same way when missing.
 *
 * Generation: the three versions' runs interleaved (A B C A B C …), so load falls on all alike.
 * Runtime: bench/runtime.ts run under each version (its figures kept apart as `runtime-node<N>`).
 *
 *   tsx bench/node-versions.ts [--quick]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDir } from '../src/generate/engines.js';
import type { ClientCost } from './lib/client-cost.js';
import { isMeasured, measureInterleaved, type CommandSpec, type Outcome } from './lib/measure.js';
import { realDocs, realDocsPresent, repoRoot, resultsDir, toolBins, workDir } from './lib/paths.js';
import { oursMissing, prepareProject, requireOutput } from './lib/projects.js';
import { benchOptions, mb, ms, table, us, writePartResult } from './lib/report.js';
import type { Summary } from './lib/stats.js';

const majors = [20, 22, 24] as const;
type Major = (typeof majors)[number];

interface NodeBinary {
  major: Major;
  /** Absolute path of the binary, or why there is none. */
  bin?: string;
  version?: string;
  missing?: string;
}

/** The Node of this process for its own major; the registry's `node@<major>` in `.tmp/node<major>` (as `.ci/run` installs it) for the others. */
function nodeBinary(major: Major): NodeBinary {
  if (Number(process.versions.node.split('.')[0]) === major) return { major, bin: process.execPath, version: process.version };
  const prefix = path.join(repoRoot, '.tmp', `node${major}`);
  const bin = path.join(prefix, 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    console.error(`node-versions: installing node@${major} into ${path.relative(repoRoot, prefix)} (npm registry)…`);
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node@${major}`], {
      encoding: 'utf8',
    });
    if (r.status !== 0 || !existsSync(bin))
      return { major, missing: `npm install node@${major} failed: ${(r.stderr ?? '').trim().split('\n').slice(-1)[0]}` };
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { major, bin, version };
}

const project = path.join(workDir, 'node-versions', 'tasklist');

function generation(node: NodeBinary, cold: boolean): CommandSpec {
  const out = path.join(project, 'generated');
  const cacheDir = codeCacheDir(project);
  return {
    label: `Node ${node.major}: generate (GraphQL + REST)${cold ? ', no code cache' : ''}`,
    command: node.bin!,
    args: [toolBins.ours, 'generate'],
    cwd: project,
    before: () => {
      rmSync(out, { recursive: true, force: true });
      // The cache folder holds one cache per Node version (ours on 20, Node's own on 22+): remove all.
      if (cold && cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    },
    verify: () => requireOutput(out, 'generate'),
  };
}

interface RuntimeFigures {
  overhead: Array<{ api: string; calls: number; ours?: Summary; bare?: Summary; notMeasured?: string }>;
  clientCost: ClientCost[] | { notMeasured: string };
}

/** bench/runtime.ts under `node`, its results written as `runtime-node<major>` (not the main runtime part's). */
function runtimeUnder(node: NodeBinary, quick: boolean): RuntimeFigures | { notMeasured: string } {
  const name = `runtime-node${node.major}`;
  rmSync(path.join(resultsDir, `${name}.json`), { force: true });
  const r = spawnSync(node.bin!, ['--import', 'tsx', path.join(repoRoot, 'bench', 'runtime.ts'), ...(quick ? ['--quick'] : [])], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, BENCH_PART_NAME: name },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const file = path.join(resultsDir, `${name}.json`);
  if (r.status !== 0 || !existsSync(file)) {
    const last = (r.stderr ?? '').trim().split('\n').filter(Boolean).slice(-2).join(' / ');
    return { notMeasured: `bench/runtime.ts failed on Node ${node.major}: ${last || `exit ${r.status}`}` };
  }
  return JSON.parse(readFileSync(file, 'utf8')) as RuntimeFigures;
}

function signedPercent(fraction: number): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;
}

export async function runNodeVersionsBench(argv: string[] = []): Promise<void> {
  const opts = benchOptions(argv);
  const loadBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const nodes = majors.map(nodeBinary);
  const usable = nodes.filter((n) => n.bin);
  const why = oursMissing() ?? (realDocsPresent() ? undefined : 'the real Tasklist documents are absent');

  let outcomes: Outcome[] = [];
  if (!why) {
    prepareProject(project, {
      graphqlSchema: realDocs.tasklistSdl,
      operationsDir: path.join(repoRoot, 'operations'),
      openapiDocument: realDocs.tasklist87,
    });
    const runs = opts.runs(5);
    console.error(
      `node-versions: whole Tasklist generation on ${usable.map((n) => n.version).join(', ')} (${runs} runs each, interleaved)…`,
    );
    outcomes = await measureInterleaved(
      usable.flatMap((n) => [generation(n, false), generation(n, true)]),
      { runs, warmup: 1 },
    );
  }
  const runtime = new Map<Major, RuntimeFigures | { notMeasured: string }>();
  for (const n of usable) {
    console.error(`node-versions: runtime on Node ${n.major}…`);
    runtime.set(n.major, runtimeUnder(n, opts.quick));
  }
  const loadAfter = os.loadavg().map((v) => Math.round(v * 100) / 100);

  const cell = (label: string) => {
    const o = outcomes.find((x) => x.label === label);
    if (why) return `not measured: ${why}`;
    if (!isMeasured(o)) return o ? `not measured: ${o.notMeasured}` : '–';
    return `**${ms(o.wall.median)}** (CPU ${ms(o.cpu.median)}, ${mb(o.rss.max)})`;
  };
  const perCall = (major: Major, api: string) => {
    const r = runtime.get(major);
    if (!r) return '–';
    if ('notMeasured' in r) return `not measured: ${r.notMeasured}`;
    const o = r.overhead.find((x) => x.api === api);
    const own = 'notMeasured' in r.clientCost ? undefined : r.clientCost.find((x) => x.api === api);
    if (!o?.ours || !o.bare) return `not measured: ${o?.notMeasured ?? 'no figures'}`;
    const added = own ? `; our own cost ${us((own.ours.median - own.bare.median) * 1000)}` : '';
    return `${us(o.ours.median * 1000)} vs bare ${us(o.bare.median * 1000)} (${signedPercent((o.ours.median - o.bare.median) / o.bare.median)})${added}`;
  };
  const header = ['', ...nodes.map((n) => (n.bin ? `Node ${n.version}` : `Node ${n.major}`))];
  const rows = [
    [
      'whole Tasklist generation, code cache warm',
      ...nodes.map((n) => (n.bin ? cell(`Node ${n.major}: generate (GraphQL + REST)`) : `not measured: ${n.missing}`)),
    ],
    [
      'whole Tasklist generation, no code cache (first run)',
      ...nodes.map((n) => (n.bin ? cell(`Node ${n.major}: generate (GraphQL + REST), no code cache`) : `not measured: ${n.missing}`)),
    ],
    ['runtime, REST call (median per call)', ...nodes.map((n) => (n.bin ? perCall(n.major, 'REST') : '–'))],
    ['runtime, GraphQL call (median per call)', ...nodes.map((n) => (n.bin ? perCall(n.major, 'GraphQL') : '–'))],
  ];
  const cores = os.cpus().length;
  const loaded = Math.max(...loadBefore, ...loadAfter) > cores;
  const markdown = [
    '## Node versions',
    '',
    "The same build of ours on each Node. Generation: `generate` (GraphQL + REST) on the Tasklist inputs, as in the codegen part, each cell the median wall (median CPU, peak RSS) of the versions' interleaved runs; the code cache is Node's own compile cache on 22 and 24 and ours on 20. " +
      'Runtime: `bench/runtime.ts` run under each version (the generated REST/GraphQL function against a bare `fetch` of the emulator; "our own cost" is the same call over an in-memory `fetch`).',
    '',
    `Load average (1/5/15 min) before → after: ${loadBefore.join(' / ')} → ${loadAfter.join(' / ')} on ${cores} cores${loaded ? ' — **the machine was loaded: these figures are not to be quoted**' : ''}.`,
    '',
    table(header, rows),
    '',
  ].join('\n');
  writePartResult('node-versions', markdown, {
    nodes,
    outcomes,
    runtime: Object.fromEntries(runtime),
    load: { before: loadBefore, after: loadAfter },
  });
  process.stdout.write(markdown);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runNodeVersionsBench(process.argv.slice(2));
}
