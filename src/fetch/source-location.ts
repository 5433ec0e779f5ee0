/**
 * Turning "somewhere in this text" into `file:line:column`, for JSON and YAML alike.
 * Only error paths use this, so it may re-parse the text.
 */
import { type Document, LineCounter, isNode, parseDocument } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

export function formatLocation(fileName: string, position: SourcePosition | undefined): string {
  return position ? `${fileName}:${position.line}:${position.column}` : fileName;
}

/** 1-based line and column of a character offset. */
export function positionOfOffset(text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

/**
 * Where a JSON.parse failure is. V8 names a position for most errors ("… at position 7") but not
 * all (an unexpected token quotes the text instead); YAML 1.2 is a superset of JSON, so the YAML
 * parser's first error locates those.
 */
export function positionOfJsonError(text: string, error: unknown): SourcePosition | undefined {
  const match = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (match) return positionOfOffset(text, Number(match[1]));
  if (/^Unexpected token\b/.test(error instanceof Error ? error.message : '')) return positionOfOffset(text, offsetOfUnexpectedToken(text));
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const start = document.errors[0]?.linePos?.[0];
  if (start) return { line: start.line, column: start.col };
  return undefined;
}

/**
 * Where the character V8 calls an "unexpected token" is (its message quotes the text instead of
 * naming a position): the shortest prefix that fails before its own end ends with it. A prefix
 * that fails later only ran out of text, so the search is a bisection.
 */
function offsetOfUnexpectedToken(text: string): number {
  const failsBeforeEnd = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/^Unexpected end of JSON input/.test(message)) return false;
      const at = /at position (\d+)/.exec(message);
      return at ? Number(at[1]) < length : true;
    }
  };
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBeforeEnd(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/**
 * What kind of JSON syntax error it is, in V8's words but without what V8 quotes of the text
 * (`Unexpected token 'd', "[default]\na"... is not valid JSON`): the file may be anything a link
 * pointed at, and the message is printed, in CI into a public log. The position says where.
 */
export function jsonSyntaxKind(error: unknown): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
  if (/^Unexpected token\b/.test(message)) return 'unexpected character';
  const kind = message.replace(/ in JSON\b.*$/s, '');
  // Anything else that quotes the text (a message this list does not know) says nothing of it either.
  return kind === '' || /"|is not valid JSON/.test(kind) ? 'not valid JSON' : kind.charAt(0).toLowerCase() + kind.slice(1);
}

/** The position of the value at `path` (object keys / array indexes) in a JSON or YAML text. */
export function positionOfPath(text: string, path: ReadonlyArray<string | number>): SourcePosition | undefined {
  return pathLocator(text)(path);
}

/**
 * `positionOfPath` for many paths in one text: the text is parsed once, on the first call, not once
 * per path (a form locates each of its components; a document each problem it reports).
 */
export function pathLocator(text: string): (path: ReadonlyArray<string | number>) => SourcePosition | undefined {
  let parsed: { document: Document; lineCounter: LineCounter } | undefined;
  return (path) => {
    if (parsed === undefined) {
      const lineCounter = new LineCounter();
      parsed = { document: parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter };
    }
    const { document, lineCounter } = parsed;
    // Walk up until a node exists: a missing key is best reported at its parent.
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
}
