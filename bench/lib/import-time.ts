/**
 * How long `import(x)` takes in a fresh Node process, timed inside the child around the import
 * alone (Node's own start-up excluded). Module loading is most of a CLI's start-up, so this is
 * where the codegen levers are: load less, load once, load in parallel, or not at all.
 */
import { spawn } from 'node:child_process';
import { summarize, type Summary } from './stats.js';
import { repoRoot } from './paths.js';

/**
 * `specifier` is a bare package name (resolved from the repo root: an `--eval` script resolves from
 * its working folder) or a `file://` URL.
 */
export async function importTime(specifier: string, runs: number): Promise<Summary & { error?: string }> {
  const code = [
    "const { performance } = await import('node:perf_hooks');",
    'const t = performance.now();',
    `await import(${JSON.stringify(specifier)});`,
    'process.stdout.write(String(performance.now() - t));',
    // Some packages keep handles open (watchers, workers); the timing is taken, so leave.
    'process.exit(0);',
  ].join('\n');
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout, stderr, status } = await new Promise<{ stdout: string; stderr: string; status: number | null }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (s) => resolve({ stdout: out, stderr: err, status: s }));
    });
    if (status !== 0) return { ...summarize([]), error: stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${status}` };
    samples.push(Number(stdout));
  }
  return summarize(samples);
}
