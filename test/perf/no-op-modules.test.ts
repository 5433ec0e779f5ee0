/**
 * What a no-op `generate` / `check` loads: the check that the inputs are unchanged hashes files and
 * matches globs, so it must not load the parsers and generators it would only need to regenerate
 * (each of them tens of milliseconds of a run that is meant to take a few hundred). Recorded in a
 * real CLI process (`RECORD_LOADS` below), on a project with all three sides.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject } from '../cli/helpers.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Preloaded (`--require`) into the CLI: appends to `TLCG_LOAD_LOG` every module URL resolved (an
 * ESM resolve hook) and every file read with `readFileSync`, which is how the CommonJS loader reads
 * a required package and how the engines are loaded (util/code-cache.ts), neither of which the
 * resolve hook sees.
 */
const RECORD_LOADS = `
const fs = require('node:fs');
const { register, syncBuiltinESMExports } = require('node:module');
const log = process.env.TLCG_LOAD_LOG;
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string' || file instanceof URL) fs.appendFileSync(log, String(file) + '\\n');
  return readFileSync.call(this, file, ...rest);
};
syncBuiltinESMExports();
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.TLCG_LOAD_LOG, result.url + '\\\\n');
  return result;
}\`));
`;

/** Packages only a regeneration needs. */
const PARSERS_AND_GENERATORS = ['yaml', 'js-yaml', 'ajv', 'graphql', 'typescript', 'openapi-typescript', '@graphql-codegen'];

const OPENAPI_YAML = `openapi: 3.0.3
info: { title: Tiny, version: '1' }
paths:
  /tasks/search:
    post:
      operationId: searchTasks
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: array, items: { type: string } }
`;

const FORM = JSON.stringify({
  id: 'approve',
  type: 'default',
  components: [{ type: 'checkbox', key: 'approved', label: 'Approved' }],
});

describe('a no-op run', () => {
  let project: string;
  beforeAll(async () => {
    project = makeProject({
      'node_modules/.keep': '',
      'schemas/tasklist.graphql': 'type Query { tasks: [String!]! }\n',
      'operations/tasks.graphql': 'query Tasks { tasks }\n',
      'schemas/openapi.yaml': OPENAPI_YAML,
      'forms/approve.form': FORM,
      'codegen.ts': `export const tasklist = {
  runtimeImport: ${JSON.stringify(path.join(repoRoot, 'src/runtime/index.js'))},
  graphql: { schemaFile: 'schemas/tasklist.graphql', operations: 'operations/**/*.graphql' },
  rest: { schemaFile: 'schemas/openapi.yaml' },
  forms: { files: ['forms/**/*.form'] },
};
`,
      'record-loads.cjs': RECORD_LOADS,
    });
    await cli(['generate']);
  }, 120_000);
  afterAll(() => removeProject(project));

  async function cli(argv: string[], log?: string): Promise<string> {
    const args = [
      '--import',
      import.meta.resolve('tsx'),
      ...(log ? ['--require', path.join(project, 'record-loads.cjs')] : []),
      path.join(repoRoot, 'src/cli/main.ts'),
      ...argv,
    ];
    const { stdout } = await run(process.execPath, args, {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', ...(log ? { TLCG_LOAD_LOG: log } : {}) },
    });
    return stdout;
  }

  const loads = (log: string) => readFileSync(log, 'utf8').split('\n');
  const packagesLoaded = (log: string) =>
    new Set(
      loads(log)
        .map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
        .filter((name): name is string => name !== undefined),
    );

  for (const command of ['generate', 'check']) {
    it(`\`${command}\` with every input unchanged loads no parser or generator`, async () => {
      const log = path.join(project, `${command}.log`);
      writeFileSync(log, '');
      const stdout = await cli([command], log);
      expect(stdout).toMatch(command === 'generate' ? /up to date/ : /Up to date/);
      const loaded = packagesLoaded(log);
      // The hook saw the run: the glob library that matches the inputs is there.
      expect(loaded).toContain('tinyglobby');
      expect(PARSERS_AND_GENERATORS.filter((name) => loaded.has(name))).toEqual([]);
      // Nor an engine (the bundled generators, read from dist/engines or the engines cache).
      expect(loads(log).filter((file) => /engines[\\/].*(graphql|rest)\.cjs$/.test(file))).toEqual([]);
    }, 60_000);
  }
});
