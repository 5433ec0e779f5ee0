/**
 * Bench part `bigdocs`: big public OpenAPI documents (DigitalOcean's 1.9 MB YAML, Discord's JSON, and
 * the Orchestration Cluster document as YAML), `generate --rest` (types + functions) against the
 * openapi-typescript CLI (types only) on the same file: wall, CPU and peak memory, and each YAML
 * document against the same document as JSON (converted by the `yaml` package into bench/.work).
 * Peak memory hardly depends on the machine's load; wall time does.
 *
 *   tsx bench/bigdocs.ts [--quick]
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { isMeasured, measureInterleaved, type CommandSpec, type Outcome } from './lib/measure.js';
import { realDir, repoRoot, toolBins, workDir } from './lib/paths.js';
import { oursMissing, requireOutput } from './lib/projects.js';
import { benchOptions, goalTable, ms, ratio, timingTable, writePartResult, type GoalStatus } from './lib/report.js';

const publicDir = path.resolve(repoRoot, '../shared/fixtures/public/openapi');
const root = path.join(workDir, 'bigdocs');

interface BigDocument {
  name: string;
  /** The document as published; `convert`: also measured converted to that format. */
  file: string;
  convert?: 'json' | 'yaml';
}

const bigDocuments: BigDocument[] = [
  { name: 'DigitalOcean', file: path.join(publicDir, 'digital-ocean-api.bundled.yaml'), convert: 'json' },
  { name: 'Discord', file: path.join(publicDir, 'discord-openapi-3.1.json') },
  { name: 'Orchestration Cluster', file: path.join(realDir, 'orchestration-cluster-openapi.json'), convert: 'yaml' },
];

/** A project folder with the document in `schemas/` (a hard link, else the text) and a codegen.ts for the REST side only. */
function project(dir: string, documentFile: string, text?: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'schemas'), { recursive: true });
  const target = path.join(dir, 'schemas', `openapi${path.extname(documentFile)}`);
  if (text !== undefined) writeFileSync(target, text);
  else {
    try {
      linkSync(documentFile, target);
    } catch {
      writeFileSync(target, readFileSync(documentFile));
    }
  }
  writeFileSync(
    path.join(dir, 'codegen.ts'),
    `// Written by bench/bigdocs.ts\nexport const tasklist = { graphql: false, forms: false, rest: { schemaFile: ${JSON.stringify(`schemas/${path.basename(target)}`)} } };\n`,
  );
  return target;
}

function specs(label: string, dir: string, documentPath: string): CommandSpec[] {
  return [
    {
      label: `ours: generate --rest (${label})`,
      command: process.execPath,
      args: [toolBins.ours, 'generate', '--rest'],
      cwd: dir,
      before: () => rmSync(path.join(dir, 'generated'), { recursive: true, force: true }),
      verify: () => requireOutput(path.join(dir, 'generated'), 'generate'),
    },
    {
      label: `openapi-typescript CLI (${label})`,
      command: process.execPath,
      args: [toolBins.openapiTypescript, documentPath, '-o', path.join(dir, 'alt-out', 'schema.d.ts')],
      cwd: dir,
      before: () => rmSync(path.join(dir, 'alt-out'), { recursive: true, force: true }),
      verify: () => requireOutput(path.join(dir, 'alt-out'), 'openapi-typescript'),
    },
  ];
}

