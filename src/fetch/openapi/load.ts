/**
 * How fetch, diff and `check --fetch` read an OpenAPI document: `parseOpenApiSource` (the reading
 * and checks every command shares) plus the structural check against the specification, with a
 * problem reported as the `FetchError` those commands throw (`SYNTAX` for text that is not JSON or
 * YAML, `NOT_OPENAPI` for the rest), in the same words and at the same place as the generator says it.
 */
import { FetchError } from '../errors.js';
import { formatLocation } from '../source-location.js';
import type { OpenApiDocument } from './document.js';
import { OpenApiDocumentError } from './errors.js';
import { parseOpenApiSource } from './source.js';
import { checkOpenApiStructure } from './structure.js';

export interface LoadedOpenApiDocument {
  document: OpenApiDocument;
  version: '3.0' | '3.1';
  /** Whether the text was JSON or YAML. */
  sourceFormat: 'json' | 'yaml';
}

/** JSON or YAML text → an OpenAPI 3.0 / 3.1 document whose `$ref`s resolve and whose structure follows the specification. */
export async function loadOpenApiSource(text: string, fileName: string): Promise<LoadedOpenApiDocument> {
  try {
    const { document, version, sourceFormat } = parseOpenApiSource(text, fileName);
    await checkOpenApiStructure(text, fileName);
    return { document, version, sourceFormat };
  } catch (error) {
    if (!(error instanceof OpenApiDocumentError)) throw error;
    const at = error.line === undefined ? undefined : { line: error.line, column: error.column ?? 1 };
    throw new FetchError(error.syntax ? 'SYNTAX' : 'NOT_OPENAPI', `${error.problem.charAt(0).toUpperCase()}${error.problem.slice(1)}`, {
      url: formatLocation(fileName, at),
      hint: error.hint ?? '',
      cause: error,
    });
  }
}
