/**
 * Codegen time, whole process, side by side (issue 8):
 * - GraphQL on Tasklist's SDL + this repo's operations: ours vs graphql-codegen's CLI with
 *   typescript + typescript-operations + typed-document-node.
 * - REST on Tasklist 8.7 and on the large Orchestration Cluster document: ours vs the
 *   openapi-typescript CLI alone, @hey-api/openapi-ts, and orval (fetch client).
 * - The whole Tasklist generation (both sides, one process) and no-op regeneration (`generate`
 *   and `check` with inputs unchanged).
 *
 *   tsx bench/codegen.ts [--quick]     (needs `npm run build` for ours and `npm --prefix bench ci` for the alternatives)
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDir } from '../src/generate/engines.js';
import { isMeasured, measureInterleaved, type CommandSpec, type Outcome } from './lib/measure.js';
import { oursMissing, prepareProject, requireOutput } from './lib/projects.js';
import { realDir, realDocs, realDocsPresent, repoRoot, toolBins, workDir } from './lib/paths.js';
import { benchOptions, goalTable, ms, ratio, timingTable, writePartResult, type GoalStatus } from './lib/report.js';

const node = process.execPath;
const coldWhole = 'ours: generate (GraphQL + REST), no code cache';
const coldRest = 'ours: generate --rest, no code cache';
const dirs = {
  tasklist: path.join(workDir, 'codegen', 'tasklist'),
  orchestration: path.join(workDir, 'codegen', 'orchestration'),
  noop: path.join(workDir, 'codegen', 'noop'),
};

/** Our CLI on a project; `fresh` removes `generated/` first so every run generates from scratch. */
function ours(label: string, cwd: string, args: string[], fresh: boolean): CommandSpec {
  const out = path.join(cwd, 'generated');
  return {
    label,
    command: node,
    args: [toolBins.ours, ...args],
    cwd,
    before: fresh ? () => rmSync(out, { recursive: true, force: true }) : undefined,
    verify: () => requireOutput(out, label),
  };
}

/**
 * Ours as on the first run after an install or upgrade: the V8 code caches of the bundled engines
 * (src/generate/engines.ts) are removed before each run, so every run compiles from source (and
 * writes the caches again, which is part of what a first run costs).
 */
