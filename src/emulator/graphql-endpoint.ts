/**
 * `/graphql` on graphql-yoga, plugged into the emulator's Node server as a handler. Auth, CORS
 * and faults happen before; yoga only sees requests that got through, with the caller in its
 * context. Introspection can be off for the whole run or, as an injected fault, per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { tasklistResolvers, tasklistTypeDefs, type TasklistGraphQLContext } from './graphql-schema.js';

export interface GraphQLRequestContext extends TasklistGraphQLContext {
  /** Reject introspection for this request (the `introspectionDisabled` fault). */
  introspectionDisabled: boolean;
}

export type GraphQLHandler = (req: IncomingMessage, res: ServerResponse, context: GraphQLRequestContext) => Promise<void>;

/**
 * The validation rule must come from the same copy of `graphql` yoga uses. graphql 16 ships CJS
 * (`main`) and ESM (`module`) builds without an `exports` map: Node loads the CJS one for yoga,
 * while a bundler-style loader (vitest) may hand us the ESM one, and graphql rejects mixing them.
 * `require` picks what Node picks for yoga.
 */
const { NoSchemaIntrospectionCustomRule } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

type ServerContext = { req: IncomingMessage; res: ServerResponse } & GraphQLRequestContext;

export function createGraphQLHandler(options: { introspection: boolean }): GraphQLHandler {
  const schema = createSchema<ServerContext>({ typeDefs: tasklistTypeDefs, resolvers: tasklistResolvers });
  const build = (allowIntrospection: boolean) => {
    const plugins: Array<Plugin<ServerContext>> = allowIntrospection
      ? []
      : [{ onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) }];
    return createYoga<ServerContext>({
      schema,
      graphqlEndpoint: '/graphql',
      graphiql: false,
      landingPage: false,
      logging: false,
      // The emulator answers CORS itself, the same way for every path.
      cors: false,
      plugins,
    });
  };
  // Two servers over one schema rather than a per-request switch: each keeps its parse and
  // validation cache correct (a cached "valid" must not leak from one setting to the other).
  const closed = build(false);
  const open = options.introspection ? build(true) : closed;
  return async (req, res, context) => {
    await (context.introspectionDisabled ? closed : open)(req, res, context);
  };
}
