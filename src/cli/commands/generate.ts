import path from 'node:path';
import { generate, type GenerateOutcome, type Generators, type Side } from '../../generate/index.js';
import type { ProjectContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface GenerateFlags {
  graphql?: boolean;
  rest?: boolean;
  force?: boolean;
}

/** `--graphql` / `--rest` pick sides; neither means both. */
export function sidesFrom(flags: { graphql?: boolean; rest?: boolean }): Side[] | undefined {
  const sides: Side[] = [];
  if (flags.graphql) sides.push('graphql');
  if (flags.rest) sides.push('rest');
  return sides.length > 0 ? sides : undefined;
}

export async function runGenerate(
  project: ProjectContext,
  out: Output,
  flags: GenerateFlags,
  generators?: Generators,
): Promise<{ exitCode: ExitCode; outcome: GenerateOutcome }> {
  const { config } = project;
  const sides = sidesFrom(flags);
  const started = performance.now();
  const outcome = await generate(config, {
    ...(sides ? { sides } : {}),
    ...(flags.force ? { force: true } : {}),
    ...(generators ? { generators } : {}),
    warn: (message) => out.warn(message),
  });
  reportGeneration(out, outcome);
  const outDir = relative(config.cwd, outcome.outDir);
  out.step({
    step: outcome.written ? `write ${outDir}/` : `${outDir}/ up to date`,
    status: outcome.written ? 'changed' : 'ok',
    ms: performance.now() - started,
  });
  out.json({
    command: 'generate',
    exitCode: ExitCode.Ok,
    outDir,
    written: outcome.written,
    sides: outcome.sides.map(({ side, status, note, files, warnings }) => ({ side, status, note, files, warnings })),
  });
  return { exitCode: ExitCode.Ok, outcome };
}

export function reportGeneration(out: Output, outcome: { sides: GenerateOutcome['sides'] }): void {
  for (const side of outcome.sides) {
    const label = `generate ${side.side}`;
    if (side.status === 'generated') out.step({ step: label, status: 'ok', detail: `${side.files.length} file(s)`, ms: side.ms });
    else if (side.status === 'unchanged') out.step({ step: label, status: 'skipped', detail: 'inputs unchanged', ms: side.ms });
    else out.step({ step: label, status: 'skipped', detail: side.note ?? side.status, ms: side.ms });
    for (const warning of side.warnings) out.warn(`${warning.location}: ${warning.message}`);
  }
}

export function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}
