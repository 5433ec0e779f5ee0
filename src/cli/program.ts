/**
 * The `tasklist-codegen` command line: parsing, help, and turning every outcome into one exit
 * code. `runCli` takes its I/O as an argument, so tests run it in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { loadProject, type CliDependencies, type GlobalOptions } from './context.js';
import { describeError } from './errors.js';
import { EXIT_CODE_HELP, ExitCode } from './exit-codes.js';
import { colorAllowed, Output, type CliIO } from './output.js';

/** Seams for tests: fake generators or a fetch to use instead of the real ones. */
/** The limits on each schema download (`fetch`, `check --fetch`); over codegen.ts `tasklist.download`. */
const DOWNLOAD_OPTIONS = [
  () => new Option('--download-timeout <seconds>', 'give up on a schema download after this long (default 120)'),
  () => new Option('--download-idle-timeout <seconds>', 'give up when the server sends nothing for this long (default 30)'),
  () => new Option('--download-max-mb <MB>', 'refuse a schema document larger than this (default 100)'),
] as const;

const PRECEDENCE = `Configuration: defaults < codegen.ts (\`tasklist\` export) < environment (CAMUNDA_*, .env) < flags.`;

export async function runCli(argv: readonly string[], io: CliIO, deps: CliDependencies = {}): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  // Known before parsing so even a parse error is printed the right way.
  const early = {
    json: argv.includes('--json'),
    quiet: argv.includes('--quiet') || argv.includes('-q'),
    debug: argv.includes('--debug'),
    color: colorAllowed(io, argv.includes('--no-color') ? false : undefined),
  };
  const out = new Output(io, { json: early.json, quiet: early.quiet, color: early.color });
  const report = (error: unknown): number => {
    const described = describeError(error);
    const hint =
      described.hint ??
      (described.expected || early.debug
        ? undefined
        : 'This looks like a bug in tasklist-codegen; run again with --debug for the stack trace.');
    out.error(described.message, hint, early.debug && error instanceof Error ? error.stack : undefined);
    out.json({ ok: false, exitCode: described.exitCode, error: { message: out.redact(described.message), hint } });
    return described.exitCode;
  };
  io.onReporter?.(report);

  const program = new Command('tasklist-codegen')
    .description("Typed TypeScript clients for Camunda 8 Tasklist, generated from your cluster's live schemas.")
    .version(await packageVersion(), '-v, --version')
    .option('-C, --cwd <dir>', 'project folder (default: the current folder)')
    .option('-c, --config <file>', 'config file (default: codegen.ts in the project folder)')
    .option('--env-file <file...>', 'read these env files instead of .env')
    .option('--base-url <url>', 'Tasklist base URL (over CAMUNDA_TASKLIST_BASE_URL and codegen.ts)')
    .option('--schemas-dir <dir>', 'where schemas live (default: schemas)')
    .option('--out-dir <dir>', 'where generated code lives (default: generated)')
    .option('--json', 'print one JSON object for machines instead of lines')
    .option('-q, --quiet', 'print errors only')
    .option('--debug', 'show stack traces')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(early.json ? '' : out.style('red', text)),
    })
    .addHelpText('after', `\n${PRECEDENCE}\n\n${EXIT_CODE_HELP}\n\nRun \`tasklist-codegen <command> --help\` for examples.`);

  const globals = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();
  const run =
    (fn: (command: Command) => Promise<number>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      exitCode = await fn(command);
    };

  program
    .command('init')
    .description('set up this repo: codegen.ts, operations/tasks.graphql, .env.example and npm scripts (never overwrites)')
    .option(
      '--api <api>',
      'set up for this API: v2 (Camunda 8.8+), v1 (8.7) or graphql (8.5/8.6); default: ask the server at --base-url / CAMUNDA_REST_ADDRESS, if one is set',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  npx tasklist-codegen init\n  npx tasklist-codegen init --api v2\n  npx tasklist-codegen init --base-url http://localhost:8080\n  npx tasklist-codegen init --cwd packages/app',
    )
    .action(
      run(async (command) => {
        const { runInitCommand } = await import('./commands/init-command.js');
        return runInitCommand(io, globals(command), out, command.opts<{ api?: string }>());
      }),
    );

  program
    .command('fetch')
    .description('fetch the live GraphQL schema and OpenAPI document into schemas/, and report what changed')
    .option('--graphql', 'only the GraphQL schema')
    .option('--rest', 'only the OpenAPI document')
    .option('--report <file>', 'also write the change report (Markdown) to this file')
    .option('--from-graphql <file|url>', 'read the GraphQL schema from SDL or introspection JSON instead of the server')
    .option('--from-rest <file|url>', 'read the OpenAPI document (JSON or YAML) instead of the server')
    .addOption(DOWNLOAD_OPTIONS[0]())
    .addOption(DOWNLOAD_OPTIONS[1]())
    .addOption(DOWNLOAD_OPTIONS[2]())
    .addHelpText(
      'after',
      '\nExamples:\n  CAMUNDA_TASKLIST_BASE_URL=http://localhost:8080 tasklist-codegen fetch\n  tasklist-codegen fetch --rest --base-url https://bru-2.tasklist.camunda.io/<cluster-id>\n  tasklist-codegen fetch --from-rest tasklist-openapi.yaml --from-graphql tasklist.graphqls',
    )
    .action(
      run(async (command) => {
        const project = await loadProject(io, globals(command), out);
        const { runFetch } = await import('./commands/fetch.js');
        return runFetch(project, out, command.opts(), deps);
      }),
    );

  program
    .command('generate')
    .description('generate typed clients into generated/ from schemas/ and your operations (skips work when nothing changed)')
    .option('--graphql', 'only the GraphQL side')
    .option('--rest', 'only the REST side')
    .option('-f, --force', 'run the generators even when the inputs are unchanged')
    .addHelpText('after', '\nExamples:\n  tasklist-codegen generate\n  tasklist-codegen generate --rest --out-dir src/generated')
    .action(
      run(async (command) => {
        const project = await loadProject(io, globals(command), out);
        const { runGenerate } = await import('./commands/generate.js');
        return (await runGenerate(project, out, command.opts(), deps.generators)).exitCode;
      }),
    );

  program
    .command('watch')
    .description('regenerate whenever an operation file, a schema or codegen.ts changes (Ctrl-C to stop)')
    .option('--graphql', 'only the GraphQL side')
    .option('--rest', 'only the REST side')
    .addHelpText('after', '\nExamples:\n  tasklist-codegen watch\n  tasklist-codegen watch --graphql --quiet')
    .action(
      run(async (command) => {
        const { runWatch } = await import('./commands/watch.js');
        return runWatch(io, globals(command), out, command.opts(), deps);
      }),
    );

  program
    .command('diff')
    .description('the change report between two schema files (GraphQL SDL or OpenAPI JSON/YAML)')
    .argument('<old>', 'the earlier schema file')
    .argument('<new>', 'the later schema file')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .addHelpText(
      'after',
      `\nExamples:\n  tasklist-codegen diff old/tasklist.graphql schemas/tasklist.graphql\n  tasklist-codegen diff tasklist-8.5.yaml tasklist-8.7.yaml --format markdown\n\nExit codes: 0 no change, 3 changed (nothing breaking), 4 breaking changes, 1 bad input.`,
    )
    .action(
      run(async (command) => {
        const [oldFile, newFile] = command.args as [string, string];
        const { runDiff } = await import('./commands/diff.js');
        return runDiff(io, globals(command), out, oldFile, newFile, command.opts<{ format: 'text' | 'markdown' | 'json' }>().format);
      }),
    );

  program
    .command('check')
    .description('for CI: regenerate in memory and compare with generated/; with --fetch, compare the live schemas too. Writes nothing.')
    .option('--fetch', 'fetch the live schemas first and report their changes and what they break')
    .option('--report <file>', 'write the Markdown report to this file (it also goes to $GITHUB_STEP_SUMMARY when set)')
    .option('-f, --force', 'regenerate even when the manifest says the inputs are unchanged')
    .addOption(DOWNLOAD_OPTIONS[0]())
    .addOption(DOWNLOAD_OPTIONS[1]())
    .addOption(DOWNLOAD_OPTIONS[2]())
    .addHelpText(
      'after',
      `\nExamples:\n  tasklist-codegen check\n  tasklist-codegen check --fetch --report check-report.md\n\n${EXIT_CODE_HELP}`,
    )
    .action(
      run(async (command) => {
        const project = await loadProject(io, globals(command), out);
        const { runCheck } = await import('./commands/check.js');
        return runCheck(project, out, { ...command.opts(), debug: globals(command).debug === true }, deps);
      }),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; a usage error with 1 (commander printed it).
      const code = error.exitCode === 0 ? ExitCode.Ok : ExitCode.UserError;
      if (code !== ExitCode.Ok) out.json({ ok: false, exitCode: code, error: { message: error.message } });
      return code;
    }
    return report(error);
  }
  return exitCode;
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
