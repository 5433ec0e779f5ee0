/**
 * What an attacker's review found after the trust-boundary work: each test here failed before
 * its fix. A secret that travels in a URL the user hands `fetch` (a presigned link, an API key in
 * the query) stays out of what is printed and out of the files `fetch` writes, which get committed.
 * And the forms fetch takes what a server answers as data that may be wrong in any way.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../auth/helpers.js';
import { makeProject, removeProject, repoRoot, run } from '../cli/helpers.js';
import { FormFetchError, fetchForms } from '../../src/fetch/forms.js';
import type { TasklistFetch } from '../../src/runtime/types.js';
import { SecretRegistry } from '../../src/util/redact.js';

const SIGNATURE = 'SasSig-Br3aker-secret-q1';
const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { 200: { description: 'ok' } } } } },
});

describe('a --from-rest URL with credentials in its query', () => {
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith('/broken')) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('failed');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(OPENAPI);
    });
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) removeProject(dir);
  });

  function project(): string {
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    dirs.push(dir);
    return dir;
  }

  it('is not printed and not written into schemas/ (the .meta.json is committed)', async () => {
    const dir = project();
    // `op=getA`: a short query value that the document also holds (its operationId) does not make fetch refuse it.
    const url = `${server.url}/openapi.json?sv=2024-01-01&op=getA&sig=${SIGNATURE}`;
    const result = await run(['--base-url', server.url, 'fetch', '--rest', '--from-rest', url], { cwd: dir });
    expect(result.code).toBe(0);
    const meta = readFileSync(path.join(dir, 'schemas/tasklist.openapi.json.meta.json'), 'utf8');
    expect(meta).toContain(`${server.url}/openapi.json`);
    expect(meta + result.stdout + result.stderr).not.toContain(SIGNATURE);
    const json = await run(['--json', '--base-url', server.url, 'fetch', '--rest', '--from-rest', url], { cwd: dir });
    expect(json.stdout).not.toContain(SIGNATURE);
  });

  it('is not printed when the download fails', async () => {
    const dir = project();
    const result = await run(['--base-url', server.url, 'fetch', '--rest', '--from-rest', `${server.url}/broken.json?sig=${SIGNATURE}`], {
      cwd: dir,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${server.url}/broken.json`);
    expect(result.stdout + result.stderr).not.toContain(SIGNATURE);
  });
});

describe('a server answering the forms fetch with nonsense', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) removeProject(dir);
  });

  /** fetchForms against a fake server: `search(after)` answers each page of the user-task search. */
  async function formsFrom(
    search: (after: string | undefined) => unknown,
    form: () => Response = () => new Response(null, { status: 204 }),
  ) {
    const dir = makeProject();
    dirs.push(dir);
    let pages = 0;
    const fetch = (async (url: string, init?: RequestInit) => {
      if (url.endsWith('/search')) {
        pages++;
        // A real server takes a moment per page; so does this one, so a loop cannot eat the memory.
        await new Promise((resolve) => setTimeout(resolve, 1));
        const after = (JSON.parse(String(init?.body)) as { page: { after?: string } }).page.after;
        const body = search(after);
        return typeof body === 'string' ? new Response(body) : Response.json(body);
      }
      return form();
    }) as unknown as TasklistFetch;
    const outcome = await fetchForms({
      baseUrl: 'http://127.0.0.1:9',
      fetch,
      processes: ['p'],
      dir: path.join(dir, 'schemas/forms'),
      journalDir: path.join(dir, 'schemas'),
      write: false,
    }).then(
      (forms): { forms?: unknown; error?: unknown } => ({ forms }),
      (error: unknown) => ({ error }),
    );
    return { ...outcome, pages };
  }

  const fullPage = (tag: string) => Array.from({ length: 100 }, (_, i) => ({ userTaskKey: String(i + 1), elementId: `${tag}${i}` }));

  it('paging that goes round in a circle (cursors A, B, A, B …) ends with a FormFetchError', async () => {
    const result = await formsFrom((after) => ({ items: fullPage('t'), page: { endCursor: after === 'A' ? 'B' : 'A' } }));
    expect(result.pages).toBeLessThan(10);
    expect(result.error).toBeInstanceOf(FormFetchError);
    expect(String(result.error)).toMatch(/cursor/);
  }, 20_000);

  it('a task key that is not a number, a body that is not JSON, items that are not a list: FormFetchError, never a raw SyntaxError or TypeError', async () => {
    const twoOfOneElement = {
      items: [
        { userTaskKey: 'not-a-number', elementId: 'e' },
        { userTaskKey: '12', elementId: 'e' },
      ],
      page: {},
    };
    for (const search of [() => twoOfOneElement, () => '<html>sign in</html>', () => ({ items: 7 })]) {
      const result = await formsFrom(search);
      expect(result.error, String(result.error)).toBeInstanceOf(FormFetchError);
    }
    const badForm = await formsFrom(
      () => ({ items: [{ userTaskKey: '1', elementId: 'e' }], page: {} }),
      () => new Response('<html>'),
    );
    expect(badForm.error, String(badForm.error)).toBeInstanceOf(FormFetchError);
  });

  it('a form that holds an echoed credential is refused, nothing written', async () => {
    const dir = makeProject();
    dirs.push(dir);
    const token = 'bearer-Br3aker-form-echo-88';
    const fetch = (async (url: string) =>
      url.endsWith('/search')
        ? Response.json({ items: [{ userTaskKey: '1', elementId: 'e' }], page: {} })
        : Response.json({
            formId: 'f',
            schema: JSON.stringify({ components: [{ type: 'text', text: `Bearer ${token}` }] }),
          })) as unknown as TasklistFetch;
    const error = await fetchForms({
      baseUrl: 'http://127.0.0.1:9',
      fetch,
      processes: ['p'],
      dir: path.join(dir, 'schemas/forms'),
      journalDir: path.join(dir, 'schemas'),
      write: true,
      secrets: new SecretRegistry([token]),
    }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(String(error)).toMatch(/credentials/);
    expect(existsSync(path.join(dir, 'schemas/forms/f.form'))).toBe(false);
  });
});

