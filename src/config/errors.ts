/**
 * A problem with the user's configuration: `codegen.ts`, the environment, `.env` or flags.
 * It names where the bad value came from, so the message alone tells what to fix.
 * (Config is the first stage of the pipeline, so it has its own error type rather than borrowing
 * the runtime's.)
 */
import { TasklistCodegenError } from '../util/errors.js';

export class CodegenConfigError extends TasklistCodegenError<'CONFIG_INVALID'> {
  override readonly name = 'CodegenConfigError';
  /** Where the value came from: a file path, `environment` or `flag --x`. */
  readonly source: string;
  /** The dotted key, e.g. `tasklist.graphql.operations`, when one key is at fault. */
  readonly key: string | undefined;

  constructor(message: string, options: { source: string; key?: string; hint?: string; cause?: unknown }) {
    super('CONFIG_INVALID', message, { hint: options.hint, cause: options.cause });
    this.source = options.source;
    this.key = options.key;
  }
}
