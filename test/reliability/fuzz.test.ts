/**
 * Fuzzing the parsers and the CLI (issue 9): seeded random and mutated inputs, a bounded count.
 * Every input must either be accepted or rejected with a clean error: one of the toolkit's own
 * error classes, which the CLI turns into exit code 1 and one message without a stack trace. A
 * `TypeError`, a `RangeError` or anything else escaping a parser is a bug and fails here with the
 * input that caused it (reproduce with the printed seed and index).
 *
 * Parsers run in-process for volume; the CLI (in-process `runCli`, and a few real processes)
 * for a smaller sample.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/errors.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { loadGraphQLSchemaSource } from '../../src/fetch/load-schema.js';
import { loadOpenApiSource } from '../../src/fetch/openapi/load.js';
import { parseOpenApiSource } from '../../src/fetch/openapi/source.js';
import { checkOperations, parseOperationFiles } from '../../src/generate/graphql/documents.js';
import { validateBaseUrl, validateTasklistConfig } from '../../src/config/validate.js';
import { resolveAuthConfig } from '../../src/auth/env.js';
import { seededRandom } from '../../src/emulator/faults.js';
import { makeProject, removeProject, repoRoot, run } from '../cli/helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

/** The emulator's seeded generator (mulberry32): same seed, same inputs. */
const prng = seededRandom;

/** Characters that matter to the formats under test, plus some that never should. */
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  "'",
  '\n',
  '  ',
  '#',
  '$ref',
  '!',
  '(',
  ')',
  '@',
  '...',
  '-',
  '- ',
  '&a',
  '*a',
  '|',
  '>',
  '\\u0000',
  '\u0000',
  '\uFFFF',
  '😀',
  'null',
  'true',
  '1e999',
  '-0',
  'openapi',
  'paths',
  '__schema',
  'type',
  'query',
  '#/components/schemas/',
  'swagger: "2.0"',
];

function mutate(text: string, random: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(random() * 4);
  for (let i = 0; i < steps; i++) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 6)) {
      case 0: // delete a range
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + 1 + Math.floor(random() * 20)));
        break;
      case 1: // insert a token
        out = out.slice(0, at) + TOKENS[Math.floor(random() * TOKENS.length)]! + out.slice(at);
        break;
      case 2: // duplicate a slice
        out = out.slice(0, at) + out.slice(at, at + Math.floor(random() * 40)) + out.slice(at);
        break;
      case 3: // truncate
        out = out.slice(0, at);
        break;
      case 4: // flip a character
        out = out.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + out.slice(at + 1);
        break;
      default: // swap two halves
        out = out.slice(at) + out.slice(0, at);
    }
  }
  return out;
}

function randomText(random: () => number): string {
  const length = Math.floor(random() * 200);
  let out = '';
  for (let i = 0; i < length; i++)
    out += random() < 0.3 ? TOKENS[Math.floor(random() * TOKENS.length)]! : String.fromCharCode(Math.floor(random() * 0x2fff));
  return out;
}

const SDL =
  'type Query {\n  task(id: String!): Task!\n  tasks(query: TaskQuery!): [Task!]!\n}\n\ninput TaskQuery {\n  pageSize: Int\n  state: TaskState\n}\n\nenum TaskState {\n  CREATED\n  COMPLETED\n}\n\n"""A user task"""\ntype Task {\n  id: ID!\n  name: String!\n  assignee: String\n}\n';
