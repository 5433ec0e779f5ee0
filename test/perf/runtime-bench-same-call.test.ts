/**
 * bench/runtime.ts reports a generated call's overhead over a bare `fetch`: a fair figure needs both
 * sides to make the same call. These relay one call of each side to the emulator and compare the
 * bytes both ways (the token's value and the answer's Date aside), as the bench itself does before
 * it times anything, and check that the comparison catches what the bench's bare sides once did
 * differently: another `accept` (the server then answers with another content type) and an
 * `operationName` the generated functions do not send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../generated/graphql/index.js';
import { GetTaskDocument } from '../../generated/graphql/operations.js';
import { getTaskById } from '../../generated/rest/index.js';
import { captureExchanges, exchangeDifference } from '../../bench/lib/exchange.js';
import { bareGraphQLCall, bareRestCall } from '../../bench/runtime.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createTasklistClient, oauthClientCredentials, TokenCache } from '../../src/runtime/index.js';

let emulator: Emulator;
let token: string;
let taskId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, auth: 'oidc', tokenTtlSeconds: 3600 });
  taskId = emulator.store.allTasks()[0]!.id;
  const { clientId, clientSecret, audience, tokenUrl } = emulator.auth;
  const res = await fetch(tokenUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId!,
      client_secret: clientSecret!,
      audience: audience!,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => emulator?.close());

/** The client the bench builds, against the relay's base URL. */
function client(baseUrl: string) {
  const { clientId, clientSecret, audience, tokenUrl } = emulator.auth;
  return createTasklistClient({
    baseUrl,
    auth: oauthClientCredentials(
      { clientId: clientId!, clientSecret: clientSecret!, oauthUrl: tokenUrl!, audience: audience! },
      { tokenCache: new TokenCache() },
    ),
  });
}

describe('the runtime bench compares the same call on both sides', () => {
  it('GraphQL: the bare fetch sends and gets the bytes of the generated getTask', async () => {
    const query = GetTaskDocument.toString();
    const [ours, bare, otherAccept, withOperationName] = await captureExchanges(emulator.baseUrl, [
      async (baseUrl) => {
        await getTask(client(baseUrl).graphql, { id: taskId });
      },
      (baseUrl) => bareGraphQLCall(`${baseUrl}/graphql`, query, taskId, token)(),
      async (baseUrl) => {
        await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: { id: taskId } }),
        }).then((res) => res.json());
      },
      async (baseUrl) => {
        await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: {
            accept: 'application/graphql-response+json, application/json;q=0.9',
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({ query, operationName: 'GetTask', variables: { id: taskId } }),
        }).then((res) => res.json());
      },
    ]);
    expect(ours!.request).toMatch(/^POST \/graphql HTTP\/1\.1\r\n/);
    expect(ours!.answer).toContain(taskId);
    expect(exchangeDifference(ours!, bare!)).toBeUndefined();
    expect(exchangeDifference(ours!, otherAccept!)).toMatch(/^request line \d+: ours "accept: application\/graphql-response\+json/);
    // The longer body shows first in its length.
    expect(exchangeDifference(ours!, withOperationName!)).toMatch(
      /^request line \d+: ours "content-length: \d+", bare "content-length: \d+"/,
    );
  });

  it('REST: the bare fetch sends and gets the bytes of the generated getTaskById', async () => {
    const [ours, bare, otherAccept] = await captureExchanges(emulator.baseUrl, [
      async (baseUrl) => {
        await getTaskById(client(baseUrl).rest, { path: { taskId } });
      },
      (baseUrl) => bareRestCall(baseUrl, taskId, token)(),
      async (baseUrl) => {
        await fetch(`${baseUrl}/v1/tasks/${taskId}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }).then(
          (res) => res.json(),
        );
      },
    ]);
    expect(ours!.request).toMatch(/^GET \/v1\/tasks\/\d+ HTTP\/1\.1\r\n/);
    expect(ours!.answer).toContain(taskId);
    expect(exchangeDifference(ours!, bare!)).toBeUndefined();
    expect(exchangeDifference(ours!, otherAccept!)).toMatch(/^request line \d+: ours "accept: \*\/\*", bare "accept: application\/json"/);
  });

  it('leaves only the token value and the Date out of the comparison', () => {
    const exchange = (tokenValue: string, date: string, body: string) => ({
      request: `GET / HTTP/1.1\r\nauthorization: Bearer ${tokenValue}\r\n\r\n`,
      answer: `HTTP/1.1 200 OK\r\nDate: ${date}\r\n\r\n${body}`,
    });
    const a = exchange('aaaa', 'Tue, 01 Dec 2026 18:00:00 GMT', '{"id":"1"}');
    expect(exchangeDifference(a, exchange('bbbb', 'Tue, 01 Dec 2026 18:00:01 GMT', '{"id":"1"}'))).toBeUndefined();
    expect(exchangeDifference(a, exchange('bbbbb', 'Tue, 01 Dec 2026 18:00:00 GMT', '{"id":"1"}'))).toMatch(/^request line 2/);
    expect(exchangeDifference(a, exchange('aaaa', 'Tue, 01 Dec 2026 18:00:00 GMT', '{"id":"2"}'))).toMatch(/^answer line 4/);
  });
});
