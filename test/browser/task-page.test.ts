/**
 * Issue 10: the task page (examples/task-page) in Debian's headless Chromium, against the
 * emulator: on a cookie session, and with a bearer token the page was handed (OIDC mode). The page
 * is bundled with esbuild here, so it always runs the current generated clients and runtime. The
 * tests click through the flow like a user and assert on what the page shows; the final state is
 * also checked over plain HTTP, outside the page, and the requests on the wire are inspected.
 *
 * Chromium missing is a failure with a reason, not a skip: `.ci/run` installs it with apt.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { buildTaskPage, type TaskPageBuild } from '../../examples/task-page/build.js';
import { startEmulator } from '../../src/emulator/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outputDir = path.join(repoRoot, 'test-output/browser');

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** What happened on the wire, as the browser saw it. */
interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

let browser: Browser;
let built: TaskPageBuild;
let distDir: string;

// One build and one browser for the whole file; each test gets its own emulator and context.
beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}, so the browser test cannot run. ` +
        "Install Debian's package (`apt-get install -y chromium`; .ci/run does this) or set CHROMIUM_PATH. " +
        'This test never downloads a browser.',
    );
  }
  await mkdir(outputDir, { recursive: true });
  // Bundling and starting Chromium do not depend on each other: overlap them.
  const launching = chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }).catch((error: unknown) => {
    throw new Error(
      `Chromium at ${chromiumPath} is installed but did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const building = buildTaskPage({ outDir: path.join(outputDir, 'task-page-dist') });
  const [launched, build] = await Promise.allSettled([launching, building]);
  if (launched.status === 'fulfilled') browser = launched.value;
  if (launched.status === 'rejected') throw launched.reason;
  if (build.status === 'rejected') throw build.reason;
  built = build.value;
  distDir = built.outDir;
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(emulator: Emulator): Promise<{ context: BrowserContext; page: Page; seen: SeenRequest[]; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  // A missing element should fail the step soon, not after Playwright's 30 s default.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const seen: SeenRequest[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    seen.push({ method: request.method(), path: url.pathname + url.search, headers: request.headers() });
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (entry) => {
    if (entry.type() === 'error') problems.push(`console error: ${entry.text()}`);
  });
  await page.goto(`${emulator.baseUrl}/app/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page, seen, problems };
}

/**
 * Does one user step and waits until the page has finished the action it started: the page counts
 * finished actions in `body[data-done]`, so an earlier action's end is never mistaken for this one's.
 */
async function act(page: Page, step: () => Promise<void>): Promise<void> {
  const before = Number((await page.getAttribute('body', 'data-done')) ?? '0');
  await step();
  await page.waitForFunction((count) => Number(document.body.dataset.done ?? '0') > count, before);
}

function idsIn(page: Page, listId: string): Promise<string[]> {
  return page.$$eval(`#${listId} li[data-task-id]`, (items) => items.map((item) => (item as HTMLElement).dataset.taskId ?? ''));
}

