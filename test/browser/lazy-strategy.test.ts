/**
 * In a real browser: a page built with code splitting (esbuild `splitting: true`) that signs in
 * through an `AuthConfig` downloads the cookie session's code only when its first call needs it,
 * and a bearer page never downloads it. Served from a small server on 127.0.0.1 that also plays
 * Tasklist (login with a session cookie and a CSRF token, one task); Debian's Chromium drives the
 * pages. When the chunk cannot be fetched, the call fails with the runtime's AuthError, not an
 * unhandled TypeError.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { pageBuildOptions } from '../../bench/lib/browser-bundle-size.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(repoRoot, 'test-output/browser/lazy-strategy');

const PASSWORD = 'lazy-page-password-9e2';
const imp = (file: string) => JSON.stringify(path.join(repoRoot, file));

/** Each page calls `getTaskById` once when its button is clicked and writes what came back (or the error) into `#out`. */
const pages = {
  cookie: `import { createTasklistClient, createAuthStrategy } from ${imp('src/runtime/index.js')};
const auth = createAuthStrategy({ strategy: 'COOKIE', username: 'demo', password: ${JSON.stringify(PASSWORD)} }, { baseUrl: location.origin });`,
  bearer: `import { createTasklistClient, bearerAuth } from ${imp('src/runtime/index.js')};
const auth = bearerAuth(() => 'page-token-1234');`,
};
const call = `
import { getTaskById } from ${imp('generated/rest/index.js')};
const tasklist = createTasklistClient({ baseUrl: location.origin, auth, graphql: false });
document.querySelector('#go').addEventListener('click', () => {
  getTaskById(tasklist.rest, { path: { taskId: '1' } }).then(
    (task) => { document.querySelector('#out').textContent = 'task ' + task.name; },
    (error) => { document.querySelector('#out').textContent = error.name + ': ' + error.message + ' | ' + error.hint; },
  );
});`;

let browser: Browser;
let server: Server;
let origin: string;
/** Paths the server was asked for, in order. */
let requested: string[] = [];
let failChunks = false;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}, so the browser test cannot run. ` +
        "Install Debian's package (`apt-get install -y chromium`; .ci/run does this) or set CHROMIUM_PATH. This test never downloads a browser.",
    );
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const launching = chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  for (const [name, auth] of Object.entries(pages)) {
    await build({
      ...pageBuildOptions(auth + call, repoRoot, `${name}.ts`),
      splitting: true,
      outdir: path.join(outDir, name),
      entryNames: 'page',
    });
  }
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requested.push(url.pathname);
    const [, page, file] = url.pathname.split('/');
    if (request.method === 'POST' && url.pathname === '/api/login') {
      const ok = url.searchParams.get('username') === 'demo' && url.searchParams.get('password') === PASSWORD;
      response.writeHead(ok ? 204 : 401, ok ? { 'set-cookie': 'TASKLIST-SESSION=s-1; Path=/; HttpOnly', 'x-csrf-token': 'csrf-1' } : {});
      response.end();
      return;
    }
    if (url.pathname === '/v1/tasks/1') {
      const cookie = /TASKLIST-SESSION=s-1/.test(request.headers.cookie ?? '');
      const bearer = request.headers.authorization === 'Bearer page-token-1234';
      response.writeHead(cookie || bearer ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: '1', name: cookie ? 'from the session' : 'from the token' }));
      return;
    }
    if (page && file === '') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><button id="go">go</button><p id="out"></p><script type="module" src="/${page}/page.js"></script>`);
      return;
    }
    const chunk =
      page && file && /^[\w-]+\.js$/.test(file) && !(failChunks && file !== 'page.js') ? path.join(outDir, page, file) : undefined;
    readFile(chunk ?? '/nonexistent').then(
      (body) => {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(body);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launching;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Opens `/<page>/`, waits until the page's code ran, clicks, and returns `#out` and what was asked for before and after the click. */
async function run(page: keyof typeof pages): Promise<{ out: string; beforeClick: string[]; afterClick: string[] }> {
  requested = [];
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${origin}/${page}/`, { waitUntil: 'networkidle' });
    const beforeClick = [...requested];
    await tab.click('#go');
    await tab.waitForFunction(() => (document.querySelector('#out')?.textContent ?? '') !== '', undefined, { timeout: 15_000 });
    return { out: (await tab.textContent('#out')) ?? '', beforeClick, afterClick: requested.slice(beforeClick.length) };
  } finally {
    await context.close();
  }
}

const chunkName = (p: string) =>
  p
    .split('/')
    .pop()!
    .replace(/-\w+\.js$/, '');

describe('a page split into chunks loads a strategy of an AuthConfig when its first call needs it (Chromium)', () => {
  it('AuthConfig with COOKIE: the cookie chunk comes after the click, before the login; the call is signed by the session', async () => {
    const { out, beforeClick, afterClick } = await run('cookie');
    expect(out).toBe('task from the session');
    expect(beforeClick.some((p) => chunkName(p) === 'cookie' || chunkName(p) === 'oauth')).toBe(false);
    expect(afterClick.map((p) => (p.endsWith('.js') ? chunkName(p) : p))).toEqual(['cookie', '/api/login', '/v1/tasks/1']);
  });

  it('a bearer page downloads neither the cookie nor the OAuth chunk, before or after its call', async () => {
    const { out, beforeClick, afterClick } = await run('bearer');
    expect(out).toBe('task from the token');
    expect([...beforeClick, ...afterClick].filter((p) => ['cookie', 'oauth'].includes(chunkName(p)))).toEqual([]);
    expect(afterClick).toEqual(['/v1/tasks/1']);
  });

  it('a chunk that cannot be fetched: the call fails with the AuthError and its hint; the password is in neither', async () => {
    try {
      requested = [];
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`${origin}/cookie/`, { waitUntil: 'networkidle' });
      // The page and its up-front chunks are loaded; from here on the server refuses every chunk.
      failChunks = true;
      await tab.click('#go');
      await tab.waitForFunction(() => (document.querySelector('#out')?.textContent ?? '') !== '', undefined, { timeout: 15_000 });
      const out = (await tab.textContent('#out')) ?? '';
      await context.close();
      expect(out).toMatch(/^AuthError: The COOKIE sign-in code could not be loaded: .*cookie-\w+\.js/);
      expect(out).toContain('Serve every file of the build beside its entry');
      expect(out).not.toContain(PASSWORD);
      expect(requested).not.toContain('/api/login');
    } finally {
      failChunks = false;
    }
  });
});