function oursCold(label: string, cwd: string, args: string[]): CommandSpec {
  const spec = ours(label, cwd, args, true);
  const cacheDir = codeCacheDir(cwd);
  return {
    ...spec,
    before: () => {
      spec.before?.();
      if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

function alternative(label: string, cwd: string, outDir: string, bin: string, args: string[]): CommandSpec {
  const out = path.join(cwd, 'alt-out', outDir);
  return {
    label,
    command: node,
    args: [bin, ...args],
    cwd,
    before: () => rmSync(out, { recursive: true, force: true }),
    verify: () => requireOutput(out, label),
  };
}

/**
 * The REST alternatives on one document. `doc` is relative to `cwd` and starts with `./` (hey-api
 * reads a bare `a/b` as a registry shorthand). orval runs from a config file because only there can
 * its spec validation be turned off, which the Orchestration Cluster document needs (orval's
 * validator rejects its `$ref` siblings); on Tasklist it validates as it does by default.
 */
function restAlternatives(cwd: string, doc: string, orvalValidation: boolean): CommandSpec[] {
  const orvalConfig = {
    api: {
      input: { target: doc, ...(orvalValidation ? {} : { unsafeDisableValidation: true }) },
      output: { target: 'alt-out/orval/api.ts', client: 'fetch' },
    },
  };
  writeFileSync(path.join(cwd, 'orval.config.mjs'), `export default ${JSON.stringify(orvalConfig, null, 2)};\n`);
  return [
    alternative('openapi-typescript CLI (types only)', cwd, 'openapi-typescript', toolBins.openapiTypescript, [
      doc,
      '-o',
      'alt-out/openapi-typescript/schema.d.ts',
    ]),
    alternative('@hey-api/openapi-ts (types + sdk)', cwd, 'hey-api', toolBins.heyApi, ['-i', doc, '-o', 'alt-out/hey-api']),
    alternative(orvalLabel, cwd, 'orval', toolBins.orval, ['--config', 'orval.config.mjs']),
  ];
}

const orvalLabel = 'orval (types + fetch functions)';

function alternativesMissing(): string | undefined {
  for (const bin of [toolBins.heyApi, toolBins.orval]) {
    if (!existsSync(bin)) return `${path.relative(repoRoot, bin)} is missing: run \`npm --prefix bench ci\``;
  }
  return undefined;
}

/** Measures the group, or marks every command in it not measured with the same reason. */
async function group(specs: CommandSpec[], runs: number, skip: (label: string) => string | undefined): Promise<Outcome[]> {
  const runnable = specs.filter((s) => !skip(s.label));
  const measured = await measureInterleaved(runnable, { runs, warmup: 1 });
  return specs.map((s) => measured.find((m) => m.label === s.label) ?? { label: s.label, notMeasured: skip(s.label)! });
}

const median = (outcomes: Outcome[], label: string) => {
  const o = outcomes.find((x) => x.label === label);
  return isMeasured(o) ? o.wall.median : Number.NaN;
};

export interface CodegenResults {
  graphql: Outcome[];
  restTasklist: Outcome[];
  restOrchestration: Outcome[];
  whole: Outcome[];
  noop: Outcome[];
  goals: GoalStatus[];
}

export async function runCodegenBench(argv: string[] = []): Promise<CodegenResults> {
  const opts = benchOptions(argv);
  if (!realDocsPresent()) {
    const why = `the real documents are not at ${realDir}`;
    const goals: GoalStatus[] = [{ goal: 'Codegen goals', measured: why, status: 'not measured' }];
    writePartResult('codegen', `## Codegen time\n\nNot measured: ${why} (they are read in place, never copied into the repo).\n`, {
      skipped: why,
    });
    return { graphql: [], restTasklist: [], restOrchestration: [], whole: [], noop: [], goals };
  }
  const oursWhy = oursMissing();
  const altWhy = alternativesMissing();
  const skip = (label: string) => (label.startsWith('ours') ? oursWhy : /hey-api|orval/.test(label) ? altWhy : undefined);

  const operationsDir = path.join(repoRoot, 'operations');
  prepareProject(dirs.tasklist, { graphqlSchema: realDocs.tasklistSdl, operationsDir, openapiDocument: realDocs.tasklist87 });
  prepareProject(dirs.orchestration, { openapiDocument: realDocs.orchestration });
  prepareProject(dirs.noop, { graphqlSchema: realDocs.tasklistSdl, operationsDir, openapiDocument: realDocs.tasklist87 });
  const tasklistDoc = './schemas/openapi.yaml';
  const orchestrationDoc = './schemas/openapi.json';

  // Sized so a full `npm run bench` stays under ~15 minutes on a 2-core machine shared with others.
  const runs = opts.runs(5);
  const bigRuns = opts.runs(3);

  console.error(`codegen: GraphQL on Tasklist (${runs} runs each, interleaved)…`);
  const graphql = await group(
    [
      ours('ours: generate --graphql', dirs.tasklist, ['generate', '--graphql'], true),
      alternative('graphql-codegen CLI (3 plugins)', dirs.tasklist, 'graphql-codegen', toolBins.graphqlCodegen, [
        '--config',
        'codegen.yml',
      ]),
    ],
    runs,
    skip,
  );

  console.error('codegen: REST on Tasklist 8.7…');
  const restTasklist = await group(
    [ours('ours: generate --rest', dirs.tasklist, ['generate', '--rest'], true), ...restAlternatives(dirs.tasklist, tasklistDoc, true)],
    runs,
    skip,
  );

  console.error('codegen: whole Tasklist generation (both sides, one process)…');
  const whole = await group(
    [ours('ours: generate (GraphQL + REST)', dirs.tasklist, ['generate'], true), oursCold(coldWhole, dirs.tasklist, ['generate'])],
    runs,
    skip,
  );

  console.error(`codegen: REST on the Orchestration Cluster document (${bigRuns} runs each)…`);
  const restOrchestration = await group(
    [
      ours('ours: generate --rest', dirs.orchestration, ['generate', '--rest'], true),
      oursCold(coldRest, dirs.orchestration, ['generate', '--rest']),
      ...restAlternatives(dirs.orchestration, orchestrationDoc, false),
    ],
    bigRuns,
    skip,
  );

  console.error('codegen: no-op regeneration…');
  // No `before`: the warm-up run generates once, every timed run then finds the inputs unchanged.
  const noop = await group(
    [
      ours('ours: generate, inputs unchanged', dirs.noop, ['generate'], false),
      ours('ours: check, inputs unchanged', dirs.noop, ['check'], false),
    ],
    runs,
    skip,
  );

  const goals = codegenGoals({ graphql, restTasklist, restOrchestration, whole, noop });
  const markdown = renderCodegen({ graphql, restTasklist, restOrchestration, whole, noop, goals }, runs, bigRuns);
  writePartResult('codegen', markdown, { graphql, restTasklist, restOrchestration, whole, noop, goals });
  return { graphql, restTasklist, restOrchestration, whole, noop, goals };
}

function status(ok: boolean | undefined): GoalStatus['status'] {
  return ok === undefined ? 'not measured' : ok ? 'met' : 'not met';
}

function codegenGoals(r: Omit<CodegenResults, 'goals'>): GoalStatus[] {
  const goals: GoalStatus[] = [];
  const altOneSide = [
    ...r.graphql.filter((o) => !o.label.startsWith('ours')),
    ...r.restTasklist.filter((o) => !o.label.startsWith('ours') && !o.label.startsWith('openapi-typescript')),
  ].filter(isMeasured);
  const fastestAlt = altOneSide.reduce<{ label: string; v: number } | undefined>(
    (best, o) => (!best || o.wall.median < best.v ? { label: o.label, v: o.wall.median } : best),
    undefined,
  );
  for (const [label, when] of [
    ['ours: generate (GraphQL + REST)', ''],
    [coldWhole, ' — first run, no code cache'],
  ] as const) {
    const t = median(r.whole, label);
    goals.push({
      goal: `Whole Tasklist generation (GraphQL + REST, one process) < 1.2 s${when}`,
      measured: ms(t),
      status: status(Number.isFinite(t) ? t < 1200 : undefined),
    });
    goals.push({
      goal: `Whole Tasklist generation ≤ 0.8× the fastest alternative doing one side (graphql-codegen, hey-api, orval)${when}`,
      measured: fastestAlt ? `${ms(t)} vs fastest ${fastestAlt.label} ${ms(fastestAlt.v)} = ${ratio(t, fastestAlt.v)}` : '–',
      status: status(Number.isFinite(t) && fastestAlt ? t <= 0.8 * fastestAlt.v : undefined),
    });
  }
  const gOurs = median(r.graphql, 'ours: generate --graphql');
  const gAlt = median(r.graphql, 'graphql-codegen CLI (3 plugins)');
  goals.push({
    goal: 'GraphQL side ≤ 0.5× graphql-codegen CLI (same plugins)',
    measured: `${ms(gOurs)} vs ${ms(gAlt)} = ${ratio(gOurs, gAlt)}`,
    status: status(Number.isFinite(gOurs) && Number.isFinite(gAlt) ? gOurs <= 0.5 * gAlt : undefined),
  });
  const oOurs = median(r.restOrchestration, 'ours: generate --rest');
  const oTypes = median(r.restOrchestration, 'openapi-typescript CLI (types only)');
  const oHey = median(r.restOrchestration, '@hey-api/openapi-ts (types + sdk)');
  const oOrval = median(r.restOrchestration, orvalLabel);
  goals.push({
    goal: 'Orchestration Cluster document: ours ≤ 1.2× openapi-typescript CLI alone',
    measured: `${ms(oOurs)} vs ${ms(oTypes)} = ${ratio(oOurs, oTypes)}`,
    status: status(Number.isFinite(oOurs) && Number.isFinite(oTypes) ? oOurs <= 1.2 * oTypes : undefined),
  });
  for (const [label, when] of [
    ['ours: generate --rest', ''],
    [coldRest, ' — first run, no code cache'],
  ] as const) {
    const t = median(r.restOrchestration, label);
    goals.push({
      goal: `Orchestration Cluster document: ours ≤ 0.8× orval, and faster than hey-api${when}`,
      measured: `${ms(t)} vs orval ${ms(oOrval)} = ${ratio(t, oOrval)}, hey-api ${ms(oHey)}`,
      status: status(Number.isFinite(t) && Number.isFinite(oOrval) && Number.isFinite(oHey) ? t <= 0.8 * oOrval && t < oHey : undefined),
    });
  }
  const nGen = median(r.noop, 'ours: generate, inputs unchanged');
  const nCheck = median(r.noop, 'ours: check, inputs unchanged');
  goals.push({
    goal: 'No-op regeneration < 300 ms (generate and check)',
    measured: `generate ${ms(nGen)}, check ${ms(nCheck)}`,
    status: status(Number.isFinite(nGen) && Number.isFinite(nCheck) ? nGen < 300 && nCheck < 300 : undefined),
  });
  return goals;
}

function renderCodegen(r: CodegenResults, runs: number, bigRuns: number): string {
  return [
    '## Codegen time (whole process)',
    '',
    `Each row: ${runs} timed runs after one warm-up (${bigRuns} on the Orchestration Cluster document), the tools' runs interleaved so load from other processes falls on all alike. ` +
      "Every command runs as `node <the tool's bin file>` (no npx start-up), output removed before each run so each run generates from scratch; " +
      'a run counts only if it exits 0 and wrote output. Peak RSS is the largest over the runs. ' +
      'Ours runs its bundled engines with their V8 code cache (`node_modules/.cache/tasklist-codegen/v8`), which the warm-up run writes, as any earlier run in the project would; ' +
      'the rows marked "no code cache" remove it before every run: what the first run after an install or upgrade costs, cache writing included.',
    '',
    `### GraphQL: Tasklist SDL (\`tasklist.graphqls\`) + this repo's \`operations/\``,
    '',
    timingTable(r.graphql, 'graphql-codegen CLI (3 plugins)'),
    '',
    'graphql-codegen reads a YAML config (its cheapest config loader); ours reads `codegen.ts`.',
    '',
    '### REST: Tasklist 8.7 (`tasklist-openapi-8.7.yaml`)',
    '',
    timingTable(r.restTasklist, 'openapi-typescript CLI (types only)'),
    '',
    '### Whole Tasklist generation: GraphQL + REST in one process',
    '',
    timingTable(
      [...r.whole, ...r.graphql.filter((o) => !o.label.startsWith('ours')), ...r.restTasklist.filter((o) => !o.label.startsWith('ours'))],
      'ours: generate (GraphQL + REST)',
    ),
    '',
    '### REST: Orchestration Cluster API (`orchestration-cluster-openapi.json`, 1.3 MB, 241 operations, 742 schemas)',
    '',
    timingTable(r.restOrchestration, 'openapi-typescript CLI (types only)'),
    '',
    'orval runs here with `unsafeDisableValidation: true`: its validator rejects this document (`Property $ref is not expected to be here`), so without it orval generates nothing.',
    '',
    '### No-op regeneration (inputs unchanged since the last `generate`)',
    '',
    timingTable(r.noop),
    '',
    '### Codegen goals',
    '',
    goalTable(r.goals),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runCodegenBench(process.argv.slice(2));
  console.log(goalTable(result.goals));
}
