/**
 * Names from a server reach terminals and CI logs: operation ids, path keys, enum values,
 * descriptions and server error messages carrying ANSI escapes, OSC 8 links, carriage returns,
 * bidi overrides, C1 controls and GitHub / Azure workflow commands. Every printing path (stdout,
 * stderr, `--json`, the change reports of `fetch` and `diff` in all three formats, the `check`
 * report and job summary, generator warnings, errors) must show them escaped: no raw control
 * character, no line that starts with `::`, no `##[`. The payload must still be visible (escaped),
 * so a test that passes because the text was dropped would fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { terminalSafe } from '../../src/util/terminal-safe.js';
import { makeProject, removeProject, run } from '../cli/helpers.js';

/** Everything a hostile name tries, in one string. */
const PAYLOADS = [
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007',
  '\u001b[2J\u001b[H',
  '\n::error title=pwned::owned',
  '\n  ::add-mask::hidden',
  '\r::warning::overwritten',
  '\u202eevil\u202c',
  '\u2066iso\u2069',
  '\u009b31m',
  '\u0085::notice::nel',
  '\u007f',
  '\u0000',
  '##[error]legacy',
  '##vso[task.setvariable variable=x]y',
];
const P = PAYLOADS.join(' ');

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectSafe(text: string, what: string): void {
  const raw = RAW_CONTROL.exec(text);
  expect(raw, `${what}: raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${raw?.index}`).toBeNull();
  expect(text, `${what}: a line starting with ::`).not.toMatch(/^\s*::/m);
  expect(text, `${what}: ##[`).not.toMatch(/##(vso)?\[/i);
}

/** The payload reached the output, escaped (not dropped). */
function expectShown(text: string, what: string): void {
  // (Markdown escapes the bracket: `\u001b\[31m`.)
  expect(text, `${what}: the escaped payload is shown`).toMatch(/\\u001b\\?\[31mred/);
  expect(text, `${what}: the escaped payload is shown`).toContain('\\u202eevil');
}

function document(variant: 'old' | 'new'): Record<string, unknown> {
  const ok = { '200': { description: `ok ${P}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/State' } } } } };
  const paths: Record<string, unknown> = {
    '/tasks': { get: { operationId: `searchTasks${P}`, summary: `${variant} ${P}`, responses: ok } },
  };
  if (variant === 'old') paths[`/gone${P}`] = { get: { responses: ok } };
  return {
    openapi: '3.0.3',
    info: { title: `hostile ${P}`, version: '1' },
    paths,
    components: { schemas: { State: { type: 'string', enum: variant === 'old' ? ['CREATED', `OLD${P}`] : ['CREATED', `NEW${P}`] } } },
  };
}

describe('terminalSafe', () => {
  it('escapes every control character and workflow command, visibly', () => {
    const safe = terminalSafe(P);
    expectSafe(safe, 'terminalSafe');
    expect(safe).toContain('\\u001b[31mred\\u001b[0m');
    expect(safe).toContain('\n\\u003a:error title=pwned::owned');
    expect(safe).toContain('\n  \\u003a:add-mask::hidden');
    expect(safe).toContain('\\u000d::warning::overwritten');
    expect(safe).toContain('\\u0023#[error]legacy');
  });

  it('is idempotent, and keeps tabs, newlines and ordinary text', () => {
    expect(terminalSafe(terminalSafe(P))).toBe(terminalSafe(P));
    expect(terminalSafe('a\tb\nc :: d ## [e] äöü ✔')).toBe('a\tb\nc :: d ## [e] äöü ✔');
  });

  it('keeps JSON valid and equal in meaning', () => {
    const value = { name: P, list: PAYLOADS, nested: { [P]: P } };
    const text = terminalSafe(JSON.stringify(value, null, 2));
    expectSafe(text, 'JSON');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("keeps the CLI's own colours while escaping a server's", () => {
    let stdout = '';
    let stderr = '';
    const out = new Output(
      { cwd: '.', env: {}, isTTY: true, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      { json: false, quiet: false, color: true },
    );
    out.info(`title ${P}`, 'green');
    out.step({ step: `step ${P}`, status: 'ok', detail: P });
    out.warn(P);
    out.error(P, P);
    expect(stdout.startsWith('\u001b[32mtitle ')).toBe(true);
    expect(stdout).toContain('\u001b[32m✔\u001b[39m');
    expect(stderr.startsWith('\u001b[33mwarning\u001b[39m ')).toBe(true);
    // Outside the CLI's own codes nothing is raw.
    const withoutOwnCodes = (text: string) => text.replace(/\u001b\[(1|2|22|31|32|33|36|39)m/g, '');
    expectSafe(withoutOwnCodes(stdout), 'coloured stdout');
    expectSafe(withoutOwnCodes(stderr), 'coloured stderr');
    expectShown(stdout, 'coloured stdout');
  });
});

describe('hostile names through every command', () => {
  const projects: string[] = [];
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      if (request.url?.startsWith('/v3/api-docs/Tasklist-v1')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(document('new')));
      } else if (request.url === '/graphql') {
        // An introspection refused with a hostile message.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ message: `Validation error ${P}` }] }));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const dir of projects) removeProject(dir);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const project = (files: Record<string, string> = {}) => {
    const dir = makeProject(files);
    projects.push(dir);
    return dir;
  };
  const json = (variant: 'old' | 'new') => `${JSON.stringify(document(variant), null, 2)}\n`;
  const env = () => ({ CAMUNDA_TASKLIST_BASE_URL: baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE', NO_COLOR: '1' });

  for (const format of ['text', 'markdown', 'json'] as const) {
    it(`diff --format ${format}`, async () => {
      const dir = project({ 'old.json': json('old'), 'new.json': json('new') });
      const result = await run(['diff', 'old.json', 'new.json', '--format', format], { cwd: dir });
      expect(result.code, result.stderr).toBe(4);
      expectSafe(result.stdout, 'stdout');
      expectSafe(result.stderr, 'stderr');
      expectShown(result.stdout, 'stdout');
      if (format === 'json') JSON.parse(result.stdout);
    });
  }

  it('diff --json', async () => {
    const dir = project({ 'old.json': json('old'), 'new.json': json('new') });
    const result = await run(['diff', 'old.json', 'new.json', '--json'], { cwd: dir });
    expectSafe(result.stdout, 'stdout');
    expect(JSON.parse(result.stdout).changes.length).toBeGreaterThan(0);
    expectShown(result.stdout, 'stdout');
  });

  it('diff of GraphQL schemas whose descriptions carry the payload', async () => {
    const sdl = (description: string) =>
      `type Query {\n  ${JSON.stringify(description)}\n  tasks: Int @deprecated(reason: ${JSON.stringify(description)})\n}\n`;
    const dir = project({ 'old.graphql': sdl(`old ${P}`), 'new.graphql': sdl(`new ${P}`) });
    for (const format of ['text', 'markdown', 'json']) {
      const result = await run(['diff', 'old.graphql', 'new.graphql', '--format', format], { cwd: dir });
      expect(result.code, result.stderr).toBe(3);
      expectSafe(result.stdout, `GraphQL ${format}`);
      expectShown(result.stdout, `GraphQL ${format}`);
    }
  });

  it('fetch: the change report on stdout and in --report', async () => {
    const dir = project({ 'schemas/tasklist.openapi.json': json('old'), 'new.json': json('new') });
    const result = await run(['fetch', '--rest', '--from-rest', 'new.json', '--report', 'report.md'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const report = readFileSync(path.join(dir, 'report.md'), 'utf8');
    for (const [what, text] of [
      ['stdout', result.stdout],
      ['stderr', result.stderr],
      ['report.md', report],
    ] as const)
      expectSafe(text, what);
    expectShown(result.stdout, 'stdout');
    expectShown(report, 'report.md');
  });

  it('check --fetch: stdout, stderr (impact warnings), --report and GITHUB_STEP_SUMMARY', async () => {
    const dir = project({ 'schemas/tasklist.openapi.json': json('old'), 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    const summary = path.join(dir, 'step-summary.md');
    const result = await run(['check', '--fetch', '--report', 'check.md'], { cwd: dir, env: { ...env(), GITHUB_STEP_SUMMARY: summary } });
    expect(result.code, result.stderr).toBe(4);
    const report = readFileSync(path.join(dir, 'check.md'), 'utf8');
    const stepSummary = readFileSync(summary, 'utf8');
    for (const [what, text] of [
      ['stdout', result.stdout],
      ['stderr', result.stderr],
      ['check.md', report],
      ['step summary', stepSummary],
    ] as const)
      expectSafe(text, what);
    expectShown(report, 'check.md');
    expectShown(stepSummary, 'step summary');
    expectShown(result.stderr, 'stderr');
  });

  it('check --fetch --json', async () => {
    const dir = project({ 'schemas/tasklist.openapi.json': json('old'), 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    const result = await run(['check', '--fetch', '--json'], { cwd: dir, env: env() });
    expectSafe(result.stdout, 'stdout');
    expect(JSON.parse(result.stdout).exitCode).toBe(4);
    expectShown(result.stdout, 'stdout');
  });

  it('generate: warnings that name hostile paths and operation ids', async () => {
    const dir = project({ 'schemas/tasklist.openapi.json': json('old'), 'codegen.ts': 'export const tasklist = { graphql: false };\n' });
    const result = await run(['generate'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^warning /m);
    expectShown(result.stderr, 'stderr');
    expectSafe(result.stdout, 'stdout');
    expectSafe(result.stderr, 'stderr');
  });

  it('an error whose message comes from the server, as text and as --json', async () => {
    const dir = project({ 'codegen.ts': 'export const tasklist = { rest: false };\n' });
    const text = await run(['fetch', '--graphql'], { cwd: dir, env: env() });
    expect(text.code).toBe(1);
    expectSafe(text.stderr, 'stderr');
    expectShown(text.stderr, 'stderr');
    const asJson = await run(['fetch', '--graphql', '--json'], { cwd: dir, env: env() });
    expectSafe(asJson.stdout, 'stdout');
    expect(JSON.parse(asJson.stdout).error.message).toContain(`Validation error ${P}`);
  });
});
