/**
 * Runs the GraphQL engine on a worker thread, so that it loads and runs on the second core while
 * the main thread does the REST side.
 *
 * The worker is a few lines of CommonJS that load the engine (engines.ts: the same file the main
 * thread would load, from the package or bundled from the sources alike, through the same code
 * cache loader) and post its reply back. The reply is data, the error included, and is rebuilt here as this package's own class:
 * a bad operation is reported from the one run that found it.
 */
import { Worker } from 'node:worker_threads';
import type { EngineReply } from './engine-reply.js';
import { codeCacheDir, codeCacheLoaderFile, engineFile, OUTSIDE_THE_BUNDLE, resultOf } from './engines.js';
import type { GenerateGraphQLOptions } from './graphql/index.js';
import type { GenerationResult } from './types.js';

/** The engine through the same code cache as on the main thread (code-cache.ts, bundled), its reply, then the cache. */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { requireWithCodeCache, saveCodeCache } = require(workerData.loader);
requireWithCodeCache(workerData.engine, workerData.cacheDir, workerData.outside).run(workerData.options).then((reply) => {
  parentPort.postMessage(reply);
  if (reply.ok) saveCodeCache();
});
`;

/** The GraphQL generator's result from a worker thread; rejects with the error it reported. */
export async function generateGraphQLInWorker(options: GenerateGraphQLOptions): Promise<GenerationResult> {
  const workerData = {
    engine: await engineFile('graphql'),
    loader: await codeCacheLoaderFile(),
    outside: OUTSIDE_THE_BUNDLE.graphql,
    options,
    cacheDir: codeCacheDir(options.cwd),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { eval: true, workerData, stdout: false, stderr: false });
    let reply: EngineReply | undefined;
    worker.once('message', (message: EngineReply) => (reply = message));
    // The engine never throws; this is a worker that could not start or ran out of memory.
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (reply === undefined) reject(new Error(`the GraphQL generator's worker thread stopped (exit code ${code}) without a result`));
      else {
        try {
          resolve(resultOf(reply));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
}
