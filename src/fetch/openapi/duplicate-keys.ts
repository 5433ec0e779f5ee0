import { isMap, isScalar, visit, type Document, type LineCounter } from 'yaml';

/**
 * Keys written twice in one object. `JSON.parse` and YAML both keep the last and drop the first
 * without a word, so a path or method written twice loses an operation: these are reported instead.
 */
export interface DuplicateKey {
  key: string;
  /** 1-based position of the repeated (kept) key. */
  line: number;
  column: number;
}

/**
 * One pass over JSON text, keeping the keys of each open object (linear; a few milliseconds on
 * the 1.3 MB Orchestration Cluster document). The text has parsed already, so it is well-formed.
 */
export function duplicateJsonKeys(text: string): DuplicateKey[] {
  const found: number[] = [];
  const keys: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = i + 1;
      let escaped = false;
      for (; end < text.length; end++) {
        const d = text.charCodeAt(end);
        if (d === 0x5c) {
          escaped = true;
          end++;
        } else if (d === 0x22) break;
      }
      const open = keys[keys.length - 1];
      if (expectKey && open) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (open.has(key)) found.push(i);
        else open.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      keys.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      keys.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      keys.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = keys[keys.length - 1] != null;
    }
  }
  return found.map((offset) => ({ key: JSON.parse(jsonStringAt(text, offset)) as string, ...lineColumn(text, offset) }));
}

/** Duplicate keys of a YAML document parsed with `uniqueKeys: false` (a walk over what is parsed already). */
export function duplicateYamlKeys(doc: Document, lines: LineCounter): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const pos = pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
        found.push({ key, line: pos?.line ?? 0, column: pos?.col ?? 0 });
      }
    },
  });
  return found;
}

function jsonStringAt(text: string, start: number): string {
  let end = start + 1;
  while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
  return text.slice(start, end + 1);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
