/**
 * Small OpenAPI documents generated into one scratch folder, type-checked together by one strict
 * `tsc` run (one run for all cases: each costs seconds on a shared machine), and a local server
 * that records what reaches it, byte for byte.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { tscProject } from '../../support/compiler-host.js';
import { STRICT_COMPILER_OPTIONS } from '../../support/strict-compiler-options.js';
import { fileURLToPath } from 'node:url';
import { generateRest } from '../../../src/generate/rest/index.js';
import type { GenerationResult } from '../../../src/generate/types.js';
import { startServer, type TestServer } from '../../auth/helpers.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** What generated code imports the runtime from: the sources, so no build is needed. */
export const runtimeModule = path.join(repoRoot, 'src/runtime/index.js');

export interface GeneratedCase {
  name: string;
  /** The OpenAPI document (an object, written as JSON) or its YAML text. */
  document: object | string;
  /** A TypeScript file beside the output (`./rest/index.js`) that must type-check, `@ts-expect-error`s included. */
  usage?: string;
  /** `rest.targetVersion` for this case. */
  targetVersion?: string;
}

export interface GeneratedCases {
  root: string;
  results: Map<string, GenerationResult>;
  /** Cases whose generation threw, with what it threw. */
  failures: Map<string, Error>;
  /** The folder of one case; its generated module is `<dir>/rest/index.ts`. */
  dirOf(name: string): string;
  remove(): Promise<void>;
}

/** Generates every case into a scratch folder inside the repo (so imports of the sources resolve for tsc and vitest). */
export async function generateCases(cases: GeneratedCase[]): Promise<GeneratedCases> {
  await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
  const root = await mkdtemp(path.join(repoRoot, '.tmp', 'rest-cases-'));
  const results = new Map<string, GenerationResult>();
  const failures = new Map<string, Error>();
  for (const c of cases) {
    const dir = path.join(root, c.name);
    const text = typeof c.document === 'string' ? c.document : JSON.stringify(c.document, null, 2);
    const file = typeof c.document === 'string' ? 'document.yaml' : 'document.json';
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, file), text);
    const result = await generateRest({
      documentFile: file,
      cwd: dir,
      runtimeImport: runtimeModule,
      ...(c.targetVersion ? { targetVersion: c.targetVersion } : {}),
    }).catch((error: Error) => error);
    if (result instanceof Error) {
      failures.set(c.name, result);
      continue;
    }
    results.set(c.name, result);
    for (const out of result.files) {
      await mkdir(path.dirname(path.join(dir, out.path)), { recursive: true });
      await writeFile(path.join(dir, out.path), out.contents);
    }
    if (c.usage) await writeFile(path.join(dir, 'usage.ts'), c.usage.replaceAll('RUNTIME', runtimeModule));
  }
  return { root, results, failures, dirOf: (name) => path.join(root, name), remove: () => rm(root, { recursive: true, force: true }) };
}

/** Runs strict `tsc` over the whole folder once; returns its error lines by case name. */
export async function typeCheck(root: string): Promise<Map<string, string[]>> {
  await writeFile(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: STRICT_COMPILER_OPTIONS,
      include: ['**/*.ts'],
    }),
  );
  // File names relative to the folder, so each error's file name starts with its case's folder.
  const output = tscProject(root, root);
  const byCase = new Map<string, string[]>();
  let name = '(outside)';
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    // An indented line continues the error above it.
    if (!/^\s/.test(line)) {
      const relative = path.relative(root, path.resolve(root, line.split('(')[0] ?? ''));
      name = relative.startsWith('..') ? '(outside)' : (relative.split(path.sep)[0] ?? '(outside)');
    }
    byCase.set(name, [...(byCase.get(name) ?? []), line]);
  }
  return byCase;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingServer extends TestServer {
  seen: SeenRequest[];
  /** Answer for a path (without query), or a function of the request; default 200 `{"ok":true}`. */
  answers: Map<string, Answer | ((request: SeenRequest) => Answer)>;
}

export interface Answer {
  status: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
}

export async function recordingServer(): Promise<RecordingServer> {
  const seen: SeenRequest[] = [];
  const answers: RecordingServer['answers'] = new Map();
  const server = await startServer((req, res, body) => {
    const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body };
    seen.push(request);
    const given = answers.get((req.url ?? '').split('?')[0] ?? '');
    const answer = (typeof given === 'function' ? given(request) : given) ?? { status: 200, body: '{"ok":true}' };
    res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  return { ...server, seen, answers };
}
