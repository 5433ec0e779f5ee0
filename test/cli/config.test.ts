import { afterEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/dotenv.js';
import { CodegenConfigError } from '../../src/config/errors.js';
import { loadConfigFile } from '../../src/config/load.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { validateTasklistConfig } from '../../src/config/validate.js';
import { makeProject, removeProject } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

function configError(fn: () => unknown): CodegenConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodegenConfigError);
    return error as CodegenConfigError;
  }
  throw new Error('expected a CodegenConfigError');
}

describe('validateTasklistConfig', () => {
  it('accepts a full valid config', () => {
    const config = validateTasklistConfig(
      {
        baseUrl: 'http://localhost:8080/',
        auth: { strategy: 'OAUTH', clientId: 'a', clientSecret: 'b', scope: 's' },
        graphql: { operations: ['ops/*.graphql'], scalars: { DateTime: 'Date' }, required: true },
        rest: { format: 'yaml', select: { tags: ['Task'] } },
        allowInsecureHttp: true,
      },
      'codegen.ts',
    );
    expect(config.baseUrl).toBe('http://localhost:8080');
    expect(config.rest).toEqual({ format: 'yaml', select: { tags: ['Task'] } });
  });

  it('names an unknown key and the file, with a suggestion for a case slip', () => {
    const error = configError(() => validateTasklistConfig({ outdir: 'x' }, 'codegen.ts'));
    expect(error.message).toBe("Unknown key tasklist.outdir in codegen.ts (did you mean 'outDir'?)");
    expect(error.key).toBe('tasklist.outdir');
  });

  it('names a nested key with the wrong type', () => {
    const error = configError(() => validateTasklistConfig({ rest: { format: 'xml' } }, 'codegen.ts'));
    expect(error.message).toBe("tasklist.rest.format must be 'json' or 'yaml' (got 'xml') in codegen.ts");
    expect(configError(() => validateTasklistConfig({ graphql: { operations: [1] } }, 'c.ts')).message).toBe(
      'tasklist.graphql.operations[0] must be a non-empty string (got 1) in c.ts',
    );
    expect(configError(() => validateTasklistConfig({ graphql: true }, 'c.ts')).message).toBe(
      'tasklist.graphql must be false or an object (got true) in c.ts',
    );
  });

  it('rejects a base URL without a scheme with what to write instead', () => {
    const error = configError(() => validateTasklistConfig({ baseUrl: 'localhost:8080' }, 'codegen.ts'));
    expect(error.message).toContain("tasklist.baseUrl must be an absolute http:// or https:// URL (got 'localhost:8080') in codegen.ts");
    expect(error.hint).toBe("Write the scheme, e.g. 'http://localhost:8080'.");
  });

  it('checks auth per strategy and never echoes a secret', () => {
    expect(configError(() => validateTasklistConfig({ auth: { strategy: 'OAUTH', clientId: 'a' } }, 'c.ts')).message).toBe(
      "tasklist.auth.clientSecret is required when strategy is 'OAUTH' in c.ts",
    );
    const secretError = configError(() => validateTasklistConfig({ auth: { strategy: 'BASIC', username: 'u', password: 42 } }, 'c.ts'));
    expect(secretError.message).toBe('tasklist.auth.password must be a non-empty string in c.ts');
    expect(
      configError(() => validateTasklistConfig({ auth: { strategy: 'BASIC', username: 'u', password: 'p', clientId: 'x' } }, 'c.ts'))
        .message,
    ).toContain('Unknown key tasklist.auth.clientId');
  });
});

