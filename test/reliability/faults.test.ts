/**
 * Issue 9, "Faults": every fault mode of the emulator and its identity provider, met by the real
 * transport. What is safe to retry is retried within its bounds; everything else ends in a typed,
 * readable error; nothing waits past its timeout.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { createTransport, type TransportEvent } from '../../src/runtime/transport.js';
import { requestGraphQL } from '../../src/runtime/graphql.js';
import { callOperation, createRestClient } from '../../src/runtime/rest-client.js';
import { HttpError, NetworkError, TimeoutError } from '../../src/runtime/errors.js';
import { AuthError, TasklistError } from '../../src/util/errors.js';

/** Tasklist (Spring) answers 415 to a body without a JSON content type, and so does the emulator. */
const JSON_BODY = { 'content-type': 'application/json' };
const QUERY = '{ tasks(query: { pageSize: 1 }) { id } }';

describe('faults against the emulator (oidc)', () => {
  let emulator: Emulator;
  const events: TransportEvent[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'oidc' });
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.faults.clear();
    emulator.auth.identity!.setFault(null);
    events.length = 0;
  });

  /** A transport with its own token cache (no token left over from another test) and fast backoff. */
  function transport(extra: { timeoutMs?: number; tokenRequestTimeoutMs?: number; retries?: number } = {}) {
    return createTransport({
      baseUrl: emulator.baseUrl,
      auth: resolveAuthConfig(emulator.env()),
      retry: { retries: extra.retries ?? 3, minDelayMs: 10, maxDelayMs: 1_500 },
      ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
      authOptions: {
        tokenCache: new TokenCache(),
        tokenRequestAttempts: 3,
        tokenRequestTimeoutMs: extra.tokenRequestTimeoutMs ?? 2_000,
        random: () => 0,
      },
      onEvent: (event) => events.push(event),
    });
  }
  const retries = () => events.filter((e) => e.type === 'retry');

  async function failure(promise: Promise<unknown>): Promise<TasklistError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'the call was expected to fail').toBeInstanceOf(TasklistError);
    const typed = error as TasklistError;
    // Readable: one line naming what happened, and a next step.
    expect(typed.message).not.toMatch(/\n/);
    expect(typed.message.length).toBeGreaterThan(20);
    return typed;
  }

  describe('token endpoint', () => {
    it('down: the token request is retried within bounds, then an AuthError names the token URL', async () => {
      const identity = emulator.auth.identity!;
      identity.setFault('down');
      const before = identity.tokenRequests();
      const started = Date.now();
      const error = await failure(transport()('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY }));
      expect(error).toBeInstanceOf(AuthError);
      expect(error.message).toContain(identity.tokenUrl);
      expect(identity.tokenRequests() - before).toBeLessThanOrEqual(3);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(emulator.requestCount('/v1/tasks/search')).toBe(0);
    });

    it('500: retried 3 times in all, then AuthError with the status', async () => {
      const identity = emulator.auth.identity!;
      identity.setFault('status500');
      const before = identity.tokenRequests();
      const error = await failure(transport()('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY }));
      expect(error).toBeInstanceOf(AuthError);
      expect(error.message).toMatch(/500/);
      expect(identity.tokenRequests() - before).toBe(3);
    });

    it('malformed JSON: not retried forever, AuthError that says the answer was not a token', async () => {
      const identity = emulator.auth.identity!;
      identity.setFault('malformedJson');
      const before = identity.tokenRequests();
      const error = await failure(transport()('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY }));
      expect(error).toBeInstanceOf(AuthError);
      expect(error.message).toMatch(/JSON|token/i);
      expect(identity.tokenRequests() - before).toBeLessThanOrEqual(3);
    });

    it('slow: each token attempt stops at its timeout; the call fails in bounded time', async () => {
      const identity = emulator.auth.identity!;
      identity.setFault('slow', { delayMs: 5_000 });
      const started = Date.now();
      const error = await failure(
        transport({ tokenRequestTimeoutMs: 300 })('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY }),
      );
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(AuthError);
      expect(error.message).toMatch(/300 ms|time/i);
      // 3 attempts × 300 ms + backoff; far below the 5 s the endpoint would take.
      expect(elapsed).toBeLessThan(4_000);
    });

    it('recovers: the same transport signs in once the endpoint is back', async () => {
      const identity = emulator.auth.identity!;
      const fetchTasks = transport();
      identity.setFault('status500');
      await failure(fetchTasks('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY }));
      identity.setFault(null);
      const response = await fetchTasks('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY });
      expect(response.status).toBe(200);
    });
  });

  describe('API', () => {
    it('429 with Retry-After: waits as told, then succeeds', async () => {
      emulator.faults.next(2, { type: 'rateLimit', retryAfterSeconds: 1 }, { path: '/v1/*' });
      const started = Date.now();
      const response = await transport()('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY });
      expect(response.status).toBe(200);
      expect(retries()).toHaveLength(2);
      expect(retries().every((r) => r.type === 'retry' && r.delayMs >= 1_000)).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    });

    it('503 without end: retries + 1 attempts, then HttpError 503', async () => {
      emulator.faults.next(50, { type: 'unavailable' }, { path: '/v1/*' });
      const before = emulator.requestCount('/v1/tasks/search');
      const response = await transport()('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY });
      // The transport hands back the last answer; the generated clients turn it into RestError.
      expect(response.status).toBe(503);
      expect(emulator.requestCount('/v1/tasks/search') - before).toBe(4);
      const client = { endpoint: `${emulator.baseUrl}/graphql`, fetch: transport() };
      emulator.faults.clear();
      emulator.faults.next(50, { type: 'unavailable' }, { path: '/graphql' });
      const error = await failure(requestGraphQL(client, QUERY));
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(503);
    });

    it('dropped connection mid-response: a read-only call is retried and succeeds', async () => {
      emulator.faults.next(1, { type: 'drop' }, { path: '/v1/tasks/search' });
      const client = { endpoint: `${emulator.baseUrl}/graphql`, fetch: transport() };
      const response = await transport()('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY });
      expect(response.status).toBe(200);
      expect(Array.isArray(await response.json())).toBe(true);
      emulator.faults.next(1, { type: 'drop' }, { path: '/graphql' });
      const data = await requestGraphQL<{ tasks: unknown[] }, undefined>(client, QUERY);
      expect(data.tasks).toHaveLength(1);
    });

    it('dropped connection on a state-changing call: not repeated, NetworkError', async () => {
      const fetchTasks = transport();
      const [task] = (await (
        await fetchTasks('/v1/tasks/search', { method: 'POST', body: '{"state":"CREATED"}', headers: JSON_BODY })
      ).json()) as Array<{ id: string }>;
      emulator.faults.next(5, { type: 'drop' }, { path: `/v1/tasks/${task!.id}/assign` });
      const before = emulator.requestCount(`/v1/tasks/${task!.id}/assign`);
      const error = await failure(
        fetchTasks(`/v1/tasks/${task!.id}/assign`, {
          method: 'PATCH',
          body: '{"assignee":"tasklist-codegen-demo"}',
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(error).toBeInstanceOf(NetworkError);
      expect(emulator.requestCount(`/v1/tasks/${task!.id}/assign`) - before).toBe(1);
    });

    it('an HTML login page with 200: the GraphQL client fails with a typed error, not a JSON parse error', async () => {
      emulator.faults.next(1, { type: 'htmlLogin' }, { path: '/graphql' });
      const client = { endpoint: `${emulator.baseUrl}/graphql`, fetch: transport() };
      const error = await failure(requestGraphQL(client, QUERY));
      expect(error).toBeInstanceOf(HttpError);
      expect(error.message).toMatch(/not a GraphQL response/);
    });

    it('an HTML login page with 200: a generated REST function fails with HttpError, not SyntaxError', async () => {
      emulator.faults.next(1, { type: 'htmlLogin' }, { path: '/v1/tasks/search' });
      const rest = createRestClient<Record<string, never>>({ baseUrl: emulator.baseUrl, fetch: transport() });
      const error = await failure(callOperation(rest, { method: 'post', path: '/v1/tasks/search' }, { body: {} }, undefined));
      expect(error).toBeInstanceOf(HttpError);
      expect(error.message).toMatch(/HTML page/);
      expect((error as HttpError).bodyText).toMatch(/<!DOCTYPE html>/);
      // The next call, without the fault, works as usual.
      expect(Array.isArray(await callOperation(rest, { method: 'post', path: '/v1/tasks/search' }, { body: {} }, undefined))).toBe(true);
    });

    it('latency past the per-attempt timeout: TimeoutError after the bounded retries, no hang', async () => {
      emulator.faults.next(10, { type: 'latency', ms: 3_000 }, { path: '/v1/tasks/search' });
      const started = Date.now();
      const error = await failure(
        transport({ timeoutMs: 200, retries: 2 })('/v1/tasks/search', { method: 'POST', body: '{}', headers: JSON_BODY }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(retries()).toHaveLength(2);
    });
  });
});
