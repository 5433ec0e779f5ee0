/**
 * Where the emulator's REST v1 once was stricter or looser than Tasklist, now as Tasklist is:
 * - a scalar `value` in a variable (`{"name":"amount","value":42}`, which Camunda's SDK sends) is
 *   coerced to its JSON text, as Jackson coerces scalars into the DTO's `String` field; an object
 *   or array value is still a 400;
 * - a body that is not JSON is a 415 (Spring's `consumes`), after authentication;
 * - an unknown path is a 401 before it is a 404 when credentials are required (Spring Security
 *   stands in front of every path).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const json = { 'content-type': 'application/json' };

describe('REST v1 as Tasklist accepts it', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ camunda: '8.7' });
  });
  afterAll(() => e.close());
  beforeEach(() => e.store.reset());

  const assigned = () => e.store.allTasks().find((t) => t.taskState === 'CREATED' && t.assignee === 'demo')!.id;

  it('completion coerces number and boolean values to JSON text', async () => {
    const id = assigned();
    const res = await fetch(`${e.baseUrl}/v1/tasks/${id}/complete`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({
        variables: [
          { name: 'amount', value: 42 },
          { name: 'ok', value: true },
          { name: 'note', value: '"text"' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(e.store.taskVariables(id, ['amount', 'ok', 'note']).map((v) => [v.name, v.value])).toEqual([
      ['amount', '42'],
      ['ok', 'true'],
      ['note', '"text"'],
    ]);
  });

  it('draft variables coerce scalars too; an object value stays a 400', async () => {
    const id = assigned();
    const draft = await fetch(`${e.baseUrl}/v1/tasks/${id}/variables`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ variables: [{ name: 'n', value: 7.5 }] }),
    });
    expect(draft.status).toBe(204);
    const obj = await fetch(`${e.baseUrl}/v1/tasks/${id}/complete`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ variables: [{ name: 'x', value: { a: 1 } }] }),
    });
    expect(obj.status).toBe(400);
    expect(((await obj.json()) as { message: string }).message).toMatch(/must be a string of JSON/);
  });

  it('a body that is not JSON is a 415 problem', async () => {
    const res = await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const ok = await fetch(`${e.baseUrl}/v1/tasks/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    // A request without a body needs no Content-Type.
    expect((await fetch(`${e.baseUrl}/v1/tasks/search`, { method: 'POST' })).status).toBe(200);
  });
});

describe('unknown paths behind sign-in', () => {
  let e: Emulator;
  beforeAll(async () => {
    e = await startEmulator({ camunda: '8.7', auth: 'basic' });
  });
  afterAll(() => e.close());

  it('401 without credentials, 404 with them', async () => {
    expect((await fetch(`${e.baseUrl}/no/such/path`)).status).toBe(401);
    expect((await fetch(`${e.baseUrl}/v1/no-such-resource`)).status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}` };
    expect((await fetch(`${e.baseUrl}/no/such/path`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${e.baseUrl}/v1/no-such-resource`, { headers: auth })).status).toBe(404);
  });
});
