import { TasklistCodegenError } from '../../util/errors.js';

/** One problem in an operation file, located to the character. */
export interface OperationProblem {
  /** Operation file relative to the working folder, `/`-separated (`operations/tasks.graphql`). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** What is wrong, in graphql-js's words where it said it (e.g. `Cannot query field "nme" on type "Task".`). */
  message: string;
  /** The nearest valid name, when there is one (`name` for `nme`). */
  suggestion?: string;
}

/**
 * An operation does not parse, does not validate against the schema, or cannot become a function.
 * Nothing was generated. `file`/`line`/`column`/`suggestion` describe the first problem; `problems`
 * lists all of them in file order.
 */
export class OperationError extends TasklistCodegenError<'OPERATION_INVALID'> {
  override readonly name = 'OperationError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly suggestion: string | undefined;
  readonly problems: readonly OperationProblem[];

  constructor(problems: readonly [OperationProblem, ...OperationProblem[]]) {
    super(
      'OPERATION_INVALID',
      problems.map(formatProblem).join('\n') + '\nFix the operation(s) above and run generate again; nothing under generated/ was changed.',
    );
    const [first] = problems;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.suggestion = first.suggestion;
    this.problems = problems;
  }
}

/** The schema file is missing or is not valid SDL. */
export class GraphQLSchemaFileError extends TasklistCodegenError<'GRAPHQL_SCHEMA_INVALID'> {
  override readonly name = 'GraphQLSchemaFileError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown; line?: number; column?: number },
  ) {
    // `file:line:column` when the parser said where, so an editor can jump there.
    super('GRAPHQL_SCHEMA_INVALID', `${file}${options?.line ? `:${options.line}:${options.column ?? 1}` : ''}: ${message}`, {
      cause: options?.cause,
    });
  }
}

export function formatProblem(problem: OperationProblem): string {
  const hint = problem.suggestion && !problem.message.includes('Did you mean') ? ` Did you mean "${problem.suggestion}"?` : '';
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}${hint}`;
}
