/**
 * Exit codes a CI workflow can branch on. Distinct for every outcome `check` can report, so a
 * step can say `if: steps.check.outcome == 'failure'` and then look at the code.
 */
export const ExitCode = {
  /** Everything is up to date (or the command did what was asked). */
  Ok: 0,
  /** Bad input or usage: a config error, an invalid operation, an unknown flag. */
  UserError: 1,
  /** `check`: the committed `generated/` differs from what the committed schemas and operations produce. */
  Stale: 2,
  /** `check --fetch` / `diff`: the schema changed, nothing breaks. */
  SchemaChanged: 3,
  /** `check --fetch` / `diff`: the schema changed with breaking changes, or the project's own operations break. */
  Breaking: 4,
  /** The server could not be reached or refused the credentials. */
  Unreachable: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The table printed in `check --help` and the README. */
export const EXIT_CODE_HELP = `Exit codes:
  0  up to date
  1  user error or bad input (config, operation, flag)
  2  generated code is stale (run \`tasklist-codegen generate\` and commit)
  3  the live schema changed, nothing breaks (with --fetch)
  4  the live schema changed with breaking changes, or your operations break (with --fetch)
  5  could not reach the server or sign in (with --fetch)`;