describe('task page bundle', () => {
  it('is one browser bundle of the page, the generated clients and the runtime, with a size report', async () => {
    const { size } = built;
    expect(size.bundleBytes).toBeGreaterThan(0);
    expect(size.bundleGzipBytes).toBeGreaterThan(0);
    expect(size.bundleGzipBytes).toBeLessThan(size.bundleBytes);
    // Every minified byte is attributed to exactly one part.
    const parts = Object.values(size.partBytes).reduce((a, b) => a + b, 0);
    expect(parts).toBeLessThanOrEqual(size.bundleBytes);
    expect(parts).toBeGreaterThan(size.bundleBytes * 0.9);
    expect(size.partInputs.runtime).toEqual(expect.arrayContaining(['src/runtime/transport.ts', 'src/auth/strategies/cookie.ts']));
    expect(size.partInputs.generated).toEqual(expect.arrayContaining(['generated/graphql/index.ts', 'generated/rest/index.ts']));
    expect(size.partInputs.page).toEqual(expect.arrayContaining(['examples/task-page/src/main.ts', 'examples/task-page/src/api.ts']));
    // The browser bundle carries no Node-only entry and no generator.
    const all = Object.values(size.partInputs).flat();
    expect(
      all.filter((input) => /src\/runtime\/node\.ts|node_modules\/(graphql|code-block-writer|openapi-typescript|undici)\//.test(input)),
    ).toEqual([]);
    expect(size.runtimeGzipBytes).toBeGreaterThan(0);
    expect(size.runtimeGzipBytes).toBeLessThan(size.bundleGzipBytes);
    // What the bench reads.
    const report = JSON.parse(await readFile(path.join(distDir, 'size.json'), 'utf8')) as unknown;
    expect(report).toEqual(size);
    expect(existsSync(path.join(distDir, 'meta.json'))).toBe(true);
  });
});

describe('task page in headless Chromium, cookie session', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, auth: 'cookie', staticDir: distDir });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('signs in, lists open tasks through GraphQL and REST, claims one, completes it with a variable', async () => {
    const { context, page, seen, problems } = await openPage(emulator);
    try {
      // 1. Sign in through the cookie flow.
      await page.fill('#login-form input[name=username]', 'demo');
      await page.fill('#login-form input[name=password]', 'demo');
      await act(page, () => page.click('#login-form button[type=submit]'));
      expect(await page.textContent('#message')).toBe('');
      expect(await page.textContent('#session')).toMatch(/^Signed in as demo\b/);

      // 2. Both columns list the same open tasks.
      const viaGraphQL = await idsIn(page, 'graphql-tasks');
      const viaRest = await idsIn(page, 'rest-tasks');
      expect(viaGraphQL.length).toBeGreaterThan(0);
      expect([...viaRest].sort()).toEqual([...viaGraphQL].sort());

      // 3. Pick an unassigned task and open it.
      const unassigned = page.locator('#graphql-tasks li[data-task-id]', { hasText: 'unassigned' }).first();
      const taskId = await unassigned.getAttribute('data-task-id');
      expect(taskId).toBeTruthy();
      const taskName = (await unassigned.locator('button').textContent()) ?? '';
      await act(page, () => unassigned.locator('button').click());
      expect(await page.getAttribute('#detail', 'data-task-id')).toBe(taskId);
      expect(await page.textContent('#task-fields [data-field=name]')).toBe(taskName);
      expect(await page.textContent('#task-fields [data-field=state]')).toBe('CREATED');
      expect(await page.textContent('#task-fields [data-field=assignee]')).toBe('(unassigned)');

      // 4. Claim it (GraphQL): the page reads the task back and both columns show the assignee.
      await act(page, () => page.click('#claim'));
      expect(await page.textContent('#message')).toBe('');
      expect(await page.textContent('#task-fields [data-field=assignee]')).toBe('demo');
      for (const list of ['graphql-tasks', 'rest-tasks']) {
        expect(await page.textContent(`#${list} li[data-task-id="${taskId}"] .meta`)).toContain('assigned to demo');
      }

      // 5. Complete it with a variable (REST): COMPLETED, and the variable as the server stores it.
      await page.fill('#complete-form input[name=name]', 'approved');
      await page.fill('#complete-form input[name=value]', '"yes, by the browser test"');
      await act(page, () => page.click('#complete-form button[type=submit]'));
      expect(await page.textContent('#message')).toBe('');
      expect(await page.textContent('#task-fields [data-field=state]')).toBe('COMPLETED');
      expect(await page.textContent('#task-fields [data-field=completion]')).not.toBe('—');
      expect(await page.textContent('#task-variables tr[data-variable=approved] td:nth-child(2)')).toBe('"yes, by the browser test"');
      // A completed task is no longer open, in either column.
      expect(await idsIn(page, 'graphql-tasks')).not.toContain(taskId);
      expect(await idsIn(page, 'rest-tasks')).not.toContain(taskId);

      await page.screenshot({ path: path.join(outputDir, 'task-page.png'), fullPage: true });

      // The browser used the cookie session: a login, no Authorization header anywhere, and the
      // CSRF token on the state-changing calls (the emulator answers 403 without it, too).
      const apiCalls = seen.filter((r) => !r.path.startsWith('/app/'));
      expect(apiCalls.some((r) => r.method === 'POST' && r.path.startsWith('/api/login'))).toBe(true);
      expect(apiCalls.filter((r) => 'authorization' in r.headers)).toEqual([]);
      const writes = apiCalls.filter(
        (r) => r.path.startsWith('/v1/tasks/') && ['PATCH', 'POST'].includes(r.method) && r.path.endsWith('/complete'),
      );
      expect(writes.length).toBe(1);
      expect(writes[0]?.headers['x-csrf-token']).toBeTruthy();
      expect(problems).toEqual([]);

      // And outside the page, over plain HTTP: the server really has the completed task.
      const server = await readTaskOverHttp(emulator.baseUrl, taskId!);
      expect(server.task.taskState).toBe('COMPLETED');
      expect(server.task.assignee).toBe('demo');
      expect(server.variables.find((v) => v.name === 'approved')?.value).toBe('"yes, by the browser test"');
    } finally {
      await context.close();
    }
  });

  it('shows a clear message and stays signed out when the password is wrong', async () => {
    const { context, page } = await openPage(emulator);
    try {
      await page.fill('#login-form input[name=username]', 'demo');
      await page.fill('#login-form input[name=password]', 'not-the-password');
      await act(page, () => page.click('#login-form button[type=submit]'));
      const shown = (await page.textContent('#message')) ?? '';
      expect(shown).toMatch(/401|log ?in|sign ?in|credentials|unauthori[sz]ed/i);
      // The password never shows up on the page.
      expect(await page.textContent('body')).not.toContain('not-the-password');
      expect(await page.textContent('#session')).toBe('Not signed in.');
      expect(await page.isHidden('#tasks')).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('task page in headless Chromium, bearer token from the page', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, auth: 'oidc', staticDir: distDir });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('signs in with a token the page was handed (no client secret in the browser) and claims a task', async () => {
    // The app's own OAuth sign-in, done here in Node: the browser only ever sees the access token.
    const token = await clientCredentialsToken(emulator);
    const { context, page, seen, problems } = await openPage(emulator);
    try {
      await page.check('#login-form input[name=method][value=bearer]');
      expect(await page.isVisible('#login-form input[name=password]')).toBe(false);
      await page.fill('#login-form input[name=token]', token);
      await act(page, () => page.click('#login-form button[type=submit]'));
      expect(await page.textContent('#message')).toBe('');
      expect(await page.textContent('#session')).toBe(`Signed in as ${emulator.auth.clientId}, with a bearer token.`);

      const viaGraphQL = await idsIn(page, 'graphql-tasks');
      expect(viaGraphQL.length).toBeGreaterThan(0);
      expect([...(await idsIn(page, 'rest-tasks'))].sort()).toEqual([...viaGraphQL].sort());

      const unassigned = page.locator('#rest-tasks li[data-task-id]', { hasText: 'unassigned' }).first();
      const taskId = await unassigned.getAttribute('data-task-id');
      await act(page, () => unassigned.locator('button').click());
      await act(page, () => page.click('#claim'));
      expect(await page.textContent('#message')).toBe('');
      expect(await page.textContent('#task-fields [data-field=assignee]')).toBe(emulator.auth.clientId);
      expect(await page.textContent(`#graphql-tasks li[data-task-id="${taskId}"] .meta`)).toContain(
        `assigned to ${emulator.auth.clientId}`,
      );

      // Every API call carried the token, none logged in or leaned on a cookie.
      const apiCalls = seen.filter((r) => !r.path.startsWith('/app/'));
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.filter((r) => r.headers['authorization'] !== `Bearer ${token}`).map((r) => `${r.method} ${r.path}`)).toEqual([]);
      expect(apiCalls.some((r) => r.path.startsWith('/api/login'))).toBe(false);
      expect(apiCalls.filter((r) => 'cookie' in r.headers)).toEqual([]);
      // The token is not shown anywhere on the page.
      expect(await page.textContent('body')).not.toContain(token);
      expect(problems).toEqual([]);
      await page.screenshot({ path: path.join(outputDir, 'task-page-bearer.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});

/** Client credentials at the emulator's identity provider, as a real app's sign-in would do server-side. */
async function clientCredentialsToken(emulator: Emulator): Promise<string> {
  const { tokenUrl, clientId, clientSecret, audience } = emulator.auth;
  if (!tokenUrl || !clientId || !clientSecret) throw new Error('the emulator in oidc mode reported no token URL or client');
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      ...(audience ? { audience } : {}),
    }),
  });
  expect(response.status, `token request at ${tokenUrl}`).toBe(200);
  const { access_token: accessToken } = (await response.json()) as { access_token?: string };
  expect(typeof accessToken).toBe('string');
  return accessToken!;
}

/** Logs in as Tasklist documents it and reads one task and its variables, without the toolkit. */
async function readTaskOverHttp(
  baseUrl: string,
  taskId: string,
): Promise<{ task: { taskState: string; assignee?: string | null }; variables: Array<{ name: string; value: string }> }> {
  const login = await fetch(`${baseUrl}/api/login?username=demo&password=demo`, { method: 'POST' });
  expect(login.ok, `login over plain HTTP: ${login.status}`).toBe(true);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = login.headers.get('x-csrf-token') ?? '';
  const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', accept: 'application/json' };
  const task = await fetch(`${baseUrl}/v1/tasks/${encodeURIComponent(taskId)}`, { headers });
  expect(task.status).toBe(200);
  const variables = await fetch(`${baseUrl}/v1/tasks/${encodeURIComponent(taskId)}/variables/search`, {
    method: 'POST',
    headers,
    body: '{}',
  });
  expect(variables.status).toBe(200);
  return { task: (await task.json()) as never, variables: (await variables.json()) as never };
}
