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
 * `MAX_YAML_ALIAS_COUNT`. The fast read takes at most `FAST_MAX_ALIASES` aliases, none of them to
 * an object holding another alias to an object. With that, no product can exceed 31 × 31 = 961, so
 * the `yaml` package would accept the text too. (Bundlers such as Redocly write a few aliases:
 * DigitalOcean's document has 5.)
 */
import { CORE_SCHEMA, constructFromEvents, EVENT_ID, parseEvents } from 'js-yaml';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { MAX_NESTING_DEPTH, TOO_DEEP, TOO_DEEP_HINT, isStackOverflow, offsetTooDeep, pathTooDeep } from './nesting.js';

/**
 * Most alias expansions `toJS` may make, counted the `yaml` package's way (uses × size of what
 * is aliased). A "billion laughs" document (aliases of aliases of aliases) needs billions; real
 * OpenAPI YAML uses none or a handful.
 */
export const MAX_YAML_ALIAS_COUNT = 1000;

/** Aliases the fast read takes; its square stays under `MAX_YAML_ALIAS_COUNT` (see the header). */
const FAST_MAX_ALIASES = 31;

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
  const value = plainValue(text);
  return value === undefined ? parsePositioned(text, options) : { ok: true, value, tree: undefined };
}

/**
 * js-yaml's value of `text`, or undefined when `parseDocument` must read it (see the header).
 *
 * Its parser counts every node on the way down (scalars too), so with `maxDepth` at the limit it
 * refuses all text nesting past the limit (and some just below it, which the positioned parse then
 * reads). Only an alias can make the value nest deeper than the text, so a text without aliases
 * (most documents: the Orchestration Cluster's as YAML) needs no walk of its value; with aliases the
 * value is walked for how they nest and how deep it goes.
 */
function plainValue(text: string): unknown {
  let value: unknown;
  let aliases = 0;
  try {
    const events = parseEvents(text, { maxDepth: MAX_NESTING_DEPTH });
    for (const event of events) if (event.type === EVENT_ID.ALIAS) aliases++;
    if (aliases > FAST_MAX_ALIASES) return undefined;
    // Several documents (or none) are the positioned parse's to report.
    const documents = constructFromEvents(events, { source: text, schema: CORE_SCHEMA });
    if (documents.length !== 1) return undefined;
    value = documents[0];
  } catch {
    return undefined;
  }
  // An empty document, a scalar or null: rare for a schema, and the positioned parse says what it is.
  if (typeof value !== 'object' || value === null) return undefined;
  if (aliases === 0) return value;
  return aliasesAreFlat(value) && !pathTooDeep(value, MAX_NESTING_DEPTH) ? value : undefined;
}

/**
 * js-yaml's value of an alias to an object (`*name`) is the anchor's object itself, so an object
 * reached twice is an aliased one. True when no aliased object holds another one (or itself: a cycle).
 */
function aliasesAreFlat(root: object): boolean {
  const aliased = new Set<object>();
  forEachObject(root, (node, seen) => (seen ? (aliased.add(node), false) : true));
  for (const anchor of aliased) {
    let flat = true;
    forEachObject(anchor, (node, seen) => {
      if (node !== anchor || seen) flat &&= !aliased.has(node);
      return flat && !seen;
    });
    if (!flat) return false;
  }
  return true;
}

/** Walks the objects and arrays under `root` (itself included); `visit` says whether to go into a node. */
function forEachObject(root: object, visit: (node: object, seenBefore: boolean) => boolean): void {
  const seen = new Set<object>();
  const pending: object[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const before = seen.has(node);
    seen.add(node);
    if (!visit(node, before)) continue;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
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
