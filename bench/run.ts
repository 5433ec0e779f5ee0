/**
 * `npm run bench`: the whole benchmark in one go, on a fresh machine too.
 *
 * 1. installs the alternatives (`npm --prefix bench ci`) when they are missing;
 * 2. builds ours (`npm run build` → dist/);
 * 3. runs each part in its own process (the same scripts that run alone: codegen, watch, bigdocs, growth,
 *    runtime, node-versions, profile, size, typecheck, install), so one part's heap or loaded modules never colour the next;
 * 4. writes bench/RESULTS.md: machine, versions, the goals and where we stand, every part's
 *    tables, and the hand-written analysis from bench/ANALYSIS.md.
 *
 *   npm run bench [-- --quick]          (--quick: fewer runs and sizes, for trying the harness)
 *   tsx bench/run.ts --only codegen,size
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { machineInfo, toolVersions, type MachineInfo } from './lib/machine.js';
import { benchDir, oursRoot, realDir, realDocsPresent, repoRoot, resultsDir } from './lib/paths.js';
import { goalTable, table, type GoalStatus } from './lib/report.js';

const parts = ['codegen', 'watch', 'bigdocs', 'growth', 'runtime', 'node-versions', 'profile', 'size', 'typecheck', 'install'] as const;
type Part = (typeof parts)[number];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
/** Whether the run being rendered was a --quick one (differs from `quick` under --render-only). */
let quickRun = quick;
const onlyIndex = argv.indexOf('--only');
const selected: readonly Part[] =
  onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? '').split(',').filter((p): p is Part => (parts as readonly string[]).includes(p)) : parts;

function log(message: string): void {
  console.error(`[bench] ${message}`);
}

function npm(args: string[], cwd: string): { ok: boolean; output: string } {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The alternatives live in bench/package.json, out of the root install that tests use. */
function ensureBenchDependencies(): string | undefined {
  const needed = ['@hey-api/openapi-ts', 'orval', 'typescript'];
  if (needed.every((p) => existsSync(path.join(benchDir, 'node_modules', p, 'package.json')))) return undefined;
  log('installing the alternative generators: npm --prefix bench ci');
  const r = npm(['ci', '--no-audit', '--no-fund'], benchDir);
  return r.ok ? undefined : `npm ci in bench/ failed: ${r.output.split('\n').filter(Boolean).slice(-3).join(' / ')}`;
}

function ensureRootDependencies(): void {
  if (existsSync(path.join(repoRoot, 'node_modules', 'esbuild'))) return;
  log('installing the project: npm ci');
  const r = npm(['ci', '--no-audit', '--no-fund'], repoRoot);
  if (!r.ok) throw new Error(`npm ci failed:\n${r.output.slice(-2000)}`);
}

/**
 * Builds ours into bench/.work/ours/dist (see lib/paths.ts for why not dist/). `tsc` emits even
 * with type errors; say so, since the measured code may then be half-done.
 */
function build(): string {
  const outDir = path.join(oursRoot, 'dist');
  log(`building: npm run build -- --outDir ${path.relative(repoRoot, outDir)}`);
  rmSync(oursRoot, { recursive: true, force: true });
  mkdirSync(oursRoot, { recursive: true });
  // The CLI reads its version from ../../package.json (relative to dist/cli): give it the root's.
  const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  writeFileSync(
    path.join(oursRoot, 'package.json'),
    JSON.stringify({ name: root.name, version: root.version, private: true, type: 'module' }) + '\n',
  );
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(oursRoot, 'node_modules'));
  const r = npm(['run', 'build', '--', '--outDir', outDir], repoRoot);
  if (r.ok) return 'built cleanly';
  const errors = r.output.split('\n').filter((l) => /error TS\d+/.test(l));
  return existsSync(path.join(outDir, 'cli/main.js'))
    ? `\`npm run build\` reported ${errors.length} type error(s) but emitted dist/ (first: ${errors[0]?.trim() ?? 'see npm run build'})`
    : `\`npm run build\` failed and dist/cli/main.js is missing (first: ${errors[0]?.trim() ?? r.output.split('\n').filter(Boolean).slice(-1)[0] ?? ''})`;
}

function runPart(part: Part): { ok: boolean; seconds: number; load: [number[], number[]]; error?: string } {
  log(`part ${part}…`);
  const t = performance.now();
  const loadBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  rmSync(path.join(resultsDir, `${part}.md`), { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, `${part}.ts`), ...(quick ? ['--quick'] : [])], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const seconds = (performance.now() - t) / 1000;
  const load: [number[], number[]] = [loadBefore, os.loadavg().map((v) => Math.round(v * 100) / 100)];
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0 || !existsSync(path.join(resultsDir, `${part}.md`))) {
    const error = (r.stderr ?? '')
      .split('\n')
      .filter((l) => l.trim() && !l.includes('npm warn'))
      .slice(-4)
      .join(' / ');
    return { ok: false, seconds, load, error: error || `exit ${r.status}` };
  }
  return { ok: true, seconds, load };
}

