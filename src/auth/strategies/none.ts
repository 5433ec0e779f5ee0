import type { AuthStrategy } from '../strategy.js';

/** C8 Run and Docker Compose defaults: no credentials at all. */
export function createNoAuth(): AuthStrategy {
  return {
    name: 'NONE',
    authorize: async () => undefined,
    describe: () => 'no authentication',
    unauthorizedHint: 'This server wants credentials: set CAMUNDA_AUTH_STRATEGY (BASIC, OAUTH, COOKIE or BEARER) and its variables',
  };
}
