/**
 * Contract of the emulator's Orchestration Cluster API (v2) against Camunda's published document
 * (../shared/fixtures/real/orchestration-cluster-openapi.json):
 * - the document the emulator serves equals the published one, prose aside, for every operation
 *   it has (parameters, request bodies, responses, vendor extensions) and every schema they reach;
 * - every response the emulator gives — each operation, success and error — validates against the
 *   published response schema for its status, with Ajv (OpenAPI 3.0 `nullable` turned into JSON
 *   Schema first), and has the declared media type.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const documentPath = path.resolve(repoRoot, '../shared/fixtures/real/orchestration-cluster-openapi.json');
const haveReal = existsSync(documentPath);
if (!haveReal) console.warn(`emulator v2 contract tests skipped: ${documentPath} (Camunda's published document) is missing`);

type Json = Record<string, any>;

function pointer(doc: Json, ref: string): Json {
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((o, k) => o[k], doc);
}

/** Responses, parameters and bodies with their non-schema `$ref`s followed; schema refs kept by name. */
function resolveNonSchemaRefs(doc: Json, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveNonSchemaRefs(doc, v));
  if (value && typeof value === 'object') {
    const ref = (value as Json)['$ref'];
    if (typeof ref === 'string' && !ref.startsWith('#/components/schemas/')) return resolveNonSchemaRefs(doc, pointer(doc, ref));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNonSchemaRefs(doc, v)]));
  }
  return value;
}