function readJson<T>(part: Part): T | undefined {
  const file = path.join(resultsDir, `${part}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Goals that live in a part's raw numbers rather than in its own goal list. */
function derivedGoals(): GoalStatus[] {
  const goals: GoalStatus[] = [];
  const size = readJson<{
    bundles: Array<{ label: string; gzipped?: number; split?: { upFront: { gzipped: number } }; notMeasured?: string }>;
    taskPage: { bundleGzipBytes?: number; runtimeGzipBytes?: number; runtimeShare?: number; notMeasured?: string };
  }>('size');
  if (size) {
    const fetchApp = size.bundles.find((b) => b.label.startsWith('openapi-fetch app'));
    for (const b of size.bundles.filter((x) => x.label.startsWith('ours: runtime +'))) {
      goals.push({
        goal: `Browser bundle, minified + gzipped: ${b.label.replace('ours: ', '')}`,
        measured: b.gzipped
          ? `${b.gzipped} B as one file${b.split ? `, ${b.split.upFront.gzipped} B up front split into chunks` : ''} (openapi-fetch app: ${fetchApp?.gzipped ?? '–'} B)`
          : (b.notMeasured ?? '–'),
        status: b.gzipped ? 'reported' : 'not measured',
      });
    }
    const p = size.taskPage;
    goals.push({
      goal: "`examples/task-page/` bundle, gzipped, and the runtime's part of it",
      measured: p.bundleGzipBytes
        ? `${p.bundleGzipBytes} B, runtime ~${p.runtimeGzipBytes} B (${((p.runtimeShare ?? 0) * 100).toFixed(1)} %)`
        : (p.notMeasured ?? '–'),
      status: p.bundleGzipBytes ? 'reported' : 'not measured',
    });
  }
  const install = readJson<{ rows: Array<{ label: string; packages: string[]; bytes: number }>; goalMet: boolean }>('install');
  if (install) {
    const alone = install.rows.find((r) => r.label === 'openapi-fetch alone');
    const ours = install.rows.filter((r) => r.label.startsWith('ours'));
    goals.push({
      goal: 'Production install of an app importing generated clients, within 2× openapi-fetch alone',
      measured:
        ours.map((r) => `${r.label.replace('ours: ', '')}: ${r.packages.length} packages, ${r.bytes} B`).join('; ') +
        ` (openapi-fetch: ${alone?.packages.length} packages, ${alone?.bytes} B)`,
      status: install.goalMet ? 'met' : 'not met',
    });
  }
  const growth = readJson<Array<{ operations: number; outcomes: Array<{ label: string; cpu?: { median: number } }> }>>('growth');
  if (growth && growth.length >= 3) {
    for (const label of ['ours: generate --graphql', 'ours: generate --rest']) {
      const series = growth
        .map((p) => ({ n: p.operations, cpu: p.outcomes.find((o) => o.label === label)?.cpu?.median }))
        .filter((s): s is { n: number; cpu: number } => s.cpu !== undefined);
      if (series.length < 3) {
        goals.push({ goal: `Cost grows linearly with operations (${label})`, measured: 'not measured', status: 'not measured' });
        continue;
      }
      const first = series[0]!;
      const [a, b] = series.slice(-2) as [{ n: number; cpu: number }, { n: number; cpu: number }];
      const k = Math.log((b.cpu - first.cpu) / (a.cpu - first.cpu)) / Math.log((b.n - first.n) / (a.n - first.n));
      goals.push({
        goal: `Cost grows linearly with operations (${label}; exponent of CPU beyond start-up ≤ 1.2)`,
        measured: `exponent ${k.toFixed(2)} between ${a.n} and ${b.n} operations`,
        status: Number.isFinite(k) ? (k <= 1.2 ? 'met' : 'not met') : 'not measured',
      });
    }
  }
  return goals;
}

function render(
  start: MachineInfo,
  end: MachineInfo,
  versions: Record<string, string>,
  buildNote: string,
  ran: Map<Part, ReturnType<typeof runPart>>,
  totalSeconds: number,
): string {
  const goals = [
    ...(readJson<{ goals?: GoalStatus[] }>('codegen')?.goals ?? []),
    ...(readJson<{ goals?: GoalStatus[] }>('runtime')?.goals ?? []),
    ...(readJson<{ goals?: GoalStatus[] }>('watch')?.goals ?? []),
    ...(readJson<{ goals?: GoalStatus[] }>('bigdocs')?.goals ?? []),
    ...derivedGoals(),
  ];
  const sections = parts.map((part) => {
    const r = ran.get(part);
    if (!r) return `## ${part}\n\nNot run in this pass (\`--only\`).\n`;
    if (!r.ok) return `## ${part}\n\nNot measured: the part failed (${r.error}).\n`;
    return readFileSync(path.join(resultsDir, `${part}.md`), 'utf8');
  });
  const analysisFile = path.join(benchDir, 'ANALYSIS.md');
  const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8').trim() : '';
  const busy = [...new Set([...start.busyProcesses, ...end.busyProcesses])];
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\`${quickRun ? ' --quick (fewer runs: a trial, not the reference numbers)' : ''} on ${start.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(totalSeconds)} s in all. Every number below comes from that run; nothing is copied in by hand except the analysis at the end, which says which run it read.`,
    '',
    '## Machine',
    '',
    table(
      ['', ''],
      [
        ['CPU', `${start.cpuModel}, ${start.cores} cores`],
        ['memory', `${start.memoryGiB} GiB`],
        ['OS', start.platform],
        ['Node', start.node],
        ['load average (1/5/15 min) at start → end', `${start.loadAverage.join(' / ')} → ${end.loadAverage.join(' / ')}`],
        ['other busy processes seen', busy.length ? busy.map((b) => `\`${b}\``).join(', ') : 'none above 5 % CPU'],
        ['ours', buildNote],
        [
          'real documents',
          realDocsPresent()
            ? `read in place from \`${path.relative(repoRoot, realDir)}\``
            : `absent (${realDir}): parts that need them say so`,
        ],
      ],
    ),
    '',
    start.loadAverage[0] > start.cores || end.loadAverage[0] > start.cores
      ? `**The machine was shared while this ran** (load average above its ${start.cores} cores: other engineers' builds and tests). Wall times are inflated and noisy in proportion; compare tools within a table (their runs were interleaved, so they shared the load alike) rather than against numbers from another run, and read the CPU-time columns, which load inflates much less.\n`
      : '',
    '## Versions',
    '',
    table(
      ['package', 'version'],
      Object.entries(versions).map(([k, v]) => [`\`${k}\``, v]),
    ),
    '',
    '## Goals: where we stand',
    '',
    goals.length ? goalTable(goals) : 'No goal could be evaluated in this pass.',
    '',
    table(
      ['part', 'status', 'time', 'load average (1/5/15 min) at start → end'],
      [...ran].map(([p, r]) => [
        p,
        r.ok ? 'ran' : `failed: ${r.error}`,
        `${Math.round(r.seconds)} s`,
        r.load ? `${r.load[0].join(' / ')} → ${r.load[1].join(' / ')}` : '–',
      ]),
    ),
    '',
    ...sections,
    ...(analysis ? [analysis, ''] : []),
  ].join('\n');
}

