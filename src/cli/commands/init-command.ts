import path from 'node:path';
import type { GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO, Output } from '../output.js';
import { runInit } from './init.js';

export async function runInitCommand(io: CliIO, globals: GlobalOptions, out: Output): Promise<number> {
  const cwd = path.resolve(io.cwd, globals.cwd ?? '.');
  const started = performance.now();
  const result = await runInit(cwd);
  const ms = performance.now() - started;
  for (const file of result.created) out.step({ step: `create ${file}`, status: 'changed', ms });
  for (const file of result.kept) out.step({ step: `keep ${file}`, status: 'skipped', detail: 'exists, not overwritten' });
  if (result.scriptsAdded.length > 0) out.step({ step: 'add npm scripts', status: 'changed', detail: result.scriptsAdded.join(', ') });
  if (result.scriptsKept.length > 0) out.step({ step: 'keep npm scripts', status: 'skipped', detail: `${result.scriptsKept.join(', ')} (already defined)` });
  if (result.ignoresAdded.length > 0) out.step({ step: 'add to .gitignore', status: 'changed', detail: result.ignoresAdded.join(', ') });
  out.info('\nNext: copy .env.example to .env and fill it in, then `npm run fetch` and `npm run generate`.');
  out.json({ command: 'init', exitCode: ExitCode.Ok, ...result });
  return ExitCode.Ok;
}
