/**
 * The toolkit's own state files are input too: a journal, a manifest, a lock or a half-finished
 * swap someone planted (a pull request, a shared folder) must never move, delete, read or write
 * anything outside the folder it belongs to. And files in generated/ that the generator did not
 * write survive every `generate` byte for byte: content, mode, symlinks.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Generators } from '../../src/generate/index.js';
import { recoverFileSet, writeFileSetAtomic } from '../../src/util/atomic-write.js';
import { makeProject, readText, removeProject, run, writeFile } from '../cli/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeProject(dir);
});

function project(files: Record<string, string> = {}): string {
  const dir = makeProject(files);
  dirs.push(dir);
  return dir;
}

/** A generator pair that writes one file per side. */
const generators: Generators = {
  async graphql() {
    return { files: [{ path: 'graphql/operations.ts', contents: '// graphql\n' }], warnings: [] };
  },
  async rest() {
    return { files: [{ path: 'rest/client.ts', contents: '// rest\n' }], warnings: [] };
  },
};

const SCHEMAS = {
  'schemas/tasklist.graphql': 'type Query { tasks: [String] }\n',
  'schemas/tasklist.openapi.json': '{"openapi":"3.0.1"}\n',
  'operations/tasks.graphql': 'query A { tasks }\n',
};

describe('planted journals', () => {
  it('a committed journal naming files outside its folder moves nothing, and says so once', async () => {
    const dir = project({ 'codegen.ts': '// committed\n', 'schemas/tasklist.graphql': 'old\n' });
    mkdirSync(path.join(dir, '.git/hooks'), { recursive: true });
    const schemas = path.join(dir, 'schemas');
    // Absolute and relative (to the working folder) paths, as the issue describes.
    writeFileSync(
      path.join(schemas, '.tasklist-codegen.journal.json'),
      JSON.stringify({
        renames: [
          { temp: path.join(dir, 'codegen.ts'), target: path.join(dir, '.git/hooks/pre-commit') },
          { temp: '../codegen.ts', target: '../.git/hooks/post-checkout' },
          { temp: path.join(schemas, 'tasklist.graphql'), target: path.join(schemas, 'renamed.graphql') },
        ],
      }),
    );
    const warnings: string[] = [];
    await recoverFileSet(schemas, { warn: (message) => warnings.push(message) });
    expect(readText(dir, 'codegen.ts')).toBe('// committed\n');
    expect(existsSync(path.join(dir, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(path.join(dir, '.git/hooks/post-checkout'))).toBe(false);
    // Not a temp name the writer makes: not renamed either.
    expect(readText(dir, 'schemas/tasklist.graphql')).toBe('old\n');
    expect(existsSync(path.join(schemas, '.tasklist-codegen.journal.json'))).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ignored 3 entries/);
  });

  it('a pending journal naming a file elsewhere deletes nothing', async () => {
    const dir = project({ 'precious.txt': 'keep me\n', 'schemas/.tasklist-codegen.journal.pending.json': '' });
    const schemas = path.join(dir, 'schemas');
    writeFileSync(
      path.join(schemas, '.tasklist-codegen.journal.pending.json'),
      JSON.stringify({
        renames: [
          { temp: path.join(dir, 'precious.txt'), target: path.join(schemas, 'x') },
          { temp: '/nonexistent/\u001b[31m::error::x', target: 'y' },
        ],
      }),
    );
    const warnings: string[] = [];
    await writeFileSetAtomic(schemas, [{ path: path.join(schemas, 'a.txt'), contents: 'A' }], {
      warn: (message) => warnings.push(message),
    });
    expect(readText(dir, 'precious.txt')).toBe('keep me\n');
    expect(readText(dir, 'schemas/a.txt')).toBe('A');
    expect(warnings).toHaveLength(1);
    // Printed names are neutralised: no raw escape character reaches a terminal.
    expect(warnings[0]).not.toMatch(/\u001b/);
  });

  it('a temp reached through a symlinked folder is not followed out', async () => {
    const dir = project({ 'outside/.x.txt.1.abcdef01.tmp': 'planted\n', 'outside/x.txt': 'theirs\n', 'schemas/keep': '' });
    const schemas = path.join(dir, 'schemas');
    symlinkSync(path.join(dir, 'outside'), path.join(schemas, 'link'));
    writeFileSync(
      path.join(schemas, '.tasklist-codegen.journal.json'),
      JSON.stringify({ renames: [{ temp: path.join(schemas, 'link/.x.txt.1.abcdef01.tmp'), target: path.join(schemas, 'link/x.txt') }] }),
    );
    const warnings: string[] = [];
    await recoverFileSet(schemas, { warn: (message) => warnings.push(message) });
    expect(readText(dir, 'outside/x.txt')).toBe('theirs\n');
    expect(readText(dir, 'outside/.x.txt.1.abcdef01.tmp')).toBe('planted\n');
    expect(warnings).toHaveLength(1);
  });

  it('a rename onto a folder is not attempted (it would fail halfway through recovery)', async () => {
    const dir = project({ 'schemas/sub/keep.txt': 'k', 'schemas/.sub.1.abcdef01.tmp': 'planted' });
    const schemas = path.join(dir, 'schemas');
    writeFileSync(
      path.join(schemas, '.tasklist-codegen.journal.json'),
      JSON.stringify({ renames: [{ temp: path.join(schemas, '.sub.1.abcdef01.tmp'), target: path.join(schemas, 'sub') }] }),
    );
    const warnings: string[] = [];
    await recoverFileSet(schemas, { warn: (message) => warnings.push(message) });
    expect(readText(dir, 'schemas/sub/keep.txt')).toBe('k');
    expect(warnings).toHaveLength(1);
  });

  it('a folder planted under the name of a journal temp is left alone, and recovery goes on', async () => {
    const dir = project({ 'schemas/..tasklist-codegen.journal.pending.json.1.abcdef01.tmp/inside.txt': 'x' });
    await recoverFileSet(path.join(dir, 'schemas'), { warn: () => undefined });
    expect(readText(dir, 'schemas/..tasklist-codegen.journal.pending.json.1.abcdef01.tmp/inside.txt')).toBe('x');
  });

  it('a journal the writer made itself still rolls forward (also for a schema file configured outside the folder)', async () => {
    const dir = project({
      'schemas/a.txt': 'old',
      'schemas/.a.txt.12.0123abcd.tmp': 'new',
      'elsewhere/s.graphql': 'old',
      'elsewhere/.s.graphql.12.0123abcd.tmp': 'new',
    });
    const schemas = path.join(dir, 'schemas');
    const outside = path.join(dir, 'elsewhere/s.graphql');
    writeFileSync(
      path.join(schemas, '.tasklist-codegen.journal.json'),
      JSON.stringify({
        renames: [
          { temp: path.join(schemas, '.a.txt.12.0123abcd.tmp'), target: path.join(schemas, 'a.txt') },
          { temp: path.join(dir, 'elsewhere/.s.graphql.12.0123abcd.tmp'), target: outside },
        ],
      }),
    );
    const warnings: string[] = [];
    await recoverFileSet(schemas, { warn: (message) => warnings.push(message), targets: [outside] });
    expect(readText(dir, 'schemas/a.txt')).toBe('new');
    expect(readText(dir, 'elsewhere/s.graphql')).toBe('new');
    expect(warnings).toEqual([]);
  });

  it('fetch replays no planted journal: the CLI warns and the committed file stays', async () => {
    const dir = project({ 'codegen.ts': 'export const tasklist = {};\n', 'inputs/s.graphql': 'type Query { a: String }\n' });
    mkdirSync(path.join(dir, 'schemas'), { recursive: true });
    writeFileSync(
      path.join(dir, 'schemas/.tasklist-codegen.journal.json'),
      JSON.stringify({ renames: [{ temp: 'codegen.ts', target: '.git/hooks/pre-commit' }] }),
    );
    const result = await run(['fetch', '--graphql', '--from-graphql', 'inputs/s.graphql'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readText(dir, 'codegen.ts')).toBe('export const tasklist = {};\n');
    expect(existsSync(path.join(dir, '.git/hooks/pre-commit'))).toBe(false);
    expect(result.stderr.match(/warning .*journal/g)).toHaveLength(1);
  });
});

describe('state files that are not files', () => {
  it('a FIFO or symlink under the name of a journal, lock or manifest is never read (a FIFO would block forever)', async () => {
    const dir = project({ ...SCHEMAS, 'elsewhere.txt': '999999999' });
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    for (const fifo of ['schemas/.tasklist-codegen.journal.json', '.generated.lock', 'generated/.tasklist-codegen.json']) {
      if (fifo === 'generated/.tasklist-codegen.json') rmSync(path.join(dir, fifo));
      expect(spawnSync('mkfifo', [path.join(dir, fifo)]).status).toBe(0);
    }
    symlinkSync(path.join(dir, 'elsewhere.txt'), path.join(dir, 'schemas/.tasklist-codegen.lock'));
    const warnings: string[] = [];
    await recoverFileSet(path.join(dir, 'schemas'), { warn: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(readText(dir, 'elsewhere.txt')).toBe('999999999');
    // The manifest FIFO means "no manifest": everything is regenerated, and the FIFO is replaced.
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(path.join(dir, 'generated/.tasklist-codegen.json')).isFile()).toBe(true);
  }, 20_000);
});

describe('a planted manifest', () => {
  it('naming files outside generated/ is not followed: nothing read, copied or written there', async () => {
    const dir = project({ ...SCHEMAS, 'outside.txt': 'secret\n' });
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    const manifestFile = path.join(dir, 'generated/.tasklist-codegen.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.sides.rest.files['../outside.txt'] = 'x';
    manifest.sides.rest.files['/etc/hostname'] = 'x';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    // --graphql: the REST side's files are carried over as listed. A listed '../outside.txt' must not be.
    const result = await run(['generate', '--graphql'], { cwd: dir, deps: { generators } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning .*\.tasklist-codegen\.json.*ignored/);
    expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
    expect(readText(dir, 'outside.txt')).toBe('secret\n');
    expect(readText(dir, 'generated/.tasklist-codegen.json')).not.toContain('outside.txt');
  });
});

describe('your own files in generated/', () => {
  it('are kept byte for byte: binary content, exec bit, symlinks (as links), nested folders', async () => {
    const dir = project(SCHEMAS);
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    const out = path.join(dir, 'generated');
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0xe2, 0x82]);
    writeFileSync(path.join(out, 'logo.bin'), binary);
    writeFileSync(path.join(out, 'run.sh'), '#!/bin/sh\necho hi\n');
    chmodSync(path.join(out, 'run.sh'), 0o755);
    writeFileSync(path.join(out, 'readonly.txt'), 'r\n');
    chmodSync(path.join(out, 'readonly.txt'), 0o444);
    symlinkSync('rest/client.ts', path.join(out, 'client-link.ts'));
    symlinkSync('/nonexistent/target', path.join(out, 'dangling'));
    mkdirSync(path.join(out, 'mine/deeper'), { recursive: true });
    writeFileSync(path.join(out, 'mine/deeper/notes.md'), '# notes\n');
    symlinkSync('..', path.join(out, 'mine/up'));
    // A change of inputs makes generate rewrite the folder.
    writeFile(dir, 'operations/more.graphql', 'query B { tasks }\n');
    const result = await run(['generate', '--force'], { cwd: dir, deps: { generators } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/write generated\//);
    expect(readFileSync(path.join(out, 'logo.bin')).equals(binary)).toBe(true);
    expect(statSync(path.join(out, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(out, 'readonly.txt')).mode & 0o777).toBe(0o444);
    expect(lstatSync(path.join(out, 'client-link.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(out, 'client-link.ts'))).toBe('rest/client.ts');
    expect(readlinkSync(path.join(out, 'dangling'))).toBe('/nonexistent/target');
    expect(readlinkSync(path.join(out, 'mine/up'))).toBe('..');
    expect(readText(dir, 'generated/mine/deeper/notes.md')).toBe('# notes\n');
    // The user's files are still not in the manifest.
    expect(readText(dir, 'generated/.tasklist-codegen.json')).not.toMatch(/logo\.bin|run\.sh|mine\//);
  });
});

describe('what cannot be kept is refused, and nothing changes', () => {
  it('a FIFO in generated/', async () => {
    const dir = project(SCHEMAS);
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    expect(spawnSync('mkfifo', [path.join(dir, 'generated/pipe')]).status).toBe(0);
    const before = readText(dir, 'generated/graphql/operations.ts');
    // New inputs: generate has to rewrite the folder.
    writeFile(dir, 'operations/more.graphql', 'query B { tasks }\n');
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/generated\/pipe is neither a file, a folder nor a symlink/);
    expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
    expect(readText(dir, 'generated/graphql/operations.ts')).toBe(before);
    expect(lstatSync(path.join(dir, 'generated/pipe')).isFIFO()).toBe(true);
  });

  it('a file of yours where the generator now writes a folder', async () => {
    const dir = project(SCHEMAS);
    writeFile(dir, 'generated/graphql', 'mine\n');
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /generated\/graphql is not something tasklist-codegen wrote, but the generator now writes .*generated\/graphql\/operations\.ts inside it/,
    );
    expect(readText(dir, 'generated/graphql')).toBe('mine\n');
  });
});

describe('recovery on every path', () => {
  it('a no-op generate still finishes a swap a kill interrupted (no .generated.old or .lock left)', async () => {
    const dir = project(SCHEMAS);
    expect((await run(['generate'], { cwd: dir, deps: { generators } })).code).toBe(0);
    // What a kill while deleting the old tree leaves: the new tree in place, the old beside it, a dead owner's lock.
    writeFile(dir, '.generated.old/graphql/operations.ts', '// older\n');
    writeFileSync(path.join(dir, '.generated.lock'), '999999999');
    const result = await run(['generate'], { cwd: dir, deps: { generators } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/generated\/ up to date/);
    expect(existsSync(path.join(dir, '.generated.old'))).toBe(false);
    expect(existsSync(path.join(dir, '.generated.lock'))).toBe(false);
  });

  // The writer waits up to 10 s for a live owner before giving up.
  it('a lock held by a live process is an input error naming the process, not a bug', async () => {
    const dir = project(SCHEMAS);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, '.generated.lock'), String(sleeper.pid));
      const result = await run(['generate'], { cwd: dir, deps: { generators } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`.generated.lock is held by process ${sleeper.pid}`);
      expect(result.stderr).toMatch(/hint .*wait for it to finish/i);
      expect(result.stderr).not.toMatch(/bug in tasklist-codegen/);
      expect(existsSync(path.join(dir, 'generated'))).toBe(false);
    } finally {
      sleeper.kill();
    }
  }, 20_000);
});

describe('init', () => {
  it('adds the state files to .gitignore, keeping what is there', async () => {
    const dir = project({ '.gitignore': 'dist\n' });
    expect((await run(['init'], { cwd: dir })).code).toBe(0);
    const ignore = readText(dir, '.gitignore');
    expect(ignore.startsWith('dist\n')).toBe(true);
    for (const line of ['.tasklist-codegen.journal*.json', '.tasklist-codegen.lock', '/.generated.old/', '.env'])
      expect(ignore.split('\n')).toContain(line);
    // Again: nothing added twice.
    expect((await run(['init'], { cwd: dir })).code).toBe(0);
    expect(readText(dir, '.gitignore')).toBe(ignore);
  });
});
