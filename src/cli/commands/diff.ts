import path from 'node:path';
import type { SchemaChange } from '../../fetch/change-types.js';
import type { GlobalOptions } from '../context.js';
import { OutsideFolderError, readFileInside } from '../../util/contained-path.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO, Output } from '../output.js';
import { summarize } from './shared.js';

export type SchemaKind = 'graphql' | 'openapi' | 'form';

/** SDL by extension; JSON is OpenAPI when it has an `openapi` key (or Swagger's `swagger`, refused as such), else a GraphQL introspection result. */
export function schemaKindOf(file: string, text: string): SchemaKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.form') return 'form';
  if (['.graphql', '.graphqls', '.gql', '.sdl'].includes(ext)) return 'graphql';
  if (ext === '.yaml' || ext === '.yml') return 'openapi';
  if (ext === '.json')
    return /"(?:openapi|swagger)"\s*:/.test(text.slice(0, 4096)) || /"(?:openapi|swagger)"\s*:/.test(text) ? 'openapi' : 'graphql';
  throw new UsageError(
    `Cannot tell what kind of schema ${file} is`,
    'Use .graphql/.graphqls for GraphQL SDL, .json/.yaml/.yml for OpenAPI.',
  );
}

/** Loads both files with the fetch stage's loaders (errors name file:line:column) and diffs them. */
export async function diffSchemaFiles(
  oldFile: string,
  newFile: string,
  cwd: string,
): Promise<{ kind: SchemaKind; changes: SchemaChange[] }> {
  const [oldText, newText] = await Promise.all([readSchema(oldFile, cwd), readSchema(newFile, cwd)]);
  const kind = schemaKindOf(oldFile, oldText);
  const newKind = schemaKindOf(newFile, newText);
  if (kind !== newKind)
    throw new UsageError(
      `${oldFile} is ${kind === 'graphql' ? 'a GraphQL schema' : kind === 'form' ? 'a Camunda Form' : 'an OpenAPI document'} but ${newFile} is not`,
      'Compare two schemas of the same kind.',
    );
  if (kind === 'form') {
    const { parseFormText } = await import('../../generate/forms/load.js');
    const { diffForms } = await import('../../generate/forms/changes.js');
    const name = (file: string) => (document: { id?: string }) => document.id ?? path.basename(file, '.form');
    return { kind, changes: diffForms(parseFormText(oldText, oldFile, name(oldFile)), parseFormText(newText, newFile, name(newFile))) };
  }
  const { diffGraphQLSchemas, diffOpenApiDocuments } = await import('../../fetch/change-report.js');
  if (kind === 'graphql') {
    const { loadGraphQLSchemaSource } = await import('../../fetch/load-schema.js');
    const before = loadGraphQLSchemaSource(oldText, oldFile);
    const after = loadGraphQLSchemaSource(newText, newFile);
    return { kind, changes: await diffGraphQLSchemas(before.sdl, after.sdl) };
  }
  const { loadOpenApiSource } = await import('../../fetch/openapi/load.js');
  const before = await loadOpenApiSource(oldText, oldFile);
  const after = await loadOpenApiSource(newText, newFile);
  return { kind, changes: await diffOpenApiDocuments(before.document, after.document) };
}

export async function runDiff(
  io: CliIO,
  globals: GlobalOptions,
  out: Output,
  oldFile: string,
  newFile: string,
  format: 'text' | 'markdown' | 'json',
): Promise<number> {
  const cwd = path.resolve(io.cwd, globals.cwd ?? '.');
  const started = performance.now();
  const { kind, changes } = await diffSchemaFiles(oldFile, newFile, cwd);
  const exitCode = exitCodeForChanges(changes);
  const { renderChangeReport } = await import('../../fetch/change-report.js');
  const usages = kind === 'form' ? await formUsages(cwd, newFile, changes) : [];
  if (out.options.json) {
    out.json({ command: 'diff', exitCode, kind, changes, ...(kind === 'form' ? { impacts: usages } : {}) });
  } else if (!out.options.quiet) {
    out.raw(ensureNewline(renderChangeReport(changes, format)));
    for (const usage of usages) out.warn(`${usage.location}: ${usage.message}`);
    if (format === 'text')
      out.step({
        step: `diff ${kind}`,
        status: changes.length ? 'changed' : 'ok',
        detail: summarize(changes),
        ms: performance.now() - started,
      });
  }
  return exitCode;
}

/** The project's code (under `cwd`) that uses the changed form's generated names. */
async function formUsages(cwd: string, newFile: string, changes: readonly SchemaChange[]) {
  const { parseFormText } = await import('../../generate/forms/load.js');
  const { buildFormModel } = await import('../../generate/forms/model.js');
  const { formNames } = await import('../../generate/forms/emit.js');
  const { formImpact } = await import('../impact.js');
  const form = parseFormText(await readSchema(newFile, cwd), newFile, (d) => d.id ?? path.basename(newFile, '.form'));
  const names = formNames(buildFormModel(form));
  return formImpact(
    cwd,
    path.join(cwd, 'generated'),
    { formId: form.document.id ?? form.name, names: [names.values, names.input, names.definition] },
    changes,
  );
}

export function exitCodeForChanges(changes: readonly SchemaChange[]): ExitCode {
  if (changes.some((c) => c.level === 'breaking')) return ExitCode.Breaking;
  return changes.length > 0 ? ExitCode.SchemaChanged : ExitCode.Ok;
}

async function readSchema(file: string, cwd: string): Promise<string> {
  const full = path.resolve(cwd, file);
  try {
    // Named on the command line, so read where it is, but not through a link to another place.
    const text = await readFileInside(path.dirname(full), full);
    if (text === undefined) throw Object.assign(new Error(`no such file`), { code: 'ENOENT' });
    return text;
  } catch (error) {
    if (error instanceof OutsideFolderError) throw error;
    throw new UsageError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
