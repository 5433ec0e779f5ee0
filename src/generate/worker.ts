/**
 * Runs an engine on a worker thread: the GraphQL one, so that it loads and runs on the second core
 * while the main thread does the REST side; the REST one for a big document, in a worker with a
 * small young generation (`REST_WORKER_LIMITS`).
 *
 * The worker is a few lines of CommonJS that load the engine (engines.ts: the same file the main
 * thread would load, from the package or bundled from the sources alike, through the same code
 * cache loader) and post its reply back. The reply is data, the error included, and is rebuilt here as this package's own class:
 * a bad operation or document is reported from the one run that found it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { sourceFormatOf } from '../fetch/openapi/source-format.js';
import type { EngineReply } from './engine-reply.js';
import {
  codeCacheDir,
  codeCacheLoaderFile,
  engineFile,
  OUTSIDE_THE_BUNDLE,
  resultOf,
  yamlFastReadFile,
  type EngineName,
  type EngineOptions,
} from './engines.js';
import type { GenerateGraphQLOptions } from './graphql/index.js';
import type { GenerateRestOptions } from './rest/index.js';
import type { GenerationResult } from './types.js';

/**
 * The REST engine's worker on a big document. Its peak memory is mostly short-lived garbage (the
 * YAML read, openapi-typescript's transform, the printed modules) that V8's young generation lets grow before
 * collecting it; 4 MB of it, rather than the main thread's default, measured ~10 MB less peak RSS
 * on DigitalOcean's document at the same CPU time (bench/ANALYSIS.md). A limit the main thread
 * cannot be given from inside (`v8.setFlagsFromString` has no effect on it).
 */
export const REST_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4 };

/**
 * The engine through the same code cache as on the main thread (code-cache.ts, bundled), its reply,
 * then the cache. With `fastRead` (a port), the engine first waits for the fast YAML read another
 * worker does while this one loads the engine; a reader that stopped without one closes the port,
 * and the engine reads the document itself.
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { requireWithCodeCache, saveCodeCache } = require(workerData.loader);
const engine = requireWithCodeCache(workerData.engine, workerData.cacheDir, workerData.outside);
const port = workerData.fastRead;
const fastRead = port === undefined ? Promise.resolve(undefined) : new Promise((resolve) => {
  port.once('message', (read) => { port.close(); resolve(read); });
  port.once('close', () => resolve(undefined));
});
fastRead.then((read) => engine.run(read === undefined ? workerData.options : { ...workerData.options, yamlFastRead: read })).then((reply) => {
  parentPort.postMessage(reply);
  if (reply.ok) saveCodeCache();
});
`;

/** The fast YAML read of a text (util/yaml-fast-read.ts, bundled), posted to the engine's worker. */
const READER_SCRIPT = `
const { workerData } = require('node:worker_threads');
const { requireWithCodeCache, saveCodeCache } = require(workerData.loader);
const { readYamlFast } = requireWithCodeCache(workerData.reader, workerData.cacheDir);
workerData.port.postMessage({ value: readYamlFast(workerData.text) });
workerData.port.close();
saveCodeCache();
`;

/** The GraphQL generator's result from a worker thread; rejects with the error it reported. */
export function generateGraphQLInWorker(options: GenerateGraphQLOptions): Promise<GenerationResult> {
  return generateInWorker('graphql', options);
}

/**
 * The REST generator's result from a worker thread with `REST_WORKER_LIMITS`; rejects with the
 * error it reported. A YAML document is read on a second worker meanwhile (js-yaml alone, the
 * value passed straight to the engine's worker), so that the read, the largest step before
 * openapi-typescript's on a big YAML document, overlaps the engine's loading on the second core.
 * Both read the one text read here; a file that cannot be read is the engine's to report.
 */
export async function generateRestInWorker(options: GenerateRestOptions): Promise<GenerationResult> {
  const text = options.documentText ?? (await readFile(path.resolve(options.cwd, options.documentFile), 'utf8').catch(() => undefined));
  if (text === undefined || sourceFormatOf(text) !== 'yaml')
    return generateInWorker('rest', options, { resourceLimits: REST_WORKER_LIMITS });
  const { port1, port2 } = new MessageChannel();
  const reader = new Worker(READER_SCRIPT, {
    eval: true,
    workerData: {
      loader: await codeCacheLoaderFile(),
      reader: await yamlFastReadFile(),
      cacheDir: codeCacheDir(options.cwd),
      text,
      port: port1,
    },
    transferList: [port1],
    stdout: false,
    stderr: false,
  });
  // A reader that fails (out of memory) only closes its port: the engine then reads the text itself.
  reader.on('error', () => {});
  return generateInWorker('rest', { ...options, documentText: text }, { resourceLimits: REST_WORKER_LIMITS, fastRead: port2 });
}

async function generateInWorker<N extends EngineName>(
  name: N,
  options: EngineOptions[N],
  { resourceLimits, fastRead }: { resourceLimits?: ResourceLimits; fastRead?: MessagePort } = {},
): Promise<GenerationResult> {
  const workerData = {
    engine: await engineFile(name),
    loader: await codeCacheLoaderFile(),
    outside: OUTSIDE_THE_BUNDLE[name],
    options,
    cacheDir: codeCacheDir(options.cwd),
    ...(fastRead ? { fastRead } : {}),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      workerData,
      ...(fastRead ? { transferList: [fastRead] } : {}),
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
