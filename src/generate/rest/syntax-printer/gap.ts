/**
 * What the syntax printer throws when openapi-typescript asks for something it does not do (a node
 * kind, an option, a text to parse): a gap in our printer, never a mistake of the document, so the
 * REST generator lets it through instead of leaving the component out with a warning.
 */
export class SyntaxPrinterGap extends Error {
  override readonly name = 'SyntaxPrinterGap';

  constructor(what: string) {
    super(`the REST engine's syntax printer (src/generate/rest/syntax-printer/) ${what}`);
  }
}