describe('a server that echoes the credentials into the document it serves', () => {
  const TOKEN = 'bearer-Br3aker-echo-token-55';
  const PASSWORD = 'pw-Br3aker-echo-66';
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    // A debugging proxy or a misconfigured gateway: the request's Authorization shows up in the answer.
    server = await startServer((req, res) => {
      const auth = req.headers.authorization ?? '';
      if (req.url?.startsWith('/graphql')) {
        res.writeHead(404);
        res.end();
        return;
      }
      const document = {
        openapi: '3.0.3',
        info: { title: 't', version: '1', description: `seen: ${auth}` },
        paths: { '/a': { get: { operationId: 'getA', responses: { 200: { description: 'ok' } } } } },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(document));
    });
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) removeProject(dir);
  });

  const modes: Record<string, Record<string, string>> = {
    bearer: { CAMUNDA_OAUTH_TOKEN: TOKEN },
    basic: { CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: PASSWORD },
  };
  for (const [mode, env] of Object.entries(modes)) {
    it(`${mode}: fetch refuses to write it (schemas/ is committed), naming the file; nothing written`, async () => {
      const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
      dirs.push(dir);
      const result = await run(['fetch'], { cwd: dir, env: { CAMUNDA_TASKLIST_BASE_URL: server.url, ...env } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/tasklist\.openapi\.json/);
      expect(result.stderr).toMatch(/credentials/);
      expect(existsSync(path.join(dir, 'schemas/tasklist.openapi.json'))).toBe(false);
      const basic = Buffer.from(`demo:${PASSWORD}`).toString('base64');
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
      expect(result.stdout + result.stderr).not.toContain(basic);
    });
  }
});

describe('a promise that rejects with nobody waiting for it', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) removeProject(dir);
  });

  /** The real executable in its own process: the handlers under test are the process's. */
  function cli(cwd: string, argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'src/cli/main.ts'), ...argv], {
        cwd,
        env: { PATH: process.env.PATH },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  it("is printed through the run's output (secrets redacted), exit 1", async () => {
    const secret = 'client-secret-Br3aker-unhandled-77';
    // codegen.ts is the user's code: a background call it starts can fail with anything in its message.
    const codegen = [
      "import { readFileSync } from 'node:fs';",
      "const secret = /CAMUNDA_CLIENT_SECRET=(.*)/.exec(readFileSync('.env', 'utf8'))![1];",
      'Promise.reject(new Error(`background sign-in failed for ${secret}`));',
      'export const tasklist = { graphql: false };',
      '',
    ].join('\n');
    const dir = makeProject({ 'codegen.ts': codegen, '.env': `CAMUNDA_CLIENT_SECRET=${secret}\n` });
    dirs.push(dir);
    const result = await cli(dir, ['generate']);
    expect(result.stderr).toContain('background sign-in failed for ***');
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.code).toBe(1);
  }, 40_000);
});

