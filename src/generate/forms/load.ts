/**
 * Reading Camunda Forms: a `.form` file (or a form embedded in a BPMN file) from text to a checked
 * `FormDocument`. Broken JSON and schema violations are the user's to fix, so they come back as
 * one `FormInputError` naming `file:line:column` for each problem.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatLocation, positionOfJsonError, positionOfPath } from '../../fetch/source-location.js';
import { withoutByteOrderMark } from '../../util/byte-order-mark.js';
import { TasklistCodegenError } from '../../util/errors.js';
import { checkFormSchema } from './form-schema.js';

export interface FormOption {
  label: string;
  value: string | number | boolean;
}

/** One component of a form, with the properties the generator reads (the rest are kept, unread). */
export interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  timeLabel?: string;
  values?: FormOption[];
  valuesKey?: string;
  valuesExpression?: string;
  disabled?: boolean;
  readonly?: boolean | string;
  serializeToString?: boolean;
  subtype?: 'date' | 'time' | 'datetime';
  use24h?: boolean;
  timeSerializingFormat?: 'utc_offset' | 'utc_normalized' | 'no_timezone';
  decimalDigits?: number;
  expression?: string;
  multiple?: boolean | string;
  conditional?: { hide?: string };
  validate?: {
    required?: boolean;
    min?: number | string;
    max?: number | string;
    minLength?: number | string;
    maxLength?: number | string;
    pattern?: string;
    patternErrorMessage?: string;
    validationType?: 'email' | 'phone' | 'custom';
  };
  components?: FormComponent[];
}

export interface FormDocument {
  id?: string;
  type: 'default';
  schemaVersion?: number;
  components: FormComponent[];
}

export interface LoadedForm {
  /** Where it came from, for messages: `forms/invoice.form`, or `processes/invoice.bpmn#UserTaskForm_1`. */
  source: string;
  /**
   * What the generated names come from: the form's `id`, else the file name without `.form`;
   * for an embedded form without an `id`, `<process id>-<element id>` of the first task using it
   * (Modeler reuses the userTaskForm ids in every file, so those name nothing).
   */
  name: string;
  document: FormDocument;
  /** The JSON text as read, without a byte order mark (the change report compares documents, messages locate in it). */
  text: string;
}

/** A form the generator cannot read. `message` starts with `file:line:column`. */
export class FormInputError extends TasklistCodegenError<'FORM_INPUT'> {
  override readonly name = 'FormInputError';
  declare readonly hint: string;
  constructor(message: string, hint = 'Fix the form in Camunda Modeler (or by hand) and run the command again.') {
    super('FORM_INPUT', message, { hint });
  }
}

/**
 * Parses and checks one form's JSON text. `lineOffset` places a form embedded in another file
 * (a BPMN's `zeebe:userTaskForm`) at its real line there.
 */
export function parseFormText(read: string, source: string, name: (document: FormDocument) => string, lineOffset = 0): LoadedForm {
  const text = withoutByteOrderMark(read);
  const at = (position: { line: number; column: number } | undefined) =>
    formatLocation(source, position ? { line: position.line + lineOffset, column: position.column } : undefined);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FormInputError(
      `${at(positionOfJsonError(text, error))}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const problems = checkFormSchema(value);
  if (problems.length > 0) {
    const lines = problems.map((p) => `${at(positionOfPath(text, p.path))}: ${describePath(p.path)} ${p.message}`);
    const more = lines.length > 1 ? ` (${lines.length} problems)` : '';
    throw new FormInputError(`${lines[0]}${more}${lines.length > 1 ? `\n${lines.slice(1).join('\n')}` : ''}`);
  }
  const document = value as FormDocument;
  return { source, name: name(document), document, text };
}

/** `components[2].validate.min`, or `the form` for the root. */
export function describePath(segments: ReadonlyArray<string | number>): string {
  if (segments.length === 0) return 'the form';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export async function loadFormFile(file: string, cwd: string): Promise<LoadedForm> {
  const source = path.relative(cwd, file).split(path.sep).join('/');
  const text = await readFile(file, 'utf8');
  return parseFormText(text, source, (document) => document.id ?? path.basename(file).replace(/\.form$/, ''));
}
