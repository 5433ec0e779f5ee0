/**
 * The generate orchestrator: runs the GraphQL and REST generators for the sides asked for,
 * skips a side whose inputs are unchanged, and writes `generated/` in one atomic swap.
 * It also regenerates in memory for `check`, which must never write.
 *
 * The generators are imported lazily: a no-op run (inputs unchanged) never loads
 * graphql-codegen or openapi-typescript, which is most of the start-up time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig, ResolvedFormsSide, ResolvedGraphQLSide, ResolvedRestSide } from '../config/resolve.js';
import { readIfExists, recoverDirectory } from '../util/atomic-write.js';
import { readFileInside, schemaFolderOf } from '../util/contained-path.js';
import { TasklistCodegenError } from '../util/errors.js';
import { matchFiles } from '../util/match-files.js';
import { readNoApiRecord } from '../fetch/metadata.js';
import { generatorFingerprint } from './fingerprint.js';
import type { GeneratedFile, GenerationResult, GenerationWarning } from './types.js';
import {
  listFiles,
  MANIFEST_FILE,
  readGeneratedFile,
  renderManifest,
  readManifest,
  sha256,
  intactSideFiles,
  SIDES,
  writeGeneratedDirectory,
  type Manifest,
  type Side,
  type SideManifest,
} from './write.js';

export { MANIFEST_FILE, SIDES, type Manifest, type Side } from './write.js';
export { generatorFingerprint, generatorSources } from './fingerprint.js';

/** The two generators, as the orchestrator calls them. Tests may pass their own. */
export interface Generators {
  graphql(options: {
    schemaFile: string;
    operations: string[];
    /** The configured globs, named in the generated files' header. */
    operationsPattern?: string[];
    cwd: string;
    runtimeImport: string;
    scalars?: Record<string, string>;
  }): Promise<GenerationResult>;
  rest(options: {
    documentFile: string;
    cwd: string;
    runtimeImport: string;
    select?: { tags?: string[]; operationIds?: string[] };
  }): Promise<GenerationResult>;
}

/** The real generators: their engines, loaded on first use only (engines.ts); a big OpenAPI document's on a worker (worker.ts). */
export const defaultGenerators: Generators = {
  async graphql(options) {
    const { runGraphQLGenerator } = await import('./engines.js');
    return runGraphQLGenerator(options);
  },
  async rest(options) {
    if (await isBigDocument(path.resolve(options.cwd, options.documentFile))) {
      const { generateRestInWorker } = await import('./worker.js');
      return generateRestInWorker(options);
    }
    const { runRestGenerator } = await import('./engines.js');
    return runRestGenerator(options);
  },
};

/**
 * From this size on, an OpenAPI document is generated on a worker with a small young generation
 * (worker.ts), for less peak memory; below it (Tasklist's documents: 36 KB) starting a worker
 * would cost more time than the memory it saves.
 */
export const BIG_DOCUMENT_BYTES = 512 * 1024;

/** Whether `file` is a big document (`BIG_DOCUMENT_BYTES`); one that cannot be read is not. */
export async function isBigDocument(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size >= BIG_DOCUMENT_BYTES;
  } catch {
    // The engine reports a document it cannot read, as for any other.
    return false;
  }
}

/** Bad input to generation (a schema that is not there): says which file and what to run. */
export class GenerateInputError extends TasklistCodegenError<'GENERATE_INPUT'> {
  override readonly name = 'GenerateInputError';
  declare readonly hint: string;
  constructor(message: string, hint: string) {
    super('GENERATE_INPUT', message, { hint });
  }
}

export interface SideOutcome {
  side: Side;
  /** generated: the generator ran; unchanged: inputs and files matched the manifest; skipped: no schema (GraphQL only, when not required); disabled: off in config. */
  status: 'generated' | 'unchanged' | 'skipped' | 'disabled';
  /** Why a side was skipped, for the one line the CLI prints. */
  note?: string;
  /** Output paths of the side (relative to `outDir`). */
  files: string[];
  warnings: GenerationWarning[];
  inputs?: SideInputs;
  ms: number;
}

