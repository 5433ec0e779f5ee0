/**
 * The emulator command's flags → `EmulatorOptions`, checked before anything heavy is loaded.
 * Pure (no process access), so every message can be tested without spawning a process.
 */
import { parseArgs } from 'node:util';
import { TasklistCodegenError } from '../util/errors.js';
import { CAMUNDA_VERSIONS, isCamundaVersion } from './camunda-versions.js';
import type { AuthMode, EmulatorOptions } from './index.js';

export const EMULATOR_USAGE = `Usage: npm run emulator -- [options]
  --port <n>            port on 127.0.0.1 (default 8080; 0 = any free port)
  --auth <mode>         none | basic | oidc | cookie (default none)
  --camunda <version>   behave like that release: 8.5 | 8.6 (GraphQL + REST v1), 8.7 (v1 only),
                        8.8 | 8.9 (v1 + v2, login at /login), 8.10 (v2 only); default: GraphQL + v1
  --no-graphql          without --camunda: /graphql answers 404
  --no-introspection    GraphQL introspection off
  --token-ttl <s>       oidc: access token lifetime in seconds (default 300)
  --session-ttl <s>     cookie: session idle timeout in seconds (default 1800)
  --static <dir>        serve a folder at /app/
  --write-env <path>    write the CAMUNDA_* variables, secrets included, to this file (mode 600)`;

const MODES: readonly AuthMode[] = ['none', 'basic', 'oidc', 'cookie'];

/** A flag the user got wrong; the command prints the message and the usage, and exits 2. */
export class EmulatorUsageError extends TasklistCodegenError<'USAGE_ERROR'> {
  override readonly name = 'EmulatorUsageError';
  constructor(message: string) {
    super('USAGE_ERROR', message);
  }
}

export type EmulatorCommand =
  | { kind: 'help' }
  | { kind: 'run'; options: EmulatorOptions & { port: number; auth: AuthMode }; writeEnv: string | undefined };

function seconds(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new EmulatorUsageError(`${flag} must be a positive whole number of seconds, got "${raw}"`);
  return n;
}

export function parseEmulatorArgs(argv: readonly string[]): EmulatorCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '8080' },
        auth: { type: 'string', default: 'none' },
        camunda: { type: 'string' },
        'no-graphql': { type: 'boolean', default: false },
        'no-introspection': { type: 'boolean', default: false },
        'token-ttl': { type: 'string' },
        'session-ttl': { type: 'string' },
        static: { type: 'string' },
        'write-env': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new EmulatorUsageError((e as Error).message);
  }
  if (values.help) return { kind: 'help' };
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new EmulatorUsageError(`--port must be 0..65535, got "${values.port}"`);
  const auth = values.auth as AuthMode;
  if (!MODES.includes(auth)) throw new EmulatorUsageError(`--auth must be one of ${MODES.join(', ')}, got "${values.auth}"`);
  const camunda = values.camunda;
  if (camunda !== undefined && !isCamundaVersion(camunda)) {
    throw new EmulatorUsageError(`--camunda must be one of ${CAMUNDA_VERSIONS.join(', ')}, got "${camunda}"`);
  }
  if (camunda !== undefined && values['no-graphql'])
    throw new EmulatorUsageError('--no-graphql and --camunda do not combine: the version decides whether GraphQL exists');
  return {
    kind: 'run',
    options: {
      port,
      auth,
      ...(camunda !== undefined ? { camunda } : { graphql: !values['no-graphql'] }),
      introspection: !values['no-introspection'],
      tokenTtlSeconds: seconds('--token-ttl', values['token-ttl']),
      sessionTtlSeconds: seconds('--session-ttl', values['session-ttl']),
      staticDir: values.static,
    },
    writeEnv: values['write-env'],
  };
}