/** What the last full pass recorded about itself, so RESULTS.md can be re-rendered (`--render-only`) after ANALYSIS.md is written, without running again. */
interface RunRecord {
  start: MachineInfo;
  end: MachineInfo;
  versions: Record<string, string>;
  buildNote: string;
  ran: Array<[Part, ReturnType<typeof runPart>]>;
  totalSeconds: number;
  quick: boolean;
}

async function main(): Promise<void> {
  const out = path.join(benchDir, 'RESULTS.md');
  const recordFile = path.join(resultsDir, 'run.json');
  if (argv.includes('--render-only')) {
    if (!existsSync(recordFile)) throw new Error('No recorded run in bench/.work/results/run.json: run `npm run bench` first.');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as RunRecord;
    quickRun = record.quick;
    writeFileSync(out, render(record.start, record.end, record.versions, record.buildNote, new Map(record.ran), record.totalSeconds));
    log(`re-rendered ${path.relative(process.cwd(), out)} from the run of ${record.start.date}`);
    return;
  }
  const t = performance.now();
  const start = machineInfo();
  ensureRootDependencies();
  const depsProblem = ensureBenchDependencies();
  if (depsProblem) log(`${depsProblem} — the alternatives will show as not measured`);
  const buildNote = build();
  log(buildNote);
  const ran = new Map<Part, ReturnType<typeof runPart>>();
  for (const part of selected) ran.set(part, runPart(part));
  const end = machineInfo();
  const record: RunRecord = {
    start,
    end,
    versions: toolVersions(),
    buildNote,
    ran: [...ran],
    totalSeconds: (performance.now() - t) / 1000,
    quick,
  };
  writeFileSync(recordFile, JSON.stringify(record, null, 2) + '\n');
  writeFileSync(out, render(start, end, record.versions, buildNote, ran, record.totalSeconds));
  log(`wrote ${path.relative(process.cwd(), out)}`);
}

await main();
