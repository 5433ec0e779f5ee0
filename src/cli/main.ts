#!/usr/bin/env node
/** The `tasklist-codegen` executable: real process I/O around `runCli`. */
import { runCli } from './program.js';

function exit(code: number): void {
  // Keep-alive sockets must not hold a finished command open; let stdout drain, then exit.
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

// A promise that rejects with nobody waiting (a background call in codegen.ts, say) would be
// printed by Node itself: raw, with any secret in it. It goes through the run's output instead.
let report: ((error: unknown) => number) | undefined;
function fatal(error: unknown): void {
  if (report) exit(report(error));
  else {
    // Before the output exists no secret is known to redact with: say only that it happened.
    process.stderr.write('error an unexpected failure before the command started\n');
    exit(1);
  }
}
process.on('unhandledRejection', fatal);
process.on('uncaughtException', fatal);

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  onReporter: (given) => {
    report = given;
  },
});
exit(code);
