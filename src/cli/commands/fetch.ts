/**
 * `tasklist-codegen fetch`: the live schemas into `schemas/`, with a report of what changed.
 * Also the in-memory variant `check --fetch` uses (nothing written).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SchemaChange } from '../../fetch/change-types.js';
import type { FetchResult, FetchSchemasOptions, SideResult } from '../../fetch/index.js';
import type { TasklistFetch } from '../../runtime/types.js';
import { connect, type CliDependencies, type ProjectContext } from '../context.js';
import { CodegenConfigError } from '../../config/errors.js';
import { redactUrl } from '../../util/redact.js';
import { terminalSafe } from '../../util/terminal-safe.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { relative, sidesFrom, summarize } from './shared.js';

export interface FetchFlags {
  graphql?: boolean;
  rest?: boolean;
  report?: string;
  /** Read the GraphQL side from a file or URL (SDL or introspection JSON) instead of the server. */
  fromGraphql?: string;
  /** Read the REST side from a file or URL (OpenAPI JSON or YAML) instead of the server. */
  fromRest?: string;
}

/** What the server serves now, per side, next to how it differs from `schemas/`. */
export interface LiveSchemas {
  /** `text` undefined: the server has no GraphQL API (404 at /graphql). */
  graphql?: { text: string | undefined; changes: SchemaChange[] };
  rest?: { text: string; document: Record<string, unknown> | undefined; changes: SchemaChange[] };
  /** The deployed forms of `forms.processes` that differ from their snapshot in `schemas/forms/`. */
  forms?: Array<{ formId: string; names: string[]; changes: SchemaChange[] }>;
}

type SideResultLike = SideResult;

/** The server a fetch talked to, for the forms step after the schemas (undefined when every side came from a file). */
type Connection = { baseUrl: string; fetch: TasklistFetch } | undefined;

async function callFetchSchemas(
  project: ProjectContext,
  out: Output,
  deps: CliDependencies,
  write: boolean,
  flags: FetchFlags = {},
): Promise<FetchResult & { connection: Connection }> {
  const { config } = project;
  let baseUrl = config.baseUrl;
  let fetch: TasklistFetch;
  const sidesAsked = sidesFrom(flags) ?? (['graphql', 'rest'] as const);
  const fromFile = (given: string | undefined) => given !== undefined && !/^https?:/i.test(given);
  // The flag wins over the config's rest.source.
  const restSource = flags.fromRest ?? (config.rest ? config.rest.source : undefined);
  // Every side read from a file: no server, no credentials needed.
  const offline =
    sidesAsked.every((side) => config[side] === false || fromFile(side === 'graphql' ? flags.fromGraphql : restSource)) &&
    !(config.forms && config.forms.processes.length > 0);
  if (offline) {
    baseUrl ??= 'http://localhost';
    fetch = () => Promise.reject(new Error('offline: every side is read from a file'));
  } else if (deps.fetch) {
    if (!baseUrl) throw new CodegenConfigError('No Tasklist base URL', { source: 'configuration', hint: 'Pass --base-url.' });
    const { limitDownloads } = await import('../../fetch/download-limits.js');
    fetch = limitDownloads(deps.fetch, config.download);
  } else {
    const connection = await connect(project, out);
    baseUrl = connection.baseUrl;
    fetch = connection.fetch;
  }
  const sides = sidesFrom(flags);
  const wants = (side: 'graphql' | 'rest') => !sides || sides.includes(side);
  const { fetchSchemas } = await import('../../fetch/index.js');
  const options: FetchSchemasOptions = {
    baseUrl,
    fetch,
    schemasDir: config.schemasDir,
    graphql:
      config.graphql && wants('graphql')
        ? {
            required: config.graphql.required,
            schemaFile: config.graphql.schemaFile,
            ...(config.graphql.endpoint ? { endpoint: config.graphql.endpoint } : {}),
          }
        : false,
    rest:
      config.rest && wants('rest')
        ? {
            format: config.rest.format,
            schemaFile: config.rest.schemaFile,
            ...(config.rest.documentUrl ? { documentUrl: config.rest.documentUrl } : {}),
          }
        : false,
    write,
    warn: (message) => out.warn(message),
    secrets: out.secrets,
    projectDir: config.cwd,
  };
  const from: NonNullable<FetchSchemasOptions['from']> = {};
  const source = (given: string) => (/^(https?|file):/i.test(given) ? given : path.resolve(config.cwd, given));
  if (flags.fromGraphql) from.graphql = source(flags.fromGraphql);
  if (restSource) from.rest = source(restSource);
  // A URL given here may carry its credentials in the query (a presigned link, `?api_key=`): no line shows them.
  for (const given of [from.graphql, from.rest]) if (given && /^https?:/i.test(given)) out.secrets.addUrl(given, { query: 'all' });
  if (from.graphql || from.rest) options.from = from;
  return Object.assign(await fetchSchemas(options), { connection: offline ? undefined : { baseUrl, fetch } });
}

