import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { CodegenConfigError } from './errors.js';

export type EnvRecord = Record<string, string | undefined>;

/**
 * The environment the CLI works with: `.env` in the project folder (when present) under the real
 * environment, so a CI secret always beats a developer's local file — the same rule as dotenv and
 * Node's own `--env-file`. Parsed with Node's `util.parseEnv`, no dependency; `process.env` is
 * not modified.
 */
export function readEnvironment(options: { cwd: string; envFiles?: string[]; env?: EnvRecord }): {
  env: EnvRecord;
  loadedFiles: string[];
} {
  const base = options.env ?? process.env;
  const explicit = options.envFiles !== undefined && options.envFiles.length > 0;
  const files = explicit ? options.envFiles!.map((f) => path.resolve(options.cwd, f)) : [path.join(options.cwd, '.env')];
  const fromFiles: EnvRecord = {};
  const loadedFiles: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // The default `.env` is optional; a file named on the command line is not.
      if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new CodegenConfigError(`Cannot read env file ${file}: ${(error as Error).message}`, {
        source: file,
        hint: 'Check the --env-file path.',
      });
    }
    Object.assign(fromFiles, parseEnv(text));
    loadedFiles.push(file);
  }
  return { env: { ...fromFiles, ...definedOnly(base) }, loadedFiles };
}

function definedOnly(env: EnvRecord): EnvRecord {
  const out: EnvRecord = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
