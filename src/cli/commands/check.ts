/**
 * `tasklist-codegen check`, for CI. Regenerates in memory and compares with `generated/`; with
 * `--fetch`, fetches the live schemas first, reports their changes and which of the project's
 * operations they break. Never writes to `schemas/` or `generated/` (only the report, where asked).
 */
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SchemaChange } from '../../fetch/change-types.js';
import { compareWithDisk, readManifestFor, regenerate, resolveOperationFiles, type Drift, type Side } from '../../generate/index.js';
import { readIfExists } from '../../util/atomic-write.js';
import { terminalSafe } from '../../util/terminal-safe.js';
import type { CliDependencies, ProjectContext } from '../context.js';
import { describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { formImpact, graphqlImpact, restImpact, type OperationImpact } from '../impact.js';
import type { Output } from '../output.js';
import { fetchLiveSchemas, type LiveSchemas } from './fetch.js';
import { relative } from './shared.js';

export interface CheckFlags {
  fetch?: boolean;
  report?: string;
  force?: boolean;
  /** Print the stack of an error (the global `--debug`). */
  debug?: boolean;
}

export interface CheckOutcome {
  exitCode: ExitCode;
  fetched: boolean;
  changes: { graphql: SchemaChange[]; rest: SchemaChange[]; forms: SchemaChange[] };
  impacts: OperationImpact[];
  drift: Drift[];
  /** Set when regeneration itself failed on the new schema (its operations no longer validate). */
  regenerationError: string | undefined;
  /** The check could not run at all (exit code 5 or 1): what stopped it. */
  error?: { message: string; hint?: string };
}

export async function runCheck(project: ProjectContext, out: Output, flags: CheckFlags, deps: CliDependencies): Promise<number> {
  let outcome: CheckOutcome;
  try {
    outcome = await check(project, out, flags, deps);
  } catch (error) {
    // A check that could not run (server unreachable, bad input) is when CI needs the report most:
    // it is written like any other outcome, and the error is printed here, not by the caller.
    const described = describeError(error);
    outcome = {
      exitCode: described.exitCode,
      fetched: false,
      changes: { graphql: [], rest: [], forms: [] },
      impacts: [],
      drift: [],
      regenerationError: undefined,
      error: { message: out.redact(described.message), ...(described.hint ? { hint: described.hint } : {}) },
    };
    // As the CLI says for any command: an error nobody anticipated is ours to fix.
    const hint =
      described.hint ??
      (described.expected || flags.debug
        ? undefined
        : 'This looks like a bug in tasklist-codegen; run again with --debug for the stack trace.');
    out.error(described.message, hint, flags.debug && error instanceof Error ? error.stack : undefined);
  }
  // Reports are output too: they pass the run's secret registry like every printed line.
  // The file and the job summary are read in CI logs and rendered by GitHub: made safe like the terminal.
  const markdown = terminalSafe(out.redact(renderCheckReport(project, outcome)));
  if (flags.report) {
    const file = path.resolve(project.config.cwd, flags.report);
    await writeFile(file, markdown);
    out.step({ step: `write report ${relative(project.config.cwd, file)}`, status: 'ok' });
  }
  const summary = project.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${markdown}\n`);
  if (!outcome.error) printSummary(out, project, outcome);
  out.json({
    command: 'check',
    exitCode: outcome.exitCode,
    status: STATUS_TITLE[outcome.exitCode],
    fetched: outcome.fetched,
    changes: outcome.changes,
    impacts: outcome.impacts,
    drift: outcome.drift,
    regenerationError: outcome.regenerationError,
    ...(outcome.error ? { error: outcome.error } : {}),
  });
  return outcome.exitCode;
}

export async function check(project: ProjectContext, out: Output, flags: CheckFlags, deps: CliDependencies): Promise<CheckOutcome> {
  const { config } = project;
  const changes = { graphql: [] as SchemaChange[], rest: [] as SchemaChange[], forms: [] as SchemaChange[] };
  const impacts: OperationImpact[] = [];
  let live: LiveSchemas | undefined;
  let tempDir: string | undefined;
  const schemaFiles: Partial<Record<Side, string>> = {};
  let sides: Side[] | undefined;
  let drift: Drift[] = [];
  let regenerationError: string | undefined;
  try {
    if (flags.fetch) {
      live = await fetchLiveSchemas(project, out, deps);
      tempDir = await mkdtemp(path.join(tmpdir(), 'tasklist-codegen-check-'));
      const operationFiles = await resolveOperationFiles(config);
      if (config.graphql && live.graphql) {
        changes.graphql = live.graphql.changes;
        if (live.graphql.text !== undefined) {
          schemaFiles.graphql = path.join(tempDir, path.basename(config.graphql.schemaFile));
          await writeFile(schemaFiles.graphql, live.graphql.text);
        } else {
          schemaFiles.graphql = path.join(tempDir, 'no-graphql-api.graphql'); // does not exist: the side has no schema now
          // No GraphQL API any more: the operations cannot be regenerated; report them instead.
          if (operationFiles.length > 0) sides = config.rest ? ['rest'] : [];
        }
        // No GraphQL API now and none committed either (fetch recorded the 404): nothing changed
        // for the operations; generate already warns about each of them.
        const noApiBefore = live.graphql.text === undefined && (await readIfExists(config.graphql.schemaFile)) === undefined;
        if (!noApiBefore)
          impacts.push(
            ...(await out.time(
              'validate operations against the live schema',
              () => graphqlImpact(config, operationFiles, live!.graphql!.text, live!.graphql!.changes),
              (found) => ({
                status: found.length ? 'warning' : 'ok',
                detail: found.length ? `${found.length} problem(s)` : `${operationFiles.length} file(s) valid`,
              }),
            )),
          );
      }
      if (config.rest && live.rest) {
        changes.rest = live.rest.changes;
        schemaFiles.rest = path.join(tempDir, path.basename(config.rest.schemaFile));
        await writeFile(schemaFiles.rest, live.rest.text);
        const { readFileInside, schemaFolderOf } = await import('../../util/contained-path.js');
        const committed = await readFileInside(schemaFolderOf(config.schemasDir, config.rest.schemaFile), config.rest.schemaFile);
        if (committed !== undefined) {
          const { loadOpenApiSource } = await import('../../fetch/openapi/load.js');
          const before = await loadOpenApiSource(committed, relative(config.cwd, config.rest.schemaFile));
          const after = live.rest.document ?? (await loadOpenApiSource(live.rest.text, `${config.baseUrl ?? ''} (live)`)).document;
          impacts.push(...restImpact(before.document, after, config.rest.select));
        }
      }
    }

    // Deployed forms that changed: their changes, and the project's code that uses each form.
    for (const form of live?.forms ?? []) {
      changes.forms.push(...form.changes);
      impacts.push(...(await formImpact(config.cwd, config.outDir, form, form.changes)));
    }

    const started = performance.now();
    try {
      const generation = await regenerate(config, {
        ...(sides ? { sides } : {}),
        schemaFiles,
        ...(deps.generators ? { generators: deps.generators } : {}),
        // The manifest fast path only applies to the committed inputs.
        previous: flags.force || flags.fetch ? undefined : await readManifestFor(config),
      });
      drift = await compareWithDisk(config, generation);
      if (sides && !sides.includes('graphql')) drift = drift.filter((d) => !d.path.startsWith('graphql/'));
      out.step({
        step: 'regenerate in memory',
        status: drift.length ? 'warning' : 'ok',
        detail: drift.length
          ? `${drift.length} file(s) differ from ${relative(config.cwd, config.outDir)}/`
          : `matches ${relative(config.cwd, config.outDir)}/`,
        ms: performance.now() - started,
      });
    } catch (error) {
      // Against a changed live schema, operations that no longer validate are the finding, not a
      // crash. Against an unchanged one they are plain bad input (exit 1), as without --fetch.
      const schemaChanged = changes.graphql.length > 0 || changes.rest.length > 0;
      if (!flags.fetch || impacts.length === 0 || !schemaChanged) throw error;
      regenerationError = describeError(error).message;
      out.step({
        step: 'regenerate in memory',
        status: 'failed',
        detail: 'the operations do not validate against the live schema',
        ms: performance.now() - started,
      });
    }
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }

  const allChanges = [...changes.graphql, ...changes.rest, ...changes.forms];
  let exitCode: ExitCode = ExitCode.Ok;
  if (allChanges.some((c) => c.level === 'breaking') || impacts.some((i) => i.kind !== 'changed') || regenerationError)
    exitCode = ExitCode.Breaking;
  else if (allChanges.length > 0 || impacts.length > 0) exitCode = ExitCode.SchemaChanged;
  else if (drift.length > 0) exitCode = ExitCode.Stale;
  return { exitCode, fetched: live !== undefined, changes, impacts, drift, regenerationError };
}

const STATUS_TITLE: Record<number, string> = {
  [ExitCode.Ok]: 'Up to date',
  [ExitCode.Stale]: 'Generated code is stale',
  [ExitCode.SchemaChanged]: 'Schema changed, nothing breaks',
  [ExitCode.Breaking]: 'Schema changed with breaking changes',
  [ExitCode.UserError]: 'Could not run the check',
  [ExitCode.Unreachable]: 'Could not reach the server or sign in',
};

function printSummary(out: Output, project: ProjectContext, outcome: CheckOutcome): void {
  for (const impact of outcome.impacts) out.warn(`${impact.location ? `${impact.location}: ` : ''}${impact.operation}: ${impact.message}`);
  for (const d of outcome.drift) out.info(`  ${d.kind.padEnd(7)} ${relative(project.config.cwd, project.config.outDir)}/${d.path}`);
  const title = STATUS_TITLE[outcome.exitCode] ?? '';
  const next =
    outcome.exitCode === ExitCode.Ok
      ? ''
      : outcome.fetched
        ? ' — run `tasklist-codegen fetch && tasklist-codegen generate` and commit'
        : ' — run `tasklist-codegen generate` and commit';
  out.info(
    `${title}${next} (exit ${outcome.exitCode})`,
    outcome.exitCode === ExitCode.Ok ? 'green' : outcome.exitCode === ExitCode.Breaking ? 'red' : 'yellow',
  );
}

/** The Markdown report: for a PR comment, a job summary, or a file the workflow attaches. */
export function renderCheckReport(project: ProjectContext, outcome: CheckOutcome): string {
  const { config } = project;
  const lines: string[] = ['## tasklist-codegen check', '', `**${STATUS_TITLE[outcome.exitCode]}** (exit code ${outcome.exitCode})`, ''];
  if (outcome.error) {
    lines.push('```', outcome.error.message, '```', '');
    if (outcome.error.hint) lines.push(outcome.error.hint, '');
    lines.push(
      `Nothing was compared; \`${relative(config.cwd, config.schemasDir)}/\` and \`${relative(config.cwd, config.outDir)}/\` are as they were.`,
    );
    return `${lines.join('\n')}\n`;
  }
  if (outcome.fetched) {
    lines.push('### Schema changes', '');
    const sides: Array<[string, SchemaChange[], string | undefined]> = [
      ['GraphQL', outcome.changes.graphql, config.graphql ? relative(config.cwd, config.graphql.schemaFile) : undefined],
      ['REST', outcome.changes.rest, config.rest ? relative(config.cwd, config.rest.schemaFile) : undefined],
      [
        'Forms',
        outcome.changes.forms,
        config.forms && config.forms.processes.length > 0 ? relative(config.cwd, config.forms.fetchedDir) : undefined,
      ],
    ];
    for (const [name, changes, file] of sides) {
      if (!file) continue;
      if (changes.length === 0) {
        lines.push(`- ${name} (\`${file}\`): no changes`);
        continue;
      }
      lines.push(`#### ${name} (\`${file}\`)`, '', '| Level | Where | Change |', '| --- | --- | --- |');
      for (const change of changes) lines.push(`| ${change.level} | \`${escapeCell(change.path)}\` | ${escapeCell(change.message)} |`);
      lines.push('');
    }
    lines.push('', '### Your operations', '');
    if (outcome.impacts.length === 0) lines.push("None of the project's operations is affected.");
    else {
      lines.push('| Operation | Where | Effect | Detail |', '| --- | --- | --- | --- |');
      for (const impact of outcome.impacts) {
        lines.push(
          `| \`${escapeCell(impact.operation)}\` | ${impact.location ? `\`${escapeCell(impact.location)}\`` : impact.side} | ${impact.kind === 'invalid' ? 'breaks' : impact.kind} | ${escapeCell(impact.message)} |`,
        );
      }
    }
    lines.push('');
  }
  lines.push('### Generated code', '');
  if (outcome.regenerationError) lines.push('Could not regenerate against the new schema:', '', '```', outcome.regenerationError, '```');
  else if (outcome.drift.length === 0)
    lines.push(
      `\`${relative(config.cwd, config.outDir)}/\` matches what the ${outcome.fetched ? 'live' : 'committed'} schemas and operations produce.`,
    );
  else {
    lines.push(`${outcome.drift.length} file(s) differ:`, '');
    for (const d of outcome.drift) lines.push(`- \`${relative(config.cwd, config.outDir)}/${d.path}\` (${d.kind})`);
  }
  if (outcome.exitCode !== ExitCode.Ok) {
    lines.push(
      '',
      `To update: \`npx tasklist-codegen ${outcome.fetched ? 'fetch && npx tasklist-codegen generate' : 'generate'}\`, then commit \`${relative(config.cwd, config.schemasDir)}/\` and \`${relative(config.cwd, config.outDir)}/\`.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
