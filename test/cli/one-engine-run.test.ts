/**
 * A bad input runs its generator once. The engines (src/generate/engines.ts) answer with their
 * error as data, across the worker thread too, and it is rebuilt as this package's own class: the
 * user gets the same message and exit code as from the generator's modules, and the generator is
 * not run again to reproduce the error (it used to run up to four times for one bad operation).
 *
 * Counted from outside: the CLI runs in a child process with test/support/read-log.cjs preloaded
 * on every thread, which logs each file read; a run of a generator reads its schema once, and the
 * orchestrator reads it to hash it. A bad input must be read exactly as often as a good one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/errors.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { OpenApiDocumentError } from '../../src/fetch/openapi/errors.js';
import { OperationError } from '../../src/generate/graphql/errors.js';
import { generateGraphQL } from '../../src/generate/graphql/index.js';
import { regenerate } from '../../src/generate/index.js';
import { generateRest } from '../../src/generate/rest/index.js';
import { TasklistCodegenError } from '../../src/util/errors.js';
import { makeProject, removeProject, repoRoot } from './helpers.js';

const GRAPHQL_SCHEMA = 'type Query { tasks: [String] }\n';
const GOOD_OPERATION = 'query Tasks { tasks }\n';
const BAD_OPERATION = 'query Tasks { BROKEN }\n';

const document = (schema: string) =>
  `{
  "openapi": "3.0.3",
  "info": { "title": "x", "version": "1" },
  "paths": {
    "/a": {
      "get": {
        "operationId": "getA",
        "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": ${schema} } } } }
      }
    }
  },
  "components": { "schemas": { "A": { "type": "string" } } }
}
`;
const GOOD_DOCUMENT = document('{ "$ref": "#/components/schemas/A" }');
const BAD_DOCUMENT = document('{ "$ref": "#/components/schemas/Nope" }');

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

function project(operation: string, openapi: string): string {
  const dir = makeProject({
    'schemas/tasklist.graphql': GRAPHQL_SCHEMA,
    'operations/tasks.graphql': operation,
    'schemas/tasklist.openapi.json': openapi,
  });
  dirs.push(dir);
  return dir;
}

/** tsx's loader by URL: the child runs in a project folder with no node_modules. */
const tsx = pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href;

/** `generate --force` in a child process; how often each of the two schema files was read, on any thread. */
function generateCountingReads(dir: string): { code: number | null; stderr: string; graphqlReads: number; restReads: number } {
  const log = path.join(dir, 'reads.log');
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      tsx,
      '--require',
      path.join(repoRoot, 'test/support/read-log.cjs'),
      path.join(repoRoot, 'src/cli/main.ts'),
      'generate',
      '--force',
    ],
    { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, READ_LOG: log }, timeout: 120_000 },
  );
  const reads = readFileSync(log, 'utf8').split('\n');
  rmSync(log);
  const count = (file: string) => reads.filter((line) => line.endsWith(` ${path.join(dir, file)}`)).length;
  return {
    code: child.status,
    stderr: child.stderr,
    graphqlReads: count('schemas/tasklist.graphql'),
    restReads: count('schemas/tasklist.openapi.json'),
  };
}

/** What the CLI prints for `error` (test/cli/generate.test.ts and messages.test.ts hold the format). */
function printed(error: unknown): { stderr: string; code: number } {
  const described = describeError(error);
  return { stderr: `error ${described.message}\n${described.hint ? `hint  ${described.hint}\n` : ''}`, code: described.exitCode };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('one run of the generator for a bad input', () => {
  it('a good input: each schema read by the orchestrator and by the one run of its generator', () => {
    const good = generateCountingReads(project(GOOD_OPERATION, GOOD_DOCUMENT));
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect({ graphql: good.graphqlReads, rest: good.restReads }).toEqual({ graphql: 2, rest: 2 });
  }, 120_000);

  it('a bad GraphQL operation: one run (on the worker thread), the modules’ message and exit code', async () => {
    const dir = project(BAD_OPERATION, GOOD_DOCUMENT);
    const fromModules = await rejection(
      generateGraphQL({
        schemaFile: path.join(dir, 'schemas/tasklist.graphql'),
        operations: ['operations/tasks.graphql'],
        cwd: dir,
        runtimeImport: 'tasklist-codegen/runtime',
      }),
    );
    expect(fromModules).toBeInstanceOf(OperationError);
    const bad = generateCountingReads(dir);
    expect(bad.graphqlReads).toBe(2);
    expect({ stderr: bad.stderr, code: bad.code }).toEqual(printed(fromModules));
    expect(bad.stderr).toContain('operations/tasks.graphql:1:15: Cannot query field "BROKEN" on type "Query".');
  }, 120_000);

  it('a bad OpenAPI document: one run, the modules’ message and exit code', async () => {
    const dir = project(GOOD_OPERATION, BAD_DOCUMENT);
    const fromModules = await rejection(
      generateRest({ documentFile: path.join(dir, 'schemas/tasklist.openapi.json'), cwd: dir, runtimeImport: 'tasklist-codegen/runtime' }),
    );
    expect(fromModules).toBeInstanceOf(OpenApiDocumentError);
    const bad = generateCountingReads(dir);
    expect(bad.restReads).toBe(2);
    expect({ stderr: bad.stderr, code: bad.code }).toEqual(printed(fromModules));
    expect(bad.stderr).toMatch(/tasklist\.openapi\.json:\d+:\d+: broken \$ref "#\/components\/schemas\/Nope"/);
  }, 120_000);

  it('in process, the errors are this package’s classes with every field the CLI prints', async () => {
    const graphql = await rejection(regenerate(resolveConfig({ cwd: project(BAD_OPERATION, GOOD_DOCUMENT) })));
    expect(graphql).toBeInstanceOf(OperationError);
    expect(graphql).toBeInstanceOf(TasklistCodegenError);
    expect(graphql).toMatchObject({ code: 'OPERATION_INVALID', category: 'input', file: 'operations/tasks.graphql', line: 1, column: 15 });
    expect((graphql as OperationError).problems).toHaveLength(1);
    const rest = await rejection(regenerate(resolveConfig({ cwd: project(GOOD_OPERATION, BAD_DOCUMENT) })));
    expect(rest).toBeInstanceOf(OpenApiDocumentError);
    expect(rest).toMatchObject({ code: 'OPENAPI_DOCUMENT_INVALID', category: 'input', pointer: expect.stringContaining('#/') });
  }, 120_000);
});
