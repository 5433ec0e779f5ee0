/**
 * Bench part `typecheck`: how long a strict `tsc` takes over the code generated for each document of
 * the conformance suite (the public documents of other projects and Camunda's real ones) — what a
 * user's own type-check pays for the generated client. Each document is generated once (from the
 * sources), then `tsc -p` over that output alone runs a few times after a warm-up.
 *
 *   npx tsx bench/typecheck.ts [--quick] [--consumer] [--documents <regex>]
 *
 * It also measures the consumer's compiler on an app calling three operations, against
 * openapi-typescript + openapi-fetch by hand, orval and hey-api (`consumerTypecheck` below).
 *
 * A document whose folder is absent says "not measured: …", never a number.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadGraphQLSchemaSource } from '../src/fetch/load-schema.js';
import { generateGraphQL } from '../src/generate/graphql/index.js';
import { generateRest } from '../src/generate/rest/index.js';
import type { GenerationResult } from '../src/generate/types.js';
import { measure, measureInterleaved, type Outcome, isMeasured } from './lib/measure.js';
import { realDir, repoRoot, toolBins, workDir } from './lib/paths.js';
import { benchOptions, mb, ms, table, writePartResult } from './lib/report.js';
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

/** `--consumer`: the consumer type-check alone; `--documents <regex>`: only the documents (of both checks) whose name matches (trying the harness). */
const consumerOnly = process.argv.includes('--consumer');
const documentFilter = process.argv.includes('--documents')
  ? new RegExp(process.argv[process.argv.indexOf('--documents') + 1] ?? '', 'i')
  : undefined;

