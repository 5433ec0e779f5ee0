/**
 * The browser-facing bits (a static folder at /app/, CORS with credentials for allowed origins
 * only) and the `npm run emulator` command (prints how to connect, never a secret, stops on
 * SIGTERM).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorUsageError, parseEmulatorArgs } from '../../src/emulator/cli-args.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('static folder and CORS', () => {
  let e: Emulator;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'emulator-static-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>tasks</title>');
    await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
    await writeFile(path.join(tmpdir(), 'emulator-secret-outside.txt'), 'outside');
    e = await startEmulator({ auth: 'cookie', staticDir: dir, corsOrigins: ['http://localhost:5173'] });
  });
  afterAll(async () => {
    await e.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the folder at /app/ without sign-in, with content types, and nothing outside it', async () => {
    const index = await fetch(`${e.baseUrl}/app/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>tasks</title>');
    const js = await fetch(`${e.baseUrl}/app/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${e.baseUrl}/app/missing.js`)).status).toBe(404);
    expect((await fetch(`${e.baseUrl}/app/..%2femulator-secret-outside.txt`)).status).toBe(404);
    const redirect = await fetch(`${e.baseUrl}/app`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/app/']);
  });

  it('allows credentials for its own origin and configured ones, answers their preflights, refuses others', async () => {
    const preflight = (origin: string) =>
      fetch(`${e.baseUrl}/v1/tasks/search`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-csrf-token' },
      });
    for (const origin of [e.baseUrl, 'http://localhost:5173']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-headers')).toMatch(/X-CSRF-TOKEN/i);
    }
    const evil = await preflight('http://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const login = await fetch(`${e.baseUrl}/api/login?username=demo&password=demo`, { method: 'POST', headers: { origin: e.baseUrl } });
    expect(login.headers.get('access-control-expose-headers')).toMatch(/X-CSRF-TOKEN/);
  });
});

describe('npm run emulator (src/emulator/main.ts)', () => {
  it('prints the base URL and env lines without secrets, writes them to --write-env, stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'emulator-cli-'));
    const envFile = path.join(dir, 'emulator.env');
    // An older, world-readable file stands there: the secrets must not inherit its mode.
    await writeFile(envFile, 'OLD=1\n', { mode: 0o644 });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'src/emulator/main.ts'),
        '--port',
        '0',
        '--auth',
        'oidc',
        '--token-ttl',
        '60',
        '--write-env',
        envFile,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`emulator did not start in time:\n${out}`)), 50_000);
        const check = () => {
          if (out.includes('Wrote ')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', check);
        child.on('exit', () => reject(new Error(`emulator exited early:\n${out}`)));
      });
      const baseUrl = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(baseUrl).toBeDefined();
      const written = Object.fromEntries(
        (await readFile(envFile, 'utf8'))
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(written['CAMUNDA_TASKLIST_BASE_URL']).toBe(baseUrl);
      expect(written['CAMUNDA_AUTH_STRATEGY']).toBe('OAUTH');
      expect(written['CAMUNDA_CLIENT_SECRET']!.length).toBeGreaterThan(10);
      expect(out).not.toContain(written['CAMUNDA_CLIENT_SECRET']);
      expect(out).toContain(`CAMUNDA_OAUTH_URL=${written['CAMUNDA_OAUTH_URL']}`);
      expect((await stat(envFile)).mode & 0o077).toBe(0);
      // It is really up, and really behind OAuth.
      expect((await fetch(`${baseUrl}/v1/tasks/search`, { method: 'POST' })).status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('SIGTERM: stopping the emulator');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('emulator flags (parseEmulatorArgs)', () => {
  it('maps flags to options', () => {
    expect(
      parseEmulatorArgs([
        '--port',
        '0',
        '--auth',
        'cookie',
        '--no-graphql',
        '--no-introspection',
        '--session-ttl',
        '60',
        '--static',
        'dist',
        '--write-env',
        'e.env',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 0,
        auth: 'cookie',
        graphql: false,
        introspection: false,
        tokenTtlSeconds: undefined,
        sessionTtlSeconds: 60,
        staticDir: 'dist',
      },
      writeEnv: 'e.env',
    });
    expect(parseEmulatorArgs([])).toMatchObject({ kind: 'run', options: { port: 8080, auth: 'none', graphql: true, introspection: true } });
    expect(parseEmulatorArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('names the flag and the bad value', () => {
    const message = (argv: string[]) => {
      try {
        parseEmulatorArgs(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(EmulatorUsageError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${argv.join(' ')}`);
    };
    expect(message(['--auth', 'kerberos'])).toBe('--auth must be one of none, basic, oidc, cookie, got "kerberos"');
    expect(message(['--port', '70000'])).toBe('--port must be 0..65535, got "70000"');
    expect(message(['--port', '-1'])).toMatch(/--port/);
    expect(message(['--token-ttl', '1.5'])).toBe('--token-ttl must be a positive whole number of seconds, got "1.5"');
    expect(message(['--colour'])).toMatch(/--colour/);
  });
});
