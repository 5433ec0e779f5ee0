#!/usr/bin/env node
/** The `tasklist-codegen` executable: real process I/O around `runCli`. */
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
});
// Keep-alive sockets must not hold a finished command open; let stdout drain, then exit.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
