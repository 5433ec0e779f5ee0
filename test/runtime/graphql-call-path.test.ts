/**
 * The GraphQL client has one call path, the REST functions' one: one send per operation through
 * `sendOf(fetch)` (our transport's buffered send, or `fetch(endpoint, init)` for any other fetch),
 * and the answer's bytes read as text. These pin that path and that our transport and a plain
 * `fetch` give the same request and result.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { noAuth } from '../../src/auth/strategies/index.js';
import { HttpError } from '../../src/runtime/errors.js';
import { GraphQLResponseError, requestGraphQL, type GraphQLClient } from '../../src/runtime/graphql.js';
import { createStrategyTransport } from '../../src/runtime/transport.js';
import type { RequestOptions, TasklistFetch } from '../../src/runtime/types.js';
import { startServer, type TestServer } from '../auth/helpers.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: TestServer;
const seen: Seen[] = [];

beforeAll(async () => {
  server = await startServer(async (req, res, body) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
    const { query } = JSON.parse(body) as { query: string };
    if (query.includes('empty')) {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(query.includes('broken') ? 500 : 200, { 'content-type': 'application/json', 'x-answer': 'kept' });
    if (query.includes('fails')) res.end(JSON.stringify({ data: { task: null }, errors: [{ message: 'no such task', path: ['task'] }] }));
    else if (query.includes('broken')) res.end('gateway broke');
    else res.end(JSON.stringify({ data: { task: { id: '1' } } }));
  });
});
afterAll(async () => server.close());

const document = 'query GetTask($id: String!) { task(id: $id) { id } }';

function transport() {
  return createStrategyTransport({ baseUrl: server.url, auth: noAuth(), retry: false });
}

/** The same client over our transport and over the global fetch. */
function clients(): Record<'transport' | 'plain', GraphQLClient> {
  const endpoint = `${server.url}/graphql`;
  return {
    transport: { endpoint, fetch: transport() },
    plain: { endpoint, fetch: (input, init) => fetch(input, init) },
  };
}

async function run(client: GraphQLClient, doc: string, options?: RequestOptions) {
  seen.length = 0;
  const result = await requestGraphQL(client, doc, { id: '1' }, options).then(
    (data) => ({ data }),
    async (error: unknown) => {
      const e = error as Error & Partial<GraphQLResponseError> & Partial<HttpError>;
      return {
        error: {
          name: e.name,
          message: e.message,
          status: e.status,
          errors: e.errors,
          data: e.data,
          bodyText: e.bodyText,
          response: e.response
            ? { status: e.response.status, header: e.response.headers.get('x-answer'), text: await e.response.text() }
            : undefined,
        },
      };
    },
  );
  const requests = seen.map(({ headers, ...rest }) => {
    // The host's port and the connection header are the only things the two fetches may differ in.
    const { host: _host, connection: _connection, ...kept } = headers;
    return { ...rest, headers: kept };
  });
  return { result, requests };
}

describe('GraphQL client: one call path', () => {
  it.each([
    ['data', document, undefined],
    ['errors with partial data', `${document} # fails`, undefined],
    ['an HTTP error that is not GraphQL', `${document} # broken`, undefined],
    ['a 204 with no body', `${document} # empty`, undefined],
    ['caller headers', document, { headers: { 'x-trace': 'g-1', accept: 'application/json' } }],
  ] as const)('%s: our transport and a plain fetch send the same request and give the same result', async (_name, doc, options) => {
    const { transport: ours, plain } = clients();
    const mine = await run(ours, doc, options);
    expect(mine).toEqual(await run(plain, doc, options));
    expect(mine.requests).toHaveLength(1);
  });

  it('calls a fetch that is not ours once per operation with (endpoint, init)', async () => {
    const ours = transport();
    const spy = vi.fn<TasklistFetch>((input, init) => ours(input, init));
    const client = { endpoint: '/graphql', fetch: spy };
    const signal = new AbortController().signal;
    expect(await requestGraphQL(client, document, { id: '1' }, { signal, headers: { 'x-trace': 't' } })).toEqual({ task: { id: '1' } });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith('/graphql', {
      method: 'POST',
      headers: { accept: 'application/graphql-response+json, application/json;q=0.9', 'content-type': 'application/json', 'x-trace': 't' },
      body: JSON.stringify({ query: document, variables: { id: '1' } }),
      signal,
    });
  });

  it("sends through our transport's buffered send, as the REST functions do: its fetch-shaped entry is not called", async () => {
    const ours = transport();
    // The spy carries everything the transport carries (its strategy, secrets and buffered send).
    const spy = Object.assign(vi.fn<TasklistFetch>(ours), ours);
    seen.length = 0;
    expect(await requestGraphQL({ endpoint: '/graphql', fetch: spy }, document, { id: '1' })).toEqual({ task: { id: '1' } });
    expect(spy).not.toHaveBeenCalled();
    expect(seen.map((request) => [request.method, request.url])).toEqual([['POST', '/graphql']]);
  });

  it('errors keep their shape; a non-GraphQL answer carries a response that can still be read, whatever the fetch', async () => {
    for (const client of Object.values(clients())) {
      await expect(requestGraphQL(client, `${document} # fails`, { id: '1' })).rejects.toBeInstanceOf(GraphQLResponseError);
      const error = (await requestGraphQL(client, `${document} # broken`, { id: '1' }).catch((e: unknown) => e)) as HttpError;
      expect(error).toBeInstanceOf(HttpError);
      expect([error.status, error.bodyText, error.response?.headers.get('x-answer'), await error.response?.text()]).toEqual([
        500,
        'gateway broke',
        'kept',
        'gateway broke',
      ]);
    }
  });

  it("the caller's abort signal is honoured", async () => {
    for (const client of Object.values(clients())) {
      await expect(requestGraphQL(client, document, { id: '1' }, { signal: AbortSignal.abort(new Error('stop')) })).rejects.toThrow('stop');
    }
  });
});
