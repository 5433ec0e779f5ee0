import { generate, type GenerateOutcome, type Generators } from '../../generate/index.js';
import type { ProjectContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { relative, sidesFrom } from './shared.js';

export interface GenerateFlags {
  graphql?: boolean;
  rest?: boolean;
  force?: boolean;
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
