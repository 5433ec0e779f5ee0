/**
 * Whether an OpenAPI document's text is JSON or YAML: JSON starts with `{` or `[`, anything else is
 * read as YAML. Its own module, without the parsers, for the thread that only decides (src/generate/worker.ts).
 */
export function sourceFormatOf(text: string): 'json' | 'yaml' {
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[') ? 'json' : 'yaml';
}