/**
 * The deployed forms of `forms.processes` into `<schemasDir>/forms/`, each compared with its
 * previous snapshot the way schema changes are; returns the Markdown report sections.
 */
async function fetchProjectForms(project: ProjectContext, out: Output, connection: Connection): Promise<string[]> {
  const forms = project.config.forms;
  if (!forms || forms.processes.length === 0 || !connection) return [];
  const { fetchForms } = await import('../../fetch/forms.js');
  const { refuseLinkOutOf } = await import('../../util/contained-path.js');
  await refuseLinkOutOf(project.config.cwd, forms.fetchedDir, 'fetch');
  const { renderChangeReport } = await import('../../fetch/change-report.js');
  const { diffForms } = await import('../../generate/forms/changes.js');
  const { parseFormText } = await import('../../generate/forms/load.js');
  const fetched = await fetchForms({
    ...connection,
    processes: forms.processes,
    dir: forms.fetchedDir,
    journalDir: project.config.schemasDir,
    write: true,
    secrets: out.secrets,
  });
  const reports: string[] = [];
  for (const form of fetched) {
    const file = relative(project.config.cwd, form.file);
    const changes =
      form.previous === undefined
        ? []
        : diffForms(
            parseFormText(form.previous, `${file} (before)`, () => form.formId),
            parseFormText(form.contents, file, () => form.formId),
          );
    const what = form.status === 'unchanged' ? 'unchanged' : form.previous === undefined ? 'created' : 'updated';
    out.step({
      step: `  form ${form.formId}`,
      status: form.status === 'written' ? 'changed' : 'ok',
      detail: [file, what, changes.length ? summarize(changes) : undefined].filter(Boolean).join('  '),
    });
    if (changes.length > 0) {
      out.info(renderChangeReport(changes, 'text', `Form ${form.formId}`).trimEnd());
      reports.push(renderChangeReport(changes, 'markdown', `Form ${form.formId} (\`${file}\`)`));
    }
  }
  if (fetched.length === 0)
    out.step({ step: '  forms', status: 'skipped', detail: `no linked forms in use by ${forms.processes.join(', ')}` });
  return reports;
}

/** `check --fetch`: fetch without writing. */
export async function fetchLiveSchemas(project: ProjectContext, out: Output, deps: CliDependencies): Promise<LiveSchemas> {
  const result = await out.time(
    'fetch live schemas',
    () => callFetchSchemas(project, out, deps, false),
    (r) => ({ status: 'ok', detail: describeSides(r) }),
  );
  const live: LiveSchemas = {};
  // `absent`: the server has no GraphQL API; `disabled`: not asked for (the side stays as committed).
  if (result.graphql.status !== 'disabled') {
    live.graphql = { text: result.graphql.status === 'absent' ? undefined : result.graphql.contents, changes: result.graphql.changes };
  }
  if (result.rest.status !== 'disabled' && result.rest.contents !== undefined) {
    live.rest = {
      text: result.rest.contents,
      document: result.rest.document as Record<string, unknown> | undefined,
      changes: result.rest.changes,
    };
  }
  const forms = project.config.forms;
  if (forms && forms.processes.length > 0 && result.connection) {
    const { fetchForms } = await import('../../fetch/forms.js');
    const { diffForms } = await import('../../generate/forms/changes.js');
    const { parseFormText } = await import('../../generate/forms/load.js');
    const { buildFormModel } = await import('../../generate/forms/model.js');
    const { formNames } = await import('../../generate/forms/emit.js');
    const fetched = await fetchForms({
      ...result.connection,
      processes: forms.processes,
      dir: forms.fetchedDir,
      journalDir: project.config.schemasDir,
      write: false,
    });
    live.forms = [];
    for (const form of fetched) {
      if (form.previous === undefined || form.status === 'unchanged') continue;
      const file = relative(project.config.cwd, form.file);
      const before = parseFormText(form.previous, file, () => form.formId);
      const names = formNames(buildFormModel(before));
      live.forms.push({
        formId: form.formId,
        names: [names.values, names.input, names.definition],
        changes: diffForms(
          before,
          parseFormText(form.contents, `${form.formId} (live)`, () => form.formId),
        ),
      });
    }
  }
  return live;
}

