/**
 * Where our time goes: import cost of each heavy dependency and of our own entry points (each in a
 * fresh process, timed around the import alone), and a V8 CPU profile of one full Tasklist
 * generation, self time summed by package.
 *
 *   tsx bench/profile.ts [--quick]
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importTime } from './lib/import-time.js';
import { runOnce } from './lib/measure.js';
import { oursDist, realDocs, realDocsPresent, repoRoot, toolBins, workDir } from './lib/paths.js';
import { selfTimeByPlace } from './lib/cpu-profile.js';
import { oursMissing, prepareProject } from './lib/projects.js';
import { benchOptions, ms, table, writePartResult } from './lib/report.js';
import { existsSync } from 'node:fs';

/** The dependencies a generator may load, heaviest first as measured on Node 20 before this work. */
const dependencies = [
  'typescript',
  'openapi-typescript',
  '@redocly/openapi-core',
  '@graphql-codegen/core',
  '@graphql-codegen/typescript',
  '@graphql-codegen/typescript-operations',
  '@graphql-codegen/typed-document-node',
  '@graphql-codegen/cli',
  'graphql',
  'jiti',
  'commander',
  'yaml',
  'openapi-fetch',
];

/** Our own modules, from the build, as a user's process would load them. */
const ourModules = [
  ['dist/runtime/index.js', 'runtime (browser-safe entry)'],
  ['dist/runtime/node.js', 'runtime/node'],
  ['dist/config/index.js', 'config loader'],
  ['dist/generate/index.js', 'generate orchestrator (generators lazy)'],
  ['dist/generate/graphql/index.js', 'GraphQL generator'],
  ['dist/generate/rest/index.js', 'REST generator'],
] as const;

export interface ProfileResults {
  imports: Array<{ what: string; median: number; min: number; error?: string }>;
  cpu?:
    | {
        total: number;
        entries: Array<{ where: string; ms: number }>;
        attributed: Array<{ where: string; ms: number }>;
        filesRun: Record<string, number>;
        profiles: number;
        wallMs: number;
      }
    | { notMeasured: string };
}

export async function runProfileBench(argv: string[] = []): Promise<ProfileResults> {
  const opts = benchOptions(argv);
  const runs = opts.runs(5);
  const imports: ProfileResults['imports'] = [];
  console.error(`profile: import time of ${dependencies.length} dependencies and our modules (${runs} fresh processes each)…`);
  for (const dep of dependencies) {
    const s = await importTime(dep, runs);
    imports.push({ what: `\`${dep}\``, median: s.median, min: s.min, ...(s.error ? { error: s.error } : {}) });
  }
  for (const [file, what] of ourModules) {
    const abs = path.join(oursDist, file.replace(/^dist\//, ''));
    if (!existsSync(abs)) {
      imports.push({
        what: `ours: ${what} (\`${file}\`)`,
        median: Number.NaN,
        min: Number.NaN,
        error: `${file} missing (not built, or not landed)`,
      });
      continue;
    }
    const s = await importTime(pathToFileURL(abs).href, runs);
    imports.push({ what: `ours: ${what} (\`${file}\`)`, median: s.median, min: s.min, ...(s.error ? { error: s.error } : {}) });
  }

  let cpu: ProfileResults['cpu'];
  const missing = oursMissing() ?? (realDocsPresent() ? undefined : 'the real documents are absent');
  if (missing) {
    cpu = { notMeasured: missing };
  } else {
    console.error('profile: CPU profile of one full Tasklist generation…');
    const project = path.join(workDir, 'profile', 'tasklist');
    const profDir = path.join(workDir, 'profile', 'cpuprofiles');
    prepareProject(project, {
      graphqlSchema: realDocs.tasklistSdl,
      operationsDir: path.join(repoRoot, 'operations'),
      openapiDocument: realDocs.tasklist87,
    });
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
    try {
      // One unprofiled run first, as the timed runs in codegen.ts have: the config cache and the
      // engines' code cache are then warm, so the profile shows a repeat run's costs.
      await runOnce({ label: 'ours: generate (warm-up)', command: process.execPath, args: [toolBins.ours, 'generate'], cwd: project });
      rmSync(path.join(project, 'generated'), { recursive: true, force: true });
      const sample = await runOnce({
        label: 'ours: generate (profiled)',
        command: process.execPath,
        args: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=500', toolBins.ours, 'generate'],
        cwd: project,
      });
      cpu = { ...selfTimeByPlace(profDir), wallMs: sample.wallMs };
    } catch (error) {
      cpu = { notMeasured: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
  }
  const result: ProfileResults = { imports, ...(cpu ? { cpu } : {}) };
  writePartResult('profile', renderProfile(result, runs), result);
  return result;
}

function renderProfile(r: ProfileResults, runs: number): string {
  const lines = [
    '## Where our time goes',
    '',
    `### Import cost (fresh process each, timed around \`await import(x)\` only, median of ${runs})`,
    '',
    "A package's time includes everything it loads; packages share dependencies (openapi-typescript loads the whole TypeScript compiler), so the rows do not add up.",
    '',
    table(
      ['module', 'median', 'min'],
      r.imports.map((i) => (i.error ? [i.what, `not measured: ${i.error}`, ''] : [i.what, ms(i.median), ms(i.min)])),
    ),
    '',
  ];
  if (r.cpu && 'notMeasured' in r.cpu) {
    lines.push('### CPU profile of `generate` (GraphQL + REST, Tasklist)', '', `Not measured: ${r.cpu.notMeasured}`, '');
  } else if (r.cpu) {
    const cpu = r.cpu;
    const top = cpu.entries.slice(0, 15);
    lines.push(
      '### CPU profile of `generate` (GraphQL + REST, Tasklist)',
      '',
      `One run under \`node --cpu-prof\` after an unprofiled warm-up (${cpu.profiles} profile file(s): main thread plus any workers), wall ${ms(cpu.wallMs)} with profiling on; sampled time ${ms(cpu.total)}. Self time by where the code lives:`,
      '',
      table(
        ['where', 'self time', 'share'],
        top.map((e) => [e.where, ms(e.ms), `${((100 * e.ms) / cpu.total).toFixed(1)} %`]),
      ),
      '',
      "The same samples with time inside Node's internals (fs, `require` compiling a file, module resolution) charged to the nearest caller outside them — which package asked for the work:",
      '',
      table(
        ['charged to', 'time', 'share', 'its files that ran'],
        cpu.attributed
          .slice(0, 18)
          .map((e) => [e.where, ms(e.ms), `${((100 * e.ms) / cpu.total).toFixed(1)} %`, String(cpu.filesRun[e.where] ?? '')]),
      ),
      '',
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runProfileBench(process.argv.slice(2));
  console.log('wrote bench/.work/results/profile.md');
}
