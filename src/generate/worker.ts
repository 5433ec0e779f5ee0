/**
 * Runs an engine on a worker thread: the GraphQL one, so that it loads and runs on the second core
 * while the main thread does the REST side; the REST one for a big document (index.ts), in a worker
 * with a small young generation (`REST_WORKER_LIMITS`).
 *
 * The worker is a few lines of CommonJS that load the engine (engines.ts: the same file the main
 * thread would load, from the package or bundled from the sources alike, through the same code
 * cache loader) and post its reply back. The reply is data, the error included, and is rebuilt here as this package's own class:
 * a bad operation or document is reported from the one run that found it.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EngineReply } from './engine-reply.js';
import { codeCacheDir, codeCacheLoaderFile, engineFile, resultOf, type EngineName, type EngineOptions } from './engines.js';
import type { GenerateGraphQLOptions } from './graphql/index.js';
import type { GenerateRestOptions } from './rest/index.js';
import type { GenerationResult } from './types.js';

/**
 * The REST engine's worker on a big document. Its peak memory is mostly short-lived garbage
 * (the YAML read, openapi-typescript's transform, the printed modules) that V8's young generation lets grow before
 * collecting it; 4 MB of it, rather than the main thread's default, measured 8-15 MB less peak RSS
 * on DigitalOcean's and the Orchestration Cluster's documents, JSON and YAML, at the same CPU time. A limit
 * the main thread cannot be given from inside (`v8.setFlagsFromString` has no effect on it).
 */
export const REST_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4 };

/** The engine through the same code cache as on the main thread (code-cache.ts, bundled), its reply, then the cache. */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { requireWithCodeCache, saveCodeCache } = require(workerData.loader);
requireWithCodeCache(workerData.engine, workerData.cacheDir).run(workerData.options).then((reply) => {
  parentPort.postMessage(reply);
  if (reply.ok) saveCodeCache();
});
`;

/** The GraphQL generator's result from a worker thread; rejects with the error it reported. */
export function generateGraphQLInWorker(options: GenerateGraphQLOptions): Promise<GenerationResult> {
  return generateInWorker('graphql', options);
}

/** The REST generator's result from a worker thread with `REST_WORKER_LIMITS`; rejects with the error it reported. */
export function generateRestInWorker(options: GenerateRestOptions): Promise<GenerationResult> {
  return generateInWorker('rest', options, REST_WORKER_LIMITS);
}

async function generateInWorker<N extends EngineName>(
  name: N,
  options: EngineOptions[N],
  resourceLimits?: ResourceLimits,
): Promise<GenerationResult> {
  const workerData = {
    engine: await engineFile(name),
    loader: await codeCacheLoaderFile(),
    options,
    cacheDir: codeCacheDir(options.cwd),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      workerData,
      stdout: false,
      stderr: false,
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    let reply: EngineReply | undefined;
    worker.once('message', (message: EngineReply) => (reply = message));
    // The engine never throws; this is a worker that could not start or ran out of memory.
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (reply === undefined)
        reject(
          new Error(
            `the ${name === 'graphql' ? 'GraphQL' : 'REST'} generator's worker thread stopped (exit code ${code}) without a result`,
          ),
        );
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
