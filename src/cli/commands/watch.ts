/**
 * `tasklist-codegen watch`: regenerate whenever an input changes. Watches the folders the inputs
 * live in (operation glob bases, the schema files' folders, the config file's folder), not the
 * whole project, and debounces bursts (an editor's save is often several events).
 *
 * Each change runs the same `generate` as the command (so the result is byte for byte what a
 * full `generate` writes): a side whose inputs are unchanged is taken from disk by its hash, and
 * only the side that changed runs its generator. The generators stay loaded between changes (the
 * module cache keeps them); right after start they are loaded and run once in the background
 * (in memory, nothing written), so the first save does not pay for loading and compiling them.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { regenerate as regenerateInMemory, SIDES } from '../../generate/index.js';
import { describeError } from '../errors.js';
import { loadProject, type CliDependencies, type GlobalOptions, type ProjectContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO, Output } from '../output.js';
import { runGenerate, type GenerateFlags } from './generate.js';
import { sidesFrom } from './shared.js';

/**
 * Quiet time after the last event before regenerating. An editor's save (write, or temp file +
 * rename, maybe a chmod) arrives within a few milliseconds; an event after the window only queues
 * one more run, which finds its inputs unchanged. Everything waited here is latency the user sees.
 */
const DEBOUNCE_MS = 15;

export async function runWatch(
  io: CliIO,
  globals: GlobalOptions,
  out: Output,
  flags: GenerateFlags,
  deps: CliDependencies,
): Promise<number> {
  let project = await loadProject(io, globals, out);
  const regenerate = async (reason: string) => {
    if (reason) out.info(`… ${reason}`, 'dim');
    try {
      // Reload the config each time: codegen.ts itself may be what changed.
      project = await loadProject(io, globals, out);
      await runGenerate(project, out, flags, deps.generators);
    } catch (error) {
      // Keep watching after a bad edit: print the one-line error and wait for the fix.
      const described = describeError(error);
      out.error(described.message, described.hint);
    }
  };
  await regenerate('');
  let running: Promise<void> = warmGenerators(project, flags, deps);

  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const outDir = project.config.outDir;
  const targets = [
    ...watchedFolders(project).map((dir) => ({ dir, recursive: true })),
    // The config file on its own: watching the project root recursively would walk node_modules.
    ...(project.config.configFile ? [{ dir: project.config.configFile, recursive: false }] : []),
  ];
  for (const { dir, recursive } of targets) {
    try {
      watchers.push(
        watch(dir, { recursive }, (_event, name) => {
          const file = recursive && name ? path.join(dir, name.toString()) : dir;
          // Our own writes to generated/ (and its temp siblings) must not trigger another run.
          if (file.startsWith(outDir) || path.basename(file).startsWith(`.${path.basename(outDir)}.`)) return;
          changed.add(path.relative(project.config.cwd, file) || '.');
          clearTimeout(timer);
          timer = setTimeout(() => {
            const reason = `changed: ${[...changed].sort().join(', ')}`;
            changed.clear();
            running = running.then(() => regenerate(reason));
          }, DEBOUNCE_MS);
        }),
      );
    } catch {
      // A folder that does not exist yet (no operations/ folder) is simply not watched.
    }
  }
  out.info(`watching ${watchers.length} path(s); Ctrl-C to stop`, 'dim');
  await (deps.stopWatching ?? new Promise<void>((resolve) => process.once('SIGINT', () => resolve())));
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
  return ExitCode.Ok;
}

/**
 * Loads each side's generator and runs it once in memory (no write), one side at a time so each
 * loads on this thread, where later changes run it. Errors are left to the next real run to
 * report. Skipped when generators are injected (tests) unless they are the real ones.
 */
async function warmGenerators(project: ProjectContext, flags: GenerateFlags, deps: CliDependencies): Promise<void> {
  if (deps.generators !== undefined) return;
  const sides = sidesFrom(flags) ?? SIDES;
  for (const side of sides) {
    if (project.config[side] === false) continue;
    try {
      await regenerateInMemory(project.config, { sides: [side], force: true });
    } catch {
      // The first change reports it, with its location.
    }
  }
}

/** The smallest set of folders that contains every input but the config file: glob bases and schema folders. */
export function watchedFolders(project: ProjectContext): string[] {
  const { config } = project;
  const folders = new Set<string>();
  if (config.graphql) {
    for (const pattern of config.graphql.operations) folders.add(path.resolve(config.cwd, globBase(pattern)));
    folders.add(path.dirname(config.graphql.schemaFile));
  }
  if (config.rest) folders.add(path.dirname(config.rest.schemaFile));
  // Drop folders inside another watched one (recursive watches already cover them).
  const sorted = [...folders].sort();
  return sorted.filter((dir) => !sorted.some((other) => other !== dir && dir.startsWith(other + path.sep)));
}

/** `operations/**\/*.graphql` → `operations`; `*.graphql` → `.`. */
export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const base: string[] = [];
  for (const part of parts) {
    if (/[*?[\]{}()!]/.test(part)) break;
    base.push(part);
  }
  if (base.length === parts.length) base.pop(); // a plain file path: watch its folder
  return base.length === 0 ? '.' : base.join('/');
}
