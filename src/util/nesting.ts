/**
 * How deeply a schema document may nest. The parsers and everything after them (reference
 * checks, Redocly, the generators, graphql-js) walk documents recursively, so a 10,000-deep
 * `[[[[…]]]]` or `{ a { a { … } } }` overflows the stack somewhere inside a library. Refusing it
 * up front, at the place it starts, gives one clear message instead. Real documents nest far
 * less: Camunda's Orchestration Cluster document 13 levels, the deepest public one we have 16.
 * Below Redocly's own limit (it refuses 100 levels, `fetch` runs it), so `fetch` and `generate`
 * refuse the same documents, with this message.
 */
export const MAX_NESTING_DEPTH = 64;

export const TOO_DEEP = `nested more than ${MAX_NESTING_DEPTH} levels deep`;

export const TOO_DEEP_HINT = `A schema nested this deeply is not a real API description; check where the file comes from. At most ${MAX_NESTING_DEPTH} levels are accepted.`;

/**
 * The offset of the first opening bracket that goes deeper than the limit, in JSON or GraphQL
 * text (strings, block strings and GraphQL comments skipped), or undefined.
 */
export function offsetTooDeep(text: string, syntax: 'json' | 'graphql', limit = MAX_NESTING_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (syntax === 'graphql' && text.startsWith('"""', i)) {
        const end = blockStringEnd(text, i + 3);
        i = end;
        continue;
      }
      i = stringEnd(text, i + 1);
      continue;
    }
    if (c === 0x23 /* # */ && syntax === 'graphql') {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */ || (c === 0x28 /* ( */ && syntax === 'graphql')) {
      if (++depth > limit) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */ || (c === 0x29 /* ) */ && syntax === 'graphql')) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The path (keys and indexes) to the first value nested deeper than the limit in a parsed value, or undefined. */
export function pathTooDeep(value: unknown, limit = MAX_NESTING_DEPTH): Array<string | number> | undefined {
  // Iterative on purpose: a recursive walk is what overflows. Each entry links to its parent, so
  // the path is only built for the one node that is too deep.
  interface Entry {
    node: object;
    depth: number;
    parent: Entry | undefined;
    key: string | number;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Entry[] = [{ node: value, depth: 0, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth >= limit) {
      const path: Array<string | number> = [];
      for (let at: Entry | undefined = entry; at?.parent; at = at.parent) path.unshift(at.key);
      return path;
    }
    const children: Array<[string | number, unknown]> = Array.isArray(entry.node)
      ? entry.node.map((item, index) => [index, item])
      : Object.entries(entry.node);
    for (const [key, child] of children) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: entry.depth + 1, parent: entry, key });
    }
  }
  return undefined;
}

/**
 * Whether a parsed value nests deeper than the limit: `pathTooDeep`'s answer without the path, for
 * a caller that only decides (util/yaml-fast-read.ts). No entry or key array per node, so a big
 * document is walked in a fraction of the time.
 */
export function nestsTooDeep(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const nodes: object[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth >= limit) return true;
    if (Array.isArray(node)) {
      for (const child of node as unknown[]) {
        if (typeof child === 'object' && child !== null) nodes.push(child), depths.push(depth + 1);
      }
      continue;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) nodes.push(child), depths.push(depth + 1);
    }
  }
  return false;
}

/** A stack overflow inside a parser (the `yaml` package reports it as a syntax error of its own). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && /Maximum call stack size exceeded/.test(error.message));
}

function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22 || c === 0x0a) return i;
  }
  return text.length;
}

function blockStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x5c && text.startsWith('\\"""', i)) i += 3;
    else if (text.startsWith('"""', i)) return i + 2;
  }
  return text.length;
}
