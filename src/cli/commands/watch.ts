/**
 * `tasklist-codegen watch`: regenerate whenever an input changes. Watches the folders the inputs
 * live in (operation glob bases, the schema files' folders, the config file's folder), not the
 * whole project, and debounces bursts (an editor's save is often several events).
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { describeError } from '../errors.js';
import { loadProject, type CliDependencies, type GlobalOptions, type ProjectContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO, Output } from '../output.js';
import { runGenerate, type GenerateFlags } from './generate.js';

const DEBOUNCE_MS = 120;

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

  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  let running: Promise<void> = Promise.resolve();
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