const PROSE = new Set(['description', 'summary', 'example', 'examples']);
/** Prose differs (ours); a property named like a prose keyword (`properties.description`) is kept. */
function withoutProse(value: unknown, underProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutProse(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([k]) => underProperties || !PROSE.has(k))
        .map(([k, v]) => [k, withoutProse(v, k === 'properties')]),
    );
  }
  return value;
}

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable: true` becomes "null or this" (the keyword
 * also appears beside `allOf` without a `type`, which Ajv's own `nullable` support refuses), and
 * `oneOf` becomes `anyOf`: Camunda's document uses `oneOf` for alternatives that overlap (a
 * `ScopeKey` is a process instance key or an element instance key, both the same digit strings),
 * so strict one-of-ness would reject every real response.
 */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === 'nullable') continue;
    if (k === 'properties' && v && typeof v === 'object')
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toJsonSchema(s)]));
    else out[k === 'oneOf' ? 'anyOf' : k] = toJsonSchema(v);
  }
  return (value as Json)['nullable'] === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

interface Exchange {
  /** The published operation, e.g. `searchUserTasks`. */
  operationId: string;
  method: string;
  url: string;
  status: number;
  contentType: string;
  body: unknown;
}

describe.skipIf(!haveReal)('v2 vs Camunda orchestration-cluster-openapi.json', () => {
  let published: Json;
  let ajv: Ajv;
  const validators = new Map<string, ValidateFunction>();
  const exchanges: Exchange[] = [];
  let e: Emulator;
  let basic: Emulator;

  /** Published operation by method and path (`/v2` is the servers' base path). */
  function operationFor(method: string, pathname: string): { template: string; op: Json } {
    const rel = pathname.replace(/^\/v2/, '');
    for (const [template, methods] of Object.entries(published['paths'] as Record<string, Json>)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (re.test(rel) && methods[method.toLowerCase()]) return { template, op: methods[method.toLowerCase()] };
    }
    throw new Error(`no published operation for ${method} ${pathname}`);
  }

  function validatorFor(schema: Json): ValidateFunction {
    const key = JSON.stringify(schema);
    let v = validators.get(key);
    if (!v) {
      v = ajv.compile(toJsonSchema(JSON.parse(key.replaceAll('"#/components/schemas/', '"oc#/components/schemas/'))) as Json);
      validators.set(key, v);
    }
    return v;
  }

  async function record(
    target: Emulator,
    method: string,
    pathname: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Exchange> {
    const res = await fetch(`${target.baseUrl}${pathname}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const url = new URL(pathname, target.baseUrl).pathname;
    const exchange: Exchange = {
      operationId: operationFor(method, url).op['operationId'],
      method,
      url: pathname,
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: text === '' ? undefined : JSON.parse(text),
    };
    exchanges.push(exchange);
    return exchange;
  }

  beforeAll(async () => {
    published = JSON.parse(readFileSync(documentPath, 'utf8')) as Json;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // Camunda's semantic formats (`UserTaskKey`, `TenantId`…) are names, not checks; patterns carry the rules.
    const known = new Set(['date-time', 'uri', 'uri-reference', 'uuid', 'int32', 'int64', 'binary']);
    JSON.stringify(published, (k, v) => {
      if (k === 'format' && typeof v === 'string' && !known.has(v)) {
        known.add(v);
        ajv.addFormat(v, true);
      }
      return v;
    });
    ajv.addSchema({ components: { schemas: toJsonSchema(published['components']['schemas']) } }, 'oc');

    e = await startEmulator({ camunda: '8.10' });
    basic = await startEmulator({ camunda: '8.8', auth: 'basic' });

    const tasks = e.store.allUserTasks();
    const open = tasks.find((t) => t.taskState === 'CREATED' && t.assignee === null && t.formId !== null)!;
    const noForm = tasks.find((t) => t.taskState === 'CREATED' && t.formId === null)!;
    const done = tasks.find((t) => t.taskState === 'COMPLETED')!;
    const first = await record(e, 'POST', '/v2/user-tasks/search', { page: { limit: 3 }, sort: [{ field: 'dueDate', order: 'DESC' }] });
    await record(e, 'POST', '/v2/user-tasks/search', {
      page: { limit: 3, after: (first.body as Json)['page']['endCursor'] },
      sort: [{ field: 'dueDate', order: 'DESC' }],
    });
    await record(e, 'POST', '/v2/user-tasks/search', { filter: { name: 'nothing matches' } });
    await record(e, 'POST', '/v2/user-tasks/search', { filter: { state: 'COMPLETED', assignee: { $exists: true } } });
    await record(e, 'POST', '/v2/user-tasks/search', { page: { limit: -1 } });
    await record(e, 'GET', `/v2/user-tasks/${open.id}`);
    await record(e, 'GET', `/v2/user-tasks/${done.id}`);
    await record(e, 'GET', '/v2/user-tasks/1');
    await record(e, 'GET', '/v2/user-tasks/x');
    await record(e, 'GET', `/v2/user-tasks/${open.id}/form`);
    await record(e, 'GET', `/v2/user-tasks/${noForm.id}/form`);
    await record(e, 'GET', '/v2/user-tasks/1/form');
    await record(e, 'POST', `/v2/user-tasks/${open.id}/variables/search`, {});
    await record(e, 'POST', `/v2/user-tasks/${open.id}/effective-variables/search?truncateValues=false`, { sort: [{ field: 'name' }] });
    await record(e, 'POST', `/v2/user-tasks/${open.id}/effective-variables/search`, { page: { limit: 0 } });
    await record(e, 'POST', `/v2/user-tasks/${open.id}/variables/search`, { filter: { value: 1 } });
    await record(e, 'PATCH', `/v2/user-tasks/${open.id}`, { changeset: { priority: 80, dueDate: '2031-01-01T00:00:00.000Z' } });
    await record(e, 'PATCH', `/v2/user-tasks/${open.id}`, {});
    await record(e, 'PATCH', '/v2/user-tasks/1', { changeset: { priority: 1 } });
    await record(e, 'PATCH', `/v2/user-tasks/${done.id}`, { changeset: { priority: 1 } });
    await record(e, 'POST', `/v2/user-tasks/${open.id}/assignment`, { assignee: 'demo', allowOverride: false });
    await record(e, 'POST', `/v2/user-tasks/${open.id}/assignment`, { assignee: 'john', allowOverride: false });
    await record(e, 'POST', `/v2/user-tasks/${open.id}/assignment`, { allowOverride: false });
    await record(e, 'POST', '/v2/user-tasks/1/assignment', { assignee: 'demo' });
    await record(e, 'DELETE', `/v2/user-tasks/${open.id}/assignee`);
    await record(e, 'DELETE', '/v2/user-tasks/1/assignee');
    await record(e, 'DELETE', `/v2/user-tasks/${done.id}/assignee`);
    await record(e, 'DELETE', '/v2/user-tasks/x/assignee');
    await record(e, 'POST', `/v2/user-tasks/${open.id}/completion`, { variables: { approved: true } });
    await record(e, 'POST', `/v2/user-tasks/${open.id}/completion`, {});
    await record(e, 'POST', '/v2/user-tasks/1/completion', {});
    await record(e, 'POST', `/v2/user-tasks/${noForm.id}/completion`, { variables: 'no' });
    await record(e, 'GET', '/v2/authentication/me');
    // A blocking task listener that does not finish in time: 504 on assignment, completion, update.
    e.faults.next(3, { type: 'listenerTimeout' }, { path: /^\/v2\/user-tasks\/\d+(\/assignment|\/completion)?$/ });
    await record(e, 'POST', `/v2/user-tasks/${noForm.id}/assignment`, { assignee: 'demo' });
    await record(e, 'POST', `/v2/user-tasks/${noForm.id}/completion`, {});
    await record(e, 'PATCH', `/v2/user-tasks/${noForm.id}`, { changeset: { priority: 3 } });
    // Sign-in failures and the signed-in caller, on a run that needs credentials.
    const demo = { authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}` };
    await record(basic, 'POST', '/v2/user-tasks/search', {});
    await record(basic, 'GET', '/v2/authentication/me');
    await record(basic, 'GET', '/v2/authentication/me', undefined, demo);
    await record(basic, 'GET', `/v2/user-tasks/${open.id}`, undefined, { authorization: 'Basic AAAA' });
  });
  afterAll(async () => {
    await e?.close();
    await basic?.close();
  });

  it('serves the published operations and schemas, prose aside', async () => {
    const served = (await (await fetch(`${e.baseUrl}/v3/api-docs/Orchestration%20Cluster%20API`)).json()) as Json;
    expect(served['openapi']).toBe(published['openapi']);
    expect(withoutProse(served['components']['securitySchemes'])).toEqual(withoutProse(published['components']['securitySchemes']));
    expect(withoutProse(served['servers'])).toEqual(withoutProse(published['servers']));
    for (const [p, methods] of Object.entries(served['paths'] as Record<string, Json>)) {
      for (const [m, op] of Object.entries(methods)) {
        expect(published['paths'][p]?.[m], `${m.toUpperCase()} ${p} is published`).toBeDefined();
        expect(withoutProse(resolveNonSchemaRefs(served, op)), `${m.toUpperCase()} ${p}`).toEqual(
          withoutProse(resolveNonSchemaRefs(published, published['paths'][p][m])),
        );
      }
    }
    const reached = new Set<string>();
    JSON.stringify(served['paths'], (k, v) =>
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? reached.add(v) && v : v,
    );
    for (const [name, schema] of Object.entries(served['components']['schemas'] as Record<string, Json>)) {
      expect(withoutProse(schema), name).toEqual(withoutProse(published['components']['schemas'][name]));
      JSON.stringify(schema, (k, v) => (k === '$ref' && typeof v === 'string' ? reached.add(v) && v : v));
    }
    for (const ref of reached) expect(served['components']['schemas'][ref.split('/').pop()!], `${ref} is served`).toBeDefined();
    const ops = Object.values(served['paths'] as Record<string, Json>)
      .flatMap((m) => Object.values(m).map((o: Json) => o['operationId']))
      .sort();
    expect(ops).toEqual([
      'assignUserTask',
      'completeUserTask',
      'getAuthentication',
      'getUserTask',
      'getUserTaskForm',
      'searchUserTaskEffectiveVariables',
      'searchUserTaskVariables',
      'searchUserTasks',
      'unassignUserTask',
      'updateUserTask',
    ]);
  });

  it('exercises every operation with a success and an error', () => {
    const served = new Set(exchanges.map((x) => x.operationId));
    for (const op of served) {
      expect(
        exchanges.some((x) => x.operationId === op && x.status < 300),
        `${op} success`,
      ).toBe(true);
      expect(
        exchanges.some((x) => x.operationId === op && x.status >= 400),
        `${op} error`,
      ).toBe(true);
    }
    expect(served.size).toBe(10);
  });

  it('every response validates against the published schema of its status and media type', () => {
    const failures: string[] = [];
    for (const x of exchanges) {
      const { op } = operationFor(x.method, new URL(x.url, 'http://h').pathname);
      const declared = resolveNonSchemaRefs(published, op['responses'][String(x.status)] ?? op['responses']['default']) as Json | undefined;
      const where = `${x.method} ${x.url} → ${x.status}`;
      // A status the document leaves out of an operation (401 where only 400/500 are listed) is still
      // a problem detail: it must be one.
      const content = declared
        ? (declared['content'] as Json | undefined)
        : { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetail' } } };
      if (!content) {
        if (x.body !== undefined) failures.push(`${where}: a body where the document declares none`);
        continue;
      }
      const [mediaType, media] = Object.entries(content)[0] as [string, Json];
      if (x.contentType.split(';')[0] !== mediaType) failures.push(`${where}: content-type ${x.contentType}, declared ${mediaType}`);
      const validate = validatorFor(media['schema']);
      if (!validate(x.body)) failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(30);
    expect(
      exchanges
        .filter((x) => x.status === 504)
        .map((x) => x.operationId)
        .sort(),
    ).toEqual(['assignUserTask', 'completeUserTask', 'updateUserTask']);
  });

  it('the validator catches a response that breaks the schema (it is not vacuous)', () => {
    const { op } = operationFor('GET', '/v2/user-tasks/1');
    const validate = validatorFor(op['responses']['200']['content']['application/json']['schema']);
    const good = exchanges.find((x) => x.operationId === 'getUserTask' && x.status === 200)!.body as Json;
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, userTaskKey: 'abc' })).toBe(false);
    expect(validate({ ...good, state: 'OPEN' })).toBe(false);
    const { tags: _omitted, ...withoutTags } = good;
    expect(validate(withoutTags)).toBe(false);
    expect(validate({ ...good, dueDate: null })).toBe(true);
  });
});
