/**
 * `tasklist-codegen fetch`: the live schemas into `schemas/`, with a report of what changed.
 * Also the in-memory variant `check --fetch` uses (nothing written).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SchemaChange } from '../../fetch/change-types.js';
import type { TasklistFetch } from '../../runtime/types.js';
import { connect, type ProjectContext } from '../context.js';
import { CodegenConfigError } from '../../config/errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import type { CliDependencies } from '../program.js';
import { summarize } from './diff.js';
import { relative, sidesFrom } from './generate.js';

export interface FetchFlags {
  graphql?: boolean;
  rest?: boolean;
  report?: string;
}

/** What the server serves now, per side, next to how it differs from `schemas/`. */
export interface LiveSchemas {
  /** `text` undefined: the server has no GraphQL API (404 at /graphql). */
  graphql?: { text: string | undefined; changes: SchemaChange[] };
  rest?: { text: string; document: Record<string, unknown> | undefined; changes: SchemaChange[] };
}

interface SideResultLike {
  status?: string;
  path?: string;
  contents?: string;
  document?: Record<string, unknown>;
  changes?: SchemaChange[];
  note?: string;
}

async function callFetchSchemas(project: ProjectContext, out: Output, deps: CliDependencies, write: boolean, only?: { graphql?: boolean; rest?: boolean }) {
  const { config } = project;
  let baseUrl = config.baseUrl;
  let fetch: TasklistFetch;
  if (deps.fetch) {
    if (!baseUrl) throw new CodegenConfigError('No Tasklist base URL', { source: 'configuration', hint: 'Pass --base-url.' });
    fetch = deps.fetch;
  } else {
    const connection = await connect(project, out);
    baseUrl = connection.baseUrl;
    fetch = connection.fetch;
  }
  const sides = sidesFrom(only ?? {});
  const wants = (side: 'graphql' | 'rest') => !sides || sides.includes(side);
  const { fetchSchemas } = await import('../../fetch/index.js');
  const graphql = config.graphql && wants('graphql')
    ? { required: config.graphql.required, schemaFile: config.graphql.schemaFile, ...(config.graphql.endpoint ? { endpoint: config.graphql.endpoint } : {}) }
    : (false as const);
  const rest = config.rest && wants('rest')
    ? { format: config.rest.format, schemaFile: config.rest.schemaFile, ...(config.rest.documentUrl ? { documentUrl: config.rest.documentUrl } : {}) }
    : (false as const);
  const result = (await fetchSchemas({ baseUrl, fetch, schemasDir: config.schemasDir, graphql, rest, write } as Parameters<typeof fetchSchemas>[0])) as unknown as {
    graphql?: SideResultLike;
    rest?: SideResultLike;
  };
  return result;
}

/** `check --fetch`: fetch without writing. */
export async function fetchLiveSchemas(project: ProjectContext, out: Output, deps: CliDependencies): Promise<LiveSchemas> {
  const result = await out.time('fetch live schemas', () => callFetchSchemas(project, out, deps, false), (r) => ({ status: 'ok', detail: describeSides(r) }));
  const live: LiveSchemas = {};
  if (result.graphql) {
    live.graphql = { text: result.graphql.contents, changes: result.graphql.changes ?? [] };
  }
  if (result.rest?.contents !== undefined) {
    live.rest = { text: result.rest.contents, document: result.rest.document ?? parseDocument(result.rest.contents), changes: result.rest.changes ?? [] };
  }
  return live;
}

export async function runFetch(project: ProjectContext, out: Output, flags: FetchFlags, deps: CliDependencies): Promise<number> {
  const started = performance.now();
  const result = await callFetchSchemas(project, out, deps, true, flags);
  const ms = performance.now() - started;
  const { renderChangeReport } = await import('../../fetch/change-report.js');
  const sides: Array<['graphql' | 'rest', SideResultLike | undefined]> = [
    ['graphql', result.graphql],
    ['rest', result.rest],
  ];
  const reports: string[] = [];
  for (const [side, r] of sides) {
    if (!r) continue;
    const file = r.path ? relative(project.config.cwd, path.resolve(project.config.cwd, r.path)) : undefined;
    const changes = r.changes ?? [];
    const detail = [file, r.status, changes.length ? summarize(changes) : undefined, r.note].filter(Boolean).join('  ');
    out.step({ step: `fetch ${side}`, status: r.contents === undefined ? 'skipped' : changes.length ? 'changed' : 'ok', detail, ms });
    if (changes.length > 0) {
      out.info(renderChangeReport(changes, 'text').trimEnd());
      reports.push(`### ${side === 'graphql' ? 'GraphQL' : 'REST'}${file ? ` (\`${file}\`)` : ''}\n\n${renderChangeReport(changes, 'markdown').trimEnd()}\n`);
    }
  }
  if (flags.report) {
    const file = path.resolve(project.config.cwd, flags.report);
    await writeFile(file, `## Schema changes\n\n${reports.length ? reports.join('\n') : 'No changes.\n'}`);
    out.step({ step: `write report ${relative(project.config.cwd, file)}`, status: 'ok', ms: 0 });
  }
  out.json({ command: 'fetch', exitCode: ExitCode.Ok, graphql: strip(result.graphql), rest: strip(result.rest) });
  return ExitCode.Ok;
}

function strip(r: SideResultLike | undefined) {
  if (!r) return undefined;
  const { contents: _contents, document: _document, ...rest } = r;
  return rest;
}

function describeSides(r: { graphql?: SideResultLike; rest?: SideResultLike }): string {
  const parts: string[] = [];
  if (r.graphql) parts.push(`graphql ${r.graphql.contents === undefined ? 'absent' : `${(r.graphql.changes ?? []).length} change(s)`}`);
  if (r.rest) parts.push(`rest ${(r.rest.changes ?? []).length} change(s)`);
  return parts.join(', ');
}

function parseDocument(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined; // YAML: check loads it with the fetch stage's loader instead
  }
}
