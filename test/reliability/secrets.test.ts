/**
 * Issue 9, "Secrets": every command, in every sign-in mode, with failures forced, run with
 * `--debug`; all stdout, stderr and every file the runs leave (schemas, generated code, reports,
 * the step summary) are searched for the client secret, the passwords, the bearer token, every
 * access token the identity provider issued and every session cookie and CSRF token the emulator
 * handed out (recorded on the wire by wrapping `fetch`), in the forms they travel in.
 *
 * test/auth/secrets.test.ts covers the runtime's errors and events; this one covers the CLI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, removeProject, run, snapshotTree, writeFile } from '../cli/helpers.js';

const PASSWORD = 'pw-Rel1ab&lity=9 %x';
const WRONG_PASSWORD = 'pw-Wr0ng&guess=7 %y';
const CLIENT_SECRET = 'cs-Rel1ab&lity=4 %z';
const WRONG_SECRET = 'cs-Wr0ng&guess=2 %w';
const BOGUS_TOKEN = 'bt-Rel1ab1lity.b0gus.t0ken';

/** The forms a secret travels in: as is, URL-encoded, form-encoded, in a Basic header. */
function forms(secret: string, user = 'demo'): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    Buffer.from(`${user}:${secret}`).toString('base64'),
    secret.slice(0, 12),
  ];
}

/** Everything secret the servers handed out during the runs, recorded from the wire. */
const issued = new Set<string>();
const realFetch = globalThis.fetch;

function recordingFetch(): typeof fetch {
  return async (input, init) => {
    const response = await realFetch(input, init);
    for (const cookie of response.headers.getSetCookie()) {
      const value = /^[^=]+=([^;]*)/.exec(cookie)?.[1];
      if (value && value.length > 8) issued.add(value);
    }
    const csrf = response.headers.get('x-csrf-token');
    if (csrf) issued.add(csrf);
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const text = await response.clone().text();
      const token = /"access_token"\s*:\s*"([^"]+)"/.exec(text)?.[1];
      if (token) issued.add(token);
    }
    return response;
  };
}

interface Mode {
  name: string;
  emulator: Emulator;
  good: Record<string, string>;
  /** Env variants with failures forced by configuration. */
  wrong: Record<string, string>;
}

