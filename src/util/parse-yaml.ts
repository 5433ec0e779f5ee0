/**
 * The one way schema YAML is read (fetch, generate, check, diff): parsed with positions, aliases
 * bounded, nesting bounded. Every way the text can be refused comes back as a problem with a
 * line and column, for the caller to put in its own error type.
 *
 * Two parsers, one result. js-yaml (YAML 1.2 core schema) reads straight to values: on
 * DigitalOcean's 1.9 MB document 6× faster than the `yaml` package's `parseDocument`, whose tree
 * of positioned nodes took 100 MB more at its peak. That fast read is kept only when it is plainly
 * fine: no error, no alias to an object (js-yaml shares one object per anchor, which the alias
 * limit below is about), no nesting past the limit, no duplicate key (js-yaml refuses those). Any
 * other text, including every text with something to report, goes through `parseDocument`, so
 * each message, position, warning and limit is the `yaml` package's as before.
 *
 * Aliases: the `yaml` package refuses an anchor whose uses × the aliases nested in it exceed
 * `MAX_YAML_ALIAS_COUNT`. The fast read (yaml-fast-read.ts) takes at most `FAST_MAX_ALIASES` aliases, none of them to
 * an object holding another alias to an object. With that, no product can exceed 31 × 31 = 961, so
 * the `yaml` package would accept the text too. (Bundlers such as Redocly write a few aliases:
 * DigitalOcean's document has 5.)
 */
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { MAX_NESTING_DEPTH, TOO_DEEP, TOO_DEEP_HINT, isStackOverflow, offsetTooDeep, pathTooDeep } from './nesting.js';
import { readYamlFast } from './yaml-fast-read.js';

/**
 * Most alias expansions `toJS` may make, counted the `yaml` package's way (uses × size of what
 * is aliased). A "billion laughs" document (aliases of aliases of aliases) needs billions; real
 * OpenAPI YAML uses none or a handful.
 */
export const MAX_YAML_ALIAS_COUNT = 1000;

export interface YamlProblem {
  /** A syntax error's is the `yaml` package's first line (it ends in "at line L, column C:"). */
  message: string;
  /** Set for the limits (nesting, aliases); for a syntax error the caller knows what to say. */
  hint: string | undefined;
  /** 1-based, when known. */
  line: number | undefined;
  column: number | undefined;
}

export type ParsedYaml =
  /** `tree`: the positioned parse, when the text needed it (the fast read leaves none: it had nothing to report). */
  { ok: true; value: unknown; tree: { document: Document; lines: LineCounter } | undefined } | { ok: false; problem: YamlProblem };

export function parseYamlText(text: string, options: { uniqueKeys?: boolean } = {}): ParsedYaml {
  const value = readYamlFast(text);
  return value === undefined ? parsePositioned(text, options) : { ok: true, value, tree: undefined };
}

function parsePositioned(text: string, options: { uniqueKeys?: boolean }): ParsedYaml {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, ...(options.uniqueKeys === false ? { uniqueKeys: false } : {}) });
  const first = document.errors[0];
  if (first) {
    const tooDeep = /Maximum call stack size exceeded/.test(first.message);
    // Where the parser ran out of stack depends on how much of it the caller had used (the CLI,
    // a bundled engine); the first flow bracket past the limit does not.
    const position = lines.linePos((tooDeep ? offsetTooDeep(text, 'json') : undefined) ?? first.pos[0]);
    return {
      ok: false,
      problem: {
        message: tooDeep ? TOO_DEEP : first.message.split('\n')[0]!,
        hint: tooDeep ? TOO_DEEP_HINT : undefined,
        line: position.line,
        column: position.col,
      },
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (isStackOverflow(error))
      return { ok: false, problem: { message: TOO_DEEP, hint: TOO_DEEP_HINT, ...positionOf(lines, document.contents?.range?.[0]) } };
    // The `yaml` package's guard against alias bombs: "Excessive alias count indicates a resource exhaustion attack".
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return {
        ok: false,
        problem: {
          message: `YAML aliases expand to more than ${MAX_YAML_ALIAS_COUNT} nodes (an alias bomb)`,
          hint: 'Aliases (*name) of large or nested anchors multiply the document; write the values out, or check where the file comes from.',
          ...positionOf(lines, firstAliasOffset(document)),
        },
      };
    }
    throw error;
  }
  const deep = pathTooDeep(value, MAX_NESTING_DEPTH);
  if (deep) {
    const node = document.getIn(deep, true) as { range?: [number, number, number] } | undefined;
    return { ok: false, problem: { message: TOO_DEEP, hint: TOO_DEEP_HINT, ...positionOf(lines, node?.range?.[0]) } };
  }
  return { ok: true, value, tree: { document, lines } };
}

function positionOf(lines: LineCounter, offset: number | undefined): { line: number | undefined; column: number | undefined } {
  if (offset === undefined) return { line: undefined, column: undefined };
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** Where the first alias is: the start of the expansion the limit stopped. */
function firstAliasOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
