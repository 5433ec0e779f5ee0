import { ExitCode } from './exit-codes.js';

/** A usage mistake the CLI itself detects (a missing argument, an unknown file type). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface DescribedError {
  message: string;
  hint: string | undefined;
  exitCode: ExitCode;
  /** False for an error we did not anticipate (a bug): the message then suggests --debug. */
  expected: boolean;
}

/** Error codes (`FetchError.code`, `TasklistError.code`) that mean "could not reach or sign in". */
const UNREACHABLE_CODES = new Set([
  'unreachable',
  'timeout',
  'unauthorized',
  'forbidden',
  'html-response',
  'NETWORK',
  'TIMEOUT',
  'AUTH',
  'AUTH_FAILED',
  'UNAUTHORIZED',
  'NETWORK_ERROR',
  'TIMEOUT_ERROR',
]);
const UNREACHABLE_NAMES = new Set(['NetworkError', 'TimeoutError', 'AuthError']);

/** Names of the error classes the toolkit throws on purpose: their message is meant for people. */
const EXPECTED_NAMES = new Set([
  'CodegenConfigError',
  'GenerateInputError',
  'FormInputError',
  'UsageError',
  'FetchError',
  'OperationError',
  'ConfigError',
  'HttpError',
  'NetworkError',
  'TimeoutError',
  'AuthError',
  'TasklistError',
  'SchemaLoadError',
  'RestGenerationError',
  'GraphQLGenerationError',
  'GraphQLError',
  'InsecureUrlError',
  'GraphQLSchemaFileError',
  'OpenApiDocumentError',
]);

/**
 * Turns any thrown value into one readable message, a hint and the exit code. Works by name and
 * code (duck typing) so it does not have to import every stage's error classes.
 */
export function describeError(error: unknown): DescribedError {
  if (!(error instanceof Error)) return { message: String(error), hint: undefined, exitCode: ExitCode.UserError, expected: false };
  const e = error as Error & { code?: unknown; hint?: unknown; status?: unknown; file?: unknown; line?: unknown; column?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const hint = typeof e.hint === 'string' && !e.message.includes(e.hint) ? e.hint : undefined;
  let message = e.message;
  // An error that knows its position in a file, and does not say it yet: lead with file:line:column.
  if (typeof e.file === 'string' && !message.includes(e.file)) {
    const position = typeof e.line === 'number' ? `:${e.line}${typeof e.column === 'number' ? `:${e.column}` : ''}` : '';
    message = `${e.file}${position}: ${message}`;
  }
  const unreachable =
    UNREACHABLE_NAMES.has(e.name) ||
    (code !== undefined && UNREACHABLE_CODES.has(code)) ||
    (status !== undefined && (status === 401 || status === 403 || status === 407 || status >= 500));
  const expected = EXPECTED_NAMES.has(e.name) || code !== undefined;
  return { message, hint, exitCode: unreachable ? ExitCode.Unreachable : ExitCode.UserError, expected };
}