export interface GenerateOptions {
  /** Default: every side the config enables. */
  sides?: readonly Side[];
  /** Run the generators even when the inputs are unchanged. */
  force?: boolean;
  generators?: Generators;
  /** Use these schema files instead of the configured ones (check --fetch: the freshly fetched schemas). */
  schemaFiles?: Partial<Record<Side, string>>;
  /** Told about state files that were ignored (a manifest naming paths outside `outDir`, a planted swap folder). */
  warn?: (message: string) => void;
}

export interface GenerateOutcome {
  outDir: string;
  /** True when `generated/` was rewritten. */
  written: boolean;
  sides: SideOutcome[];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects (so a side that fails while another is awaited is not an unhandled rejection). */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Everything one side's files are made from. Hashing it is what makes a no-op run cheap. */
export interface SideInputs {
  side: Side;
  /** Absolute paths read (schema, operation files): what `watch` watches. */
  files: string[];
  /** The GraphQL operation files alone (absolute). */
  operationFiles: string[];
  hash: string;
}

/** Regenerates and writes `generated/` (only when something changed). */
export async function generate(config: ResolvedConfig, options: GenerateOptions = {}): Promise<GenerateOutcome> {
  const warnOptions = options.warn ? { warn: options.warn } : {};
  // Every run finishes a swap a killed run left half done, also one that then writes nothing.
  await recoverDirectory(config.outDir, warnOptions);
  const previous = await readManifest(config.outDir, warnOptions);
  const result = await regenerate(config, { ...options, previous });
  const next: Manifest = { generator: generatorFingerprint(), sides: {} };
  const files: GeneratedFile[] = [];
  const requested = new Set(options.sides ?? SIDES);
  for (const side of SIDES) {
    const outcome = result.sides.find((s) => s.side === side);
    if (outcome && (outcome.status === 'generated' || outcome.status === 'unchanged')) {
      next.sides[side] = result.manifestEntries[side]!;
      files.push(...result.filesBySide[side]!);
    } else if (!requested.has(side) && previous?.sides[side] && isEnabled(config, side)) {
      // A side not asked for keeps its files exactly as they are on disk.
      next.sides[side] = previous.sides[side];
      for (const file of Object.keys(previous.sides[side].files)) {
        files.push({ path: file, contents: (await readGeneratedFile(config.outDir, file)) ?? '' });
      }
    }
  }
  // Nothing to write when the manifest would be the same and every file it lists is intact.
  const current = await readGeneratedFile(config.outDir, MANIFEST_FILE);
  if (current === renderManifest(next) && (await everySideIntact(config.outDir, next))) {
    return { outDir: config.outDir, written: false, sides: result.sides };
  }
  await writeGeneratedDirectory(config.outDir, { files, manifest: next, previous, ...warnOptions });
  return { outDir: config.outDir, written: true, sides: result.sides };
}

export interface InMemoryGeneration {
  sides: SideOutcome[];
  filesBySide: Partial<Record<Side, GeneratedFile[]>>;
  manifestEntries: Partial<Record<Side, SideManifest>>;
}

/**
 * Produces each requested side's files in memory. With `previous` (the manifest on disk), a side
 * whose inputs hash and files match is returned from disk without running its generator.
 */
export async function regenerate(
  config: ResolvedConfig,
  options: GenerateOptions & { previous?: Manifest | undefined } = {},
): Promise<InMemoryGeneration> {
  const generators = options.generators ?? defaultGenerators;
  const requested = options.sides ?? SIDES;
  const out: InMemoryGeneration = { sides: [], filesBySide: {}, manifestEntries: {} };
  const claimed = new Map<string, Side>();
  const fingerprint = generatorFingerprint();
  const pending: { side: Side; inputs: SideInputs; started: number; result: (inWorker: boolean) => Promise<GenerationResult> }[] = [];
  const generating =
    (side: Side, schemaFile: string, inputs: SideInputs, sideConfig: ResolvedGraphQLSide | ResolvedRestSide) =>
    async (inWorker: boolean) => {
      if (side === 'graphql') {
        const options = {
          schemaFile,
          operations: inputs.operationFiles.map((f) => rel(config.cwd, f)),
          operationsPattern: [...(sideConfig as ResolvedGraphQLSide).operations],
          cwd: config.cwd,
          runtimeImport: config.runtimeImport,
          scalars: (sideConfig as ResolvedGraphQLSide).scalars,
        };
        if (inWorker) {
          const { generateGraphQLInWorker } = await import('./worker.js');
          return generateGraphQLInWorker(options);
        }
        return generators.graphql(options);
      }
      return generators.rest({
        documentFile: schemaFile,
        cwd: config.cwd,
        runtimeImport: config.runtimeImport,
        ...((sideConfig as ResolvedRestSide).select ? { select: (sideConfig as ResolvedRestSide).select! } : {}),
        ...((sideConfig as ResolvedRestSide).targetVersion ? { targetVersion: (sideConfig as ResolvedRestSide).targetVersion! } : {}),
      });
    };
  /**
   * Takes the side's files from the last run when its inputs and the generator are the same and its
   * files are intact (each read once, inside outDir): true when it did, so nothing is generated.
   */
  const reuseUnchanged = async (side: Side, inputs: SideInputs, started: number): Promise<boolean> => {
    const previous = options.previous?.sides[side];
    if (options.force || !previous || previous.inputs !== inputs.hash || options.previous?.generator !== fingerprint) return false;
    const files = await intactSideFiles(config.outDir, previous);
    if (files === undefined) return false;
    out.filesBySide[side] = files;
    out.manifestEntries[side] = previous;
    out.sides.push({ side, status: 'unchanged', files: files.map((f) => f.path), warnings: [], inputs, ms: performance.now() - started });
    return true;
  };
  for (const side of SIDES) {
    if (!requested.includes(side)) continue;
    const started = performance.now();
    // The forms side (no schema file) is handled on its own just below.
    const sideConfig = config[side] as false | ResolvedGraphQLSide | ResolvedRestSide;
    if (sideConfig === false) {
      out.sides.push({ side, status: 'disabled', note: `${side} is turned off in codegen.ts`, files: [], warnings: [], ms: 0 });
      continue;
    }
    if (side === 'forms') {
      // Forms have no schema file: their inputs are the .form and BPMN files themselves.
      const forms = config.forms as ResolvedFormsSide;
      const inputs = await hashFormInputs(config, forms, fingerprint);
      if (inputs.files.length === 0) {
        out.sides.push({
          side,
          status: 'skipped',
          note: `no .form or BPMN files (${[...forms.files, ...forms.bpmn].join(', ')})`,
          files: [],
          warnings: [],
          ms: performance.now() - started,
        });
        continue;
      }
      if (await reuseUnchanged(side, inputs, started)) continue;
      pending.push({ side, inputs, started, result: () => generateFormsSide(config, inputs) });
      continue;
    }
    const schemaFile = options.schemaFiles?.[side] ?? sideConfig.schemaFile;
    const schema = await readFileInside(schemaFolderOf(config.schemasDir, schemaFile), schemaFile);
    if (schema === undefined) {
      const relative = rel(config.cwd, sideConfig.schemaFile);
      const explicitlyAsked = options.sides !== undefined;
      // No schema and no operations: the project simply has no GraphQL side (8.7+ servers have none).
      const noOperations = side === 'graphql' && (await resolveOperationFiles(config)).length === 0;
      if (side === 'graphql' && noOperations && !(sideConfig as ResolvedGraphQLSide).required && !explicitlyAsked) {
        out.sides.push({
          side,
          status: 'skipped',
          note: `no GraphQL schema at ${relative} (Camunda 8.7+ has no GraphQL API); REST only`,
          files: [],
          warnings: [],
          ms: performance.now() - started,
        });
        continue;
      }
      // fetch found no GraphQL API on the server (404) and recorded that: the operations cannot
      // become functions, which is the server's state, not a missed step; the REST side goes on.
      const noApi =
        side === 'graphql' && !explicitlyAsked && !(sideConfig as ResolvedGraphQLSide).required && !options.schemaFiles?.graphql
          ? await readNoApiRecord(sideConfig.schemaFile)
          : undefined;
      if (noApi) {
        const operationFiles = (await resolveOperationFiles(config)).map((file) => rel(config.cwd, file));
        out.sides.push({
          side,
          status: 'skipped',
          note: `the server has no GraphQL API (404 at ${noApi.sourceUrl}); REST only`,
          files: [],
          warnings: operationFiles.map((file) => ({
            location: file,
            message: `not generated: the server has no GraphQL API (fetch found 404 at ${noApi.sourceUrl}). Move these operations to the REST API, or delete the file.`,
          })),
          ms: performance.now() - started,
        });
        continue;
      }
      const what =
        side === 'graphql'
          ? `No GraphQL schema at ${relative}${noOperations ? '' : ', but operation files need it'}`
          : `No OpenAPI document at ${relative}`;
      // Asked for GraphQL (--graphql, graphql.required) where fetch found none: another fetch would not help.
      const recorded = side === 'graphql' && !options.schemaFiles?.graphql ? await readNoApiRecord(sideConfig.schemaFile) : undefined;
      if (recorded) {
        throw new GenerateInputError(
          `${what}: the server has no GraphQL API (fetch found 404 at ${recorded.sourceUrl})`,
          'Generate the REST side (`generate --rest`), set `graphql: false` in codegen.ts, or point graphql.endpoint at a server that has GraphQL and fetch again.',
        );
      }
      throw new GenerateInputError(what, 'Run `tasklist-codegen fetch` first (or check schemaFile in codegen.ts).');
    }
    const inputs = await hashInputs(config, side, schema, fingerprint);
    if (await reuseUnchanged(side, inputs, started)) continue;
    pending.push({ side, inputs, started, result: generating(side, schemaFile, inputs, sideConfig) });
  }
  // The sides generate concurrently (the GraphQL one on a worker thread when both do, see
  // worker.ts); results are taken in side order, so the first side's error is the one thrown.
  const inWorker = pending.length > 1 && generators === defaultGenerators;
  const running = pending.map((job) => ({ ...job, result: settle(job.result(inWorker)) }));
  for (const { side, inputs, started, result: settled } of running) {
    const outcome = await settled;
    if (!outcome.ok) {
      await Promise.all(running.map((job) => job.result));
      throw outcome.error;
    }
    const result = outcome.value;
    const files = [...result.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of files) {
      const owner = claimed.get(file.path);
      if (owner) throw new Error(`Both the ${owner} and the ${side} generator produced ${file.path}; this is a bug in tasklist-codegen.`);
      claimed.set(file.path, side);
    }
    out.filesBySide[side] = files;
    out.manifestEntries[side] = { inputs: inputs.hash, files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])) };
    out.sides.push({
      side,
      status: 'generated',
      files: files.map((f) => f.path),
      warnings: result.warnings,
      inputs,
      ms: performance.now() - started,
    });
  }
  out.sides.sort((a, b) => SIDES.indexOf(a.side) - SIDES.indexOf(b.side));
  return out;
}

