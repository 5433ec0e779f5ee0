/**
 * Reads after writes on the Orchestration Cluster API. Operations marked `x-eventually-consistent`
 * (searches, `getUserTask`, forms, variables) read a search index that catches up with writes
 * within about a second; `waitUntilVisible` repeats such a read until it shows what the write did.
 * Opt-in: nothing waits unless asked.
 *
 *     await completeUserTask(rest, { path: { userTaskKey }, body: {} });
 *     await waitUntilVisible(
 *       () => getUserTask(rest, { path: { userTaskKey } }),
 *       (task) => task.state === 'COMPLETED',
 *     );
 */
import { TasklistError } from '../util/errors.js';

export interface WaitUntilVisibleOptions {
  /** Give up after this long. Default 10 000 ms. */
  timeoutMs?: number;
  /** Pause between reads. Default 200 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/** The read did not show the write in time; `last` is what it returned last. */
export class NotVisibleError<T = unknown> extends TasklistError<'NOT_VISIBLE'> {
  override readonly name = 'NotVisibleError';
  constructor(
    readonly attempts: number,
    readonly last: T,
    timeoutMs: number,
  ) {
    // The server has not caught up (or never applied the write): not something the caller's input decides.
    super(
      'NOT_VISIBLE',
      `The change was not visible after ${attempts} reads in ${timeoutMs} ms; the search index may be behind, or the write did not happen`,
      {
        category: 'unreachable',
      },
    );
  }
}

/** Calls `read` until `visible` holds for its result; returns that result. A read that throws ends the wait with its error. */
export async function waitUntilVisible<T>(
  read: () => Promise<T>,
  visible: (value: T) => boolean,
  options: WaitUntilVisibleOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await read();
    attempts++;
    if (visible(value)) return value;
    if (Date.now() + intervalMs > deadline) throw new NotVisibleError(attempts, value, timeoutMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, intervalMs);
      options.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(options.signal?.reason);
        },
        { once: true },
      );
    });
  }
}
