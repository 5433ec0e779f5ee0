import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIO, Output } from '../output.js';
import { resolveBaseUrl } from '../../auth/env.js';
import { readEnvironment } from '../../config/dotenv.js';
import { CodegenConfigError } from '../../config/errors.js';
import { runInit, type InitApi } from './init.js';
import { probeServerApi } from './init-probe.js';

const APIS: readonly InitApi[] = ['graphql', 'v1', 'v2'];

/**
 * `--api` decides; without it a server we know of (`--base-url`, `CAMUNDA_TASKLIST_BASE_URL`,
 * `CAMUNDA_REST_ADDRESS`, `.env`) is asked; with neither, the GraphQL + REST v1 set-up as before.
 */
async function chooseApi(io: CliIO, globals: GlobalOptions, cwd: string, flag: string | undefined, out: Output): Promise<InitApi> {
  if (flag !== undefined) {
    if (!(APIS as readonly string[]).includes(flag)) {
      throw new CodegenConfigError(`--api must be one of ${APIS.join(', ')} (got '${flag}')`, {
        source: 'command line',
        key: '--api',
        hint: 'v2 for Camunda 8.8+, v1 for 8.7, graphql for 8.5/8.6.',
      });
    }
    return flag as InitApi;
  }
  let baseUrl: string | undefined;
  try {
    baseUrl = globals.baseUrl ?? resolveBaseUrl(readEnvironment({ cwd, envFiles: globals.envFile, env: io.env }).env);
  } catch {
    baseUrl = undefined;
  }
  if (!baseUrl) return 'graphql';
  const outcome = await probeServerApi(baseUrl);
  if (!outcome) {
    out.warn(`could not tell which API ${baseUrl} speaks; set up for GraphQL + REST v1 (pass --api v2 for Camunda 8.8+)`);
    return 'graphql';
  }
  out.step({ step: `ask ${baseUrl}`, status: 'ok', detail: `${outcome.reason} → set up for ${outcome.api}` });
  return outcome.api;
}

/** What generated code imports by default: an app lists it in `dependencies`, or a strict layout (pnpm) cannot resolve it. */
const RUNTIME_PACKAGE = '@tasklist-codegen/runtime';

/** Whether the project's package.json (which init has just made sure exists) lists the runtime as a dependency. */
async function listsRuntimeDependency(cwd: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(path.join(cwd, 'package.json'), 'utf8')) as { dependencies?: Record<string, unknown> };
    return typeof pkg.dependencies?.[RUNTIME_PACKAGE] === 'string';
  } catch {
    // runInit has read it already; a file that vanished since only means no hint is certain.
    return true;
  }
}

export async function runInitCommand(io: CliIO, globals: GlobalOptions, out: Output, flags: { api?: string } = {}): Promise<number> {
  const cwd = path.resolve(io.cwd, globals.cwd ?? '.');
  const api = await chooseApi(io, globals, cwd, flags.api, out);
  const started = performance.now();
  const result = await runInit(cwd, { api });
  const ms = performance.now() - started;
  for (const file of result.created) out.step({ step: `create ${file}`, status: 'changed', ms });
  for (const file of result.kept) out.step({ step: `keep ${file}`, status: 'skipped', detail: 'exists, not overwritten' });
  if (result.scriptsAdded.length > 0) out.step({ step: 'add npm scripts', status: 'changed', detail: result.scriptsAdded.join(', ') });
  if (result.scriptsKept.length > 0)
    out.step({ step: 'keep npm scripts', status: 'skipped', detail: `${result.scriptsKept.join(', ')} (already defined)` });
  if (result.ignoresAdded.length > 0) out.step({ step: 'add to .gitignore', status: 'changed', detail: result.ignoresAdded.join(', ') });
  out.info('\nNext: copy .env.example to .env and fill it in, then `npm run fetch` and `npm run generate`.');
  if (!(await listsRuntimeDependency(cwd))) {
    out.info(
      `Generated code imports ${RUNTIME_PACKAGE}, which the app needs at run time: \`npm install ${RUNTIME_PACKAGE}\` (tasklist-codegen itself is a dev dependency).`,
    );
  }
  out.json({ command: 'init', exitCode: ExitCode.Ok, ...result });
  return ExitCode.Ok;
}
