/**
 * A problem with the user's configuration: `codegen.ts`, the environment, `.env` or flags.
 * It names where the bad value came from, so the message alone tells what to fix.
 * (Config is the first stage of the pipeline, so it has its own error type rather than borrowing
 * the runtime's.)
 */
export class CodegenConfigError extends Error {
  override readonly name = 'CodegenConfigError';
  readonly code = 'CONFIG_INVALID';
  /** Where the value came from: a file path, `environment` or `flag --x`. */
  readonly source: string;
  /** The dotted key, e.g. `tasklist.graphql.operations`, when one key is at fault. */
  readonly key: string | undefined;
  /** What to do next. */
  readonly hint: string | undefined;

  constructor(message: string, options: { source: string; key?: string; hint?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.source = options.source;
    this.key = options.key;
    this.hint = options.hint;
  }
}
