/**
 * The change report printed after each fetch and by `diff <old> <new>`: for people (text), for pull
 * requests (Markdown) and for tools (JSON). The differs live in `graphql-changes.ts` and
 * `openapi-changes.ts`; this module only renders.
 */
import { terminalSafe } from '../util/terminal-safe.js';
import { CHANGE_LEVELS, sortChanges, type ChangeLevel, type SchemaChange } from './change-types.js';

export type { ChangeLevel, SchemaChange } from './change-types.js';
export { diffGraphQLSchemas } from './graphql-changes.js';
export { diffOpenApiDocuments } from './openapi-changes.js';

export type ChangeReportFormat = 'text' | 'markdown' | 'json';

const HEADINGS: Record<ChangeLevel, string> = {
  breaking: 'Breaking',
  dangerous: 'Dangerous',
  safe: 'Safe',
};

/** How many changes of each level. */
export function countChanges(changes: readonly SchemaChange[]): Record<ChangeLevel, number> {
  const counts: Record<ChangeLevel, number> = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of changes) counts[change.level]++;
  return counts;
}

/**
 * Renders `changes` under `title` (e.g. "REST (tasklist.openapi.json)"). Output ends with a newline.
 * Names and messages come from the server: the report is made safe for terminals, CI logs and
 * Markdown (control characters and workflow commands escaped; JSON stays valid and equal).
 */
export function renderChangeReport(changes: readonly SchemaChange[], format: ChangeReportFormat, title = 'Schema changes'): string {
  return terminalSafe(renderUnescaped(changes, format, title));
}

function renderUnescaped(changes: readonly SchemaChange[], format: ChangeReportFormat, title: string): string {
  const sorted = sortChanges(changes);
  const counts = countChanges(sorted);
  if (format === 'json') return `${JSON.stringify({ title, counts, changes: sorted }, null, 2)}\n`;
  const summary =
    sorted.length === 0
      ? 'no changes'
      : CHANGE_LEVELS.filter((level) => counts[level] > 0)
          .map((level) => `${counts[level]} ${level}`)
          .join(', ');
  if (format === 'markdown') {
    const lines = [`### ${escapeMarkdown(title)}`, '', `${capitalise(summary)}.`];
    for (const level of CHANGE_LEVELS) {
      const ofLevel = sorted.filter((change) => change.level === level);
      if (ofLevel.length === 0) continue;
      lines.push('', `#### ${HEADINGS[level]} (${ofLevel.length})`, '');
      for (const change of ofLevel) lines.push(`- \`${change.path.replace(/`/g, "'")}\` — ${escapeMarkdown(change.message)}`);
    }
    return `${lines.join('\n')}\n`;
  }
  const lines = [`${title}: ${summary}`];
  for (const level of CHANGE_LEVELS) {
    const ofLevel = sorted.filter((change) => change.level === level);
    if (ofLevel.length === 0) continue;
    lines.push(`  ${HEADINGS[level]} (${ofLevel.length})`);
    for (const change of ofLevel) lines.push(`    ${change.path}: ${change.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Keeps messages from turning into Markdown markup (a media type like `*\/*` would start emphasis). */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_[\]<>|#])/g, '\\$1');
}
