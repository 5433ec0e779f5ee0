/**
 * The fast read of schema YAML (parse-yaml.ts says when it is kept): js-yaml, YAML 1.2 core schema,
 * straight to values, or nothing when the text has anything the positioned parse must report.
 */
import { CORE_SCHEMA, constructFromEvents, EVENT_ID, parseEvents } from 'js-yaml';
import { MAX_NESTING_DEPTH, nestsTooDeep } from './nesting.js';

/** Aliases the fast read takes; its square stays under `MAX_YAML_ALIAS_COUNT` (parse-yaml.ts). */
export const FAST_MAX_ALIASES = 31;

/**
 * js-yaml's value of `text`, or undefined when `parseDocument` must read it (parse-yaml.ts).
 *
 * Its parser counts every node on the way down (scalars too), so with `maxDepth` at the limit it
 * refuses all text nesting past the limit (and some just below it, which the positioned parse then
 * reads). Only an alias can make the value nest deeper than the text, so a text without aliases
 * (most documents: the Orchestration Cluster's as YAML) needs no walk of its value; with aliases the
 * value is walked for how they nest and how deep it goes.
 */
export function readYamlFast(text: string): object | undefined {
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
  return aliasesAreFlat(value) && !nestsTooDeep(value, MAX_NESTING_DEPTH) ? value : undefined;
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
