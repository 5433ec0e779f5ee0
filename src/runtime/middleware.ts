/**
 * The same auth as the transport, as openapi-fetch middleware, for people who build their own
 * `createClient()`: `client.use(authMiddleware(strategy))`. On a 401 it re-authenticates and
 * sends the request once more (the body is cloned before the first send for that).
 */
import type { Middleware } from 'openapi-fetch';
import type { AuthStrategy } from '../auth/strategy.js';
import { HttpError } from './errors.js';

export interface AuthMiddlewareOptions {
  /** The fetch used for the one retry after a 401. Default: the client's own (`createClient({ fetch })`), else `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Throw `HttpError` when the retry is refused too (default), rather than hand the 401 to openapi-fetch. */
  throwOnUnauthorized?: boolean;
}

export function authMiddleware(strategy: AuthStrategy, options: AuthMiddlewareOptions = {}): Middleware {
  const throwOnUnauthorized = options.throwOnUnauthorized ?? true;
  // Unsent copies by request id, kept until the response arrives.
  const copies = new Map<string, Request>();

  return {
    async onRequest({ request, id }) {
      if (strategy.onUnauthorized) copies.set(id, request.clone());
      return strategy.apply(request);
    },
    async onResponse({ request, response, id, options: clientOptions }) {
      const copy = copies.get(id);
      copies.delete(id);
      strategy.observe?.(response);
      if (response.status !== 401) return undefined;
      if (copy && strategy.onUnauthorized && (await strategy.onUnauthorized(request))) {
        await response.body?.cancel().catch(() => undefined);
        // The retry goes where the first attempt went: through the client's fetch (TLS, pool, test double).
        const retryFetch = options.fetch ?? clientOptions?.fetch ?? globalThis.fetch.bind(globalThis);
        const retried = await retryFetch(await strategy.apply(copy));
        strategy.observe?.(retried);
        if (retried.status !== 401 || !throwOnUnauthorized) return retried;
        throw await HttpError.fromResponse(retried, request.url, {
          hint: "Fresh credentials were refused too: check the account's permissions",
        });
      }
      if (throwOnUnauthorized)
        throw await HttpError.fromResponse(response, request.url, { hint: `Check the credentials of ${strategy.describe()}` });
      return undefined;
    },
    onError({ id }) {
      copies.delete(id);
    },
  };
}
