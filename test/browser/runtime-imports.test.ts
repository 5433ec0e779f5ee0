/**
 * Issue 10: the runtime entry and the generated clients must bundle for a browser with nothing
 * Node-only on the way. Each file is bundled with esbuild (`platform: 'browser'`) and every Node
 * built-in or generator dependency it reaches is listed by importer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBrowserBundle } from './browser-bundle.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Browser-path entries: the runtime and the committed generated clients. */
const browserEntries = ['src/runtime/index.ts', 'generated/graphql/index.ts', 'generated/rest/index.ts'];

describe('browser path imports nothing Node-only', () => {
  for (const entry of browserEntries) {
    it(`${entry} bundles for the browser without Node built-ins or generator dependencies`, async () => {
      const file = path.join(repoRoot, entry);
      expect(existsSync(file), `${entry} does not exist; it is on the browser path and must be there`).toBe(true);
      const report = await checkBrowserBundle({ file }, repoRoot);
      expect(report.problems, `imports a browser cannot have:\n${report.problems.join('\n')}`).toEqual([]);
      expect(report.inputs.some((input) => input.startsWith('src/runtime/node'))).toBe(false);
      expect(report.bytes).toBeGreaterThan(0);
    });
  }

  // The guard itself must be able to fail, or the tests above prove nothing.
  it('reports a Node built-in, a node: import and a generator dependency, naming the importer', async () => {
    const report = await checkBrowserBundle(
      {
        contents: [
          "import { readFileSync } from 'node:fs';",
          "import { join } from 'path';",
          "import { parse } from 'graphql';",
          'export const all = [readFileSync, join, parse];',
        ].join('\n'),
        resolveDir: repoRoot,
      },
      repoRoot,
    );
    expect(report.problems).toEqual([
      'entry.ts → graphql: a generator/Node-only dependency',
      'entry.ts → node:fs: a Node built-in (move it behind src/runtime/node.ts)',
      'entry.ts → path: a Node built-in (move it behind src/runtime/node.ts)',
    ]);
  });

  it('finds a Node built-in reached through a relative import and names that file', async () => {
    // src/runtime/node.ts is the Node-only entry: bundling it for the browser must be flagged
    // (when it exists; otherwise any Node-only module of ours serves).
    const nodeOnly = existsSync(path.join(repoRoot, 'src/runtime/node.ts')) ? './src/runtime/node.ts' : './examples/task-page/build.ts';
    const report = await checkBrowserBundle({ contents: `export * from ${JSON.stringify(nodeOnly)};`, resolveDir: repoRoot }, repoRoot);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.some((p) => p.includes('node:') || /→ (fs|path|zlib|url)\b/.test(p))).toBe(true);
  });
});
