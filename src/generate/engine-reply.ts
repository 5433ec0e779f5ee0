/**
 * What a generator engine answers (scripts/engines.mjs bundles it into each engine): the result,
 * or the error it threw as plain data. The engine is a bundle with its own copies of this
 * package's error classes, and it may run on a worker thread, across which no class survives; as
 * data the error crosses both, and engines.ts rebuilds it as this package's own class. No run is
 * ever repeated to get the typed error.
 */
import { TasklistCodegenError } from '../util/errors.js';
import type { GenerationResult } from './types.js';

/** A thrown error as data: what `structuredClone` (a worker's `postMessage`) carries unchanged. */
export interface ErrorData {
  /** `error.name`: the class to rebuild (`OperationError`, `OpenApiDocumentError`, `TypeError` …). */
  name: string;
  message: string;
  stack: string | undefined;
  /** It derived from the engine's copy of `TasklistCodegenError` (its subclass may be unknown to the caller). */
  own: boolean;
  /** Its own enumerable properties (`code`, `category`, `hint`, `file`, `line`, `column`, `problems` …), those that can be cloned. */
  fields: Record<string, unknown>;
  cause?: ErrorData | undefined;
}

export type EngineReply = { ok: true; result: GenerationResult } | { ok: false; error: ErrorData };

/** What an engine exports. */
export interface Engine<Options> {
  run(options: Options): Promise<EngineReply>;
}

/** The reply for `work`: never rejects. */
export async function replyOf(work: () => Promise<GenerationResult>): Promise<EngineReply> {
  try {
    return { ok: true, result: await work() };
  } catch (error) {
    return { ok: false, error: errorToData(error) };
  }
}

/** Causes deeper than this are dropped (a cycle of causes cannot hang the reply). */
const MAX_CAUSES = 4;

export function errorToData(error: unknown, depth = 0): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined, own: false, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'function') continue;
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A value no thread could receive (a socket, a proxy): the message already says what failed.
    }
  }
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    own: error instanceof TasklistCodegenError,
    fields,
    ...(cause !== undefined && depth < MAX_CAUSES ? { cause: errorToData(cause, depth + 1) } : {}),
  };
}
