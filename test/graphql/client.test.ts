/**
 * The GraphQL runtime client against a tiny local server that answers whatever each test needs:
 * partial data with errors, HTTP errors, non-GraphQL bodies, headers and abort.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/runtime/errors.js';
import { GraphQLResponseError, paginateTasks, type TypedDocument, requestGraphQL } from '../../src/runtime/graphql.js';

interface Seen {
  method: string;
  headers: IncomingMessage['headers'];
  body: { query: string; variables?: Record<string, unknown> };
}

let server: Server;
let endpoint = '';
let reply: (seen: Seen) => { status: number; type?: string; body: string; delayMs?: number };
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const request: Seen = { method: req.method ?? '', headers: req.headers, body: JSON.parse(raw || '{}') };
      seen.push(request);
      const answer = reply(request);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = () => ({ endpoint, fetch: globalThis.fetch });
const ok = (data: unknown) => () => ({ status: 200, body: JSON.stringify({ data }) });

describe('requestGraphQL', () => {
  it('POSTs the document as text with variables and per-call headers, and resolves to data', async () => {
    reply = ok({ currentUser: { userId: 'demo' } });
    seen.length = 0;
    const document = 'query Me { currentUser { userId } }' as unknown as TypedDocument<{ currentUser: { userId: string } }, { a: number }>;
    const data = await requestGraphQL(client(), document, { a: 1 }, { headers: { 'x-request-id': 'r-1' } });
    expect(data).toEqual({ currentUser: { userId: 'demo' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.body).toEqual({ query: 'query Me { currentUser { userId } }', variables: { a: 1 } });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['x-request-id']).toBe('r-1');
    expect(seen[0]?.headers.accept).toContain('application/graphql-response+json');
  });

  it('sends no `variables` key when there are none', async () => {
    reply = ok({ ok: true });
    seen.length = 0;
    await requestGraphQL(client(), '{ ok }');
    expect(Object.keys(seen[0]?.body ?? {})).toEqual(['query']);
  });

  it('turns GraphQL errors into GraphQLResponseError with every message, path and the partial data', async () => {
    reply = () => ({
      status: 200,
      body: JSON.stringify({
        data: { currentUser: { userId: 'demo' }, form: null },
        errors: [
          { message: 'Form not found', path: ['form'], locations: [{ line: 1, column: 30 }], extensions: { code: 'NOT_FOUND' } },
          { message: 'Second problem' },
        ],
      }),
    });
    const error = await requestGraphQL(client(), 'query { currentUser { userId } form(id: "x", processDefinitionId: "p") { id } }').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphQLResponseError);
    const gqlError = error as GraphQLResponseError<{ currentUser: { userId: string } }>;
    expect(gqlError.messages).toEqual(['Form not found', 'Second problem']);
    expect(gqlError.paths).toEqual([['form'], undefined]);
    expect(gqlError.data).toEqual({ currentUser: { userId: 'demo' }, form: null });
    expect(gqlError.status).toBe(200);
    expect(gqlError.errors[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(gqlError.message).toContain('at form: Form not found (and 1 more)');
  });

  it('keeps GraphQL errors that come with a 4xx status (GraphQL over HTTP) as GraphQL errors', async () => {
    reply = () => ({
      status: 400,
      type: 'application/graphql-response+json',
      body: JSON.stringify({ errors: [{ message: 'Variable "$id" got invalid value' }] }),
    });
    const error = await requestGraphQL(client(), 'query($id: String!) { task(id: $id) { id } }', { id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).status).toBe(400);
    expect((error as GraphQLResponseError).data).toBeUndefined();
  });

  it('throws HttpError with status and body for an HTTP error that is not GraphQL', async () => {
    reply = () => ({
      status: 503,
      type: 'application/problem+json',
      body: JSON.stringify({ status: 503, detail: 'Tasklist is starting' }),
    });
    const error = await requestGraphQL(client(), '{ currentUser { userId } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).bodyText).toContain('Tasklist is starting');
    expect((error as HttpError).message).toContain('503');
  });

  it('throws HttpError when a 200 answer is not a GraphQL response (wrong endpoint)', async () => {
    reply = () => ({ status: 200, type: 'text/html', body: '<html>login</html>' });
    const error = await requestGraphQL(client(), '{ currentUser { userId } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(200);
    expect((error as HttpError).bodyText).toBe('<html>login</html>');
    expect((error as HttpError).message).toContain('not a GraphQL response');
  });

  it('aborts with the caller’s signal', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ data: { ok: true } }), delayMs: 2_000 });
    const controller = new AbortController();
    const pending = requestGraphQL(client(), '{ ok }', undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('paginateTasks', () => {
  it('walks every page by copying the last sortValues into searchAfter, keeping the filters', async () => {
    const all = Array.from({ length: 12 }, (_, n) => ({ id: `t${n}`, sortValues: [String(1000 + n), `t${n}`] }));
    seen.length = 0;
    reply = ({ body }) => {
      // A late request of an earlier test (a busy machine) gets an empty answer and is not counted below.
      const query = body.variables?.query as
        | { pageSize: number; searchAfter?: string[]; searchAfterOrEqual?: string[]; state: string }
        | undefined;
      if (!query) return ok({})();
      const indexOf = (cursor: string[]) => all.findIndex((task) => task.sortValues[1] === cursor[1]);
      const start = query.searchAfter ? indexOf(query.searchAfter) + 1 : query.searchAfterOrEqual ? indexOf(query.searchAfterOrEqual) : 0;
      return { status: 200, body: JSON.stringify({ data: { tasks: all.slice(start, start + query.pageSize) } }) };
    };
    const document = 'query GetTasks($query: TaskQuery!) { tasks(query: $query) { id sortValues } }' as unknown as TypedDocument<
      { tasks: Array<{ id: string; sortValues: string[] | null }> },
      { query: { state?: string; pageSize?: number | null; searchAfter?: string[] | null } }
    >;
    const ids: string[] = [];
    for await (const task of paginateTasks(client(), document, { query: { state: 'CREATED' } }, { pageSize: 5 })) ids.push(task.id);
    expect(ids).toEqual(all.map((task) => task.id));
    expect(
      seen.filter((request) => request.body.query.startsWith('query GetTasks')).map((request) => request.body.variables?.query),
    ).toEqual([
      { state: 'CREATED', pageSize: 5 },
      { state: 'CREATED', pageSize: 5, searchAfter: ['1004', 't4'] },
      { state: 'CREATED', pageSize: 5, searchAfter: ['1009', 't9'] },
    ]);

    // A starting cursor of another kind is used for the first page only: one cursor per request.
    seen.length = 0;
    const rest: string[] = [];
    const from = { state: 'CREATED', searchAfterOrEqual: ['1005', 't5'] };
    for await (const task of paginateTasks(client(), document, { query: from }, { pageSize: 5 })) rest.push(task.id);
    expect(rest).toEqual(all.slice(5).map((task) => task.id));
    expect(
      seen.filter((request) => request.body.query.startsWith('query GetTasks')).map((request) => request.body.variables?.query),
    ).toEqual([
      { state: 'CREATED', pageSize: 5, searchAfterOrEqual: ['1005', 't5'] },
      { state: 'CREATED', pageSize: 5, searchAfter: ['1009', 't9'] },
    ]);
  });
});
