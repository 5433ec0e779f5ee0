/**
 * A time bound on evaluating `codegen.ts`, which is the user's code: one that never settles (a
 * top-level `await` on a promise that never resolves) would otherwise end the process with exit
 * code 13 and no output, and one that loops would hang it silently.
 *
 * Two guards, because a loop blocks the thread a timer would run on:
 * - a timer on this thread rejects with a {@link CodegenConfigError} when the evaluation has not
 *   settled in time (the "never settles" case: the thread is idle, waiting);
 * - a watchdog on a worker thread handles a thread that is busy and cannot run that timer. This
 *   thread sends it a heartbeat while it is free to; once the bound is over and the heartbeat has
 *   been silent for a second, the thread is stuck (a slow but progressing load, e.g. transpiling
 *   on a loaded machine, keeps beating between steps). The watchdog then asks the inspector where
 *   the main thread is (so the message can name `codegen.ts:line:column`), prints the message
 *   itself and ends the process. Nothing else can stop JavaScript that never yields; the process
 *   is stuck anyway.
 *
 * The config is still evaluated on the calling thread, so its exports (functions, class
 * instances) and its effects on `process.env` are what they always were.
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { CodegenConfigError } from './errors.js';

export interface TimeBoundOptions {
  /** The file being evaluated (absolute). */
  file: string;
  /** How the file is named in messages (relative to the project). */
  display: string;
  ms: number;
}

/** How long `codegen.ts` may take to load. Loading a config normally takes well under a second. */
export const DEFAULT_CONFIG_TIMEOUT_MS = 10_000;

/** The busy-thread watchdog acts only when the heartbeat has been silent this long. */
const WATCHDOG_GRACE_MS = 1_000;
const HEARTBEAT_MS = 200;

export async function withinTimeBound<T>(work: () => Promise<T>, options: TimeBoundOptions): Promise<T> {
  const seconds = formatSeconds(options.ms);
  const hint = `Make codegen.ts finish when imported: no endless loop, and every top-level await on a promise that settles. The bound is ${seconds} (TASKLIST_CODEGEN_CONFIG_TIMEOUT_SECONDS).`;
  const watchdog = startWatchdog({
    ms: options.ms,
    graceMs: WATCHDOG_GRACE_MS,
    file: options.file,
    url: pathToFileURL(options.file).href,
    display: options.display,
    message: `did not finish loading within ${seconds}: it is still running (a loop that never ends?)`,
    hint,
  });
  const heartbeat = setInterval(() => watchdog?.postMessage(0), HEARTBEAT_MS);
  heartbeat.unref();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new CodegenConfigError(
          `${options.display}: did not finish loading within ${seconds}: it is waiting on something that never settles (a top-level await?)`,
          {
            source: options.file,
            hint,
          },
        ),
      );
    }, options.ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
    clearInterval(heartbeat);
    void watchdog?.terminate();
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

interface WatchdogData {
  ms: number;
  graceMs: number;
  file: string;
  url: string;
  display: string;
  message: string;
  hint: string;
}

/**
 * The watchdog's code (CommonJS, run with `eval`, so it needs no file of its own next to the
 * sources or the build). On time: pause the main thread through the inspector to read where it
 * is, print one error in the CLI's format, and kill the process.
 */
const WATCHDOG_SOURCE = `
const { workerData: data, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const started = Date.now();
let lastBeat = started;
parentPort.on('message', () => { lastBeat = Date.now(); });
let finished = false;
function finish(where) {
  if (finished) return;
  finished = true;
  writeSync(2, 'error ' + (where || data.display) + ': ' + data.message + '\\nhint  ' + data.hint + '\\n');
  process.kill(process.pid, 'SIGKILL');
}
const check = setInterval(() => {
  const now = Date.now();
  if (now - started < data.ms + data.graceMs || now - lastBeat < data.graceMs) return;
  clearInterval(check);
  setTimeout(() => finish(''), 3000);
  try {
    const inspector = require('node:inspector');
    const session = new inspector.Session();
    session.connectToMainThread();
    // A frame names its script by id; the scripts' names come with Debugger.enable.
    const names = new Map();
    session.on('Debugger.scriptParsed', ({ params }) => names.set(params.scriptId, params.url));
    session.on('Debugger.paused', ({ params }) => {
      const named = (f) => f.url || names.get(f.location.scriptId);
      const frame = params.callFrames.find((f) => named(f) === data.url || named(f) === data.file);
      finish(frame ? data.display + ':' + (frame.location.lineNumber + 1) + ':' + ((frame.location.columnNumber || 0) + 1) : '');
    });
    session.post('Debugger.enable', () => session.post('Debugger.pause'));
  } catch {
    finish('');
  }
}, 100);
`;

function startWatchdog(data: WatchdogData): Worker | undefined {
  try {
    const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: data, stdout: false, stderr: false });
    // It must never keep a finished command alive, nor fail it.
    worker.unref();
    worker.on('error', () => undefined);
    return worker;
  } catch {
    return undefined;
  }
}
