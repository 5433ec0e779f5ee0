/**
 * Bounds on every schema download: how long it may take in all, how long the server may stay
 * silent, and how many bytes it may send. A server that never answers, trickles a byte every few
 * seconds or streams without end must end in a clear error, not a hung `fetch` or a process that
 * runs out of memory.
 *
 * `limitDownloads` wraps the fetch that talks to the network (under the auth transport, so the
 * bytes are counted as they arrive, before anything buffers them).
 */
import { resolveDownloadLimits, type ResolvedDownloadLimits } from '../config/resolve.js';
import type { TasklistFetch } from '../runtime/types.js';
import { TasklistCodegenError } from '../util/errors.js';
import { redactUrl } from '../util/redact.js';

export type DownloadLimits = ResolvedDownloadLimits;

/** The defaults of `tasklist.download` (see `DEFAULTS` in the config). */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = resolveDownloadLimits();

export type DownloadLimitKind = 'timeout' | 'idle' | 'size';

/** Where each limit is set, for the hint of the error that names it. */
const LIMIT_OPTIONS: Record<DownloadLimitKind, { config: string; flag: string }> = {
  timeout: { config: 'tasklist.download.timeoutSeconds', flag: '--download-timeout <seconds>' },
  idle: { config: 'tasklist.download.idleTimeoutSeconds', flag: '--download-idle-timeout <seconds>' },
  size: { config: 'tasklist.download.maxMegabytes', flag: '--download-max-mb <MB>' },
};

/**
 * A download went over one of its limits. Not worth retrying: the same server will do the same
 * again (`retryable: false` tells the transport so).
 */
export class DownloadLimitError extends TasklistCodegenError<'TIMEOUT' | 'TOO_LARGE'> {
  override readonly name = 'DownloadLimitError';
  readonly retryable = false;
  declare readonly hint: string;

  constructor(
    readonly kind: DownloadLimitKind,
    /** Secrets redacted. */
    readonly url: string,
    problem: string,
  ) {
    const where = LIMIT_OPTIONS[kind];
    const hint =
      kind === 'size'
        ? `If this server's document really is this large, raise ${where.config} in codegen.ts or pass ${where.flag}.`
        : `Check that the server is up and reachable from here; for a slow server raise ${where.config} in codegen.ts or pass ${where.flag}.`;
    // Too large: the document is, and a limit in the config must change. Too slow: the server is.
    super(kind === 'size' ? 'TOO_LARGE' : 'TIMEOUT', problem, { hint, category: kind === 'size' ? 'input' : 'unreachable' });
  }
}

/** A fetch whose every answer is bounded by `limits`; a breach rejects (or errors the body) with a `DownloadLimitError`. */
export function limitDownloads(fetch: TasklistFetch, limits: DownloadLimits = DEFAULT_DOWNLOAD_LIMITS): TasklistFetch {
  return async (input, init) => {
    const url = redactUrl(input instanceof Request ? input.url : String(input), { query: 'all' });
    const abort = new AbortController();
    let failure: DownloadLimitError | undefined;
    let onFailure: ((error: DownloadLimitError) => void) | undefined;
    const fail = (error: DownloadLimitError) => {
      if (failure) return;
      failure = error;
      clearTimers();
      abort.abort(error);
      onFailure?.(error);
    };
    const overall = setTimeout(
      () => fail(new DownloadLimitError('timeout', url, `the download did not finish within ${seconds(limits.timeoutMs)}`)),
      limits.timeoutMs,
    );
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = (waitingFor: string) => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(
        () => fail(new DownloadLimitError('idle', url, `no data from the server for ${seconds(limits.idleTimeoutMs)} ${waitingFor}`)),
        limits.idleTimeoutMs,
      );
    };
    const clearTimers = () => {
      clearTimeout(overall);
      if (idle) clearTimeout(idle);
    };
    touch('(waiting for the answer to start)');

    const signal = init?.signal ? AbortSignal.any([init.signal, abort.signal]) : abort.signal;
    let response: Response;
    try {
      response = await Promise.race([
        fetch(input, { ...init, signal }),
        new Promise<never>((_, reject) => {
          onFailure = reject;
        }),
      ]);
    } catch (error) {
      clearTimers();
      throw failure ?? error;
    }
    onFailure = undefined;

    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > limits.maxBytes) {
      const error = new DownloadLimitError(
        'size',
        url,
        `the server announced ${megabytes(declared)}, more than the limit of ${megabytes(limits.maxBytes)}`,
      );
      fail(error);
      await response.body?.cancel(error).catch(() => undefined);
      throw error;
    }
    const source = response.body;
    if (!source) {
      clearTimers();
      return response;
    }
    const reader = source.getReader();
    let received = 0;
    const bounded = new ReadableStream<Uint8Array>({
      start(controller) {
        onFailure = (error) => {
          controller.error(error);
          reader.cancel(error).catch(() => undefined);
        };
        touch('(in the middle of the answer)');
      },
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          clearTimers();
          // After a breach the reader fails with the abort; the breach is what happened.
          if (!failure) controller.error(error);
          return;
        }
        if (failure) return;
        if (chunk.done) {
          clearTimers();
          controller.close();
          return;
        }
        received += chunk.value.byteLength;
        if (received > limits.maxBytes) {
          fail(new DownloadLimitError('size', url, `the answer grew past the limit of ${megabytes(limits.maxBytes)}`));
          return;
        }
        touch('(in the middle of the answer)');
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        clearTimers();
        return reader.cancel(reason);
      },
    });
    const limited = new Response(bounded, { status: response.status, statusText: response.statusText, headers: response.headers });
    // `Response.url` is read-only and empty on a constructed response; callers name the URL from it.
    Object.defineProperty(limited, 'url', { value: response.url });
    Object.defineProperty(limited, 'redirected', { value: response.redirected });
    return limited;
  };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${Number(mb.toPrecision(2))} MB`;
}
