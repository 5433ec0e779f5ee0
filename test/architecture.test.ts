/**
 * The shape of src/: its import graph has no cycle, and every arrow points down the stack
 *
 *     util → auth → runtime → config → fetch → generate → cli
 *
 * (a folder may import its own layer and any layer to its left, never one to its right). The
 * emulator is dev tooling on top: it may import anything, and nothing else in src/ imports it.
 * src/index.ts, the package root, sits above the layers it re-exports. The browser-safe runtime
 * and its sign-in code reach none of the generator's packages, directly or through src/ files.
 *
 * Every import counts: `import`, `import type`, `export … from` and `import()`, read with
 * TypeScript's own `preProcessFile`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');

const LAYERS = ['util', 'auth', 'runtime', 'config', 'fetch', 'generate', 'cli'] as const;
/** May import anything; imported by nothing in src/ outside itself. */
const DEV_TOOLING = 'emulator';
/** Files directly under src/: the package root, above every layer (but not the dev tooling). */
const PACKAGE_ROOT = '.';
/** Folders whose files, and every src/ file those reach, must not import a generator package. */
const BROWSER_SAFE = ['runtime', 'auth'];
/** The generator's packages: what an app that only runs generated clients must not need. */
const GENERATOR_PACKAGE =
  /^(?:(?:typescript|code-block-writer|openapi-typescript|jiti|graphql|graphql-tools)(?:\/|$)|@redocly\/|@graphql-codegen\/|@graphql-tools\/|@graphql-inspector\/)/;

/** `from` file → the files and packages it imports (paths relative to src/, `/`-separated). */
interface ImportGraph {
  files: Map<string, { local: string[]; packages: string[] }>;
  /** Relative imports that name no file: the graph would be incomplete. */
  unresolved: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
    )
    .sort();
}

function readImportGraph(): ImportGraph {
  const files: ImportGraph['files'] = new Map();
  const unresolved: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = toKey(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const local: string[] = [];
    const packages: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        packages.push(specifier);
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
      if (target.endsWith('.ts') && existsSync(target)) local.push(toKey(target));
      else if (!existsSync(target)) unresolved.push(`${from} imports ${specifier}`);
    }
    files.set(from, { local, packages });
  }
  return { files, unresolved };
}

function toKey(file: string): string {
  return path.relative(src, file).split(path.sep).join('/');
}

/** `runtime` for `runtime/client.ts`, `.` for `index.ts`. */
function layerOf(key: string): string {
  return key.includes('/') ? key.slice(0, key.indexOf('/')) : PACKAGE_ROOT;
}

/** Every cycle, one per strongly connected component, as a path that ends where it starts. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.i < targets.length) {
        const target = targets[frame.i++]!;
        if (!edges.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, i: 0 });
        } else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (edges.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => cyclePath(edges, new Set(component)));
}

/** One concrete cycle inside a strongly connected component: a shortest way back to its first file. */
function cyclePath(edges: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const first = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [first];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of edges.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === first) {
        const way: string[] = [];
        for (let at = node; at !== first; at = previous.get(at)!) way.unshift(at);
        return [first, ...way, first];
      }
      if (!previous.has(target) && target !== first) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [...members];
}

/** Arrows against the stack: `from → to` where `to`'s layer is above `from`'s, or into the dev tooling. */
export function layerViolations(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const rank = (layer: string) => (layer === PACKAGE_ROOT ? LAYERS.length : LAYERS.indexOf(layer as (typeof LAYERS)[number]));
  const problems: string[] = [];
  for (const [from, targets] of edges) {
    const fromLayer = layerOf(from);
    if (fromLayer !== DEV_TOOLING && fromLayer !== PACKAGE_ROOT && !LAYERS.includes(fromLayer as (typeof LAYERS)[number])) {
      problems.push(`${from}: src/${fromLayer}/ is in no layer (add it to LAYERS in test/architecture.test.ts)`);
      continue;
    }
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (fromLayer === toLayer || fromLayer === DEV_TOOLING) continue;
      if (toLayer === DEV_TOOLING) problems.push(`${from} → ${to}: only the emulator itself may import the emulator`);
      else if (rank(toLayer) > rank(fromLayer)) problems.push(`${from} → ${to}: ${fromLayer} is below ${toLayer}`);
    }
  }
  return problems.sort();
}