describe('no secret in any output of any command, in any sign-in mode, with failures forced', () => {
  const modes: Mode[] = [];
  const outputs: string[] = [];
  const projects: string[] = [];
  let summaryFile = '';
  let runs = 0;

  beforeAll(async () => {
    globalThis.fetch = recordingFetch();
    const users = [{ username: 'demo', password: PASSWORD }];
    const oidc = await startEmulator({ auth: 'oidc', clientSecret: CLIENT_SECRET });
    const basic = await startEmulator({ auth: 'basic', users });
    const cookie = await startEmulator({ auth: 'cookie', users });
    const none = await startEmulator({ auth: 'none' });
    // A real token from the identity provider, handed over as a bearer token.
    const tokenResponse = await globalThis.fetch(oidc.auth.tokenUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: oidc.auth.clientId!,
        client_secret: CLIENT_SECRET,
        audience: oidc.auth.audience!,
      }),
    });
    const bearer = ((await tokenResponse.json()) as { access_token: string }).access_token;
    modes.push(
      { name: 'OAUTH', emulator: oidc, good: oidc.env(), wrong: { ...oidc.env(), CAMUNDA_CLIENT_SECRET: WRONG_SECRET } },
      { name: 'BASIC', emulator: basic, good: basic.env(), wrong: { ...basic.env(), CAMUNDA_BASIC_AUTH_PASSWORD: WRONG_PASSWORD } },
      { name: 'COOKIE', emulator: cookie, good: cookie.env(), wrong: { ...cookie.env(), CAMUNDA_BASIC_AUTH_PASSWORD: WRONG_PASSWORD } },
      {
        name: 'BEARER',
        emulator: oidc,
        good: { CAMUNDA_TASKLIST_BASE_URL: oidc.baseUrl, CAMUNDA_AUTH_STRATEGY: 'BEARER', CAMUNDA_OAUTH_TOKEN: bearer },
        wrong: { CAMUNDA_TASKLIST_BASE_URL: oidc.baseUrl, CAMUNDA_AUTH_STRATEGY: 'BEARER', CAMUNDA_OAUTH_TOKEN: BOGUS_TOKEN },
      },
      {
        name: 'NONE',
        emulator: none,
        good: none.env(),
        wrong: { ...none.env(), CAMUNDA_TASKLIST_BASE_URL: `${none.baseUrl}/nothing-here` },
      },
    );
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    for (const emulator of new Set(modes.map((m) => m.emulator))) await emulator.close();
    for (const dir of projects) removeProject(dir);
  });

  async function runEach(mode: Mode, project: string, env: Record<string, string>, label: string, commands: string[][]): Promise<void> {
    for (const argv of commands) {
      const result = await run([...argv, '--debug'], { cwd: project, env: { ...env, GITHUB_STEP_SUMMARY: summaryFile } });
      runs++;
      outputs.push(`[${mode.name} ${label} ${argv.join(' ')} → ${result.code}]\n${result.stdout}\n${result.stderr}`);
    }
  }

  const EVERY_COMMAND = [
    ['fetch', '--report', 'fetch-report.md'],
    ['generate'],
    ['check'],
    ['check', '--fetch', '--report', 'check-report.md'],
    ['diff', 'schemas/tasklist.graphql', 'schemas/tasklist.graphql'],
    ['fetch', '--json'],
  ];
  const NETWORK_COMMANDS = [['fetch'], ['check', '--fetch', '--json']];

  for (const name of ['OAUTH', 'BASIC', 'COOKIE', 'BEARER', 'NONE']) {
    it(`${name}: every command working, then with wrong credentials and with server faults`, async () => {
      const mode = modes.find((m) => m.name === name)!;
      const project = makeProject({ 'operations/tasks.graphql': 'query GetTasks { tasks(query: {}) { id name } }\n' });
      projects.push(project);
      summaryFile = path.join(project, 'step-summary.md');
      // Credentials also in .env, where people keep them.
      writeFile(
        project,
        '.env',
        Object.entries(mode.good)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join('\n') + '\n',
      );
      await runEach(mode, project, mode.good, 'ok', EVERY_COMMAND);
      await runEach(mode, project, mode.wrong, 'wrong-credentials', NETWORK_COMMANDS);
      const { faults, auth } = mode.emulator;
      faults.next(1_000, { type: 'htmlLogin' });
      await runEach(mode, project, mode.good, 'html-login', NETWORK_COMMANDS);
      faults.clear();
      if (name === 'OAUTH') {
        // Retried with backoff, so once per run is enough.
        faults.next(1_000, { type: 'unavailable' }, { path: '/v3/*' });
        await runEach(mode, project, mode.good, '503', [['fetch', '--rest']]);
        faults.clear();
        auth.identity!.setFault('status500');
        await runEach(mode, project, mode.good, 'token-500', [['fetch']]);
        auth.identity!.setFault(null);
      }
      mode.emulator.clearSessions();
    });
  }

  it('found none of them anywhere', () => {
    // The sweep saw real work: tokens and session cookies were issued, runs failed and succeeded.
    expect([...issued].length).toBeGreaterThanOrEqual(3);
    expect(outputs.some((o) => / → [1-5]\]/.test(o))).toBe(true);
    expect(outputs.some((o) => / → 0\]/.test(o))).toBe(true);
    // Each mode signed in for real (its fetch worked), so its tokens and cookies were in play.
    for (const mode of modes)
      expect(
        outputs.some((o) => o.startsWith(`[${mode.name} ok fetch --report fetch-report.md → 0]`)),
        mode.name,
      ).toBe(true);
    expect(
      [...issued].some((value) => value.startsWith('eyJ')),
      'an access token was recorded',
    ).toBe(true);
    expect(
      [...issued].some((value) => !value.startsWith('eyJ')),
      'a session cookie was recorded',
    ).toBe(true);

    const files = projects.flatMap((dir) =>
      Object.entries(snapshotTree(dir))
        .filter(([file]) => file !== '.env')
        .map(([file, text]) => `${dir}/${file}\n${text}`),
    );
    const haystacks = [...outputs, ...files];
    const needles = [
      ...forms(PASSWORD),
      ...forms(WRONG_PASSWORD),
      ...forms(CLIENT_SECRET, modes[0]!.good['CAMUNDA_CLIENT_ID']),
      ...forms(WRONG_SECRET, modes[0]!.good['CAMUNDA_CLIENT_ID']),
      BOGUS_TOKEN,
      modes[3]!.good['CAMUNDA_OAUTH_TOKEN']!,
      ...issued,
    ];
    const leaks: string[] = [];
    for (const needle of needles) {
      for (const haystack of haystacks) {
        if (haystack.includes(needle)) leaks.push(`${needle.slice(0, 10)}… in ${haystack.split('\n')[0]}`);
      }
    }
    // Any JWT at all in output is a leak, whoever issued it.
    for (const haystack of haystacks) if (/eyJ[\w-]{8,}\.eyJ[\w-]{8,}/.test(haystack)) leaks.push(`a JWT in ${haystack.split('\n')[0]}`);
    console.log(`secret sweep: ${runs} CLI runs, ${haystacks.length} outputs and files searched for ${needles.length} secret values`);
    expect(leaks).toEqual([]);
    expect(readFileSync(path.join(projects[0]!, 'step-summary.md'), 'utf8').length).toBeGreaterThan(0);
  });
});
