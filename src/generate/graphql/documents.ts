/**
 * Reading the operations: find the files, parse them, and check them against the schema so every
 * problem is reported as `file:line:column` before graphql-codegen sees anything.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  Lexer,
  type OperationDefinitionNode,
  Source,
  TokenKind,
  NoUnusedFragmentsRule,
  getLocation,
  specifiedRules,
  print,
  validate,
  visit,
} from 'graphql';
import { parseGraphQL } from '../../util/parse-graphql.js';
import { matchFiles } from '../../util/match-files.js';
// graphql-js's own "did you mean" ranking (Levenshtein with a cutoff), the one its messages use.
import { suggestionList } from 'graphql/jsutils/suggestionList.js';
import { type OperationProblem, OperationError } from './errors.js';
import { functionNameOf } from './names.js';
import { templateLiteralText } from '../escape.js';

/** One parsed operation file. `location` is relative to the working folder, `/`-separated. */
export interface OperationDocument {
  location: string;
  document: DocumentNode;
}

/**
 * The operation files the globs match, relative to `cwd`, sorted by path so the output does not
 * depend on the order the file system lists them in.
 */
export async function findOperationFiles(patterns: string | string[], cwd: string): Promise<string[]> {
  const files = await matchFiles(cwd, patterns);
  return files.map((file) => path.relative(cwd, file).split(path.sep).join('/')).sort(byCodeUnit);
}

/** Reads and parses each file; syntax errors of all files are reported together. */
export async function parseOperationFiles(files: readonly string[], cwd: string): Promise<OperationDocument[]> {
  const documents: OperationDocument[] = [];
  const problems: OperationProblem[] = [];
  const sources = await Promise.all(files.map((file) => readFile(path.resolve(cwd, file), 'utf8')));
  files.forEach((location, index) => {
    const source = new Source(sources[index] ?? '', location);
    // A file of comments only (a placeholder, everything commented out) holds no operation; the
    // parser would call it a syntax error at <EOF>.
    if (holdsNoDefinitions(source)) return;
    try {
      documents.push({ location, document: parseGraphQL(source) });
    } catch (error) {
      problems.push(...problemsOf(error as GraphQLError));
    }
  });
  throwIfAny(problems);
  return documents;
}

/** Only whitespace and `#` comments: the lexer's first real token is the end of the file. */
function holdsNoDefinitions(source: Source): boolean {
  try {
    return new Lexer(source).advance().kind === TokenKind.EOF;
  } catch {
    // Not even valid tokens: let the parser say where.
    return false;
  }
}

/**
 * Everything that would stop an operation becoming a typed function: anonymous operations, schema
 * validation (unknown fields, wrong argument types, missing required arguments or variables,
 * duplicate names, fragments) across all files at once, since fragments may live in other files.
 */
export function checkOperations(schema: GraphQLSchema, documents: readonly OperationDocument[]): void {
  const problems: OperationProblem[] = [];
  const definitions: DefinitionNode[] = documents.flatMap(({ document }) => document.definitions);
  for (const definition of definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && !definition.name) {
      problems.push({
        ...where(definition),
        message:
          `Anonymous ${definition.operation}: give it a name, e.g. \`${definition.operation} GetTasks { … }\`. ` +
          'Each operation becomes a function named after it.',
      });
    }
  }
  problems.push(...functionNameClashes(definitions));
  problems.push(...subscriptions(definitions));
  problems.push(...templateBreakers(definitions));
  // A subscription is reported above, once; validating it too would only add noise about roots.
  const merged: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: definitions.filter(
      (definition) => !(definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription'),
    ),
  };
  const fragmentNames = definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [definition.name.value] : []));
  for (const error of validate(schema, merged, OPERATION_RULES)) {
    problems.push(...problemsOf(error).map((problem) => withFragmentSuggestion(problem, fragmentNames)));
  }
  throwIfAny(problems);
}

/** graphql-js suggests fields, arguments and types but not fragments; the nearest fragment name helps just as much. */
function withFragmentSuggestion(problem: OperationProblem, fragmentNames: readonly string[]): OperationProblem {
  const unknown = /^Unknown fragment "([^"]+)"\.$/.exec(problem.message)?.[1];
  if (!unknown || problem.suggestion) return problem;
  const [nearest] = suggestionList(unknown, [...fragmentNames]);
  return nearest ? { ...problem, suggestion: nearest } : problem;
}

/**
 * graphql-codegen writes each document into a template literal (`new TypedDocumentString(\`…\`)`)
 * escaping only backslashes, so a backtick or `${` in a string value would end it or run code when
 * `operations.ts` is imported. Such a value is refused where it is; a variable carries it instead.
 */
