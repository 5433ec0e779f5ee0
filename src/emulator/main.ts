/**
 * `npm run emulator` — runs the Tasklist emulator until Ctrl-C and prints how to reach it.
 *
 *     npm run emulator -- --auth oidc --port 8080 --write-env .tmp/emulator.env
 *
 * Secrets (client secret, password) are not printed: `--write-env` writes the complete variables
 * to a file only the current user can read.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AuthMode } from './index.js';

const SECRET_VARIABLES = new Set(['CAMUNDA_CLIENT_SECRET', 'CAMUNDA_BASIC_AUTH_PASSWORD']);
const MODES: readonly AuthMode[] = ['none', 'basic', 'oidc', 'cookie'];

const USAGE = `Usage: npm run emulator -- [options]
  --port <n>            port on 127.0.0.1 (default 8080; 0 = any free port)
  --auth <mode>         none | basic | oidc | cookie (default none)
  --no-graphql          behave like Camunda 8.8: /graphql answers 404
  --no-introspection    GraphQL introspection off
  --token-ttl <s>       oidc: access token lifetime in seconds (default 300)
  --session-ttl <s>     cookie: session idle timeout in seconds (default 1800)
  --static <dir>        serve a folder at /app/
  --write-env <path>     write the CAMUNDA_* variables, secrets included, to this file (mode 600)`;

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function seconds(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive whole number of seconds, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        auth: { type: 'string', default: 'none' },
        'no-graphql': { type: 'boolean', default: false },
        'no-introspection': { type: 'boolean', default: false },
        'token-ttl': { type: 'string' },
        'session-ttl': { type: 'string' },
        static: { type: 'string' },
        'write-env': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got "${values.port}"`);
  const auth = values.auth as AuthMode;
  if (!MODES.includes(auth)) fail(`--auth must be one of ${MODES.join(', ')}, got "${values.auth}"`);

  // Loaded after the flags are checked: a typo gets its answer without loading yoga and oidc-provider.
  const { startEmulator } = await import('./index.js');
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      auth,
      graphql: !values['no-graphql'],
      introspection: !values['no-introspection'],
      tokenTtlSeconds: seconds('--token-ttl', values['token-ttl']),
      sessionTtlSeconds: seconds('--session-ttl', values['session-ttl']),
      staticDir: values.static,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    fail(err.code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port (0 = any free port)` : err.message);
  }

  const env = emulator.env();
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const shown = Object.entries(env).map(([k, v]) => `${k}=${SECRET_VARIABLES.has(k) ? '<in --write-env>' : v}`);
  process.stdout.write(
    [
      `Tasklist emulator ${emulator.version} (auth: ${auth}) at ${emulator.baseUrl}`,
      values['no-graphql'] ? '  GraphQL: off (404, like Camunda 8.8)' : `  GraphQL: ${emulator.graphqlUrl}`,
      `  REST:    ${emulator.baseUrl}/v1/…   OpenAPI: ${emulator.baseUrl}/v3/api-docs/v1`,
      values.static ? `  Static:  ${emulator.baseUrl}/app/` : '',
      '',
      'Environment for clients:',
      ...shown.map((l) => `  ${l}`),
      '',
    ]
      .filter((l, i, all) => l !== '' || all[i - 1] !== '')
      .join('\n') + '\n',
  );
  if (values['write-env']) {
    await writeFile(values['write-env'], `${lines.join('\n')}\n`, { mode: 0o600 });
    process.stdout.write(`Wrote ${lines.length} variables to ${values['write-env']}\n`);
  } else if (shown.some((l) => l.includes('<in --write-env>'))) {
    process.stdout.write('Secrets are not printed; pass --write-env <path> to get them.\n');
  }

  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping the emulator\n`);
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

await main();
