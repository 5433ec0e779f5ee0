/**
 * What a server sends is data, never code. Hostile text is planted in every string position of an
 * OpenAPI document and of a GraphQL schema and operations; each document is generated, the output is
 * type-checked (one strict TypeScript program over all of it) and imported in a child process, and
 * every payload tries to set a global and create a marker file: both must stay absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGraphQL, OperationError, GraphQLSchemaFileError } from '../../src/generate/graphql/index.js';
import { generateRest, OpenApiDocumentError } from '../../src/generate/rest/index.js';
import { normalizeOpenApiDocument } from '../../src/fetch/openapi/canonical.js';
import type { GenerationResult } from '../../src/generate/types.js';
import {
  commentText,
  isBindableIdentifier,
  lineCommentText,
  propertyKey,
  stringLiteral,
  templateLiteralText,
} from '../../src/generate/escape.js';
import { repoRoot, run } from '../cli/helpers.js';
import { compilerHost } from '../support/compiler-host.js';

const scratch = path.join(repoRoot, '.tmp');
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A folder inside the repository, so generated code resolves `node_modules` as a consumer's would. */
async function project(files: Record<string, string>): Promise<string> {
  await mkdir(scratch, { recursive: true });
  const dir = await mkdtemp(path.join(scratch, 'hostile-'));
  made.push(dir);
  for (const [file, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), contents);
  }
  return dir;
}

/** The runtime, reachable from `<project>/runtime.ts` the way a consumer reaches the package. */
function runtimeShim(dir: string): string {
  return `export * from '${path.relative(dir, path.join(repoRoot, 'src/runtime/index.js')).split(path.sep).join('/')}';\n`;
}

/**
 * tsconfig.json's strict options over the given files and what they import; the diagnostics of every
 * file under the given files' folders (a generated `schema.d.ts` included: skipLibCheck is off for it).
 * Only those files are checked, not the runtime's sources or the libraries: that is most of the time.
 */