export async function runBigDocsBench(argv: string[] = []): Promise<void> {
  const opts = benchOptions(argv);
  const runs = opts.runs(3);
  const loadBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const sections: string[] = [];
  const goals: GoalStatus[] = [];
  const data: Record<string, Outcome[]> = {};
  const missing = oursMissing();
  for (const document of bigDocuments) {
    if (!existsSync(document.file) || missing) {
      sections.push(`### ${document.name}\n\nNot measured: ${missing ?? `${document.file} is absent`}.\n`);
      continue;
    }
    const original = path.extname(document.file) === '.json' ? 'JSON' : 'YAML';
    const dir = path.join(root, document.name.replace(/\W+/g, '-'));
    const variants: Array<{ label: string; dir: string; file: string }> = [
      { label: original, dir: path.join(dir, original.toLowerCase()), file: '' },
    ];
    variants[0]!.file = project(variants[0]!.dir, document.file);
    if (document.convert) {
      const label = document.convert.toUpperCase();
      const value = parse(readFileSync(document.file, 'utf8'), { maxAliasCount: -1 });
      const text = document.convert === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { aliasDuplicateObjects: false });
      const variantDir = path.join(dir, document.convert);
      variants.push({
        label,
        dir: variantDir,
        file: project(variantDir, document.file.replace(/\.\w+$/, `.${document.convert}`), text),
      });
    }
    console.error(`bigdocs: ${document.name} (${variants.map((v) => v.label).join(', ')}; ${runs} runs each, interleaved)…`);
    const outcomes = await measureInterleaved(
      variants.flatMap((v) => specs(v.label, v.dir, v.file)),
      { runs, warmup: 1 },
    );
    data[document.name] = outcomes;
    const get = (label: string) => outcomes.find((o) => o.label === label);
    for (const v of variants) {
      const ours = get(`ours: generate --rest (${v.label})`);
      const alt = get(`openapi-typescript CLI (${v.label})`);
      if (!isMeasured(ours) || !isMeasured(alt)) continue;
      goals.push(
        {
          goal: `${document.name} as ${v.label}: types + functions ≤ 0.8× openapi-typescript's wall time`,
          measured: `${ms(ours.wall.median)} vs ${ms(alt.wall.median)} = ${ratio(ours.wall.median, alt.wall.median)}`,
          status: ours.wall.median <= 0.8 * alt.wall.median ? 'met' : 'not met',
        },
        {
          goal: `${document.name} as ${v.label}: peak memory ≤ 1.0× openapi-typescript's`,
          measured: `${Math.round(ours.rss.max / 1024)} MB vs ${Math.round(alt.rss.max / 1024)} MB = ${ratio(ours.rss.max, alt.rss.max)}`,
          status: ours.rss.max <= alt.rss.max ? 'met' : 'not met',
        },
      );
    }
    const yaml = get('ours: generate --rest (YAML)');
    const json = get('ours: generate --rest (JSON)');
    if (isMeasured(yaml) && isMeasured(json)) {
      goals.push({
        goal: `${document.name}: YAML within 1.2× the same document as JSON (ours, wall)`,
        measured: `${ms(yaml.wall.median)} vs ${ms(json.wall.median)} = ${ratio(yaml.wall.median, json.wall.median)}`,
        status: yaml.wall.median <= 1.2 * json.wall.median ? 'met' : 'not met',
      });
    }
    sections.push(`### ${document.name}\n\n${timingTable(outcomes)}\n`);
  }
  const loadAfter = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const cores = os.cpus().length;
  const markdown = [
    '## Big documents: generate --rest against openapi-typescript',
    '',
    `Each row: ${runs} timed runs after a warm-up, the commands' runs interleaved; peak RSS is the largest over the runs. A converted document (JSON from YAML or the other way, by the \`yaml\` package) is the same document in the other format.`,
    '',
    `Load average (1/5/15 min) before → after: ${loadBefore.join(' / ')} → ${loadAfter.join(' / ')} on ${cores} cores${Math.max(...loadBefore, ...loadAfter) > cores ? ' — **the machine was loaded: the wall times are not to be quoted** (peak memory hardly depends on load)' : ''}.`,
    '',
    ...sections,
    '### Big-document goals',
    '',
    goals.length ? goalTable(goals) : 'Not measured.',
    '',
  ].join('\n');
  writePartResult('bigdocs', markdown, { outcomes: data, goals, load: { before: loadBefore, after: loadAfter } });
  process.stdout.write(markdown);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runBigDocsBench(process.argv.slice(2));
}