/** One difference between what generation produces now and what is in `generated/`. */
export interface Drift {
  path: string;
  kind: 'changed' | 'missing' | 'extra';
}

/**
 * Compares freshly generated files with `generated/` on disk. The manifest is not compared (it
 * holds hashes, not code); a file on disk that the manifest does not list and generation does
 * not produce is someone's own file and ignored.
 */
export async function compareWithDisk(config: ResolvedConfig, generation: InMemoryGeneration): Promise<Drift[]> {
  const previous = await readManifest(config.outDir);
  const drift: Drift[] = [];
  const produced = new Set<string>();
  for (const side of SIDES) {
    for (const file of generation.filesBySide[side] ?? []) {
      produced.add(file.path);
      const onDisk = await readIfExists(path.join(config.outDir, file.path));
      if (onDisk === undefined) drift.push({ path: file.path, kind: 'missing' });
      else if (onDisk !== file.contents) drift.push({ path: file.path, kind: 'changed' });
    }
  }
  const onDisk = new Set(await listFiles(config.outDir));
  for (const side of SIDES) {
    for (const file of Object.keys(previous?.sides[side]?.files ?? {})) {
      if (!produced.has(file) && onDisk.has(file)) drift.push({ path: file, kind: 'extra' });
    }
  }
  return drift.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The files a side reads, for hashing and for `watch`. */
export async function resolveOperationFiles(config: ResolvedConfig): Promise<string[]> {
  return config.graphql === false ? [] : matchFiles(config.cwd, config.graphql.operations);
}

async function hashInputs(config: ResolvedConfig, side: Side, schema: string, fingerprint: string): Promise<SideInputs> {
  const sideConfig = config[side] as ResolvedGraphQLSide | ResolvedRestSide;
  const parts: string[] = [
    `generator ${fingerprint}`,
    `runtimeImport ${config.runtimeImport}`,
    // Paths are hashed relative to the project so a CI checkout elsewhere gets the same hash.
    `schemaFile ${rel(config.cwd, sideConfig.schemaFile)} ${sha256(schema)}`,
  ];
  const files = [sideConfig.schemaFile];
  const operationFiles: string[] = [];
  if (side === 'graphql') {
    const graphql = sideConfig as ResolvedGraphQLSide;
    parts.push(`scalars ${JSON.stringify(Object.entries(graphql.scalars).sort())}`);
    // The globs are named in the generated files' header.
    parts.push(`operations ${JSON.stringify(graphql.operations)}`);
    for (const file of await resolveOperationFiles(config)) {
      files.push(file);
      operationFiles.push(file);
      parts.push(`operation ${rel(config.cwd, file)} ${sha256((await readIfExists(file)) ?? '')}`);
    }
  } else {
    const select = (sideConfig as ResolvedRestSide).select;
    parts.push(`select ${JSON.stringify({ tags: select?.tags ?? null, operationIds: select?.operationIds ?? null })}`);
    // The target release changes the output, so it is part of what the cache of outputs is keyed on.
    parts.push(`targetVersion ${(sideConfig as ResolvedRestSide).targetVersion ?? ''}`);
  }
  return { side, files, operationFiles, hash: sha256(parts.join('\n')) };
}

/** The forms side's inputs: its .form files (the project's and the fetched ones) and BPMN files. */
async function hashFormInputs(config: ResolvedConfig, forms: ResolvedFormsSide, fingerprint: string): Promise<SideInputs> {
  const outDir = rel(config.cwd, config.outDir);
  const ignore = outDir.startsWith('..') ? [] : [`${outDir}/**`];
  const fetched = rel(config.cwd, forms.fetchedDir);
  const formFiles = [
    ...new Set([
      ...(await matchFiles(config.cwd, forms.files, ignore)),
      ...(await matchFiles(config.cwd, [`${fetched}/**/*.form`], ignore)),
    ]),
  ].sort();
  const bpmnFiles = await matchFiles(config.cwd, forms.bpmn, ignore);
  const parts = [`generator ${fingerprint}`, `runtimeImport ${config.runtimeImport}`];
  for (const file of formFiles) parts.push(`form ${rel(config.cwd, file)} ${sha256((await readIfExists(file)) ?? '')}`);
  for (const file of bpmnFiles) parts.push(`bpmn ${rel(config.cwd, file)} ${sha256((await readIfExists(file)) ?? '')}`);
  // The operation slots carry the form and BPMN files apart, for the generator (`watch` reads `files`).
  return { side: 'forms', files: [...formFiles, ...bpmnFiles], operationFiles: formFiles, hash: sha256(parts.join('\n')) };
}

async function generateFormsSide(config: ResolvedConfig, inputs: SideInputs): Promise<GenerationResult> {
  const { generateForms } = await import('./forms/index.js');
  const formFiles = new Set(inputs.operationFiles);
  return generateForms({
    formFiles: inputs.operationFiles,
    bpmnFiles: inputs.files.filter((f) => !formFiles.has(f)),
    cwd: config.cwd,
    runtimeImport: config.runtimeImport,
  });
}

async function everySideIntact(outDir: string, manifest: Manifest): Promise<boolean> {
  for (const side of SIDES) {
    const entry = manifest.sides[side];
    if (entry && (await intactSideFiles(outDir, entry)) === undefined) return false;
  }
  return true;
}

function isEnabled(config: ResolvedConfig, side: Side): boolean {
  return config[side] !== false;
}

function rel(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** The manifest of `config.outDir`, for callers outside this module (check's fast path). */
export function readManifestFor(config: ResolvedConfig): Promise<Manifest | undefined> {
  return readManifest(config.outDir);
}
