/**
 * The one error for an OpenAPI document that cannot be read: it names the file, the line and
 * column when it can find them, the JSON pointer inside the document, and what to do next. Every
 * command reads documents through `source.ts`, so each says the same of the same document; fetch,
 * diff and `check --fetch` carry it on as their `FetchError` (see `load.ts`).
 */
import { TasklistCodegenError } from '../../util/errors.js';

export class OpenApiDocumentError extends TasklistCodegenError<'OPENAPI_DOCUMENT_INVALID'> {
  override readonly name = 'OpenApiDocumentError';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** JSON pointer of the offending node, e.g. `#/paths/~1v1~1tasks/get/responses/200`. */
  readonly pointer: string | undefined;
  /** What is wrong, without where: `broken $ref "#/components/schemas/Tsak": nothing at that location`. */
  readonly problem: string;
  /** The text is not JSON or YAML at all (rather than a document that breaks the rules). */
  readonly syntax: boolean;

  constructor(details: {
    file: string;
    line?: number | undefined;
    column?: number | undefined;
    pointer?: string | undefined;
    problem: string;
    hint?: string | undefined;
    syntax?: boolean | undefined;
  }) {
    const where = details.line !== undefined ? `${details.file}:${details.line}:${details.column ?? 1}` : details.file;
    const at = details.pointer ? ` (at ${details.pointer})` : '';
    // The hint is also the message's last line, so it reads right wherever the message is printed alone.
    super('OPENAPI_DOCUMENT_INVALID', `${where}: ${details.problem}${at}${details.hint ? `\n  ${details.hint}` : ''}`, {
      hint: details.hint,
    });
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.pointer = details.pointer;
    this.problem = details.problem;
    this.syntax = details.syntax ?? false;
  }
}