function templateBreakers(definitions: readonly DefinitionNode[]): OperationProblem[] {
  const problems: OperationProblem[] = [];
  for (const definition of definitions) {
    visit(definition, {
      StringValue(node) {
        // Safe exactly when the printed value (what codegen embeds) needs no escape beyond its doubled backslashes.
        const printed = print(node);
        if (templateLiteralText(printed) === printed.replaceAll('\\', '\\\\')) return;
        problems.push({
          ...where(node),
          message:
            'A string containing ` or ${ cannot be written into the generated document (graphql-codegen puts it in a template literal). ' +
            'Pass the value as a variable instead.',
        });
      },
    });
  }
  return problems;
}

/**
 * A subscription needs a long-lived channel (WebSocket or server-sent events); the generated
 * functions make one HTTP request each and Tasklist serves no subscriptions, so a function for one
 * would silently return a single answer, or none.
 */
function subscriptions(definitions: readonly DefinitionNode[]): OperationProblem[] {
  return definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription'
      ? [
          {
            ...where(definition),
            message:
              `Subscription "${definition.name?.value ?? '(anonymous)'}": subscriptions are not served over HTTP, and the generated ` +
              'functions make one HTTP request each. Remove it, or turn it into a query you call again (polling).',
          },
        ]
      : [],
  );
}

/** `GetUser` and `getUser` are different operations but would be the same function. */
function functionNameClashes(definitions: readonly DefinitionNode[]): OperationProblem[] {
  const problems: OperationProblem[] = [];
  const seen = new Map<string, OperationDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
    const functionName = functionNameOf(definition);
    const first = seen.get(functionName);
    if (!first) {
      seen.set(functionName, definition);
      continue;
    }
    // Same name twice is the spec's "only one operation named" error, reported by validation.
    if (first.name?.value === definition.name.value) continue;
    const at = where(first.name ?? first);
    problems.push({
      ...where(definition.name),
      message:
        `"${first.name?.value}" (${at.file}:${at.line}:${at.column}) and "${definition.name.value}" would both become ` +
        `the function ${functionName}(); rename one.`,
    });
  }
  return problems;
}

/**
 * Every rule of the spec except "fragment never used": a file of shared fragments is a library, not
 * a mistake (graphql-codegen skips the rule too). Unused *variables* stay errors: Tasklist would
 * reject the operation.
 */
const OPERATION_RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

/** Maps a graphql-js error to problems located in their own files (each AST node knows its `Source`). */
function problemsOf(error: GraphQLError): OperationProblem[] {
  const suggestion = suggestionIn(error.message);
  const nodes = (error.nodes ?? []).filter((node) => node.loc);
  if (nodes.length === 0) {
    const source = error.source;
    const [position] = error.locations ?? [];
    return [
      {
        file: source?.name ?? '<unknown>',
        line: position?.line ?? 1,
        column: position?.column ?? 1,
        message: error.message,
        ...(suggestion ? { suggestion } : {}),
      },
    ];
  }
  // "There can be only one operation named X" points at every definition; report the later one
  // (the duplicate) and say where the first is.
  if (nodes.length > 1 && error.message.startsWith('There can be only one')) {
    const first = where(nodes[0] as ASTNode);
    const duplicate = where(nodes[nodes.length - 1] as ASTNode);
    return [{ ...duplicate, message: `${error.message} The first is at ${first.file}:${first.line}:${first.column}.` }];
  }
  return [{ ...where(nodes[0] as ASTNode), message: error.message, ...(suggestion ? { suggestion } : {}) }];
}

function where(node: ASTNode): Pick<OperationProblem, 'file' | 'line' | 'column'> {
  const loc = node.loc;
  if (!loc) return { file: '<unknown>', line: 1, column: 1 };
  const { line, column } = getLocation(loc.source, loc.start);
  return { file: loc.source.name, line, column };
}

/** graphql-js appends `Did you mean "name"?` (or `"a", "b", or "c"?`) when a name is close to a valid one. */
function suggestionIn(message: string): string | undefined {
  return /Did you mean[^"]*"([^"]+)"/.exec(message)?.[1];
}

function throwIfAny(problems: OperationProblem[]): void {
  if (problems.length === 0) return;
  problems.sort((a, b) => byCodeUnit(a.file, b.file) || a.line - b.line || a.column - b.column);
  throw new OperationError(problems as [OperationProblem, ...OperationProblem[]]);
}

/** Locale-independent ordering: the same on every machine. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
