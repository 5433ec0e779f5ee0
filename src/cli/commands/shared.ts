/**
 * What several commands share: which sides the flags pick, how a path and a list of changes are
 * printed. Commands import these from here rather than from each other.
 */
import path from 'node:path';
import type { SchemaChange } from '../../fetch/change-types.js';
import type { Side } from '../../generate/index.js';

/** `--graphql` / `--rest` pick sides; neither means both. */
export function sidesFrom(flags: { graphql?: boolean; rest?: boolean }): Side[] | undefined {
  const sides: Side[] = [];
  if (flags.graphql) sides.push('graphql');
  if (flags.rest) sides.push('rest');
  return sides.length > 0 ? sides : undefined;
}

/** `file` relative to `cwd`, `/`-separated, as messages show it. */
export function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

/** `2 breaking, 0 dangerous, 1 safe`, or `no changes`. */
export function summarize(changes: readonly SchemaChange[]): string {
  if (changes.length === 0) return 'no changes';
  const count = (level: SchemaChange['level']) => changes.filter((c) => c.level === level).length;
  return `${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('safe')} safe`;
}