function typeErrors(files: readonly string[]): string[] {
  const configFile = path.join(repoRoot, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configFile);
  const compilerOptions = { ...options, noEmit: true, skipLibCheck: false };
  const program = ts.createProgram(files, compilerOptions, compilerHost(compilerOptions));
  const dirs = [...new Set(files.map((file) => path.dirname(path.resolve(file))))];
  const ours = program.getSourceFiles().filter((file) => dirs.some((dir) => path.resolve(file.fileName).startsWith(dir + path.sep)));
  const found = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
  return found.map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${d.file ? path.relative(repoRoot, d.file.fileName) : '<global>'}:${(where?.line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Imports each module in one child process (through tsx); prints what the payloads could have left behind. */
function importInChild(cwd: string, modules: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const script =
    `for (const m of ${JSON.stringify(modules)}) await import(m);\n` +
    // Payloads that break out start a promise (`import('node:fs').then(...)`): give them a turn to settle.
    `await new Promise((resolve) => setTimeout(resolve, 50));\n` +
    `console.log(JSON.stringify({ imported: ${modules.length}, global: globalThis.__hostile ?? null }));\n`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** What a payload runs if it ever becomes code: a global and a marker file, both tagged with where it was planted. */
const code = (tag: string) => `globalThis.__hostile='${tag}';import('node:fs').then(f=>f.writeFileSync('PWNED-${tag}',''))`;

/** Ways out of each context generated code puts text in, each wrapped around `code`. */
const PAYLOADS: readonly [string, (code: string) => string][] = [
  ['comment end', (c) => `*/ ${c}; /*`],
  ['line feed', (c) => `x\n${c}; //`],
  ['carriage return', (c) => `x\r${c}; //`],
  ['U+2028', (c) => `x\u2028${c}; //`],
  ['U+2029', (c) => `x\u2029${c}; //`],
  ['double quote', (c) => `"; ${c}; "`],
  ['single quote', (c) => `'; ${c}; '`],
  ['backslash before a quote', (c) => `\\"; ${c}; //`],
  ['template placeholder', (c) => `\${${c}}`],
  ['backtick', (c) => `\`; ${c}; \``],
  ['script end', (c) => `</script><script>${c}</script>`],
  ['unicode escape text', (c) => `\\u002a/ ${c} /\\u002a`],
];

/** Tag of payload `p` planted at position `q`: letters and digits only, so it survives being made into a name. */
const tagOf = (p: number, q: number, side: 'R' | 'G') => `H${side}${p}x${q}Z`;

/** Escapes a JSON pointer segment (RFC 6901) and what a URI fragment would read as an escape. */
const pointerSegment = (text: string) => text.replace(/~/g, '~0').replace(/\//g, '~1').replace(/%/g, '%25');

interface RestParts {
  doc: any;
  item: any;
  get: any;
  post: any;
  thing: any;
}

function restBase(): RestParts {
  const thing = {
    type: 'object',
    title: 'Thing',
    description: 'A thing.',
    required: ['id'],
    properties: {
      id: { type: 'string', description: 'Its id.', example: 'x', default: 'y', format: 'uuid', pattern: '^a$' },
      state: { type: 'string', enum: ['A', 'B'] },
      legacy: { type: 'string', deprecated: true, description: 'Old.' },
    },
  };
  const get = {
    operationId: 'getThing',
    summary: 'Get a thing',
    description: 'Returns it.',
    tags: ['things'],
    parameters: [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'q', in: 'query', description: 'A filter.', example: 'e', schema: { type: 'string' } },
      { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'ok',
        headers: { 'X-Rate': { description: 'Calls left.', schema: { type: 'integer' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
      },
      '404': { description: 'none', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    },
  };
  const post = {
    operationId: 'replaceThing',
    deprecated: true,
    description: 'Use the v2 API.',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    requestBody: {
      description: 'The new thing.',
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
    },
    responses: { '204': { description: 'done' } },
  };
  const item = { get, post };
  const doc = {
    openapi: '3.0.3',
    info: { title: 'Hostile', version: '1', description: 'An API.' },
    servers: [{ url: 'http://localhost/v1', description: 'Local.' }],
    tags: [{ name: 'things', description: 'Things.' }],
    paths: { '/things/{id}': item },
    components: { schemas: { Thing: thing, Problem: { type: 'object', properties: { detail: { type: 'string' } } } } },
  };
  return { doc, item, get, post, thing };
}

/** Every string position of an OpenAPI document the generators read or pass on. Renames of keys come last. */
const OPENAPI_POSITIONS: readonly [string, (parts: RestParts, text: string) => void][] = [
  ['info.title', ({ doc }, t) => void (doc.info.title = t)],
  ['info.version', ({ doc }, t) => void (doc.info.version = t)],
  ['info.description', ({ doc }, t) => void (doc.info.description = t)],
  ['servers[0].url', ({ doc }, t) => void (doc.servers[0].url = `http://localhost/v1/${t}`)],
  ['servers[0].description', ({ doc }, t) => void (doc.servers[0].description = t)],
  ['tags: name', ({ doc, get }, t) => void (doc.tags[0].name = get.tags[0] = t)],
  ['tags: description', ({ doc }, t) => void (doc.tags[0].description = t)],
  ['operation summary', ({ get }, t) => void (get.summary = t)],
  ['operation description', ({ get }, t) => void (get.description = t)],
  ['operationId', ({ get }, t) => void (get.operationId = t)],
  ['description of a deprecated operation', ({ post }, t) => void (post.description = t)],
  ['query parameter name', ({ get }, t) => void (get.parameters[1].name = t)],
  ['header parameter name', ({ get }, t) => void (get.parameters[2].name = t)],
  ['parameter description', ({ get }, t) => void (get.parameters[1].description = t)],
  ['parameter example', ({ get }, t) => void (get.parameters[1].example = t)],
  ['request body description', ({ post }, t) => void (post.requestBody.description = t)],
  ['response description', ({ get }, t) => void (get.responses['200'].description = t)],
  ['response header name', ({ get }, t) => void (get.responses['200'].headers[t] = { schema: { type: 'string' } })],
  ['response header description', ({ get }, t) => void (get.responses['200'].headers['X-Rate'].description = t)],
  ['responses key (not a status)', ({ get }, t) => void (get.responses[t] = { description: 'x' })],
  ['responses key x-…', ({ get }, t) => void (get.responses[`x-${t}`] = {})],
  ['extension key and value on an operation', ({ get }, t) => void (get[`x-${t}`] = t)],
  ['extension key on a schema', ({ thing }, t) => void (thing[`x-${t}`] = { note: t })],
  ['schema title', ({ thing }, t) => void (thing.title = t)],
  ['schema description', ({ thing }, t) => void (thing.description = t)],
  ['property name', ({ thing }, t) => void (thing.properties[t] = { type: 'string' })],
  ['property description', ({ thing }, t) => void (thing.properties.id.description = t)],
  ['description of a deprecated property', ({ thing }, t) => void (thing.properties.legacy.description = t)],
  ['enum value', ({ thing }, t) => void thing.properties.state.enum.push(t)],
  ['example value', ({ thing }, t) => void (thing.properties.id.example = t)],
  ['default value', ({ thing }, t) => void (thing.properties.id.default = t)],
  ['format', ({ thing }, t) => void (thing.properties.id.format = t)],
  ['pattern', ({ thing }, t) => void (thing.properties.id.pattern = t)],
  [
    'security scheme name',
    ({ doc }, t) => {
      doc.components.securitySchemes = { [t]: { type: 'http', scheme: 'bearer' } };
      doc.security = [{ [t]: [] }];
    },
  ],
  [
    'request media type',
    ({ post }, t) => {
      post.requestBody.content = { [`application/vnd.${t}+json`]: post.requestBody.content['application/json'] };
    },
  ],
  [
    'response media type',
    ({ get }, t) => {
      get.responses['200'].content = { [`application/vnd.${t}+json`]: get.responses['200'].content['application/json'] };
    },
  ],
  [
    'schema name (and the $refs to it)',
    ({ doc, get, post }, t) => {
      const schemas = doc.components.schemas;
      schemas[t] = schemas.Thing;
      delete schemas.Thing;
      const ref = `#/components/schemas/${pointerSegment(t)}`;
      for (const media of [...Object.values(get.responses['200'].content), ...Object.values(post.requestBody.content)] as any[])
        media.schema.$ref = ref;
    },
  ],
  [
    'path template',
    ({ doc, item }, t) => {
      delete doc.paths['/things/{id}'];
      doc.paths[`/things/{id}/${t}`] = item;
    },
  ],
];

const SDL_POSITIONS = [
  'schema description',
  'scalar description',
  'directive description',
  'interface description',
  'object type description',
  'field description',
  'argument description',
  'argument default value',
  'deprecation reason of a field',
  'root query field description',
  'root mutation field description',
  'enum type description',
  'enum value description',
  'deprecation reason of an enum value',
  'input type description',
  'input field description',
  'input field default value',
  'union description',
] as const;

/** A schema with a payload, as a GraphQL string, in every position of SDL_POSITIONS. */
function hostileSdl(text: (position: (typeof SDL_POSITIONS)[number]) => string): string {
  const s = (position: (typeof SDL_POSITIONS)[number]) => JSON.stringify(text(position));
  return `${s('schema description')} schema { query: Query mutation: Mutation }
${s('scalar description')} scalar DateTime
${s('directive description')} directive @note(text: String) on FIELD_DEFINITION
${s('interface description')} interface Node { id: ID! }
${s('object type description')} type Thing implements Node {
  id: ID!
  ${s('field description')} name(${s('argument description')} format: String = ${s('argument default value')}): String
  old: String @deprecated(reason: ${s('deprecation reason of a field')})
  state: State
  when: DateTime
}
${s('enum type description')} enum State {
  ${s('enum value description')} OPEN
  CLOSED @deprecated(reason: ${s('deprecation reason of an enum value')})
}
${s('input type description')} input ThingFilter {
  ${s('input field description')} name: String = ${s('input field default value')}
  state: State
}
${s('union description')} union Anything = Thing
type Query {
  ${s('root query field description')} thing(id: ID!): Thing
  things(filter: ThingFilter): [Thing!]!
  anything: Anything
}
type Mutation {
  ${s('root mutation field description')} rename(id: ID!, name: String!): Thing
}
`;
}

/** Operations with a payload in the `#` comment above each (a comment ends at CR or LF: those payloads cannot be planted there). */
function hostileOperations(comment: (position: number) => string | undefined): string {
  const line = (position: number) => {
    const text = comment(position);
    return text === undefined ? '' : `# ${text}\n`;
  };
  return `${line(0)}query GetThing($id: ID!) {
  thing(id: $id) { id name old state when }
  anything { ... on Thing { id } }
}

${line(1)}mutation RenameThing($id: ID!, $name: String!) {
  rename(id: $id, name: $name) { id }
}

query ListThings($filter: ThingFilter) {
  things(filter: $filter) { id state }
}
`;
}
const COMMENT_POSITIONS = ['comment above a query', 'comment above a mutation'] as const;

/** What one generated project is, for the checks after everything was generated. */
interface Outcome {
  label: string;
  dir: string;
  /** Files to type-check; the `index.ts` among them are imported. */
  files: string[];
}

const outcomes: Outcome[] = [];
const refusals: { label: string; error: Error }[] = [];
const planted = { rest: 0, graphql: 0 };
const reached = { rest: 0, graphql: 0 };
const unreached: string[] = [];
let diagnostics: string[] = [];
let child: { status: number | null; stdout: string; stderr: string } | undefined;
let modules: string[] = [];
let root = '';

/** The CLI's own run of the document issue 14 reported (critical 1), exactly as written there. */
const CRITICAL_1 =
  `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok"},` +
  `"x-*/ import('node:child_process').then(m=>m.execSync('touch PWNED')); /*":{}}}}}}`;
let critical1: { dir: string; fetch: { code: number; stderr: string }; generate: { code: number; stderr: string } } | undefined;

/** Operation names and schema names a document may use that JavaScript or TypeScript reserve or Object.prototype has. */
function hostileNamesDocument(): any {
  const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/__proto__' } } } } };
  const ids = ['eval', 'arguments', 'delete', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'client', 'valueOf'];
  return {
    openapi: '3.0.3',
    info: { title: 'Names', version: '1' },
    paths: Object.fromEntries(
      ids.map((id) => [
        `/${id}`,
        {
          get: {
            operationId: id,
            parameters: [
              { name: 'q', in: 'query', schema: { type: 'string' } },
              // Not a parameter location: ignored, and above all not `parameters.__proto__.required = true`.
              { name: 'p', in: '__proto__', required: true, schema: { type: 'string' } },
              { name: 'c', in: 'constructor', required: true, schema: { type: 'string' } },
            ],
            responses: ok,
          },
        },
      ]),
    ),
    components: {
      schemas: JSON.parse(
        '{"__proto__": {"type": "object", "properties": {"__proto__": {"type": "string"}, "constructor": {"$ref": "#/components/schemas/constructor"}, "toString": {"$ref": "#/components/schemas/toString"}}},' +
          ' "constructor": {"type": "string"}, "toString": {"type": "integer"}}',
      ),
    },
  };
}

const NAMES_SDL = `type Query {
  thing: Thing
  kinds: [Kind!]!
  find(constructor: String, toString: Filter): Int
}
type Mutation { delete(id: ID!): Boolean }
type Thing { toString: String, constructor: String, valueOf: Int, hasOwnProperty: Boolean }
input Filter { constructor: String, toString: Int }
enum Kind { constructor toString valueOf }
`;
const NAMES_OPERATIONS = `query eval { thing { toString constructor valueOf hasOwnProperty } }
query arguments { kinds }
mutation delete { delete(id: "1") }
query constructor { thing { toString } }
query toString($constructor: String, $toString: Filter) { kinds find(constructor: $constructor, toString: $toString) }
`;
let restNames: GenerationResult | undefined;
let graphqlNames: GenerationResult | undefined;

async function writeResult(dir: string, result: GenerationResult): Promise<string[]> {
  const written: string[] = [];
  for (const file of result.files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
    written.push(target);
  }
  return written;
}

/** Every project below `root`, importing the runtime through `root/runtime.ts` (`../runtime.js` from `graphql/`, `../../runtime.js` from `generated/rest/`). */
async function projectDir(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), contents);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'runtime.ts'), runtimeShim(dir));
  return dir;
}

beforeAll(async () => {
  root = await project({});
  const started = Date.now();

  {
    const dir = await projectDir('critical-1', {
      'doc.json': CRITICAL_1,
      'codegen.mjs': `export const tasklist = { runtimeImport: '../../runtime.js' };\n`,
    });
    const fetched = await run(['fetch', '--rest', '--from-rest', 'doc.json'], { cwd: dir });
    const generated = await run(['generate', '--rest'], { cwd: dir });
    critical1 = { dir, fetch: fetched, generate: generated };
    const index = path.join(dir, 'generated/rest/index.ts');
    if (existsSync(index))
      outcomes.push({ label: 'issue 14 critical 1', dir, files: [index, path.join(dir, 'generated/rest/schema.d.ts')] });
  }

  for (const [p, [, payload]] of PAYLOADS.entries()) {
    // OpenAPI: the payload in every position at once, each copy tagged with its position.
    const parts = restBase();
    OPENAPI_POSITIONS.forEach(([, plant], q) => plant(parts, payload(code(tagOf(p, q, 'R')))));
    planted.rest += OPENAPI_POSITIONS.length;
    const restDir = await projectDir(`rest-${p}`);
    const rest = await generateRest({
      documentFile: 'doc.json',
      documentText: JSON.stringify(parts.doc, null, 2),
      cwd: restDir,
      runtimeImport: '../runtime.js',
    });
    outcomes.push({ label: `OpenAPI, ${PAYLOADS[p]![0]}`, dir: restDir, files: await writeResult(restDir, rest) });
    const restText = rest.files.map((file) => file.contents).join('\n');
    OPENAPI_POSITIONS.forEach(([name], q) => {
      if (restText.includes(tagOf(p, q, 'R'))) reached.rest++;
      else if (p === 0) unreached.push(`OpenAPI ${name}`);
    });

    // GraphQL: schema positions and operation comments.
    const sdlText = (position: (typeof SDL_POSITIONS)[number]) => payload(code(tagOf(p, SDL_POSITIONS.indexOf(position), 'G')));
    const commentText = (position: number) => {
      const text = payload(code(tagOf(p, SDL_POSITIONS.length + position, 'G')));
      return /[\r\n]/.test(text) ? undefined : text;
    };
    const graphqlDir = await projectDir(`graphql-${p}`, {
      'schemas/tasklist.graphql': hostileSdl(sdlText),
      'operations/things.graphql': hostileOperations(commentText),
    });
    const graphql = await generateGraphQL({
      schemaFile: 'schemas/tasklist.graphql',
      operations: 'operations/**/*.graphql',
      cwd: graphqlDir,
      runtimeImport: '../runtime.js',
    });
    outcomes.push({ label: `GraphQL, ${PAYLOADS[p]![0]}`, dir: graphqlDir, files: await writeResult(graphqlDir, graphql) });
    planted.graphql += SDL_POSITIONS.length + COMMENT_POSITIONS.filter((_, position) => commentText(position) !== undefined).length;
    const graphqlText = graphql.files.map((file) => file.contents).join('\n');
    [...SDL_POSITIONS, ...COMMENT_POSITIONS].forEach((name, q) => {
      if (graphqlText.includes(tagOf(p, q, 'G'))) reached.graphql++;
      else if (p === 0) unreached.push(`GraphQL ${name}`);
    });

    // A string value in an operation: generated safely, or refused where it is.
    const literalDir = await projectDir(`literal-${p}`, {
      'schemas/tasklist.graphql': hostileSdl(() => 'x'),
      'operations/literal.graphql': `query Literal {\n  things(filter: { name: ${JSON.stringify(payload(code(tagOf(p, 99, 'G'))))} }) { id }\n}\n`,
    });
    planted.graphql++;
    try {
      const literal = await generateGraphQL({
        schemaFile: 'schemas/tasklist.graphql',
        operations: 'operations/**/*.graphql',
        cwd: literalDir,
        runtimeImport: '../runtime.js',
      });
      outcomes.push({ label: `GraphQL string value, ${PAYLOADS[p]![0]}`, dir: literalDir, files: await writeResult(literalDir, literal) });
      if (literal.files.some((file) => file.contents.includes(tagOf(p, 99, 'G')))) reached.graphql++;
    } catch (error) {
      refusals.push({ label: `GraphQL string value, ${PAYLOADS[p]![0]}`, error: error as Error });
    }
  }

  // Names: legal in the documents, reserved or inherited in JavaScript.
  const restNamesDir = await projectDir('rest-names');
  restNames = await generateRest({
    documentFile: 'names.json',
    documentText: JSON.stringify(hostileNamesDocument(), null, 2),
    cwd: restNamesDir,
    runtimeImport: '../runtime.js',
  });
  outcomes.push({ label: 'OpenAPI names', dir: restNamesDir, files: await writeResult(restNamesDir, restNames) });
  const graphqlNamesDir = await projectDir('graphql-names', {
    'schemas/tasklist.graphql': NAMES_SDL,
    'operations/names.graphql': NAMES_OPERATIONS,
  });
  graphqlNames = await generateGraphQL({
    schemaFile: 'schemas/tasklist.graphql',
    operations: 'operations/**/*.graphql',
    cwd: graphqlNamesDir,
    runtimeImport: '../runtime.js',
  });
  outcomes.push({ label: 'GraphQL names', dir: graphqlNamesDir, files: await writeResult(graphqlNamesDir, graphqlNames) });
  const generatedAt = Date.now();

  // One program for everything: building one is most of the cost.
  diagnostics = typeErrors(outcomes.flatMap((outcome) => outcome.files));
  const checkedAt = Date.now();
  modules = outcomes
    .flatMap((outcome) => outcome.files.filter((file) => file.endsWith('index.ts')))
    .map((file) => pathToFileURL(file).href);
  child = importInChild(root, modules);
  const total = planted.rest + planted.graphql;
  const graphqlPositions = SDL_POSITIONS.length + COMMENT_POSITIONS.length + 1;
  console.log(
    `hostile documents: ${total} plantings (positions × payloads): OpenAPI ${OPENAPI_POSITIONS.length} positions × ${PAYLOADS.length} payloads = ${planted.rest}, ` +
      `GraphQL ${graphqlPositions} positions × ${PAYLOADS.length} payloads less ${PAYLOADS.length * graphqlPositions - planted.graphql} a comment cannot hold = ${planted.graphql}; ` +
      `${reached.rest + reached.graphql} of them reached generated code (${reached.rest} OpenAPI, ${reached.graphql} GraphQL); ` +
      `refused with a location: ${refusals.length}; code run: 0 expected; ${modules.length} modules imported; ` +
      `generate ${((generatedAt - started) / 1000).toFixed(1)} s, tsc ${((checkedAt - generatedAt) / 1000).toFixed(1)} s, import ${((Date.now() - checkedAt) / 1000).toFixed(1)} s`,
  );
  if (unreached.length > 0)
    console.log(`hostile documents: positions no generated file shows (read, then dropped or not emitted): ${unreached.join('; ')}`);
}, 120_000);

/** Diagnostics of one project's files. */
const errorsIn = (dir: string) => diagnostics.filter((line) => path.resolve(repoRoot, line.split(':')[0]!).startsWith(dir + path.sep));

describe('the OpenAPI document of issue 14, critical 1', () => {
  it('a responses key `x-*/ import(...)`: fetch and generate succeed, the output compiles, and importing generated/rest/index.ts runs nothing', async () => {
    expect(critical1!.fetch.code, critical1!.fetch.stderr).toBe(0);
    expect(critical1!.generate.code, critical1!.generate.stderr).toBe(0);
    expect(readFileSync(path.join(critical1!.dir, 'generated/rest/index.ts'), 'utf8')).not.toContain('x-*/');
    expect(errorsIn(critical1!.dir)).toEqual([]);
    expect(child?.status, child?.stderr).toBe(0);
    expect(existsSync(path.join(root, 'PWNED'))).toBe(false);
    expect(existsSync(path.join(critical1!.dir, 'PWNED'))).toBe(false);
  });
});

describe('a payload in every string position of an OpenAPI document and a GraphQL schema and operations', () => {
  it('every generated file type-checks under strict settings', () => {
    expect(diagnostics).toEqual([]);
  });

  it('importing every generated module runs none of it: no global set, no file created', async () => {
    expect(child?.status, child?.stderr).toBe(0);
    expect(JSON.parse(child!.stdout.trim().split('\n').pop()!)).toEqual({ imported: modules.length, global: null });
    expect(readdirSync(root).filter((name) => name.startsWith('PWNED'))).toEqual([]);
  });

  it('a string value an operation cannot carry into a template literal is refused at its location', () => {
    // Only the payloads with a backtick or `${` are refused; the others generate.
    expect(refusals.map((r) => r.label)).toEqual(['GraphQL string value, template placeholder', 'GraphQL string value, backtick']);
    for (const { error } of refusals) {
      expect(error).toBeInstanceOf(OperationError);
      expect(error.message).toMatch(/^operations\/literal\.graphql:2:\d+: A string containing ` or \$\{ cannot be written/);
    }
  });
});

describe('names TypeScript cannot take, or that Object.prototype has', () => {
  it('OpenAPI: operationIds eval, arguments, delete, client are renamed with a warning naming both; constructor, toString, __proto__ stay', () => {
    expect(errorsIn(path.join(root, 'rest-names'))).toEqual([]);
    const index = restNames!.files.find((file) => file.path === 'rest/index.ts')!.contents;
    const names = [...index.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'evalOperation',
      'argumentsOperation',
      'deleteOperation',
      'constructor',
      'toString',
      'hasOwnProperty',
      '__proto__',
      'client2',
      'valueOf',
    ]);
    const warnings = restNames!.warnings.map((w) => `${w.location}: ${w.message}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        '#/paths/~1eval/get: operationId "eval" cannot name a function (a word a module cannot declare); the function is named evalOperation',
        '#/paths/~1arguments/get: operationId "arguments" cannot name a function (a word a module cannot declare); the function is named argumentsOperation',
        '#/paths/~1client/get: the name client is taken; the function is named client2',
      ]),
    );
  });

  it('OpenAPI: schemas and properties named __proto__ and constructor are types like any other; a parameter `in: "__proto__"` pollutes nothing', () => {
    const schema = restNames!.files.find((file) => file.path === 'rest/schema.d.ts')!.contents;
    expect(schema).toMatch(/__proto__: \{/);
    expect(({} as Record<string, unknown>)['required']).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>)['required']).toBeUndefined();
  });

  it('OpenAPI: a $ref to #/components/schemas/__proto__ (or constructor) that the document does not define is a located broken $ref, not Object.prototype', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const document = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok",\n"content":{"application/json":{"schema":{"$ref":"#/components/schemas/${name}"}}}}}}}},"components":{"schemas":{"A":{"type":"string"}}}}`;
      const error = await generateRest({ documentFile: 'doc.json', documentText: document, cwd: root, runtimeImport: 'rt' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenApiDocumentError);
      expect((error as Error).message).toMatch(
        new RegExp(`^doc\\.json:2:\\d+: broken \\$ref "#/components/schemas/${name}": nothing at that location`),
      );
    }
  });

  it("fetch's canonical key order takes keys named constructor and toString as data, not Object.prototype's", () => {
    const document = JSON.parse(
      '{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","constructor":{"a":1},"toString":[2],' +
        '"responses":{"200":{"description":"ok"}}}}}}',
    );
    const normalized = normalizeOpenApiDocument(document) as any;
    expect(normalized.paths['/a'].get.constructor).toEqual({ a: 1 });
    expect(normalized.paths['/a'].get.toString).toEqual([2]);
  });

  it('GraphQL: operations eval, arguments, delete become evalQuery, argumentsQuery, deleteMutation with a located warning; constructor and toString stay', () => {
    expect(errorsIn(path.join(root, 'graphql-names'))).toEqual([]);
    const index = graphqlNames!.files.find((file) => file.path === 'graphql/index.ts')!.contents;
    const names = [...index.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]).sort();
    expect(names).toEqual(['argumentsQuery', 'constructor', 'deleteMutation', 'evalQuery', 'toString']);
    expect(graphqlNames!.warnings.map((w) => `${w.location}: ${w.message}`)).toEqual([
      'operations/names.graphql:1:7: the query "eval" cannot be the function eval() (a word a module cannot declare); it is evalQuery()',
      'operations/names.graphql:2:7: the query "arguments" cannot be the function arguments() (a word a module cannot declare); it is argumentsQuery()',
      'operations/names.graphql:3:10: the mutation "delete" cannot be the function delete() (a word a module cannot declare); it is deleteMutation()',
    ]);
  });

  it('GraphQL: a type named like a member of Object.prototype is refused at its definition (graphql-codegen would crash or mistype it)', async () => {
    for (const name of ['constructor', 'toString', 'valueOf']) {
      const dir = await projectDir(`graphql-${name}`, {
        'schemas/tasklist.graphql': `type Query {\n  a: ${name}\n}\n\ntype ${name} { id: ID }\n`,
        'operations/a.graphql': 'query A { a { id } }\n',
      });
      const error = await generateGraphQL({
        schemaFile: 'schemas/tasklist.graphql',
        operations: 'operations/**/*.graphql',
        cwd: dir,
        runtimeImport: '../runtime.js',
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GraphQLSchemaFileError);
      expect((error as Error).message).toMatch(
        new RegExp(`^schemas/tasklist\\.graphql:5:6: the type "${name}" is the name of a member every JavaScript object has`),
      );
    }
  });

  it('GraphQL: a type graphql-codegen would write as Scalars (or Maybe) is refused at its definition', async () => {
    for (const [name, written] of [
      ['Scalars', 'Scalars'],
      ['scalars', 'Scalars'],
      ['Maybe', 'Maybe'],
    ] as const) {
      const dir = await projectDir(`graphql-${name}`, {
        'schemas/tasklist.graphql': `type Query {\n  a: ${name}\n}\n\ntype ${name} { id: ID }\n`,
        'operations/a.graphql': 'query A { a { id } }\n',
      });
      const error = await generateGraphQL({
        schemaFile: 'schemas/tasklist.graphql',
        operations: 'operations/**/*.graphql',
        cwd: dir,
        runtimeImport: '../runtime.js',
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GraphQLSchemaFileError);
      expect((error as Error).message).toBe(
        `schemas/tasklist.graphql:5:6: the type "${name}" would be generated as ${written}, a name graphql-codegen's output declares itself; ` +
          'the generated files would not compile. This schema cannot be generated with tasklist-codegen until the type is renamed on the server.',
      );
    }
  });

  it('GraphQL: an operation whose types would be named like a schema type is refused at the operation', async () => {
    const dir = await projectDir('graphql-clash', {
      'schemas/tasklist.graphql': 'type Query {\n  a: GetAQuery\n}\n\ntype GetAQuery { id: ID }\n',
      'operations/a.graphql': '\nquery GetA { a { id } }\n',
    });
    const error = await generateGraphQL({
      schemaFile: 'schemas/tasklist.graphql',
      operations: 'operations/**/*.graphql',
      cwd: dir,
      runtimeImport: '../runtime.js',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toMatch(
      /^operations\/a\.graphql:2:7: Operation "GetA" would generate the type GetAQuery, which the schema's type "GetAQuery" is generated as too; rename the operation\./,
    );
  });
});

describe('src/generate/escape.ts: each context gives back exactly the text, and nothing else', () => {
  const texts = PAYLOADS.map(([, payload]) => payload(code('T')));

  it('a string literal, in either quote, evaluates to the text', () => {
    for (const text of texts) {
      for (const quote of ['"', "'"] as const) expect((0, eval)(stringLiteral(text, quote))).toBe(text);
    }
    expect(stringLiteral('</script>\u2028')).toBe("'<\\/script>\\u2028'");
  });

  it('template literal text evaluates to the text, and its ${…} is not a placeholder', () => {
    for (const text of texts) expect((0, eval)(`\`${templateLiteralText(text)}\``)).toBe(text);
  });

  it('comment text cannot end a block comment; line comment text has no line terminator', () => {
    for (const text of texts) {
      expect((0, eval)(`/* ${commentText(text)} */ 1`)).toBe(1);
      expect((0, eval)(`// ${lineCommentText(text)}\n1`)).toBe(1);
    }
  });

  it('a property key names an own property, `__proto__` included', () => {
    const object = (0, eval)(`({ ${propertyKey('__proto__')}: 1, ${propertyKey('a-b')}: 2, ${propertyKey('default')}: 3 })`) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.keys(object)).toEqual(['__proto__', 'a-b', 'default']);
  });

  it('identifiers: reserved words, eval and arguments cannot be declared; constructor, toString and __proto__ can', () => {
    for (const name of ['delete', 'eval', 'arguments', 'await', 'let', 'yield', 'require'])
      expect(isBindableIdentifier(name), name).toBe(false);
    for (const name of ['constructor', 'toString', '__proto__', 'getTask', '$x']) expect(isBindableIdentifier(name), name).toBe(true);
    expect(isBindableIdentifier('a-b')).toBe(false);
  });
});
