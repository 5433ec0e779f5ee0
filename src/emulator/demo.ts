/**
 * `npm run demo`: the main job, end to end, on the embedded Tasklist emulator.
 *
 *   1. start the emulator in OIDC mode, with its own OAuth 2.0 provider;
 *   2. `tasklist-codegen fetch`: both schemas through the client-credentials flow;
 *   3. `tasklist-codegen generate`: the GraphQL and REST clients;
 *   4. run `examples/demo/app.ts` against the freshly generated functions;
 *   5. the Camunda 8.10 world: the emulator as 8.10 (v2 only: no GraphQL, /v1 gone), a project
 *      with `rest: { preset: 'user-tasks' }`, fetch + generate, and `examples/demo-v2/app.ts`.
 *
 * By default it works in a scratch copy of this project (a temporary folder), so the committed
 * `schemas/` and `generated/` stay as they are; `--write` works on this project itself.
 * Exits 0 on success and stops everything it started.
 */
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from '../cli/program.js';
import { runV2DemoProgram, type UserTaskApi } from '../../examples/demo-v2/app.js';
import { startEmulator, type Emulator } from './index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What the scratch project needs from this one: copied (they change) or linked (they don't). */
const COPIED = ['codegen.ts', 'tsconfig.json', 'operations', 'schemas', 'generated', 'examples/demo'];
const LINKED = ['src', 'node_modules', 'package.json'];

interface DemoOptions {
  write: boolean;
}

function parseArgs(argv: readonly string[]): DemoOptions {
  const options: DemoOptions = { write: false };
  for (const arg of argv) {
    if (arg === '--write') options.write = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'Usage: npm run demo [-- --write]\n  --write  fetch and generate into this project (schemas/, generated/) instead of a scratch copy\n',
      );
      process.exit(0);
    } else {
      process.stderr.write(`demo: unknown option ${arg} (try --help)\n`);
      process.exit(1);
    }
  }
  return options;
}

async function scratchCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tasklist-codegen-demo-'));
  for (const entry of COPIED) {
    await mkdir(path.dirname(path.join(dir, entry)), { recursive: true });
    await cp(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // a project without generated/ yet is fine
    });
  }
  for (const entry of LINKED) await symlink(path.join(repoRoot, entry), path.join(dir, entry));
  return dir;
}

/** An empty project for the 8.10 part: a codegen.ts with the user-task preset, and this repo's sources linked. */
async function v2ScratchProject(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tasklist-codegen-demo-8.10-'));
  for (const entry of LINKED) await symlink(path.join(repoRoot, entry), path.join(dir, entry));
  await writeFile(
    path.join(dir, 'codegen.ts'),
    "export const tasklist = { graphql: false, rest: { preset: 'user-tasks' }, runtimeImport: '../../src/runtime/index.js' };\n",
  );
  return dir;
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function timed<T>(label: string, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
  const started = performance.now();
  const result = await run();
  const ms = Math.round(performance.now() - started);
  line(`  ✔ ${label} (${ms} ms)\n      ${describe(result)}`);
  return result;
}

async function tasklistCodegen(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<void> {
  line(`$ tasklist-codegen ${args.join(' ')}`);
  const code = await runCli(args, {
    cwd,
    env,
    stdout: (text) => process.stdout.write(text.replace(/^(?=.)/gm, '  ')),
    stderr: (text) => process.stderr.write(text.replace(/^(?=.)/gm, '  ')),
    isTTY: Boolean(process.stdout.isTTY),
  });
  // fetch answers 3/4 when the schema changed since the committed snapshot: news, not failure.
  if (code !== 0 && !(args[0] === 'fetch' && (code === 3 || code === 4))) {
    throw new Error(`tasklist-codegen ${args[0]} exited with ${code}`);
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  let emulator: Emulator | undefined;
  let scratch: string | undefined;
  let v2: Emulator | undefined;
  let v2Project: string | undefined;
  try {
    emulator = await startEmulator({ auth: 'oidc' });
    line(`Tasklist emulator at ${emulator.baseUrl} (OIDC: token endpoint ${emulator.auth.tokenUrl}, audience ${emulator.auth.audience})`);

    const project = options.write ? repoRoot : (scratch = await scratchCopy());
    line(options.write ? `Working on this project (--write)` : `Working on a scratch copy: ${project}`);
    // The emulator's variables win over anything in the caller's environment or .env;
    // a token disk cache from an earlier run would hold tokens of a provider that no longer exists.
    const env = { ...process.env, ...emulator.env(), CAMUNDA_TOKEN_CACHE_DIR: '' };

    await tasklistCodegen(['fetch'], project, env);
    // In the scratch copy, generate from scratch (--force) so the program below really runs on
    // freshly generated clients; on this project a no-op run is the honest answer when nothing changed.
    await tasklistCodegen(options.write ? ['generate'] : ['generate', '--force'], project, env);

    line('$ examples/demo/app.ts (written against the generated functions)');
    const app = pathToFileURL(path.join(project, 'examples/demo/app.ts')).href;
    const { runDemoProgram } = (await import(app)) as typeof import('../../examples/demo/app.js');
    await runDemoProgram({ env, step: timed });

    await emulator.close();
    emulator = undefined;
    line('');
    line('Camunda 8.10: the Orchestration Cluster API only (no GraphQL, Tasklist REST v1 removed)');
    v2 = await startEmulator({ camunda: '8.10', auth: 'oidc' });
    line(`Emulator as Camunda ${v2.version} at ${v2.baseUrl} (OIDC)`);
    v2Project = await v2ScratchProject();
    line(`Working on a new project: ${v2Project} (codegen.ts: graphql: false, rest: { preset: 'user-tasks' })`);
    const v2Env = { ...process.env, ...v2.env(), CAMUNDA_TOKEN_CACHE_DIR: '' };
    await tasklistCodegen(['fetch'], v2Project, v2Env);
    await tasklistCodegen(['generate'], v2Project, v2Env);
    line('$ examples/demo-v2/app.ts (written against the generated user-task functions)');
    const api = (await import(pathToFileURL(path.join(v2Project, 'generated/rest/index.ts')).href)) as UserTaskApi;
    await runV2DemoProgram({ env: v2Env, step: timed, api });

    line(`Demo finished in ${Math.round(performance.now() - started)} ms.`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo failed: ${message}\n`);
    if (process.argv.includes('--debug') && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    await emulator?.close();
    await v2?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (v2Project) await rm(v2Project, { recursive: true, force: true });
  }
}

process.exitCode = await main();
