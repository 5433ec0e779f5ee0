import { ExitCode } from './exit-codes.js';
import { TasklistCodegenError, type ErrorCategory } from '../util/errors.js';

/** A usage mistake the CLI itself detects (a missing argument, an unknown file type). */
export class UsageError extends TasklistCodegenError<'USAGE_ERROR'> {
  override readonly name = 'UsageError';
  constructor(message: string, hint?: string) {
    super('USAGE_ERROR', message, { hint });
  }
}

export interface DescribedError {
  message: string;
  hint: string | undefined;
  exitCode: ExitCode;
  /** False for an error we did not anticipate (a bug): the message then suggests --debug. */
  expected: boolean;
}

/** What each category of the toolkit's own errors means to a CI step. */
const EXIT_CODE_OF: Record<ErrorCategory, ExitCode> = {
  input: ExitCode.UserError,
  unreachable: ExitCode.Unreachable,
};

/**
 * Turns any thrown value into one readable message, a hint and the exit code. The toolkit's own
 * errors (`TasklistCodegenError`, whatever stage threw them) say their category, which decides the
 * exit code. Anything else is unexpected, except a system error (it has a string `code` such as
 * `EACCES`): that is the machine's state, not a bug.
 */
export function describeError(error: unknown): DescribedError {
  if (!(error instanceof Error)) return { message: String(error), hint: undefined, exitCode: ExitCode.UserError, expected: false };
  const own = error instanceof TasklistCodegenError ? error : undefined;
  const e = error as Error & { file?: unknown; line?: unknown; column?: unknown };
  const hint = own?.hint && !own.message.includes(own.hint) ? own.hint : undefined;
  let message = e.message;
  // An error that knows its position in a file, and does not say it yet: lead with file:line:column.
  if (typeof e.file === 'string' && !message.includes(e.file)) {
    const position = typeof e.line === 'number' ? `:${e.line}${typeof e.column === 'number' ? `:${e.column}` : ''}` : '';
    message = `${e.file}${position}: ${message}`;
  }
  const systemError = typeof (error as { code?: unknown }).code === 'string';
  return { message, hint, exitCode: own ? EXIT_CODE_OF[own.category] : ExitCode.UserError, expected: own !== undefined || systemError };
}
