/** One difference between two snapshots of a schema, rated for the people who call the API. */
export interface SchemaChange {
  /**
   * `breaking`: existing client code stops working (or compiling). `dangerous`: it still compiles,
   * but may now meet something it does not handle (a new enum value in a response). `safe`: additions
   * and documentation.
   */
  level: ChangeLevel;
  /** A stable identifier of the kind of change, e.g. `FIELD_REMOVED`, `enum-value-added`. */
  kind: string;
  /** Where, e.g. `Task.priority` or `POST /v1/tasks/search requestBody.priority`. */
  path: string;
  message: string;
}

export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

export const CHANGE_LEVELS: readonly ChangeLevel[] = ['breaking', 'dangerous', 'safe'];

/** Breaking first, then by path and kind: the order people read and CI diffs stay stable in. */
export function sortChanges(changes: readonly SchemaChange[]): SchemaChange[] {
  return [...changes].sort(
    (a, b) =>
      CHANGE_LEVELS.indexOf(a.level) - CHANGE_LEVELS.indexOf(b.level) ||
      compare(a.path, b.path) ||
      compare(a.kind, b.kind) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