const INTROSPECTION = JSON.stringify(
  {
    data: {
      __schema: {
        queryType: { name: 'Query' },
        mutationType: null,
        subscriptionType: null,
        directives: [],
        types: [
          {
            kind: 'OBJECT',
            name: 'Query',
            fields: [
              { name: 'id', args: [], type: { kind: 'SCALAR', name: 'ID', ofType: null }, isDeprecated: false, deprecationReason: null },
            ],
            interfaces: [],
            inputFields: null,
            enumValues: null,
            possibleTypes: null,
          },
          { kind: 'SCALAR', name: 'ID', fields: null, interfaces: null, inputFields: null, enumValues: null, possibleTypes: null },
        ],
      },
    },
  },
  null,
  2,
);
const OPENAPI_JSON = JSON.stringify(
  {
    openapi: '3.0.1',
    info: { title: 'Tasklist API', version: '8.7.0' },
    paths: {
      '/v1/tasks/{taskId}': {
        get: {
          operationId: 'getTaskById',
          parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/TaskResponse' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        TaskResponse: { type: 'object', properties: { id: { type: 'string' }, state: { type: 'string', enum: ['CREATED', 'COMPLETED'] } } },
      },
    },
  },
  null,
  2,
);
const OPENAPI_YAML = `openapi: 3.0.1
info:
  title: Tasklist API
  version: 8.7.0
paths:
  /v1/tasks/search:
    post:
      operationId: searchTasks
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/TaskSearchRequest'
      responses:
        "200":
          description: OK
components:
  schemas:
    TaskSearchRequest:
      type: object
      properties:
        pageSize:
          type: integer
          format: int32
`;
const OPERATIONS =
  'query GetTask($id: String!) {\n  task(id: $id) {\n    id\n    name\n  }\n}\n\nquery GetTasks($query: TaskQuery!) {\n  tasks(query: $query) {\n    ...TaskFields\n  }\n}\n\nfragment TaskFields on Task {\n  id\n  assignee\n}\n';

/** The toolkit's own error classes: what a parser may throw on bad input. */
const CLEAN = new Set([
  'FetchError',
  'OpenApiDocumentError',
  'OperationError',
  'GraphQLSchemaFileError',
  'CodegenConfigError',
  'ConfigError',
  'SchemaLoadError',
  'GenerateInputError',
]);

const tally = { inputs: 0, accepted: 0, rejected: 0, unclean: 0 };

async function expectClean(label: string, index: number, input: unknown, attempt: () => unknown): Promise<void> {
  tally.inputs++;
  try {
    await attempt();
    tally.accepted++;
  } catch (error) {
    tally.rejected++;
    const shown = typeof input === 'string' ? JSON.stringify(input.slice(0, 300)) : JSON.stringify(input)?.slice(0, 300);
    const where = `${label} #${index} (FUZZ_SEED=${SEED}) input ${shown}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    const described = describeError(error);
    if (!(error instanceof Error && CLEAN.has(error.name) && described.expected)) tally.unclean++;
    expect(error instanceof Error && CLEAN.has(error.name), where).toBe(true);
    expect(described.expected, where).toBe(true);
    expect(described.exitCode, where).toBe(ExitCode.UserError);
    expect(described.message, where).not.toMatch(/\n\s+at /);
  }
}

function inputs(seedText: string, count: number, random: () => number): string[] {
  return Array.from({ length: count }, (_, i) => (i % 5 === 4 ? randomText(random) : mutate(seedText, random)));
}

describe(`fuzz (seed ${SEED})`, () => {
  afterAll(() => {
    console.log(
      `fuzz: ${tally.inputs} inputs (seed ${SEED}): ${tally.accepted} accepted, ${tally.rejected} rejected with a clean error, ${tally.unclean} unclean`,
    );
  });

  it('GraphQL SDL and introspection JSON (fetch loader)', async () => {
    const random = prng(SEED);
    for (const [i, text] of [...inputs(SDL, 250, random), ...inputs(INTROSPECTION, 250, random)].entries()) {
      await expectClean('graphql schema', i, text, () => loadGraphQLSchemaSource(text, i < 250 ? 'schema.graphql' : 'introspection.json'));
    }
  });

  it('OpenAPI JSON and YAML (fetch loader and generator parser)', async () => {
    const random = prng(SEED + 1);
    for (const [i, text] of [...inputs(OPENAPI_JSON, 120, random), ...inputs(OPENAPI_YAML, 120, random)].entries()) {
      const file = i < 120 ? 'tasklist.openapi.json' : 'tasklist.openapi.yaml';
      await expectClean('openapi (generate)', i, text, () => parseOpenApiSource(text, file));
      await expectClean('openapi (fetch)', i, text, () => loadOpenApiSource(text, file));
    }
  });

  it('operations against a schema', async () => {
    const random = prng(SEED + 2);
    const schema = buildASTSchema(parse(SDL));
    const dir = mkdtempSync(path.join(tmpdir(), 'tlc-fuzz-'));
    try {
      for (const [i, text] of inputs(OPERATIONS, 300, random).entries()) {
        writeFileSync(path.join(dir, 'ops.graphql'), text);
        await expectClean('operations', i, text, async () => checkOperations(schema, await parseOperationFiles(['ops.graphql'], dir)));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('config objects, base URLs and environments', async () => {
    const random = prng(SEED + 3);
    const values: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1.5,
      '',
      'x',
      'http://',
      'localhost:8080',
      'https://tasklist.example.com',
      true,
      false,
      [],
      ['a'],
      {},
      { strategy: 'OAUTH' },
      { strategy: 'BASIC', username: 1 },
      { tags: 'x' },
      'ftp://x',
    ];
    const keys = [
      'baseUrl',
      'auth',
      'schemasDir',
      'outDir',
      'runtimeImport',
      'graphql',
      'rest',
      'allowInsecureHttp',
      'outdir',
      'select',
      'format',
      'operations',
      'required',
      '__proto__',
      'constructor',
    ];
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    for (let i = 0; i < 300; i++) {
      const config: Record<string, unknown> = {};
      for (let k = Math.floor(random() * 4); k > 0; k--) {
        const key = pick(keys);
        config[key] = random() < 0.3 ? { [pick(keys)]: pick(values) } : pick(values);
      }
      const value = random() < 0.1 ? pick(values) : config;
      await expectClean('config', i, value, () => validateTasklistConfig(value, 'codegen.ts'));
      const url = random() < 0.5 ? randomText(random).slice(0, 40) : mutate('https://bru-2.tasklist.camunda.io/abc', random);
      await expectClean('base url', i, url, () => validateBaseUrl(url, 'the environment', 'CAMUNDA_TASKLIST_BASE_URL'));
    }
    const variables = [
      'CAMUNDA_AUTH_STRATEGY',
      'CAMUNDA_CLIENT_ID',
      'CAMUNDA_CLIENT_SECRET',
      'CAMUNDA_OAUTH_URL',
      'CAMUNDA_TOKEN_SCOPE',
      'CAMUNDA_OAUTH_TOKEN',
      'CAMUNDA_BASIC_AUTH_USERNAME',
      'CAMUNDA_BASIC_AUTH_PASSWORD',
      'ZEEBE_CLIENT_ID',
      'ZEEBE_CLIENT_SECRET',
      'CAMUNDA_OAUTH_BODY_FORMAT',
      'CAMUNDA_OAUTH_CLIENT_AUTH_METHOD',
      'CAMUNDA_OAUTH_REFRESH_WINDOW_SECONDS',
      'CAMUNDA_TOKEN_DISK_CACHE_DISABLE',
    ];
    const envValues = [
      '',
      ' ',
      'OAUTH',
      'oauth',
      'BASIC',
      'COOKIE',
      'BEARER',
      'NONE',
      'SAML',
      'x',
      'json',
      'basic',
      '-5',
      'abc',
      'true',
      'http://idp.example.com/token',
      'https://idp.example.com/token',
      'not a url',
    ];
    for (let i = 0; i < 300; i++) {
      const env: Record<string, string> = {};
      for (let k = Math.floor(random() * 6); k > 0; k--) env[pick(variables)] = pick(envValues);
      await expectClean('auth env', i, env, () => resolveAuthConfig(env));
    }
  });

  it('the CLI (in-process) on mutated project files: exit 0 or 1, one message, no stack', async () => {
    const random = prng(SEED + 4);
    const project = makeProject();
    try {
      for (let i = 0; i < 24; i++) {
        const target = i % 3;
        const files: Record<string, string> =
          target === 0
            ? { 'schemas/tasklist.graphql': mutate(SDL, random), 'operations/ops.graphql': OPERATIONS }
            : target === 1
              ? { 'schemas/tasklist.graphql': SDL, 'operations/ops.graphql': mutate(OPERATIONS, random) }
              : {
                  'codegen.ts': `export const tasklist = ${mutate("{ schemasDir: 'schemas', graphql: { operations: 'operations/**/*.graphql' }, rest: false }", random)};\nexport default {};\n`,
                };
        const dir = makeProject(files);
        try {
          const result = await run(target === 2 ? ['check'] : ['generate', '--graphql'], { cwd: dir });
          tally.inputs++;
          const where = `cli #${i} (FUZZ_SEED=${SEED}) ${JSON.stringify(files)}\n${result.stderr}`;
          expect([0, 1, 2], where).toContain(result.code);
          if (result.code === 0) tally.accepted++;
          else tally.rejected++;
          if (result.code === 1) {
            expect(result.stderr.match(/^error /gm), where).toHaveLength(1);
            expect(result.stderr, where).not.toMatch(/\n\s+at |looks like a bug/);
          }
        } finally {
          removeProject(dir);
        }
      }
    } finally {
      removeProject(project);
    }
  });

  it('the CLI as a real process: exit code 1 and no stack trace', () => {
    const random = prng(SEED + 5);
    for (let i = 0; i < 3; i++) {
      const dir = makeProject({
        'schemas/tasklist.graphql': SDL,
        'operations/ops.graphql': `${OPERATIONS}\nquery Broken { ${randomText(random).replace(/[{}]/g, '')}`,
      });
      try {
        const result = spawnSync(
          process.execPath,
          ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'src/cli/main.ts'), 'generate', '--graphql'],
          {
            cwd: dir,
            env: { PATH: process.env.PATH },
            encoding: 'utf8',
            timeout: 60_000,
          },
        );
        tally.inputs++;
        tally.rejected++;
        expect(result.status, result.stderr).toBe(1);
        expect(result.stderr.match(/^error /gm), result.stderr).toHaveLength(1);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      } finally {
        removeProject(dir);
      }
    }
  });
});
