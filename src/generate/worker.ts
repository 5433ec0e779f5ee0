/**
 * Runs the GraphQL generator on a worker thread, so its modules (graphql, graphql-codegen and its
 * plugins, or its bundled engine: engines.ts) load and run on the second core while the main
 * thread does the REST side. The two sides load disjoint module graphs, so nothing is loaded twice.
 *
 * The worker is only an accelerator: when it fails in any way (a bad operation, a broken schema, a
 * worker that cannot start), the caller runs the generator on the main thread, which throws the
 * real typed error (OperationError, GraphQLSchemaFileError) with its file:line:column. Errors do
 * not survive a thread boundary with their class, and failures are the rare, cheap path.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { GenerateGraphQLOptions } from './graphql/index.js';
import type { GenerationResult } from './types.js';

type WorkerReply = { ok: true; result: GenerationResult } | { ok: false };

/** Marks our own workers' data: this module may also be imported inside someone else's worker (a test runner's). */
const JOB = 'tasklistCodegenGraphQL';

/** The generator's result from a worker thread, or undefined when the worker did not produce one. */
export function generateGraphQLInWorker(options: GenerateGraphQLOptions): Promise<GenerationResult | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      const settings = { workerData: { [JOB]: options }, stdout: false, stderr: false };
      worker = import.meta.url.endsWith('.ts')
        ? // From the sources (tests, tsx): load this file through tsx's API (tsx/esm's hooks do not apply inside a worker on Node 20).
          new Worker(
            `import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`,
            { ...settings, eval: true },
          )
        : new Worker(new URL(import.meta.url), settings);
    } catch {
      resolve(undefined);
      return;
    }
    let reply: WorkerReply | undefined;
    worker.once('message', (message: WorkerReply) => (reply = message));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(reply?.ok ? reply.result : undefined));
  });
}

/** tsx's ESM API (its `import` export of `tsx/esm/api`), for running this file from the sources. */
function tsxApi(): string {
  return new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
}

const job = !isMainThread && parentPort ? (workerData as Record<string, GenerateGraphQLOptions> | null)?.[JOB] : undefined;
if (job && parentPort) {
  const port = parentPort;
  try {
    const { runGraphQLGenerator } = await import('./engines.js');
    const result = await runGraphQLGenerator(job);
    port.postMessage({ ok: true, result } satisfies WorkerReply);
  } catch {
    port.postMessage({ ok: false } satisfies WorkerReply);
  }
}
