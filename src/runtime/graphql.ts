/**
 * The GraphQL client the generated functions call: one POST per operation through a `TasklistFetch`
 * (auth, retries and timeouts are the transport's business). Documents travel as strings, so this
 * file — on the browser path — never loads `graphql`.
 */
import { TasklistError } from '../util/errors.js';
import { sendOf, textOf, withBody } from './buffered.js';
import { HttpError } from './errors.js';
import { registryOf } from '../util/redact.js';
import { type PaginateOptions, paginate } from './paging.js';
import type { RequestOptions, TasklistFetch } from './types.js';

// Generated functions need these next to GraphQLClient; one import path serves them all.
export type { PaginateOptions } from './paging.js';
export type { RequestOptions, TasklistFetch } from './types.js';

/**
 * A document that knows its result and variables types: typed-document-node's `TypedDocumentString`
 * (what `generated/graphql/operations.ts` exports) fits, and so does any `DocumentTypeDecoration`.
 */
export interface TypedDocument<TResult, TVariables> {
  __apiType?: (variables: TVariables) => TResult;
  toString(): string;
}

/**
 * Where GraphQL requests go: plain data, no methods. The request itself is `requestGraphQL`, a
 * function the generated GraphQL functions import, so a page that calls only REST functions
 * bundles no GraphQL code even though `createTasklistClient` hands it this object.
 */
export interface GraphQLClient {
  readonly endpoint: string;
  /** The authenticated fetch each request goes through (the client's transport). */
  readonly fetch: TasklistFetch;
}

/** One entry of a GraphQL response's `errors` (GraphQL spec §7.1.2). */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

/**
 * The server answered in GraphQL and said something went wrong. `data` holds whatever it did
 * resolve (a partial result, or undefined); `status` is the HTTP status it came with.
 */
export class GraphQLResponseError<TData = unknown> extends TasklistError {
  override readonly name = 'GraphQLResponseError';
  readonly errors: readonly GraphQLErrorEntry[];
  readonly data: TData | undefined;
  readonly status: number;

  constructor(init: { errors: readonly GraphQLErrorEntry[]; data?: TData | null; status: number; endpoint: string }) {
    const [first] = init.errors;
    const more = init.errors.length > 1 ? ` (and ${init.errors.length - 1} more)` : '';
    const at = first?.path?.length ? ` at ${first.path.join('.')}` : '';
    super('GRAPHQL_ERROR', `GraphQL error from ${init.endpoint}${at}: ${first?.message ?? 'no message'}${more}`, {
      hint: 'See `errors` for every message and path, and `data` for what did resolve.',
    });
    this.errors = init.errors;
    this.data = init.data ?? undefined;
    this.status = init.status;
  }

  get messages(): string[] {
    return this.errors.map((error) => error.message);
  }

  /** The response path of each error (undefined for errors not tied to a field). */
  get paths(): Array<ReadonlyArray<string | number> | undefined> {
    return this.errors.map((error) => error.path);
  }
}

/** GraphQL over HTTP: the newer media type first; Tasklist (Spring GraphQL) answers application/json. */
const graphqlHeaders = Object.freeze({
  accept: 'application/graphql-response+json, application/json;q=0.9',
  'content-type': 'application/json',
});

/**
 * Runs one operation and resolves to its `data`. Rejects with `GraphQLResponseError` when the
 * response carries `errors`, and with `HttpError` (status and body kept) when it is not GraphQL.
 */
