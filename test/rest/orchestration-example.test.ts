import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The example's generated files are checked against a fresh generation in real-documents.test.ts.
import { claimAndComplete } from '../../examples/orchestration-user-tasks/user-tasks.js';
import { REST_BASE_PATH } from '../../examples/orchestration-user-tasks/generated/rest/index.js';
import type { paths } from '../../examples/orchestration-user-tasks/generated/rest/schema.js';
import { createTasklistClient } from '../../src/runtime/node.js';

/** Answers the v2 user-task endpoints the example uses: two pages of tasks, the first one already taken. */
describe('the example program against a v2 user-task server', () => {
  let server: Server;
  let baseUrl: string;
  const log: string[] = [];
  /** Tasks somebody else claims first: assigning them answers 409. */
  const taken = new Set<string>();
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : undefined;
  };
  const task = (key: string) => ({ userTaskKey: key, name: `Task ${key}`, state: 'CREATED', candidateGroups: ['accounting'] });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const json = await body(req);
      log.push(`${req.method} ${req.url} ${JSON.stringify(json)}`);
      const send = (status: number, payload?: unknown, type = 'application/json') => {
        res.writeHead(status, payload === undefined ? {} : { 'content-type': type });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      };
      if (req.url === '/v2/user-tasks/search') {
        return json.page.after === 'c1'
          ? send(200, { items: [task('3')], page: { totalItems: 3, hasMoreTotalItems: false, startCursor: 'c1', endCursor: 'c2' } })
          : send(200, {
              items: [task('1'), task('2')],
              page: { totalItems: 3, hasMoreTotalItems: false, startCursor: 'c0', endCursor: 'c1' },
            });
      }
      const assignment = /^\/v2\/user-tasks\/(\d+)\/assignment$/.exec(req.url ?? '');
      if (assignment && taken.has(assignment[1]!)) {
        return send(
          409,
          { type: 'about:blank', title: 'INVALID_STATE', status: 409, detail: 'already assigned', instance: req.url },
          'application/problem+json',
        );
      }
      if (assignment || /^\/v2\/user-tasks\/\d+\/completion$/.test(req.url ?? '')) return send(204);
      return send(404, { title: 'NOT_FOUND', status: 404, detail: req.url, instance: req.url ?? '' }, 'application/problem+json');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('skips a task taken meanwhile (409), claims and completes the next', async () => {
    taken.clear();
    taken.add('1');
    log.length = 0;
    const tasklist = createTasklistClient<paths>({ baseUrl, env: {}, graphql: false, rest: { basePath: REST_BASE_PATH } });
    const done = await claimAndComplete(tasklist.rest, 'accounting', 'demo', { approved: true }, 2);
    expect(done?.userTaskKey).toBe('2');
    expect(log).toEqual([
      'POST /v2/user-tasks/search {"filter":{"state":"CREATED","candidateGroup":"accounting"},"page":{"limit":2}}',
      'POST /v2/user-tasks/1/assignment {"assignee":"demo","allowOverride":false}',
      'POST /v2/user-tasks/2/assignment {"assignee":"demo","allowOverride":false}',
      'POST /v2/user-tasks/2/completion {"variables":{"approved":true}}',
    ]);
  });

  it('follows page.endCursor into page.after when the first page is all taken', async () => {
    taken.clear();
    taken.add('1').add('2');
    log.length = 0;
    const tasklist = createTasklistClient<paths>({ baseUrl, env: {}, graphql: false, rest: { basePath: REST_BASE_PATH } });
    const done = await claimAndComplete(tasklist.rest, 'accounting', 'demo', { approved: true }, 2);
    expect(done?.userTaskKey).toBe('3');
    expect(log.filter((line) => line.includes('/search'))).toEqual([
      'POST /v2/user-tasks/search {"filter":{"state":"CREATED","candidateGroup":"accounting"},"page":{"limit":2}}',
      'POST /v2/user-tasks/search {"filter":{"state":"CREATED","candidateGroup":"accounting"},"page":{"limit":2,"after":"c1"}}',
    ]);
    expect(log.at(-1)).toBe('POST /v2/user-tasks/3/completion {"variables":{"approved":true}}');
  });
});
