/**
 * Bench part `typecheck`: how long a strict `tsc` takes over the code generated for each document of
 * the conformance suite (the public documents of other projects and Camunda's real ones) — what a
 * user's own type-check pays for the generated client. Each document is generated once (from the
 * sources), then `tsc -p` over that output alone runs a few times after a warm-up.
 *
 *   npx tsx bench/typecheck.ts [--quick]
 *
 * A document whose folder is absent says "not measured: …", never a number.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGraphQLSchemaSource } from '../src/fetch/load-schema.js';
import { generateGraphQL } from '../src/generate/graphql/index.js';
import { generateRest } from '../src/generate/rest/index.js';
import type { GenerationResult } from '../src/generate/types.js';
import { measure, type Outcome, isMeasured } from './lib/measure.js';
import { realDir, repoRoot, workDir } from './lib/paths.js';
import { benchOptions, ms, table, writePartResult } from './lib/report.js';
import { STRICT_COMPILER_OPTIONS } from '../test/support/strict-compiler-options.js';

const publicDir = path.resolve(repoRoot, '../shared/fixtures/public');
const outRoot = path.join(workDir, 'typecheck');
const runtimeModule = path.join(repoRoot, 'src/runtime/index.js');
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
const options = benchOptions();

interface Document {
  name: string;
  side: 'rest' | 'graphql' | 'baseline';
  /** OpenAPI document, or the GraphQL schema (SDL or introspection JSON). */
  file: string;
  /** GraphQL: the folder of the operations, and files to leave out (a subscription: refused by design). */
  operationsDir?: string;
  exclude?: RegExp;
}

const documents: Document[] = [
  // What every row includes: the runtime's own sources, which the generated code imports and tsc checks too.
  { name: 'runtime alone (baseline)', side: 'baseline', file: runtimeModule.replace(/\.js$/, '.ts') },
  { name: 'simple-example', side: 'rest', file: path.join(publicDir, 'openapi/simple-example.yaml') },
  { name: 'openapi-fetch-common', side: 'rest', file: path.join(publicDir, 'openapi/openapi-fetch-common.yaml') },
  { name: 'digital-ocean', side: 'rest', file: path.join(publicDir, 'openapi/digital-ocean-api.bundled.yaml') },
  { name: 'discord', side: 'rest', file: path.join(publicDir, 'openapi/discord-openapi-3.1.json') },
  { name: 'tasklist-8.7', side: 'rest', file: path.join(realDir, 'tasklist-openapi-8.7.yaml') },
  { name: 'operate-8.6', side: 'rest', file: path.join(realDir, 'operate-openapi-8.6.yaml') },
  { name: 'orchestration-cluster', side: 'rest', file: path.join(realDir, 'orchestration-cluster-openapi.json') },
  {
    name: 'star-wars',
    side: 'graphql',
    file: path.join(publicDir, 'graphql/star-wars/schema.json'),
    operationsDir: path.join(publicDir, 'graphql/star-wars'),
  },
  {
    name: 'githunt',
    side: 'graphql',
    file: path.join(publicDir, 'graphql/githunt/schema.json'),
    operationsDir: path.join(publicDir, 'graphql/githunt'),
    exclude: /subscription/,
  },
  {
    name: 'github',
    side: 'graphql',
    file: path.join(publicDir, 'graphql/github/schema.graphql'),
    operationsDir: path.join(publicDir, 'graphql/github/operations'),
  },
  {
    name: 'tasklist-graphql',
    side: 'graphql',
    file: path.join(realDir, 'tasklist.graphqls'),
    operationsDir: path.join(repoRoot, 'operations'),
  },
];