/** Generator packages a browser-safe file reaches: its own imports and those of every src/ file it imports, transitively. */
export function generatorImports(graph: ImportGraph['files']): string[] {
  const problems: string[] = [];
  for (const [start] of graph) {
    if (!BROWSER_SAFE.includes(layerOf(start))) continue;
    const seen = new Set([start]);
    const queue: Array<{ file: string; via: string[] }> = [{ file: start, via: [start] }];
    while (queue.length > 0) {
      const { file, via } = queue.shift()!;
      const node = graph.get(file);
      if (!node) continue;
      for (const specifier of node.packages)
        if (GENERATOR_PACKAGE.test(specifier)) problems.push(`${via.join(' → ')} imports ${specifier}`);
      for (const target of node.local) {
        if (seen.has(target)) continue;
        seen.add(target);
        queue.push({ file: target, via: [...via, target] });
      }
    }
  }
  return [...new Set(problems)].sort();
}

const graph = readImportGraph();
const edges = new Map([...graph.files].map(([from, { local }]) => [from, local] as const));

describe('the import graph of src/', () => {
  it('is read completely: every relative import names a file', () => {
    expect(graph.files.size).toBeGreaterThan(100);
    expect(graph.unresolved).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles = findCycles(edges).map((cycle) => cycle.join(' → '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it(`points down the stack: ${LAYERS.join(' → ')}; nothing but the emulator imports the emulator`, () => {
    const problems = layerViolations(edges);
    expect(problems, `arrows against the layers:\n${problems.join('\n')}`).toEqual([]);
  });

  it('src/runtime and src/auth reach no generator package, not even through src/util', () => {
    const problems = generatorImports(graph.files);
    expect(problems, `generator packages on the runtime's path:\n${problems.join('\n')}`).toEqual([]);
  });

  it('every error class derives from the one root, TasklistCodegenError (src/util/errors.ts)', () => {
    const roots = [...graph.files.keys()].flatMap((key) => {
      const text = readFileSync(path.join(src, key), 'utf8');
      return [...text.matchAll(/\bclass\s+(\w+)(?:<[^>{]*>)?\s+extends\s+(?:Error|TypeError|RangeError)\b/g)].map(
        (match) => `${key}: ${match[1]}`,
      );
    });
    expect(roots).toEqual(['util/errors.ts: TasklistCodegenError']);
  });
});

// The checks above prove nothing unless they can fail: each one on a graph made to break it.
describe('the checks themselves', () => {
  it('find a cycle and print it as a path, a self-import included', () => {
    const cyclic = new Map([
      ['auth/strategy.ts', ['auth/strategies/basic.ts']],
      ['auth/strategies/basic.ts', ['util/redact.ts', 'auth/strategy.ts']],
      ['util/redact.ts', []],
      ['cli/a.ts', ['cli/a.ts']],
    ]);
    expect(
      findCycles(cyclic)
        .map((cycle) => cycle.join(' → '))
        .sort(),
    ).toEqual(['auth/strategies/basic.ts → auth/strategy.ts → auth/strategies/basic.ts', 'cli/a.ts → cli/a.ts']);
    expect(
      findCycles(
        new Map([
          ['a/x.ts', ['a/y.ts']],
          ['a/y.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('find an arrow up the stack, one into the emulator, and a folder in no layer', () => {
    const upward = new Map([
      ['auth/strategies/oauth.ts', ['runtime/retry.ts', 'util/errors.ts']],
      ['generate/index.ts', ['emulator/index.ts', 'fetch/metadata.ts']],
      ['emulator/demo.ts', ['cli/program.ts']],
      ['index.ts', ['runtime/index.ts']],
      ['scratch/x.ts', []],
    ]);
    expect(layerViolations(upward)).toEqual([
      'auth/strategies/oauth.ts → runtime/retry.ts: auth is below runtime',
      'generate/index.ts → emulator/index.ts: only the emulator itself may import the emulator',
      'scratch/x.ts: src/scratch/ is in no layer (add it to LAYERS in test/architecture.test.ts)',
    ]);
  });

  it('find a generator package two files away from the runtime', () => {
    const reaching = new Map([
      ['runtime/client.ts', { local: ['util/helper.ts'], packages: ['openapi-fetch'] }],
      ['util/helper.ts', { local: [], packages: ['@redocly/openapi-core', 'yaml'] }],
      ['auth/env.ts', { local: [], packages: ['code-block-writer'] }],
    ]);
    expect(generatorImports(reaching)).toEqual([
      'auth/env.ts imports code-block-writer',
      'runtime/client.ts → util/helper.ts imports @redocly/openapi-core',
    ]);
  });
});
