/**
 * OpenAPI documents kept as many files (Camunda's Orchestration Cluster API since its split: a root
 * `rest-api.yaml` whose `$ref`s name sibling files, `'user-tasks.yaml#/paths/…'`), bundled in
 * process into the one document a snapshot needs, with Redocly's bundler.
 *
 * The root file's folder is a trust boundary: before anything is bundled, every external `$ref`
 * of every file reached is checked to be a relative path that stays inside that folder (symbolic
 * links resolved). A URL, an absolute path or a `../` that leaves the folder is refused with the
 * file:line:column of the `$ref`, so a document cannot make fetch read files elsewhere on disk or
 * download anything.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isPair, isScalar, parseDocument, visit, type Node } from 'yaml';
import { parseYamlText } from '../../util/parse-yaml.js';
import { FetchError } from '../errors.js';
import { refersToOtherFiles } from './references.js';
import { formatLocation } from '../source-location.js';

interface ExternalRef {
  /** The `$ref` value as written. */
  ref: string;
  /** The file part, before `#`. */
  target: string;
  line: number;
  column: number;
}

/**
 * The `$ref` strings of a JSON or YAML text that name another file, with their positions. Walks
 * the syntax tree only (aliases are not expanded), so a "billion laughs" file costs nothing here.
 */
function externalRefs(text: string, file: string): ExternalRef[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const pos = lines.linePos(error.pos[0]);
    throw new FetchError('SYNTAX', `Invalid YAML/JSON: ${error.message.split('\n')[0]}`, {
      url: formatLocation(file, { line: pos.line, column: pos.col }),
      hint: 'Fix the syntax of this file of the document.',
    });
  }
  const out: ExternalRef[] = [];
  visit(doc, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== '$ref' || !isScalar(pair.value)) return;
      const value = pair.value.value;
      if (typeof value !== 'string' || value.startsWith('#')) return;
      const range = (pair.value as Node).range;
      const pos = range ? lines.linePos(range[0]) : { line: 0, col: 0 };
      out.push({ ref: value, target: value.split('#')[0] ?? '', line: pos.line, column: pos.col });
    },
  });
  return out;
}

/**
 * True when the text refers to other files (a reference whose `$ref` does not start with `#`). A
 * `$ref` in data (an example's value, an extension: GitHub's document has URLs there) is not one,
 * so a single-file document is never bundled for it. Text that does not parse is not bundled: its
 * error is reported by the loader.
 */
export function hasExternalRefs(text: string): boolean {
  // A quick textual look first: most documents are bundled already.
  if (!/["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"']/.test(text)) return false;
  const parsed = parseYamlText(text, { uniqueKeys: false });
  return parsed.ok && refersToOtherFiles(parsed.value);
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Checks every file the root reaches (see the module comment) and returns them. `display` turns
 * an absolute path into the name errors use.
 */
async function checkBoundary(rootFile: string, rootText: string, display: (file: string) => string): Promise<string[]> {
  const folder = await realpath(path.dirname(rootFile));
  const seen = new Set<string>([rootFile]);
  const queue: Array<{ file: string; text: string }> = [{ file: rootFile, text: rootText }];
  while (queue.length > 0) {
    const { file, text } = queue.shift()!;
    for (const ref of externalRefs(text, display(file))) {
      const where = formatLocation(display(file), { line: ref.line, column: ref.column });
      const refuse = (why: string): never => {
        throw new FetchError('NOT_OPENAPI', `$ref "${ref.ref}" ${why}`, {
          url: where,
          hint: `A multi-file document may only refer to files beside its root file, in ${display(path.dirname(rootFile)) || '.'} or below (relative paths such as 'user-tasks.yaml#/paths/…').`,
        });
      };
      if (ref.target === '') continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(ref.target)) refuse('is a URL; only files beside the root file are read');
      if (path.isAbsolute(ref.target) || ref.target.startsWith('\\')) refuse('is an absolute path; only relative paths are allowed');
      let target: string;
      try {
        target = path.resolve(path.dirname(file), decodeURIComponent(ref.target));
      } catch {
        return refuse('is not a valid path');
      }
      if (!isInside(folder, target) && !isInside(path.dirname(rootFile), target)) refuse("leaves the root file's folder");
      let real: string;
      try {
        real = await realpath(target);
      } catch {
        return refuse('names a file that does not exist');
      }
      if (!isInside(folder, real)) refuse("leaves the root file's folder (through a symbolic link)");
      if (seen.has(real)) continue;
      seen.add(real);
      queue.push({ file: real, text: await readFile(real, 'utf8') });
    }
  }
  return [...seen];
}

/**
 * The root file and the files it refers to, bundled into one document (JSON text); external
 * references become `#/components/...` ones, as Redocly names them (the same names for the same
 * files, so the snapshot is deterministic).
 */
export async function bundleOpenApiFiles(
  rootFile: string,
  rootText: string,
  display: (file: string) => string = (f) => f,
): Promise<string> {
  const root = path.resolve(rootFile);
  await checkBoundary(root, rootText, display);
  // Loaded lazily: it is a large module and only multi-file documents need it.
  const { bundle, createConfig, getLineColLocation } = await import('@redocly/openapi-core');
  const config = await createConfig({});
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: root, config, dereference: false });
  } catch (error) {
    throw new FetchError('NOT_OPENAPI', `Cannot bundle the multi-file document: ${(error as Error).message.split('\n')[0]}`, {
      url: display(root),
      hint: 'Check the files the root file refers to.',
      cause: error,
    });
  }
  const problem = result.problems.find((p) => p.severity === 'error');
  if (problem) {
    const location = problem.location[0];
    const start = location ? getLineColLocation(location).start : undefined;
    const file = location ? display(location.source.absoluteRef) : display(root);
    throw new FetchError('NOT_OPENAPI', `Cannot bundle the multi-file document: ${problem.message}`, {
      url: formatLocation(file, start && { line: start.line, column: start.col }),
      hint: 'A $ref points at something the named file does not define; fix the reference or the file.',
    });
  }
  return `${JSON.stringify(result.bundle.parsed, null, 2)}\n`;
}
