import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GenerationResult, GenerationWarning } from '../types.js';
import { emitFunctionsModule, MODULE_NAMES } from './emit-functions.js';
import { emitSchemaTypes } from './emit-types.js';
import { OpenApiDocumentError } from '../../fetch/openapi/errors.js';
import type { OpenApiDocument } from '../../fetch/openapi/document.js';
import { collectOperations, uniqueOperationIds } from './model.js';
import { selectOperations, type OperationSelection } from './select.js';
import { parseOpenApiSource } from '../../fetch/openapi/source.js';
import { withLaterPartsMarked, withoutLaterOperations } from './target-version.js';

export { OpenApiDocumentError } from '../../fetch/openapi/errors.js';
export type { OperationSelection } from './select.js';

export interface GenerateRestOptions {
  /** The OpenAPI 3 document (JSON or YAML), e.g. `schemas/tasklist.openapi.json`. */
  documentFile: string;
  /** Relative `documentFile` is resolved against this. */
  cwd: string;
  /** Module the generated functions import the runtime from: `tasklist-codegen/runtime`. */
  runtimeImport: string;
  /** Only these operations (and the schemas they reach), for large documents. */
  select?: OperationSelection;
  /** The document's text, when the caller has it already (the file is then not read). */
  documentText?: string;
  /** The oldest Camunda release the client must work with (`8.8`): operations added later are left out, later properties and parameters marked and optional. */
  targetVersion?: string;
}

/**
 * The REST generator: `rest/schema.d.ts` (openapi-typescript) and `rest/index.ts` (one function per
 * operation). Writes nothing; throws `OpenApiDocumentError` with file:line:column on bad input;
 * what it could not express comes back in `warnings` while the rest is generated.
 */
export async function generateRest(options: GenerateRestOptions): Promise<GenerationResult> {
  const file = path.resolve(options.cwd, options.documentFile);
  let text = options.documentText;
  if (text === undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new OpenApiDocumentError({
        file: options.documentFile,
        problem: `cannot read the OpenAPI document (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        hint: 'Run `tasklist-codegen fetch` first, or point rest.schemaFile at the document.',
      });
    }
  }
  const displayName = path.relative(options.cwd, file) || file;
  const source = parseOpenApiSource(text, displayName);
  const warnings: GenerationWarning[] = [];
  const chosen = selectOperations(source, options.select);
  const selected = options.targetVersion
    ? withLaterPartsMarked(withoutLaterOperations(chosen, options.targetVersion, warnings), options.targetVersion)
    : chosen;

  // A path or method written twice loses an operation without a trace in the parsed document.
  for (const { key, line, column } of source.duplicateKeys()) {
    warnings.push({
      location: `${displayName}:${line}:${column}`,
      message: `${JSON.stringify(key)} is written twice in one object; only this later one is read, what the first holds is not generated`,
    });
  }
  const named = uniqueOperationIds(selected, warnings);
  const types = await emitSchemaTypes(named.document, warnings, source);
  const operations = collectOperations(types.document, MODULE_NAMES, warnings, named.originalIds);
  const info = source.document.info ?? {};
  const functions = await emitFunctionsModule({
    operations,
    runtimeImport: options.runtimeImport,
    title: [info.title ?? 'the REST API', info.version].filter(Boolean).join(' '),
    sourceName: path.basename(file),
    basePath: serverBasePath(source.document),
  });
  return {
    files: [
      { path: 'rest/schema.d.ts', contents: types.contents },
      { path: 'rest/index.ts', contents: functions },
    ],
    warnings,
  };
}

/** `{schema}://{host}:{port}/v2` → `/v2`: server variables take their defaults. */
function serverBasePath(document: OpenApiDocument): string {
  const server = Array.isArray(document['servers'])
    ? (document['servers'][0] as { url?: unknown; variables?: Record<string, { default?: unknown }> })
    : undefined;
  if (!server || typeof server.url !== 'string') return '';
  const variables = server.variables;
  const valueOf = (name: string) => (variables && Object.hasOwn(variables, name) ? variables[name]?.default : undefined);
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => String(valueOf(name) ?? 'x'));
  try {
    return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}
