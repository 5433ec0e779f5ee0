/**
 * `npm run emulator` — runs the Tasklist emulator until Ctrl-C and prints how to reach it.
 *
 *     npm run emulator -- --auth oidc --port 8080 --write-env .tmp/emulator.env
 *
 * Secrets (client secret, password) are not printed: `--write-env` writes the complete variables
 * to a file only the current user can read.
 */
import { rm, writeFile } from 'node:fs/promises';
import { EMULATOR_USAGE, EmulatorUsageError, parseEmulatorArgs, type EmulatorCommand } from './cli-args.js';

const SECRET_VARIABLES = new Set(['CAMUNDA_CLIENT_SECRET', 'CAMUNDA_BASIC_AUTH_PASSWORD']);

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n\n${EMULATOR_USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let command: EmulatorCommand;
  try {
    command = parseEmulatorArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof EmulatorUsageError) fail(e.message);
    throw e;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${EMULATOR_USAGE}\n`);
    return;
  }
  const { options, writeEnv } = command;

  // Loaded after the flags are checked: a typo gets its answer without loading yoga and oidc-provider.
  const { startEmulator } = await import('./index.js');
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    fail(err.code === 'EADDRINUSE' ? `port ${options.port} is in use; pick another with --port (0 = any free port)` : err.message);
  }

  const env = emulator.env();
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const shown = Object.entries(env).map(([k, v]) => `${k}=${SECRET_VARIABLES.has(k) ? '<in --write-env>' : v}`);
  process.stdout.write(
    [
      `Tasklist emulator ${emulator.version} (auth: ${options.auth}) at ${emulator.baseUrl}`,
      emulator.generations.graphql ? `  GraphQL: ${emulator.graphqlUrl}` : '  GraphQL: off (404, like Camunda 8.7+)',
      emulator.generations.v1
        ? `  REST v1: ${emulator.baseUrl}/v1/…   OpenAPI: ${emulator.baseUrl}/v3/api-docs/v1`
        : '  REST v1: off (404, like Camunda 8.10)',
      emulator.generations.v2
        ? `  REST v2: ${emulator.baseUrl}/v2/user-tasks/…   OpenAPI: ${emulator.baseUrl}/v3/api-docs/Orchestration%20Cluster%20API`
        : '',
      options.auth === 'cookie' ? `  Login:   POST ${emulator.baseUrl}${emulator.generations.login.path}` : '',
      options.staticDir ? `  Static:  ${emulator.baseUrl}/app/` : '',
      '',
      'Environment for clients:',
      ...shown.map((l) => `  ${l}`),
      '',
    ]
      .filter((l, i, all) => l !== '' || all[i - 1] !== '')
      .join('\n') + '\n',
  );
  if (writeEnv) {
    // A new file, so the mode applies even where an older, more readable one stood.
    await rm(writeEnv, { force: true });
    await writeFile(writeEnv, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
    process.stdout.write(`Wrote ${lines.length} variables to ${writeEnv}\n`);
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
