/**
 * The GraphQL side of a fetch: the introspection query, POSTed to `<base>/graphql` through the
 * authenticated fetch, turned into sorted SDL.
 */
import { getIntrospectionQuery } from 'graphql';
import type { TasklistFetch } from '../runtime/types.js';
import { redactUrl } from '../util/redact.js';
import { FetchError } from './errors.js';
import { htmlInsteadOfJson, httpStatusError, looksLikeHtml, requestText, type FetchedText } from './http.js';
import { loadGraphQLSchemaSource, type LoadedGraphQLSchema } from './load-schema.js';

/** Everything the spec offers: descriptions, deprecations (also of arguments), directives' repeatability, `specifiedByURL`. */
export const FULL_INTROSPECTION_QUERY = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

/** For servers on an older spec (graphql-java before `specifiedByURL`, `isRepeatable`, argument deprecation). */
export const BASIC_INTROSPECTION_QUERY = getIntrospectionQuery({ descriptions: true });

export type IntrospectionOutcome =
  | ({ kind: 'schema'; url: string; serverVersion: string | undefined; query: 'full' | 'basic' } & LoadedGraphQLSchema)
  /** 404 at the endpoint: a Tasklist after 8.5 has no GraphQL API. */
  | { kind: 'absent'; url: string; serverVersion: string | undefined };

export const NO_GRAPHQL_NOTE = 'this server has no GraphQL API; it was removed after 8.5 — generating REST only';

export async function introspect(fetch: TasklistFetch, endpoint: string, signal?: AbortSignal): Promise<IntrospectionOutcome> {
  const full = await post(fetch, endpoint, FULL_INTROSPECTION_QUERY, signal);
  if (full.status === 404) return { kind: 'absent', url: endpoint, serverVersion: full.serverVersion };
  const first = interpret(full);
  if (first.kind === 'schema') return { ...first, kind: 'schema', url: endpoint, serverVersion: full.serverVersion, query: 'full' };
  // Only GraphQL errors (not HTML, not "introspection disabled") can be an older server rejecting
  // the newer introspection fields; ask again without them.
  if (!first.graphqlErrors) throw first.error;
  const basic = await post(fetch, endpoint, BASIC_INTROSPECTION_QUERY, signal);
  const second = interpret(basic);
  if (second.kind === 'schema') return { ...second, kind: 'schema', url: endpoint, serverVersion: basic.serverVersion, query: 'basic' };
  throw second.error;
}

async function post(fetch: TasklistFetch, endpoint: string, query: string, signal?: AbortSignal): Promise<FetchedText> {
  return requestText(
    fetch,
    endpoint,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' },
      body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
      ...(signal ? { signal } : {}),
    },
    'GraphQL introspection',
  );
}

type Interpretation =
  | ({ kind: 'schema' } & LoadedGraphQLSchema)
  /** `graphqlErrors`: the server answered with GraphQL errors (a query it did not accept). */
  | { kind: 'failed'; error: FetchError; graphqlErrors?: boolean };

function interpret(answer: FetchedText): Interpretation {
  const what = 'GraphQL introspection';
  const url = redactUrl(answer.url, { query: 'all' });
  if (looksLikeHtml(answer)) return { kind: 'failed', error: htmlInsteadOfJson(answer, what) };
  let body: { data?: { __schema?: unknown } | null; errors?: Array<{ message?: unknown }> };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    const error =
      answer.status >= 200 && answer.status < 300
        ? new FetchError('NOT_A_SCHEMA', `${what}: the answer is not JSON`, {
            url,
            status: answer.status,
            hint: 'Check that the endpoint is a GraphQL API (graphql.endpoint in the config).',
          })
        : httpStatusError(answer, what);
    return { kind: 'failed', error };
  }
  const messages = Array.isArray(body?.errors) ? body.errors.map((error) => String(error?.message ?? '')) : [];
  if (body?.data?.__schema) {
    try {
      return { kind: 'schema', ...loadGraphQLSchemaSource(answer.text, url) };
    } catch (error) {
      return { kind: 'failed', error: error as FetchError };
    }
  }
  // graphql-js: "GraphQL introspection has been disabled …"; graphql-java: "Introspection has been disabled …".
  if (messages.some((message) => /introspection/i.test(message)) || (body?.data && body.data.__schema === null && messages.length === 0)) {
    return {
      kind: 'failed',
      error: new FetchError('INTROSPECTION_DISABLED', `${what} is disabled on this server${messages[0] ? `: ${messages[0]}` : ''}`, {
        url,
        status: answer.status,
        hint: 'Enable introspection for this client, or fetch from a file: --from-graphql <schema.graphql or introspection.json>.',
      }),
    };
  }
  if (messages.length > 0) {
    return {
      kind: 'failed',
      graphqlErrors: true,
      error: new FetchError('NOT_A_SCHEMA', `${what} failed: ${messages.slice(0, 3).join('; ')}`, {
        url,
        status: answer.status,
        hint: 'Check that the endpoint is a GraphQL API, or fetch from a file: --from-graphql <schema.graphql>.',
      }),
    };
  }
  if (answer.status < 200 || answer.status >= 300) return { kind: 'failed', error: httpStatusError(answer, what) };
  return {
    kind: 'failed',
    error: new FetchError('NOT_A_SCHEMA', `${what}: the answer has no "data.__schema"`, {
      url,
      status: answer.status,
      hint: 'Check that the endpoint is a GraphQL API (graphql.endpoint in the config).',
    }),
  };
}
