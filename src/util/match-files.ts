/**
 * The one way the toolkit turns globs into files (operations, forms, BPMN, the app sources `check`
 * searches for what a change breaks). Its own module, with nothing but tinyglobby, so the check
 * that inputs are unchanged (a no-op `generate`, `check`) does not load the parsers of what it
 * only hashes.
 */
import path from 'node:path';

/** Every file the globs match under `cwd` (node_modules never), absolute, normalized, sorted. */
export async function matchFiles(cwd: string, globs: string | readonly string[], ignore: readonly string[] = []): Promise<string[]> {
  const patterns = typeof globs === 'string' ? [globs] : [...globs];
  if (patterns.length === 0) return [];
  const { glob } = await import('tinyglobby');
  const found = await glob(patterns, {
    cwd,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    ignore: ['**/node_modules/**', ...ignore],
  });
  return [...new Set(found.map((f) => path.normalize(f)))].sort();
}
