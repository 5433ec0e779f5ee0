import { applyWith, type AuthStrategy, type PendingRequest } from '../strategy.js';
import type { BearerAuthConfig } from '../types.js';

/**
 * A token handed over as is. With a function, each request asks it for the current token, so a
 * page that renews its own token (or a 401) is picked up on the retry.
 */
export function createBearerAuth(config: BearerAuthConfig): AuthStrategy {
  const { token } = config;
  const authorize = async (request: PendingRequest) => {
    const value = typeof token === 'function' ? await token() : token;
    request.headers.set('authorization', `Bearer ${value}`);
  };
  return {
    name: 'BEARER',
    apply: applyWith(authorize),
    authorize,
    // A fixed token cannot get better by retrying; a function might hand out a new one.
    onUnauthorized: async () => typeof token === 'function',
    describe: () => (typeof token === 'function' ? 'bearer token from a callback' : 'fixed bearer token (CAMUNDA_OAUTH_TOKEN)'),
  };
}
