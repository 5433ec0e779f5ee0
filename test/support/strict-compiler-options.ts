/**
 * The compiler options every type-check of generated code uses (tests and bench/typecheck): a
 * consumer's strictest reasonable settings. The generated declaration files are checked too
 * (no skipLibCheck); TypeScript's own lib files need no checking (skipDefaultLibCheck), which saves
 * seconds per run.
 */
export const STRICT_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  skipDefaultLibCheck: true,
  noEmit: true,
} as const;
