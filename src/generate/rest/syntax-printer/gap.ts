/**
 * What the syntax printer throws when openapi-typescript asks for something it does not do (a node
 * kind, an option, a text to parse): a gap in our printer, never a mistake of the document, so the
 * REST generator lets it through instead of leaving the component out with a warning. It is a plain
 * `Error` (a bug of ours, which the CLI reports as one), known by the set it was made into.
 */
const gaps = new WeakSet<Error>();

export function syntaxPrinterGap(what: string): Error {
  const error = new Error(`the REST engine's syntax printer (src/generate/rest/syntax-printer/) ${what}`);
  gaps.add(error);
  return error;
}

export function isSyntaxPrinterGap(error: unknown): boolean {
  return error instanceof Error && gaps.has(error);
}
