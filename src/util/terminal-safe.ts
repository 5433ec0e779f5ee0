/**
 * Text from a server (operation names, descriptions, enum values, error messages) is printed to
 * terminals and CI logs and written into Markdown reports. Read raw, it could recolour or rewrite
 * the screen (ANSI escape sequences, a carriage return that overwrites the line), hide or reorder
 * text (bidi overrides), make a terminal link (OSC 8), or be taken for a command by the CI runner
 * (`::error::`, `::add-mask::`, `::stop-commands::` on GitHub, `##vso[…]` on Azure Pipelines).
 *
 * `terminalSafe` is the one function every printed or reported text goes through. It writes each
 * such character as a visible `\uXXXX` escape, which also keeps JSON output valid and unchanged in
 * meaning (inside a JSON string `\u001b` is the same character), and it is idempotent.
 */

/**
 * C0 controls except tab and newline (CR included), DEL, C1 controls, the bidi embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069), the direction marks (U+200E, U+200F,
 * U+061C) and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A GitHub workflow command: `::` at the start of a line, after any whitespace (the runner trims it). */
const WORKFLOW_COMMAND = /^(\s*):(?=:)/gm;

/** The older `##[command]` form (GitHub) and Azure Pipelines' `##vso[…]`: anywhere in a line. */
const LEGACY_COMMAND = /#(?=#(?:vso)?\[)/gi;

export function terminalSafe(text: string): string {
  return text
    .replace(UNSAFE_CHARACTERS, escape)
    .replace(WORKFLOW_COMMAND, (_, indent: string) => `${indent}\\u003a`)
    .replace(LEGACY_COMMAND, '\\u0023');
}

function escape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