export async function requestGraphQL<TResult, TVariables>(
  client: GraphQLClient,
  document: TypedDocument<TResult, TVariables> | string,
  variables?: TVariables,
  requestOptions: RequestOptions = {},
): Promise<TResult> {
  const { endpoint, fetch } = client;
  // One of our transports knows the secrets in play: an error body that echoes a token is scrubbed.
  const secrets = registryOf(fetch);
  const scrub = <E>(error: E): E => (secrets ? secrets.scrub(error) : error);
  const headers = requestOptions.headers ? { ...graphqlHeaders, ...requestOptions.headers } : graphqlHeaders;
  const body = JSON.stringify(variables === undefined ? { query: String(document) } : { query: String(document), variables });
  // As the REST functions send: our transport answers with the bytes in memory, so no second
  // Response is built around them just to be read back.
  const answer = await sendOf(fetch)(endpoint, 'POST', headers, body, requestOptions.signal);
  const { status, ok } = answer.response;
  const bodyText = textOf(answer.bytes);
  const parsed = parseGraphQLBody(bodyText);
  if (parsed?.errors?.length) {
    throw scrub(new GraphQLResponseError<TResult>({ errors: parsed.errors, data: parsed.data as TResult | null, status, endpoint }));
  }
  if (!ok || !parsed || parsed.data == null) {
    throw scrub(
      new HttpError(
        { status, url: endpoint, bodyText, response: status < 200 || status > 599 ? answer.response : withBody(answer) },
        {
          hint: ok
            ? 'The answer was not a GraphQL response; check that the endpoint is the GraphQL API (`<base>/graphql`)'
            : 'See `status` and `bodyText`',
        },
      ),
    );
  }
  return parsed.data as TResult;
}

interface GraphQLResponseBody {
  data?: unknown;
  errors?: GraphQLErrorEntry[];
}

function parseGraphQLBody(text: string): GraphQLResponseBody | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { data, errors } = body as { data?: unknown; errors?: unknown };
    if (data === undefined && errors === undefined) return undefined;
    return Array.isArray(errors) ? { data, errors: errors.map(toErrorEntry) } : { data };
  } catch {
    return undefined;
  }
}

function toErrorEntry(raw: unknown): GraphQLErrorEntry {
  if (typeof raw !== 'object' || raw === null) return { message: String(raw) };
  const entry = raw as Partial<GraphQLErrorEntry>;
  return {
    message: typeof entry.message === 'string' ? entry.message : JSON.stringify(raw),
    ...(Array.isArray(entry.path) ? { path: entry.path } : {}),
    ...(Array.isArray(entry.locations) ? { locations: entry.locations } : {}),
    ...(entry.extensions && typeof entry.extensions === 'object' ? { extensions: entry.extensions } : {}),
  };
}

/** The part of Tasklist's `TaskQuery` input that paging sets. */
export interface TaskPageQuery {
  pageSize?: number | null;
  searchAfter?: readonly string[] | null;
  searchAfterOrEqual?: readonly string[] | null;
  searchBefore?: readonly string[] | null;
  searchBeforeOrEqual?: readonly string[] | null;
}

/** Tasklist accepts at most one cursor per request; from the second page on, ours is the one. */
const OTHER_CURSORS = ['searchAfterOrEqual', 'searchBefore', 'searchBeforeOrEqual'] as const;

/**
 * Every task an operation shaped like `query($query: TaskQuery!) { tasks(query: $query) { … sortValues } }`
 * matches, page after page, forwards: each request sets `query.pageSize`, and from the second page on
 * `query.searchAfter` (the last task's `sortValues`). A cursor already in `variables.query` is where the
 * first page starts.
 */
export function paginateTasks<TTask extends { sortValues?: readonly string[] | null }, TVariables extends { query: TaskPageQuery }>(
  client: GraphQLClient,
  document: TypedDocument<{ tasks: readonly TTask[] }, TVariables> | string,
  variables: TVariables,
  options: PaginateOptions & RequestOptions,
): AsyncGenerator<TTask, void, undefined> {
  const { pageSize, maxPages, signal, headers } = options;
  const requestOptions: RequestOptions = { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) };
  return paginate<TTask>(
    async (searchAfter, size) => {
      const query: TaskPageQuery = { ...variables.query, pageSize: size };
      if (searchAfter) {
        for (const cursor of OTHER_CURSORS) delete query[cursor];
        query.searchAfter = searchAfter;
      }
      const page = await requestGraphQL(client, document, { ...variables, query } as TVariables, requestOptions);
      return page.tasks;
    },
    (task) => task.sortValues,
    { pageSize, ...(maxPages === undefined ? {} : { maxPages }), ...(signal ? { signal } : {}) },
  );
}
