/**
 * The secret sweep: unique marker secrets, servers that echo what they receive (request body,
 * Authorization, cookies, CSRF token) into every error field they answer with, and every CLI
 * command × sign-in mode × failure point. Every channel is searched for every marker in every form
 * it travels in: stdout, stderr, `--json`, `--debug`, reports, the GitHub step summary and every
 * file left in the project (schemas/, generated/, caches under node_modules/.cache).
 *
 * test/reliability/secrets.test.ts runs the same commands against the emulator's real sign-ins;
 * this one is about servers that try to make the toolkit print what it was given.
 *
 * The sign-in modes run at once (each with its own echoing server and failure point), since most
 * of a mode's time is the CLI waiting out retries and backoff against failing endpoints; the
 * marker search runs after all of them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, introspectionFromSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, run, snapshotTree } from '../cli/helpers.js';

const RUN = Math.random().toString(36).slice(2, 8);
const CLIENT_SECRET = `cs-SWEEP${RUN}&s=1 %x`;
const PASSWORD = `pw-SWEEP${RUN}&p=2 %y`;
const BEARER = `bt-SWEEP${RUN}-bearer-token`;
const QUERY_KEY = `qk-SWEEP${RUN}-query-key`;
const URL_PASSWORD = `up-SWEEP${RUN}-url-password`;
const CLIENT_ID = 'sweep-client';

const SDL = 'type Query { tasks(query: TaskQuery): [Task] }\ninput TaskQuery { state: String }\ntype Task { id: ID!\n name: String }\n';
const INTROSPECTION = JSON.stringify({ data: introspectionFromSchema(buildSchema(SDL)) });
const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Tasklist', version: '1' },
  paths: {
    '/v1/tasks/{taskId}': {
      get: {
        operationId: 'getTask',
        parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
});

/** What the servers handed out: access tokens, session cookies, CSRF tokens. Searched for too. */
const issued: string[] = [];
let counter = 0;
const mint = (prefix: string) => {
  const value = `${prefix}-SWEEP${RUN}-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
  issued.push(value);
  return value;
};

type TokenFault = 'ok' | '400' | '401' | '429' | '500' | 'redirect' | 'crlf';
type ApiFault = 'ok' | '401' | '403' | '500' | 'echo';
/** What a mode's server does now. */
interface Scenario {
  token: TokenFault;
  api: ApiFault;
}

interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** Everything of ours a request carried, as a hostile server would quote it back. */
function echoOf(req: IncomingMessage, body: string): string {
  const h = req.headers;
  return `body=${body} authorization=${h.authorization ?? ''} cookie=${h.cookie ?? ''} csrf=${h['x-csrf-token'] ?? ''} url=${req.url}`;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** The forms a secret travels in. */
function forms(secret: string): string[] {
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  return [
    secret,
    encodeURIComponent(secret),
    form,
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(`demo:${secret}`).toString('base64'),
    Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64'),
    Buffer.from(`${CLIENT_ID}:${form}`).toString('base64'),
  ];
}

interface Mode {
  name: string;
  env: (api: Listening) => Record<string, string>;
  /** Whether a token (or login) endpoint is in play: its failure points apply. */
  signsIn: boolean;
}

describe('secret sweep: every command × sign-in mode × failure point, every channel', () => {
  let foreign: Listening;
  let closedPort: number;
  const foreignSaw: string[] = [];
  const outputs: Array<{ label: string; text: string }> = [];
  const projects: string[] = [];
  const combos = new Set<string>();
  let runs = 0;
  const started = Date.now();

  beforeAll(async () => {
    foreign = await listen((req, res, body) => {
      foreignSaw.push(echoOf(req, body));
      send(res, 200, JSON.stringify({ access_token: 'foreign', expires_in: 60 }));
    });
    const closed = await listen(() => undefined);
    closedPort = closed.port;
    await closed.close();
  });
  afterAll(async () => {
    await foreign.close();
    for (const dir of projects) removeProject(dir);
  });

  /** The Tasklist and token endpoint of one mode, answering as its `scenario` says. */
  function listenApi(scenario: Scenario): Promise<Listening> {
    return listen((req, res, body) => {
      const url = req.url ?? '';
      const echo = echoOf(req, body);
      if (url.startsWith('/oauth/token') || url.startsWith('/api/login')) {
        const login = url.startsWith('/api/login');
        switch (scenario.token) {
          case 'ok':
            if (login)
              send(res, 204, '', { 'set-cookie': [`TASKLIST-SESSION=${mint('sess')}; Path=/; HttpOnly`], 'x-csrf-token': mint('csrf') });
            else send(res, 200, JSON.stringify({ access_token: mint('at'), token_type: 'Bearer', expires_in: 300 }));
            return;
          case 'crlf':
            // A token that would split the Authorization header.
            send(res, 200, JSON.stringify({ access_token: `${mint('at')}\r\nX-Injected: 1`, expires_in: 300 }));
            return;
          case 'redirect':
            send(res, 307, '', { location: `${foreign.url}/oauth/token` });
            return;
          case '429':
            send(res, 429, JSON.stringify({ error: echo, error_description: echo }), { 'retry-after': '0' });
            return;
          default:
            send(res, Number(scenario.token), JSON.stringify({ error: echo, error_description: echo, message: echo }));
            return;
        }
      }
      if (scenario.api !== 'ok') {
        if (scenario.api === 'echo') send(res, 200, JSON.stringify({ errors: [{ message: `Rejected credentials: ${echo}` }], data: null }));
        else
          send(
            res,
            Number(scenario.api),
            JSON.stringify({ status: Number(scenario.api), message: `Rejected credentials: ${echo}`, detail: echo, title: echo }),
          );
        return;
      }
      if (url.startsWith('/graphql')) send(res, 200, INTROSPECTION);
      else if (url.startsWith('/v3/api-docs/Tasklist-v1')) send(res, 200, OPENAPI);
      else send(res, 404, JSON.stringify({ message: `not here: ${echo}` }));
    });
  }

  const oauthEnv = (extra: Record<string, string>) => (api: Listening) => ({
    CAMUNDA_TASKLIST_BASE_URL: api.url,
    CAMUNDA_AUTH_STRATEGY: 'OAUTH',
    CAMUNDA_CLIENT_ID: CLIENT_ID,
    CAMUNDA_CLIENT_SECRET: CLIENT_SECRET,
    CAMUNDA_OAUTH_URL: `${api.url}/oauth/token?key=${encodeURIComponent(QUERY_KEY)}`,
    CAMUNDA_TOKEN_SCOPE: 'tasklist',
    ...extra,
  });
  const modes: Mode[] = [
    { name: 'none', signsIn: false, env: (api) => ({ CAMUNDA_TASKLIST_BASE_URL: api.url, CAMUNDA_AUTH_STRATEGY: 'NONE' }) },
    {
      name: 'basic',
      signsIn: false,
      env: (api) => ({
        CAMUNDA_TASKLIST_BASE_URL: api.url,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
        CAMUNDA_BASIC_AUTH_PASSWORD: PASSWORD,
      }),
    },
    {
      name: 'bearer',
      signsIn: false,
      env: (api) => ({ CAMUNDA_TASKLIST_BASE_URL: api.url, CAMUNDA_AUTH_STRATEGY: 'BEARER', CAMUNDA_OAUTH_TOKEN: BEARER }),
    },
    { name: 'oauth-form', signsIn: true, env: oauthEnv({}) },
    { name: 'oauth-json', signsIn: true, env: oauthEnv({ CAMUNDA_OAUTH_BODY_FORMAT: 'json' }) },
    { name: 'oauth-basic', signsIn: true, env: oauthEnv({ CAMUNDA_OAUTH_CLIENT_AUTH_METHOD: 'basic' }) },
    {
      name: 'cookie',
      signsIn: true,
      env: (api) => ({
        CAMUNDA_TASKLIST_BASE_URL: api.url,
        CAMUNDA_AUTH_STRATEGY: 'COOKIE',
        CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
        CAMUNDA_BASIC_AUTH_PASSWORD: PASSWORD,
      }),
    },
  ];

  /** Failure points: what the servers do, or how the environment is broken. */
  const failurePoints: Array<{
    name: string;
    applies: (m: Mode) => boolean;
    token?: TokenFault;
    api?: ApiFault;
    env?: (env: Record<string, string>, api: Listening) => Record<string, string>;
  }> = [
    ...(['400', '401', '429', '500', 'redirect'] as const).map((token) => ({
      name: `token-${token}`,
      token,
      applies: (m: Mode) => m.signsIn,
    })),
    { name: 'token-crlf', token: 'crlf' as const, applies: (m: Mode) => m.name.startsWith('oauth') },
    {
      name: 'bearer-crlf',
      applies: (m: Mode) => m.name === 'bearer',
      env: (env: Record<string, string>) => ({ ...env, CAMUNDA_OAUTH_TOKEN: `${BEARER}\r\nX-Injected: 1` }),
    },
    {
      name: 'token-network',
      applies: (m: Mode) => m.name.startsWith('oauth'),
      env: (env: Record<string, string>) => ({
        ...env,
        CAMUNDA_OAUTH_URL: `http://127.0.0.1:${closedPort}/oauth/token?key=${encodeURIComponent(QUERY_KEY)}`,
      }),
    },
    ...(['401', '403', '500', 'echo'] as const).map((apiFault) => ({ name: `api-${apiFault}`, api: apiFault, applies: () => true })),
    {
      name: 'api-network',
      applies: () => true,
      env: (env: Record<string, string>) => ({ ...env, CAMUNDA_TASKLIST_BASE_URL: `http://127.0.0.1:${closedPort}` }),
    },
    {
      name: 'bad-url-userinfo',
      applies: () => true,
      env: (env: Record<string, string>, api: Listening) => ({
        ...env,
        CAMUNDA_TASKLIST_BASE_URL: `http://demo:${URL_PASSWORD}@127.0.0.1:${api.port}`,
      }),
    },
    {
      name: 'bad-url-no-scheme',
      applies: () => true,
      env: (env: Record<string, string>, api: Listening) => ({
        ...env,
        CAMUNDA_TASKLIST_BASE_URL: `demo:${URL_PASSWORD}@127.0.0.1:${api.port}`,
      }),
    },
    {
      name: 'bad-url-port',
      applies: () => true,
      env: (env: Record<string, string>) => ({ ...env, CAMUNDA_TASKLIST_BASE_URL: `http://demo:${URL_PASSWORD}@127.0.0.1:99999` }),
    },
  ];

  const NETWORK_COMMANDS = [
    ['fetch', '--debug', '--report', 'fetch-report.md'],
    ['check', '--fetch', '--json', '--debug', '--report', 'check-report.md'],
  ];
  const OFFLINE_COMMANDS = [
    ['generate', '--debug'],
    ['check', '--debug'],
    ['diff', 'schemas/tasklist.graphql', 'schemas/tasklist.graphql', '--json'],
  ];

  async function runIn(project: string, env: Record<string, string>, label: string, argv: string[]): Promise<number> {
    const result = await run(argv, { cwd: project, env: { ...env, GITHUB_STEP_SUMMARY: path.join(project, 'step-summary.md') } });
    runs++;
    outputs.push({ label: `[${label} ${argv.join(' ')} → ${result.code}]`, text: `${result.stdout}\n${result.stderr}` });
    return result.code;
  }

  for (const mode of modes) {
    it.concurrent(`${mode.name}: working, then at every failure point`, async ({ expect, onTestFinished }) => {
      const scenario: Scenario = { token: 'ok', api: 'ok' };
      const api = await listenApi(scenario);
      onTestFinished(() => api.close());
      const project = makeProject({
        'operations/tasks.graphql': 'query GetTasks { tasks(query: {}) { id name } }\n',
        // Plain data, so its evaluation is cached under node_modules/.cache: that cache is swept too.
        'codegen.ts': "export const tasklist = { schemasDir: 'schemas', outDir: 'generated' };\n",
        // The config cache is kept only in a project that has node_modules.
        'node_modules/.keep': '',
      });
      projects.push(project);
      const env = mode.env(api);
      expect(await runIn(project, env, `${mode.name} ok`, ['fetch', '--debug', '--report', 'fetch-report.md'])).toBe(0);
      await runIn(project, env, `${mode.name} ok`, ['fetch', '--json']);
      for (const argv of OFFLINE_COMMANDS) await runIn(project, env, `${mode.name} ok`, argv);
      combos.add(`${mode.name}|ok`);
      const fresh = path.join(project, 'init-here');
      mkdirSync(fresh);
      await runIn(fresh, env, `${mode.name} init`, ['init']);

      const succeeded: string[] = [];
      for (const point of failurePoints) {
        if (!point.applies(mode)) continue;
        scenario.token = point.token ?? 'ok';
        scenario.api = point.api ?? 'ok';
        // A scope of its own per failure point: the process-wide token cache (the CLI runs in-process
        // here) must not answer for the token endpoint under test.
        const broken = {
          ...(point.env ? point.env(env, api) : env),
          ...(mode.name.startsWith('oauth') ? { CAMUNDA_TOKEN_SCOPE: `tasklist-${point.name}` } : {}),
        };
        for (const argv of NETWORK_COMMANDS) {
          const code = await runIn(project, broken, `${mode.name} ${point.name}`, argv);
          // A cookie login answered with a redirect counts as signed in (older releases answer the form login with 302); it is not followed.
          if (code === 0 && !(mode.name === 'cookie' && point.name === 'token-redirect')) succeeded.push(`${point.name} ${argv[0]}`);
        }
        combos.add(`${mode.name}|${point.name}`);
      }
      // Every failure point really failed the command (so its error path was what got searched).
      expect(succeeded).toEqual([]);
    });
  }

  it('found no marker in any form on any channel', () => {
    const files = projects.flatMap((dir) =>
      Object.entries(snapshotTree(dir)).map(([file, text]) => ({ label: `${path.basename(dir)}/${file}`, text })),
    );
    const haystacks = [...outputs, ...files];
    const secrets = [CLIENT_SECRET, PASSWORD, BEARER, QUERY_KEY, URL_PASSWORD, ...issued];
    const needles = [...new Set(secrets.flatMap(forms))];
    const found: string[] = [];
    for (const needle of needles)
      for (const { label, text } of haystacks) if (text.includes(needle)) found.push(`${needle.slice(0, 16)}… in ${label}`);

    // SWEEP_DUMP=<file> keeps every capture for reading by hand.
    if (process.env.SWEEP_DUMP)
      writeFileSync(
        process.env.SWEEP_DUMP,
        [...outputs.map((o) => `${o.label}\n${o.text}`), ...files.map((f) => `[file ${f.label}]`)].join('\n'),
      );
    const bytes = haystacks.reduce((sum, h) => sum + h.text.length, 0);
    console.log(
      `secret sweep: ${modes.length} sign-in modes, ${failurePoints.length} failure points, ${combos.size} mode × failure-point combinations, ${runs} CLI runs; ` +
        `${outputs.length} stdout+stderr captures and ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) searched for ${secrets.length} secrets in ${needles.length} forms; ` +
        `found ${found.length}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // The sweep did real work: tokens, cookies and CSRF tokens were issued, echoes reached the output (redacted).
    expect(issued.some((v) => v.startsWith('at-'))).toBe(true);
    expect(issued.some((v) => v.startsWith('sess-'))).toBe(true);
    expect(issued.some((v) => v.startsWith('csrf-'))).toBe(true);
    expect(outputs.some((o) => o.text.includes('Rejected credentials'))).toBe(true);
    // Redaction is exact: what is not a secret (the scope from CAMUNDA_TOKEN_SCOPE) stays readable.
    expect(outputs.some((o) => o.text.includes('scope tasklist-token-400'))).toBe(true);
    expect(files.some((f) => f.label.endsWith('step-summary.md'))).toBe(true);
    expect(files.some((f) => f.label.endsWith('check-report.md'))).toBe(true);
    expect(files.some((f) => f.label.includes('schemas/'))).toBe(true);
    expect(files.some((f) => f.label.includes('node_modules/.cache/'))).toBe(true);
    if (process.env.SWEEP_DUMP) console.log(found.join('\n'));
    // No marker anywhere, and a redirect to another origin never took the secret with it.
    expect({ found, foreignSaw }).toEqual({ found: [], foreignSaw: [] });
  });
});
