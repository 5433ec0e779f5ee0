/**
 * One error root: every error class the toolkit throws derives from `TasklistCodegenError`, has a
 * SCREAMING_SNAKE `code` and a category, and the CLI's exit code comes from that category, never
 * from a class name.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { UsageError, describeError } from '../../src/cli/errors.js';
import { CodegenConfigError } from '../../src/config/errors.js';
import { EmulatorUsageError } from '../../src/emulator/cli-args.js';
import { TasklistRuleError } from '../../src/emulator/errors.js';
import { BadRequestBody } from '../../src/emulator/http.js';
import { DownloadLimitError } from '../../src/fetch/download-limits.js';
import { FetchError } from '../../src/fetch/errors.js';
import { FormInputError } from '../../src/generate/forms/load.js';
import { GraphQLSchemaFileError, OperationError } from '../../src/generate/graphql/errors.js';
import { GenerateInputError } from '../../src/generate/index.js';
import { OpenApiDocumentError } from '../../src/fetch/openapi/errors.js';
import { HttpError, NetworkError, TimeoutError } from '../../src/runtime/errors.js';
import { FormValidationError } from '../../src/runtime/forms.js';
import { GraphQLResponseError } from '../../src/runtime/graphql.js';
import { StateFileError } from '../../src/util/atomic-write.js';
import { AuthError, ConfigError, InsecureUrlError, TasklistCodegenError, TasklistError } from '../../src/util/errors.js';

/** One of each, as the code that throws them builds them; the exit code the CLI gives each. */
const examples: Array<[Error, ExitCode]> = [
  [new UsageError('no such file type', 'Pass a .graphql file'), ExitCode.UserError],
  [new CodegenConfigError('Unknown key tasklist.outdir', { source: 'codegen.ts', hint: 'Did you mean outDir?' }), ExitCode.UserError],
  [new EmulatorUsageError('--port must be 0..65535'), ExitCode.UserError],
  [new TasklistRuleError(409, 'Task is already assigned'), ExitCode.UserError],
  [new BadRequestBody('Request body must be a JSON object'), ExitCode.UserError],
  [new DownloadLimitError('size', 'https://tasklist.example/v3/api-docs', 'the document is over 50 MB'), ExitCode.UserError],
  [new DownloadLimitError('idle', 'https://tasklist.example/v3/api-docs', 'no data for 30 s'), ExitCode.Unreachable],
  [
    new FetchError('HTML_RESPONSE', 'got an HTML page', { url: 'https://tasklist.example/graphql', hint: 'Sign in.', status: 200 }),
    ExitCode.Unreachable,
  ],
  [new FetchError('NOT_OPENAPI', 'not OpenAPI 3', { url: 'schemas/x.json:1:1', hint: 'Use OpenAPI 3.' }), ExitCode.UserError],
  [
    new FetchError('HTTP_ERROR', 'the server answered 502', {
      url: 'https://tasklist.example/graphql',
      hint: 'Look at its logs.',
      status: 502,
    }),
    ExitCode.Unreachable,
  ],
  [
    new FetchError('HTTP_ERROR', 'the server answered 404', {
      url: 'https://tasklist.example/graphql',
      hint: 'Check the URL.',
      status: 404,
    }),
    ExitCode.UserError,
  ],
  [new FormInputError('forms/a.form:1:1: not valid JSON'), ExitCode.UserError],
  [
    new OperationError([{ file: 'operations/a.graphql', line: 1, column: 9, message: 'Cannot query field "x" on type "Query".' }]),
    ExitCode.UserError,
  ],
  [new GraphQLSchemaFileError('schemas/tasklist.graphql', 'is not a valid GraphQL schema'), ExitCode.UserError],
  [new GenerateInputError('schemas/tasklist.graphql is missing', 'Run tasklist-codegen fetch'), ExitCode.UserError],
  [new OpenApiDocumentError({ file: 'schemas/tasklist.openapi.json', problem: 'no paths' }), ExitCode.UserError],
  [new HttpError({ status: 503, url: 'https://tasklist.example/v1/tasks' }), ExitCode.Unreachable],
  [new HttpError({ status: 401, url: 'https://tasklist.example/v1/tasks' }), ExitCode.Unreachable],
  [new HttpError({ status: 404, url: 'https://tasklist.example/v1/tasks/1' }), ExitCode.UserError],
  [new NetworkError('https://tasklist.example', 'ECONNREFUSED'), ExitCode.Unreachable],
  [new TimeoutError('https://tasklist.example', 1000), ExitCode.Unreachable],
  [new AuthError({ url: 'https://idp.example/token', status: 401, what: 'The token endpoint refused the client' }), ExitCode.Unreachable],
  [new ConfigError('CAMUNDA_CLIENT_SECRET is not set', { variable: 'CAMUNDA_CLIENT_SECRET' }), ExitCode.UserError],
  [new InsecureUrlError('http://tasklist.example'), ExitCode.UserError],
  [
    new GraphQLResponseError({ errors: [{ message: 'boom' }], status: 200, endpoint: 'https://tasklist.example/graphql' }),
    ExitCode.UserError,
  ],
  [new FormValidationError('form-1', [{ key: 'name', rule: 'required', message: 'name is required' }]), ExitCode.UserError],
  [new StateFileError('a planted journal', 'STATE_FILE', 'Remove it'), ExitCode.UserError],
];

describe('one error root', () => {
  it.each(examples.map(([error, exit]) => [error.name, error, exit] as const))(
    '%s derives from TasklistCodegenError, with one code casing, and exits by its category',
    (name, error, exit) => {
      expect(error).toBeInstanceOf(TasklistCodegenError);
      const own = error as TasklistCodegenError;
      expect(own.code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(['input', 'unreachable']).toContain(own.category);
      expect(error.name).toBe(name);
      expect(describeError(error)).toMatchObject({ exitCode: exit, expected: true });
    },
  );

  it('the runtime errors stay TasklistErrors, fetch errors included', () => {
    for (const [error] of examples) {
      const runtimeSide =
        error instanceof HttpError || error instanceof AuthError || error instanceof FetchError || error instanceof GraphQLResponseError;
      if (runtimeSide) expect(error).toBeInstanceOf(TasklistError);
    }
  });

  it('a foreign error that only borrows a toolkit class name or code is not taken for one', () => {
    const impostor = Object.assign(new Error('upstream failure'), { name: 'AuthError', code: 'NETWORK_ERROR', hint: 'trust me' });
    // A string code marks a system error (EACCES …): expected, but exit 1 and no borrowed hint.
    expect(describeError(impostor)).toEqual({ message: 'upstream failure', hint: undefined, exitCode: ExitCode.UserError, expected: true });
    const bug = Object.assign(new TypeError('x is undefined'), { name: 'FetchError' });
    expect(describeError(bug)).toMatchObject({ exitCode: ExitCode.UserError, expected: false });
  });

  it('a hint already in the message is not said twice; one that is not, is', () => {
    expect(describeError(new TimeoutError('https://tasklist.example', 5)).hint).toBeUndefined();
    expect(describeError(new GenerateInputError('schemas/tasklist.graphql is missing', 'Run tasklist-codegen fetch')).hint).toBe(
      'Run tasklist-codegen fetch',
    );
  });
});