async function main(): Promise<void> {
  const loadBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  await rm(outRoot, { recursive: true, force: true });
  const rows: string[][] = [];
  const data: Array<{ name: string; side: string; files: number; bytes: number; outcome: Outcome }> = [];
  for (const document of consumerOnly ? [] : documents.filter((d) => !documentFilter || documentFilter.test(d.name))) {
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
  const consumer = await consumerTypecheck();
  const loadAfter = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const markdown = [
    '## typecheck',
    '',
    `Load average (1/5/15 min) before → after: ${loadBefore.join(' / ')} → ${loadAfter.join(' / ')} on ${os.cpus().length} cores${Math.max(...loadBefore, ...loadAfter) > os.cpus().length ? ' — **the machine was loaded: these figures are not to be quoted**' : ''}.`,
    '',
    `Strict \`tsc -p\` (\`strict\`, \`noUncheckedIndexedAccess\`, generated declarations checked, no lib check) over the code generated for each document alone (the runtime's sources, which it imports, included: the baseline row is that part alone), median of ${options.runs(3)} run(s) after a warm-up, the process started each time (so TypeScript's own start-up, about 0.5 s, is in every number).`,
    '',
    table(['document', 'side', 'files', 'generated', 'tsc (median)', 'min–max'], rows),
    '',
    consumer.markdown,
  ].join('\n');
  writePartResult('typecheck', markdown, { documents: data, consumer: consumer.data, load: { before: loadBefore, after: loadAfter } });
  process.stdout.write(`${markdown}\n`);
}

/**
 * What the consumer's compiler pays: an app that imports the generated client and calls three
 * operations, `tsc --noEmit` over it (what it imports included), for ours and for what a user would
 * otherwise write or generate: openapi-typescript's types with openapi-fetch by hand, orval's fetch
 * client, hey-api's SDK. The same three operations for each (the document's first three with an
 * operationId, in its order), each called with its own parameter types, so every tool's types for
 * them are worked out. Time and peak memory of `tsc` (a fresh process each run).
 */
interface ConsumerDocument {
  name: string;
  file: string;
  select?: { tags: string[] };
}

const consumerDocuments: ConsumerDocument[] = [
  { name: 'Tasklist 8.7', file: path.join(realDir, 'tasklist-openapi-8.7.yaml') },
  {
    name: 'Orchestration Cluster, user-task selection',
    file: path.join(realDir, 'orchestration-cluster-openapi.json'),
    select: { tags: ['User task'] },
  },
  { name: 'Orchestration Cluster, whole document', file: path.join(realDir, 'orchestration-cluster-openapi.json') },
  { name: 'DigitalOcean', file: path.join(publicDir, 'openapi/digital-ocean-api.bundled.yaml') },
  { name: 'Discord', file: path.join(publicDir, 'openapi/discord-openapi-3.1.json') },
];

const consumerTools = [
  'ours',
  'openapi-typescript + openapi-fetch (by hand)',
  'orval (fetch client)',
  '@hey-api/openapi-ts (sdk)',
] as const;
type ConsumerTool = (typeof consumerTools)[number];

interface ChosenOperation {
  path: string;
  method: string;
  operationId: string;
}

/** The first three operations with an operationId (of the selected tags, when there are some), in document order. */
async function chooseOperations(document: ConsumerDocument): Promise<ChosenOperation[]> {
  const { parseOpenApiSource } = await import('../src/fetch/openapi/source.js');
  const source = parseOpenApiSource(await readFile(document.file, 'utf8'), document.file);
  const chosen: ChosenOperation[] = [];
  for (const [route, item] of Object.entries(source.document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = (item as Record<string, { operationId?: unknown; tags?: unknown }>)[method];
      if (!operation || typeof operation.operationId !== 'string' || !/^[A-Za-z_$][\w$-]*$/.test(operation.operationId)) continue;
      if (document.select && !(Array.isArray(operation.tags) && operation.tags.some((t) => document.select!.tags.includes(t)))) continue;
      if (chosen.length < 3) chosen.push({ path: route, method, operationId: operation.operationId });
    }
  }
  return chosen;
}

/** An exported function of `text` named after `operationId` in any casing (every tool camel-cases it its own way). */
function exportedNameFor(text: string, operationId: string): string | undefined {
  const wanted = operationId.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  for (const match of text.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+([A-Za-z_$][\w$]*)/g)) {
    if (match[1]!.replace(/[^A-Za-z0-9]/g, '').toLowerCase() === wanted) return match[1];
  }
  return undefined;
}

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${path.basename(args[0] ?? command)} failed: ${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-3).join(' / ')}`);
}

/** Writes the tool's client for `document` into `dir` and the app calling `operations`; returns the app's folder. */
async function consumerApp(tool: ConsumerTool, document: ConsumerDocument, operations: ChosenOperation[], dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const doc = path.join(dir, `openapi${path.extname(document.file)}`);
  await writeFile(doc, await readFile(document.file));
  const functionNames = (module: string, text: string): string[] => {
    const names = operations.map((o) => exportedNameFor(text, o.operationId));
    const missing = operations.find((_, i) => !names[i]);
    if (missing) throw new Error(`no function for ${missing.operationId} in ${module}`);
    return names as string[];
  };
  const calls = (module: string, text: string) => {
    const names = functionNames(module, text);
    return [
      `import { ${names.join(', ')} } from '${module}';`,
      'export async function app() {',
      ...names.map((name, i) => `  const r${i} = await ${name}(...([] as unknown as Parameters<typeof ${name}>));`),
      '  return [r0, r1, r2] as const;',
      '}',
      '',
    ].join('\n');
  };
  let app: string;
  if (tool === 'ours') {
    const runtime = await oursRuntime();
    const result = await generateRest({
      documentFile: doc,
      cwd: dir,
      runtimeImport: runtime.specifier,
      ...(document.select ? { select: document.select } : {}),
    });
    for (const file of result.files) {
      await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
      await writeFile(path.join(dir, file.path), file.contents);
    }
    await mkdir(path.join(dir, 'node_modules/@tasklist-codegen'), { recursive: true });
    await symlink(runtime.packageDir, path.join(dir, 'node_modules/@tasklist-codegen/runtime'), 'dir');
    // The functions take the client first; the app builds it as the README says, as the by-hand side builds openapi-fetch's.
    const names = functionNames('./rest/index.js', await readFile(path.join(dir, 'rest/index.ts'), 'utf8'));
    app = [
      `import { createTasklistClient } from '${runtime.specifier}';`,
      "import type { paths } from './rest/schema.js';",
      `import { ${names.join(', ')} } from './rest/index.js';`,
      "const { rest } = createTasklistClient<paths>({ baseUrl: 'http://localhost:8080', graphql: false });",
      'export async function app() {',
      ...names.flatMap((name, i) => [
        `  const [, ...a${i}] = [] as unknown as Parameters<typeof ${name}>;`,
        `  const r${i} = await ${name}(rest, ...a${i});`,
      ]),
      '  return [r0, r1, r2] as const;',
      '}',
      '',
    ].join('\n');
  } else if (tool === 'openapi-typescript + openapi-fetch (by hand)') {
    run(process.execPath, [toolBins.openapiTypescript, doc, '-o', path.join(dir, 'schema.d.ts')], dir);
    app = [
      "import createClient from 'openapi-fetch';",
      "import type { paths } from './schema.js';",
      "const client = createClient<paths>({ baseUrl: 'http://localhost:8080' });",
      'export async function app() {',
      ...operations.map((o, i) => `  const r${i} = await client.${o.method.toUpperCase()}(${JSON.stringify(o.path)}, {} as never);`),
      '  return [r0.data, r1.data, r2.data] as const;',
      '}',
      '',
    ].join('\n');
  } else if (tool === 'orval (fetch client)') {
    await writeFile(
      path.join(dir, 'orval.config.mjs'),
      `export default ${JSON.stringify({ api: { input: { target: doc, unsafeDisableValidation: true }, output: { target: 'orval/api.ts', client: 'fetch' } } })};\n`,
    );
    run(process.execPath, [toolBins.orval, '--config', 'orval.config.mjs'], dir);
    app = calls('./orval/api.js', await readFile(path.join(dir, 'orval/api.ts'), 'utf8'));
  } else {
    run(process.execPath, [toolBins.heyApi, '-i', doc, '-o', path.join(dir, 'hey-api')], dir);
    app = calls('./hey-api/sdk.gen.js', await readFile(path.join(dir, 'hey-api/sdk.gen.ts'), 'utf8'));
  }
  await writeFile(path.join(dir, 'app.ts'), app);
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...STRICT_COMPILER_OPTIONS, allowImportingTsExtensions: false }, files: ['app.ts'] }),
  );
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
}

/**
 * The runtime as an app gets it: the package `@tasklist-codegen/runtime` in the app's node_modules,
 * resolved through its exports map (under NodeNext, its Node entry) — packages/runtime's
 * package.json over a build of it with its own build script (scripts/build-runtime.mjs, whose
 * declarations are rolled up per entry), into the bench's scratch folder once per run.
 */
let oursRuntimePackage: Promise<string> | undefined;
async function oursRuntime(): Promise<{ specifier: string; packageDir: string }> {
  oursRuntimePackage ??= (async () => {
    const packageDir = path.join(outRoot, 'consumer', 'runtime-package');
    await rm(packageDir, { recursive: true, force: true });
    await mkdir(packageDir, { recursive: true });
    await copyFile(path.join(repoRoot, 'packages/runtime/package.json'), path.join(packageDir, 'package.json'));
    run(process.execPath, [path.join(repoRoot, 'scripts/build-runtime.mjs'), '--outDir', path.join(packageDir, 'dist')], repoRoot);
    return packageDir;
  })();
  return { specifier: '@tasklist-codegen/runtime', packageDir: await oursRuntimePackage };
}

async function consumerTypecheck(): Promise<{ markdown: string; data: unknown }> {
  const rows: string[][] = [];
  const data: Array<{ document: string; tool: ConsumerTool; outcome: Outcome }> = [];
  for (const document of consumerDocuments.filter((d) => !documentFilter || documentFilter.test(d.name))) {
    const base = path.join(outRoot, 'consumer', document.name.replace(/\W+/g, '-'));
    if (!existsSync(document.file)) {
      rows.push([document.name, ...consumerTools.map(() => `not measured: ${path.relative(repoRoot, document.file)} is absent`)]);
      continue;
    }
    const operations = await chooseOperations(document);
    // Every tool's app first, then their runs interleaved (A B C D A B C D …), as the other parts
    // measure: run one after another, a drift of the machine's speed lands on one tool.
    const prepared = new Map<ConsumerTool, string>();
    const outcomes = new Map<ConsumerTool, Outcome>();
    for (const tool of consumerTools) {
      const dir = path.join(base, tool.replace(/\W+/g, '-'));
      try {
        if (operations.length < 3) throw new Error('fewer than three operations with an operationId');
        const bin = tool.startsWith('orval') ? toolBins.orval : tool.startsWith('@hey-api') ? toolBins.heyApi : undefined;
        if (bin && !existsSync(bin)) throw new Error(`${path.relative(repoRoot, bin)} is missing: run \`npm --prefix bench ci\``);
        await consumerApp(tool, document, operations, dir);
        prepared.set(tool, dir);
      } catch (error) {
        outcomes.set(tool, {
          label: tool,
          notMeasured: String((error as Error).message)
            .split('\n')
            .slice(0, 2)
            .join(' ')
            .slice(0, 200),
        });
      }
    }
    const specs = [...prepared].map(([tool, dir]) => ({
      label: tool,
      command: process.execPath,
      args: [tsc, '--noEmit', '-p', dir],
      cwd: dir,
    }));
    for (const outcome of await measureInterleaved(specs, { runs: options.runs(5), warmup: 1 })) {
      // tsc failing is the tool's output not type-checking under the strict options: say its first error.
      const tsError = isMeasured(outcome) ? undefined : /error TS\d+: [^\n]*/.exec(outcome.error ?? '')?.[0];
      outcomes.set(
        outcome.label as ConsumerTool,
        tsError ? { label: outcome.label, notMeasured: `its output does not type-check: ${tsError.slice(0, 160)}` } : outcome,
      );
    }
    const ours = outcomes.get('ours');
    const oursMedian = isMeasured(ours) ? ours.wall.median : Number.NaN;
    const cells: string[] = [];
    for (const tool of consumerTools) {
      const outcome = outcomes.get(tool)!;
      data.push({ document: document.name, tool, outcome });
      cells.push(
        isMeasured(outcome)
          ? `**${ms(outcome.wall.median)}**, ${mb(outcome.rss.max)}${tool === 'ours' ? '' : ` (ours ${Number.isFinite(oursMedian) ? `${(oursMedian / outcome.wall.median).toFixed(2)}×` : '–'})`}`
          : `not measured: ${outcome.notMeasured}`,
      );
      console.error(`[bench] consumer typecheck ${document.name} / ${tool}: ${cells.at(-1)}`);
    }
    rows.push([`${document.name} (${operations.map((o) => o.operationId).join(', ')})`, ...cells]);
  }
  const markdown = [
    '### Consumer type-check: an app that imports the client and calls three operations',
    '',
    `\`tsc --noEmit\` (the strict options above) over \`app.ts\` and everything it imports, median wall of ${options.runs(5)} run(s) after a warm-up (the tools' runs interleaved), and peak RSS; each cell's ratio is ours against that tool (below 1 = ours cheaper). ` +
      "The three operations are the document's first three with an operationId (of the `User task` tag for the selection), called with each tool's own parameter types. " +
      `Ours builds its client with \`createTasklistClient\` and imports the runtime as an app does: the package \`@tasklist-codegen/runtime\` from node_modules, through its exports map (its Node entry), built by its own build script; openapi-fetch and the others from their packages.`,
    '',
    table(['document (operations)', ...consumerTools], rows),
  ].join('\n');
  return { markdown, data };
}

await main();