export async function runFetch(project: ProjectContext, out: Output, flags: FetchFlags, deps: CliDependencies): Promise<number> {
  const started = performance.now();
  const result = await callFetchSchemas(project, out, deps, true, flags);
  out.step({
    step: 'fetch',
    status: 'ok',
    detail: project.config.baseUrl ? redactUrl(project.config.baseUrl).replace(/\/$/, '') : 'from files',
    ms: performance.now() - started,
  });
  const { renderChangeReport } = await import('../../fetch/change-report.js');
  const sides: Array<['graphql' | 'rest', SideResultLike | undefined]> = [
    ['graphql', result.graphql],
    ['rest', result.rest],
  ];
  const reports: string[] = [];
  for (const [side, r] of sides) {
    if (!r || r.status === 'disabled') continue;
    const file = r.path ? relative(project.config.cwd, path.resolve(project.config.cwd, r.path)) : undefined;
    const changes = r.changes;
    if (r.status === 'absent') {
      out.step({
        step: `  ${side}`,
        status: r.removed ? 'changed' : 'skipped',
        detail: [r.removed ? `${file}  removed` : undefined, r.note ?? 'no GraphQL API on this server'].filter(Boolean).join('  '),
      });
    } else {
      const what = r.status === 'written' ? (r.hadPreviousSnapshot ? 'updated' : 'created') : 'unchanged';
      const detail = [file, what, changes.length ? summarize(changes) : undefined, r.note].filter(Boolean).join('  ');
      out.step({ step: `  ${side}`, status: r.status === 'written' ? 'changed' : 'ok', detail });
    }
    if (changes.length > 0) {
      const title = `${side === 'graphql' ? 'GraphQL' : 'REST'}${file ? ` (\`${file}\`)` : ''}`;
      out.info(renderChangeReport(changes, 'text').trimEnd());
      // Each side's section is titled by the side, under the report's one "Schema changes" heading.
      reports.push(renderChangeReport(changes, 'markdown', title));
    }
  }
  reports.push(...(await fetchProjectForms(project, out, result.connection)));
  if (flags.report) {
    const file = path.resolve(project.config.cwd, flags.report);
    // Reports are output too: they pass the run's secret registry like every printed line.
    await writeFile(file, terminalSafe(out.redact(`## Schema changes\n\n${reports.length ? reports.join('\n') : 'No changes.\n'}`)));
    out.step({ step: `write report ${relative(project.config.cwd, file)}`, status: 'ok' });
  }
  out.json({ command: 'fetch', exitCode: ExitCode.Ok, graphql: strip(result.graphql), rest: strip(result.rest) });
  return ExitCode.Ok;
}

function strip(r: SideResultLike | undefined) {
  if (!r) return undefined;
  const { contents: _contents, document: _document, ...rest } = r;
  return rest;
}

function describeSides(r: FetchResult): string {
  const parts: string[] = [];
  for (const [name, side] of [
    ['graphql', r.graphql],
    ['rest', r.rest],
  ] as const) {
    if (side.status === 'disabled') continue;
    parts.push(side.status === 'absent' ? `${name}: no API` : `${name}: ${side.changes.length} change(s)`);
  }
  return parts.join(', ');
}