describe('schemas/ that leads out of the project folder', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) removeProject(dir);
  });

  it('fetch refuses, naming the folder and where it points; nothing is written there', async () => {
    const outside = makeProject();
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n', 'doc.json': OPENAPI });
    dirs.push(outside, dir);
    // A committed symlink (a pull request) would point fetch at someone else's folder.
    symlinkSync(outside, path.join(dir, 'schemas'));
    const result = await run(['fetch', '--rest', '--from-rest', 'doc.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('schemas');
    expect(result.stderr).toContain(realpathSync(outside));
    expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('a schema file that is a symbolic link out of the schemas folder, or broken JSON', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) removeProject(dir);
  });
  const CREDENTIALS = '[default]\naws_secret_access_key = Br3akerAwsSecret99\n';

  /** A project whose schemas/tasklist.openapi.json links to a credentials file elsewhere. */
  function linkedProject(): { dir: string; target: string } {
    const outside = makeProject({ credentials: CREDENTIALS });
    const dir = makeProject({ 'codegen.ts': 'export const tasklist = { graphql: false };\n', 'doc.json': OPENAPI, 'schemas/.keep': '' });
    dirs.push(outside, dir);
    const target = realpathSync(path.join(outside, 'credentials'));
    symlinkSync(target, path.join(dir, 'schemas/tasklist.openapi.json'));
    return { dir, target };
  }

  for (const argv of [
    ['generate'],
    ['fetch', '--rest', '--from-rest', 'doc.json'],
    ['diff', 'schemas/tasklist.openapi.json', 'doc.json'],
  ]) {
    it(`${argv[0]} does not read it: a clear error naming the file and where it points`, async () => {
      const { dir, target } = linkedProject();
      const result = await run(argv, { cwd: dir });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('tasklist.openapi.json');
      expect(result.stderr).toContain(target);
      expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
      expect(result.stdout + result.stderr).not.toContain('default');
      expect(result.stdout + result.stderr).not.toContain('Br3akerAwsSecret99');
      expect(readFileSync(target, 'utf8')).toBe(CREDENTIALS);
    });
  }

  it('a JSON syntax error names file:line:column and the kind of error, never the text around it', async () => {
    const broken = '{\n  "openapi": "3.0.3",\n  "info": { "title": "Br3akerQuoted" },\n  "x": Br3akerBare\n}\n';
    const dir = makeProject({
      'codegen.ts': 'export const tasklist = { graphql: false };\n',
      'schemas/tasklist.openapi.json': broken,
      'doc.json': OPENAPI,
    });
    dirs.push(dir);
    for (const argv of [['generate'], ['diff', 'schemas/tasklist.openapi.json', 'doc.json']]) {
      const result = await run(argv, { cwd: dir });
      expect(result.code, argv[0]).toBe(1);
      expect(result.stderr, argv[0]).toMatch(/tasklist\.openapi\.json:4:\d+/);
      expect(result.stderr, argv[0]).not.toMatch(/Br3aker|openapi"|is not valid JSON/);
    }
  });
});

describe('configured document URLs with credentials in their query', () => {
  const KEY = 'apikey-Br3aker-configured-42';
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith('/doc.json')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(OPENAPI);
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) removeProject(dir);
  });

  it('rest.documentUrl and graphql.endpoint: every query value masked in schemas/*.meta.json and in what is printed', async () => {
    // `short1` is too short to register (it would garble output) but is masked where the URL is written.
    const codegen = `export const tasklist = {
  rest: { documentUrl: '${server.url}/doc.json?apikey=${KEY}&v=short1' },
  graphql: { endpoint: '${server.url}/graphql?apikey=${KEY}&v=short1' },
};
`;
    const dir = makeProject({ 'codegen.ts': codegen });
    dirs.push(dir);
    const result = await run(['--base-url', server.url, 'fetch'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const rest = readFileSync(path.join(dir, 'schemas/tasklist.openapi.json.meta.json'), 'utf8');
    const graphql = readFileSync(path.join(dir, 'schemas/tasklist.graphql.meta.json'), 'utf8');
    expect(rest).toContain(`${server.url}/doc.json`);
    expect(graphql).toContain(`${server.url}/graphql`);
    for (const text of [rest, graphql, result.stdout, result.stderr]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('short1');
    }
  });

  it('a configured document URL that fails is printed without its query values', async () => {
    const codegen = `export const tasklist = { graphql: false, rest: { documentUrl: '${server.url}/missing.json?apikey=${KEY}&v=short1' } };\n`;
    const dir = makeProject({ 'codegen.ts': codegen });
    dirs.push(dir);
    const result = await run(['--base-url', server.url, 'fetch'], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${server.url}/missing.json`);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(result.stdout + result.stderr).not.toContain('short1');
  });
});