describe('resolveConfig precedence: defaults < codegen.ts < environment < flags', () => {
  it('fills defaults', () => {
    const config = resolveConfig({ cwd: '/p' });
    expect(config.schemasDir).toBe('/p/schemas');
    expect(config.outDir).toBe('/p/generated');
    expect(config.runtimeImport).toBe('@tasklist-codegen/runtime');
    expect(config.graphql && config.graphql.schemaFile).toBe('/p/schemas/tasklist.graphql');
    expect(config.graphql && config.graphql.operations).toEqual(['operations/**/*.graphql']);
    expect(config.rest && config.rest.schemaFile).toBe('/p/schemas/tasklist.openapi.json');
    expect(config.baseUrl).toBeUndefined();
  });

  it('lets each layer win over the one before', () => {
    const file = { baseUrl: 'http://file:1', schemasDir: 'from-file', outDir: 'out-file', rest: { format: 'yaml' as const } };
    expect(resolveConfig({ cwd: '/p', file }).baseUrl).toBe('http://file:1');
    expect(resolveConfig({ cwd: '/p', file, env: { baseUrl: 'http://env:2' } }).baseUrl).toBe('http://env:2');
    const flagged = resolveConfig({ cwd: '/p', file, env: { baseUrl: 'http://env:2' }, flags: { baseUrl: 'http://flag:3/', outDir: 'o' } });
    expect(flagged.baseUrl).toBe('http://flag:3');
    expect(flagged.outDir).toBe('/p/o');
    expect(flagged.schemasDir).toBe('/p/from-file');
    expect(flagged.rest && flagged.rest.schemaFile).toBe('/p/from-file/tasklist.openapi.yaml');
  });

  it('turns a side off with false', () => {
    expect(resolveConfig({ cwd: '/p', file: { graphql: false } }).graphql).toBe(false);
  });

  it('rejects a --base-url without scheme', () => {
    expect(() => resolveConfig({ cwd: '/p', flags: { baseUrl: 'tasklist:8080' } })).toThrow(/--base-url must be an absolute http/);
  });
});

describe('readEnvironment', () => {
  it('reads .env under the real environment', () => {
    const dir = makeProject({ '.env': 'CAMUNDA_TASKLIST_BASE_URL=http://dotenv:1\nCAMUNDA_CLIENT_ID="quoted id"\n' });
    dirs.push(dir);
    const { env, loadedFiles } = readEnvironment({ cwd: dir, env: { CAMUNDA_TASKLIST_BASE_URL: 'http://real:2' } });
    expect(env.CAMUNDA_TASKLIST_BASE_URL).toBe('http://real:2');
    expect(env.CAMUNDA_CLIENT_ID).toBe('quoted id');
    expect(loadedFiles).toHaveLength(1);
  });

  it('works without .env and fails on a missing --env-file', () => {
    const dir = makeProject();
    dirs.push(dir);
    expect(readEnvironment({ cwd: dir, env: { A: '1' } }).env).toEqual({ A: '1' });
    expect(() => readEnvironment({ cwd: dir, envFiles: ['ci.env'], env: {} })).toThrow(/Cannot read env file .*ci\.env/);
  });
});

describe('loadConfigFile (jiti)', () => {
  it('loads the tasklist and default exports of a TypeScript file', async () => {
    const dir = makeProject({
      'codegen.ts': `const port: number = 8080;\nexport const tasklist = { baseUrl: \`http://localhost:\${port}\`, outDir: 'src/gen' };\nexport default { schema: 'schemas/tasklist.graphql' };\n`,
    });
    dirs.push(dir);
    const loaded = await loadConfigFile(`${dir}/codegen.ts`);
    expect(loaded.tasklist).toEqual({ baseUrl: 'http://localhost:8080', outDir: 'src/gen' });
    expect(loaded.codegen).toEqual({ schema: 'schemas/tasklist.graphql' });
  });

  it('reports a syntax error with the file and position', async () => {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = {\n  outDir: "x",,\n};\n' });
    dirs.push(dir);
    await expect(loadConfigFile(`${dir}/codegen.ts`)).rejects.toThrow(/codegen\.ts:2:14: ParseError: Unexpected token/);
  });

  it('reports a validation error naming the file', async () => {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { schemaDir: "s" };\n' });
    dirs.push(dir);
    await expect(loadConfigFile(`${dir}/codegen.ts`)).rejects.toThrow(
      /Unknown key tasklist\.schemaDir in .*codegen\.ts \(did you mean 'schemasDir'\?\)/,
    );
  });
});

describe('loadConfigFile (native JavaScript)', () => {
  it('loads codegen.mjs without jiti and sees an edit on the next load', async () => {
    const dir = makeProject({ 'codegen.mjs': "export const tasklist = { outDir: 'one' };\n" });
    dirs.push(dir);
    expect((await loadConfigFile(`${dir}/codegen.mjs`)).tasklist).toEqual({ outDir: 'one' });
    await new Promise((r) => setTimeout(r, 20));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/codegen.mjs`, "export const tasklist = { outDir: 'two' };\n");
    expect((await loadConfigFile(`${dir}/codegen.mjs`)).tasklist).toEqual({ outDir: 'two' });
  });
});
