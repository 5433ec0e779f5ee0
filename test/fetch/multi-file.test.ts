/**
 * Multi-file OpenAPI documents: a root file whose `$ref`s name sibling files (how Camunda keeps the
 * Orchestration Cluster API since its split) is bundled into one deterministic snapshot, and the
 * root file's folder is a trust boundary — URLs, absolute paths and `../` that leave it are refused
 * with the `$ref`'s file:line:column, and nothing is written.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchError, fetchSchemas } from '../../src/fetch/index.js';
import { generateRest } from '../../src/generate/rest/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
const splitRoot = path.join(realDir, 'orchestration-cluster-v2-split/rest-api.yaml');
const haveSplit = existsSync(splitRoot);
if (!haveSplit) console.warn(`multi-file document tests on Camunda's split spec skipped: ${splitRoot} is missing`);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'multi-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const offline = (from: string, schemasDir = path.join(dir, 'schemas')) =>
  fetchSchemas({
    baseUrl: 'http://127.0.0.1:9',
    fetch: () => Promise.reject(new Error('no network in this test')),
    schemasDir,
    graphql: false,
    from: { rest: from },
  });

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error('expected a FetchError');
}

describe.skipIf(!haveSplit)("Camunda's split Orchestration Cluster spec", () => {
  it('bundles into one snapshot, the same bytes every time', async () => {
    const first = await offline(splitRoot);
    expect(first.rest.status).toBe('written');
    const doc = JSON.parse(await readFile(first.rest.schemaFile!, 'utf8')) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/user-tasks/search');
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"(?!#)/);
    const again = await offline(splitRoot, path.join(dir, 'again'));
    expect(again.rest.contents).toBe(first.rest.contents);
    // Two bundles and validations of a 1.3 MB document: room for a busy machine.
  }, 240_000);

  it('generates the same user-task client as the published bundled document', async () => {
    const fetched = await offline(splitRoot);
    const select = { tags: ['User task'] };
    const fromSplit = await generateRest({
      documentFile: 'api.json',
      cwd: dir,
      runtimeImport: 'tasklist-codegen/runtime',
      select,
      documentText: fetched.rest.contents!,
    });
    const bundledText = await readFile(path.join(realDir, 'orchestration-cluster-openapi.json'), 'utf8');
    const fromBundled = await generateRest({
      documentFile: 'api.json',
      cwd: dir,
      runtimeImport: 'tasklist-codegen/runtime',
      select,
      documentText: bundledText,
    });
    // The functions are byte for byte the same. (The types differ in form only: Redocly keeps shared
    // responses as `components/responses`, the published bundle inlines them at their first use.)
    const functions = (r: typeof fromSplit) => r.files.find((f) => f.path === 'rest/index.ts')!.contents;
    expect(functions(fromSplit)).toBe(functions(fromBundled));
    expect(functions(fromSplit)).toMatch(/export (async )?function completeUserTask\b/);
  }, 240_000);
});

describe('the root folder is a trust boundary', () => {
  const rootYaml = (ref: string) => `openapi: 3.0.3
info:
  title: split
  version: "1"
paths:
  /things:
    get:
      operationId: getThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '${ref}'
`;

  it('bundles a sibling and a subfolder file', async () => {
    await mkdir(path.join(dir, 'api/models'), { recursive: true });
    await writeFile(path.join(dir, 'api/root.yaml'), rootYaml('models/thing.yaml#/Thing'));
    await writeFile(
      path.join(dir, 'api/models/thing.yaml'),
      "Thing:\n  type: object\n  properties:\n    id:\n      $ref: '../common.yaml#/Id'\n",
    );
    await writeFile(path.join(dir, 'api/common.yaml'), 'Id:\n  type: string\n');
    const result = await offline(path.join(dir, 'api/root.yaml'));
    const doc = JSON.parse(result.rest.contents!) as Record<string, any>;
    expect(doc['components']['schemas']['Thing']['properties']['id']).toEqual({ $ref: '#/components/schemas/Id' });
    expect(doc['components']['schemas']['Id']).toEqual({ type: 'string' });
  });

  for (const [name, ref, why] of [
    ['../ out of the folder', '../outside.yaml#/Thing', /leaves the root file's folder/],
    ['an absolute path', '/etc/passwd#/Thing', /absolute path/],
    ['a URL', 'https://example.com/thing.yaml#/Thing', /is a URL/],
    ['a file URL', 'file:///etc/passwd', /is a URL/],
    ['a missing file', 'nope.yaml#/Thing', /does not exist/],
  ] as const) {
    it(`refuses ${name} with the $ref's location, writing nothing`, async () => {
      await mkdir(path.join(dir, 'api'));
      await writeFile(path.join(dir, 'outside.yaml'), 'Thing:\n  type: object\n');
      const root = path.join(dir, 'api/root.yaml');
      await writeFile(root, rootYaml(ref));
      const error = await failure(offline(root));
      expect(error.message).toMatch(why);
      expect(error.message).toContain(`${root}:15:`);
      expect(existsSync(path.join(dir, 'schemas')) ? await readdir(path.join(dir, 'schemas')) : []).toEqual([]);
    });
  }

  it('refuses a ../ hidden in a file the root refers to, and a symbolic link out of the folder', async () => {
    await mkdir(path.join(dir, 'api'));
    await writeFile(path.join(dir, 'secret.yaml'), 'Thing:\n  type: object\n');
    await writeFile(path.join(dir, 'api/root.yaml'), rootYaml('inner.yaml#/Thing'));
    await writeFile(path.join(dir, 'api/inner.yaml'), "Thing:\n  $ref: '../secret.yaml#/Thing'\n");
    const nested = await failure(offline(path.join(dir, 'api/root.yaml')));
    expect(nested.message).toContain(`${path.join(dir, 'api/inner.yaml')}:2:`);

    await symlink(path.join(dir, 'secret.yaml'), path.join(dir, 'api/link.yaml'));
    await writeFile(path.join(dir, 'api/root.yaml'), rootYaml('link.yaml#/Thing'));
    const linked = await failure(offline(path.join(dir, 'api/root.yaml')));
    expect(linked.message).toMatch(/symbolic link/);
  });
});

describe('the command line and the config', () => {
  const files = (ref: string) => ({
    'api/root.yaml': `openapi: 3.0.3\ninfo:\n  title: split\n  version: "1"\npaths:\n  /things:\n    get:\n      operationId: getThings\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '${ref}'\n`,
    'api/thing.yaml': 'Thing:\n  type: object\n  properties:\n    id:\n      type: string\n',
    'secret.yaml': 'Thing:\n  type: object\n',
  });

  it('fetch --from-rest and rest.source accept a root file with sibling files', async () => {
    const { makeProject, removeProject, run } = await import('../cli/helpers.js');
    const flag = makeProject({ ...files('thing.yaml#/Thing'), 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    const config = makeProject({
      ...files('thing.yaml#/Thing'),
      'codegen.ts': "export const tasklist = { graphql: false, rest: { source: 'api/root.yaml' } };\n",
    });
    try {
      const byFlag = await run(['fetch', '--from-rest', 'api/root.yaml'], { cwd: flag });
      expect(byFlag.stderr).toBe('');
      expect(byFlag.code).toBe(0);
      const byConfig = await run(['fetch'], { cwd: config });
      expect(byConfig.stderr).toBe('');
      expect(byConfig.code).toBe(0);
      const snapshot = await readFile(path.join(config, 'schemas/tasklist.openapi.json'), 'utf8');
      expect(snapshot).toBe(await readFile(path.join(flag, 'schemas/tasklist.openapi.json'), 'utf8'));
      expect(JSON.parse(snapshot).components.schemas.Thing.properties.id).toEqual({ type: 'string' });
    } finally {
      removeProject(flag);
      removeProject(config);
    }
  }, 60_000);

  it('a ref out of the folder: exit code, the location, schemas/ untouched', async () => {
    const { makeProject, removeProject, run } = await import('../cli/helpers.js');
    const project = makeProject({
      ...files('../secret.yaml#/Thing'),
      'codegen.ts': "export const tasklist = { graphql: false, rest: { source: 'api/root.yaml' } };\n",
    });
    try {
      const result = await run(['fetch'], { cwd: project });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`${path.join(project, 'api/root.yaml')}:15:`);
      expect(result.stderr).toMatch(/leaves the root file's folder/);
      expect(result.stderr).not.toMatch(/bug in tasklist-codegen/i);
      expect(existsSync(path.join(project, 'schemas/tasklist.openapi.json'))).toBe(false);
    } finally {
      removeProject(project);
    }
  }, 60_000);
});
