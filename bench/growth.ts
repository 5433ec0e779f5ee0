/**
 * Growth: synthetic Tasklist-like inputs of 10, 100, 1,000 and 5,000 operations (bench/synthetic.ts),
 * time and peak memory of each generator at each size, and the slope of the curve — whether cost
 * grows linearly with the number of operations or worse.
 *
 *   tsx bench/growth.ts [--quick]     (--quick stops at 1,000 operations)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSynthetic } from './synthetic.js';
import { isMeasured, measureInterleaved, type CommandSpec, type Outcome } from './lib/measure.js';
import { toolBins, workDir } from './lib/paths.js';
import { oursMissing, prepareProject, requireOutput } from './lib/projects.js';
import { benchOptions, mb, ms, table, writePartResult } from './lib/report.js';
import { rmSync } from 'node:fs';

const node = process.execPath;

const tools = {
  oursGraphql: 'ours: generate --graphql',
  oursRest: 'ours: generate --rest',
  graphqlCodegen: 'graphql-codegen CLI (3 plugins)',
  openapiTypescript: 'openapi-typescript CLI (types only)',
} as const;

function specs(cwd: string): CommandSpec[] {
  const spec = (label: string, args: string[], out: string): CommandSpec => ({
    label,
    command: node,
    args,
    cwd,
    before: () => rmSync(path.join(cwd, out), { recursive: true, force: true }),
    verify: () => requireOutput(path.join(cwd, out), label),
  });
  const list = [
    spec(tools.graphqlCodegen, [toolBins.graphqlCodegen, '--config', 'codegen.yml'], 'alt-out/graphql-codegen'),
    spec(
      tools.openapiTypescript,
      [toolBins.openapiTypescript, './schemas/openapi.json', '-o', 'alt-out/openapi-typescript/schema.d.ts'],
      'alt-out/openapi-typescript',
    ),
  ];
  if (!oursMissing()) {
    list.unshift(
      spec(tools.oursGraphql, [toolBins.ours, 'generate', '--graphql'], 'generated'),
      spec(tools.oursRest, [toolBins.ours, 'generate', '--rest'], 'generated'),
    );
  }
  return list;
}

export interface GrowthPoint {
  operations: number;
  outcomes: Outcome[];
}

export async function runGrowthBench(argv: string[] = []): Promise<GrowthPoint[]> {
  const opts = benchOptions(argv);
  const sizes = opts.quick ? [10, 100, 1000] : [10, 100, 1000, 5000];
  const points: GrowthPoint[] = [];
  for (const n of sizes) {
    const dir = path.join(workDir, 'growth', String(n));
    const inputs = path.join(dir, 'inputs');
    writeSynthetic(n, inputs);
    const project = path.join(dir, 'project');
    prepareProject(project, {
      graphqlSchema: path.join(inputs, 'schema.graphql'),
      operationsDir: path.join(inputs, 'operations'),
      openapiDocument: path.join(inputs, 'openapi.json'),
    });
    // Fewer runs for the largest size: one 5,000-operation run of a slow tool takes tens of seconds.
    const runs = opts.runs(n >= 5000 ? 1 : n >= 1000 ? 2 : 3);
    console.error(`growth: ${n} operations (${runs} runs each)…`);
    const outcomes = await measureInterleaved(specs(project), { runs, warmup: 0 });
    const missing = oursMissing();
    if (missing) outcomes.unshift({ label: tools.oursGraphql, notMeasured: missing }, { label: tools.oursRest, notMeasured: missing });
    points.push({ operations: n, outcomes });
  }
  writePartResult('growth', renderGrowth(points), points);
  return points;
}

function renderGrowth(points: GrowthPoint[]): string {
  const labels = Object.values(tools);
  const cell = (p: GrowthPoint, label: string) => {
    const o = p.outcomes.find((x) => x.label === label);
    if (!isMeasured(o)) return o ? `not measured` : '–';
    return `${ms(o.wall.median)} (CPU ${ms(o.cpu.median)}) / ${mb(o.rss.max)}`;
  };
  const rows = points.map((p) => [String(p.operations), ...labels.map((l) => cell(p, l))]);
  const slopeRows = labels.map((label) => {
    const series = points
      .map((p) => ({ n: p.operations, o: p.outcomes.find((x) => x.label === label) }))
      .filter((s): s is { n: number; o: Extract<Outcome, { wall: unknown }> } => isMeasured(s.o))
      .map((s) => ({ n: s.n, wall: s.o.wall.median, cpu: s.o.cpu.median, rss: s.o.rss.max }));
    if (series.length < 2) return [label, 'not measured', '', '', ''];
    const [a, b] = series.slice(-2) as [(typeof series)[0], (typeof series)[0]];
    const first = series[0]!;
    // Slope on log-log axes between the two largest sizes of the work beyond start-up (CPU time
    // minus the smallest size's): 1 = linear, 2 = quadratic. With start-up left in, a fixed second
    // of loading would make any curve look flat.
    const slope = Math.log((b.cpu - first.cpu) / (a.cpu - first.cpu)) / Math.log((b.n - first.n) / (a.n - first.n));
    const perOp = (b.wall - first.wall) / (b.n - first.n);
    const rssPerOp = (b.rss - first.rss) / (b.n - first.n);
    // A negative difference means start-up still hides the work at these sizes: no exponent.
    const exponent = Number.isFinite(slope) ? slope.toFixed(2) : `– (start-up dominates up to ${b.n} operations)`;
    return [label, exponent, `${perOp.toFixed(2)} ms`, `${rssPerOp.toFixed(1)} KB`, `${ms(first.wall)} at ${first.n} ops`];
  });
  const unmeasured = points.flatMap((p) =>
    p.outcomes.filter((o) => !isMeasured(o)).map((o) => `- ${o.label}: ${'notMeasured' in o ? o.notMeasured : ''}`),
  );
  return [
    '## Growth: synthetic inputs of 10 to 5,000 operations',
    '',
    'Inputs from `bench/synthetic.ts`: a GraphQL schema + operations and an OpenAPI 3.0 document with exactly N operations each, shaped like Tasklist (task-like objects, enums, nested objects, cursor paging, problem+json). Each cell: median wall (median CPU, user+sys) / peak RSS.',
    '',
    table(['operations', ...labels], rows),
    '',
    table(
      [
        'tool',
        'growth exponent of CPU beyond start-up, two largest sizes (1 = linear)',
        'marginal wall per operation',
        'marginal peak RSS per operation',
        'fixed cost (smallest size)',
      ],
      slopeRows,
    ),
    '',
    ...(unmeasured.length ? ['Not measured:', '', ...new Set(unmeasured), ''] : []),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runGrowthBench(process.argv.slice(2));
  console.log('wrote bench/.work/results/growth.md');
}