async function generateInto(document: Document, dir: string): Promise<GenerationResult> {
  if (document.side === 'baseline')
    return {
      files: [{ path: 'uses-runtime.ts', contents: `export type { RequestOptions } from ${JSON.stringify(runtimeModule)};\n` }],
      warnings: [],
    };
  if (document.side === 'rest') return generateRest({ documentFile: document.file, cwd: dir, runtimeImport: runtimeModule });
  const schemaFile = path.join(dir, 'schema.graphql');
  const text = await readFile(document.file, 'utf8');
  await writeFile(schemaFile, loadGraphQLSchemaSource(text, document.file).sdl);
  const operationFiles = (await readdir(document.operationsDir!)).filter(
    (name) => /\.(graphql|gql)$/.test(name) && name !== path.basename(document.file) && !document.exclude?.test(name),
  );
  await mkdir(path.join(dir, 'operations'), { recursive: true });
  for (const name of operationFiles)
    await writeFile(path.join(dir, 'operations', name), await readFile(path.join(document.operationsDir!, name)));
  return generateGraphQL({ schemaFile, operations: 'operations/*.{graphql,gql}', cwd: dir, runtimeImport: runtimeModule });
}

async function main(): Promise<void> {
  await rm(outRoot, { recursive: true, force: true });
  const rows: string[][] = [];
  const data: Array<{ name: string; side: string; files: number; bytes: number; outcome: Outcome }> = [];
  for (const document of documents) {
    const dir = path.join(outRoot, document.name.replace(/\W+/g, '-'));
    if (!existsSync(document.file)) {
      const outcome: Outcome = { label: document.name, notMeasured: `${path.relative(repoRoot, document.file)} is absent` };
      data.push({ name: document.name, side: document.side, files: 0, bytes: 0, outcome });
      rows.push([document.name, document.side, '–', '–', `not measured: ${outcome.notMeasured}`, '–']);
      continue;
    }
    await mkdir(dir, { recursive: true });
    const result = await generateInto(document, dir);
    const outputDir = path.join(dir, 'out');
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(outputDir, file.path)), { recursive: true });
      await writeFile(path.join(outputDir, file.path), file.contents);
    }
    await writeFile(
      path.join(outputDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: STRICT_COMPILER_OPTIONS,
        include: ['**/*.ts'],
      }),
    );
    const bytes = result.files.reduce((sum, file) => sum + Buffer.byteLength(file.contents), 0);
    let outcome: Outcome;
    try {
      outcome = await measure(
        { label: document.name, command: process.execPath, args: [tsc, '-p', outputDir], cwd: repoRoot },
        { runs: options.runs(3), warmup: 1 },
      );
    } catch (error) {
      outcome = {
        label: document.name,
        notMeasured: `tsc failed: ${String((error as Error).message)
          .split('\n')
          .slice(1, 3)
          .join(' ')
          .slice(0, 200)}`,
      };
    }
    data.push({ name: document.name, side: document.side, files: result.files.length, bytes, outcome });
    rows.push(
      isMeasured(outcome)
        ? [
            document.name,
            document.side,
            String(result.files.length),
            `${Math.round(bytes / 1024)} KiB`,
            ms(outcome.wall.median),
            `${ms(outcome.wall.min)}–${ms(outcome.wall.max)}`,
          ]
        : [
            document.name,
            document.side,
            String(result.files.length),
            `${Math.round(bytes / 1024)} KiB`,
            `not measured: ${outcome.notMeasured}`,
            '–',
          ],
    );
    console.error(`[bench] typecheck ${document.name}: ${rows.at(-1)![4]}`);
  }
  const markdown = [
    '## typecheck',
    '',
    `Strict \`tsc -p\` (\`strict\`, \`noUncheckedIndexedAccess\`, generated declarations checked, no lib check) over the code generated for each document alone (the runtime's sources, which it imports, included: the baseline row is that part alone), median of ${options.runs(3)} run(s) after a warm-up, the process started each time (so TypeScript's own start-up, about 0.5 s, is in every number).`,
    '',
    table(['document', 'side', 'files', 'generated', 'tsc (median)', 'min–max'], rows),
  ].join('\n');
  writePartResult('typecheck', markdown, { documents: data });
  process.stdout.write(`${markdown}\n`);
}

await main();
