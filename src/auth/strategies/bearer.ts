import { AuthError } from '../../util/errors.js';
import { SecretRegistry } from '../../util/redact.js';
import { isHeaderSafe, type AuthStrategy, type PendingRequest } from '../strategy.js';
import type { BearerAuthConfig } from '../types.js';

/**
 * A token handed over as is. With a function, each request asks it for the current token, so a
 * page that renews its own token (or a 401) is picked up on the retry. Every token it hands out
 * is registered as a secret before it is used.
 */
export function createBearerAuth(config: BearerAuthConfig, options: { secrets?: SecretRegistry } = {}): AuthStrategy {
  const { token } = config;
  const secrets = options.secrets ?? new SecretRegistry();
  if (typeof token === 'string') secrets.add(token);
  const authorize = async (request: PendingRequest) => {
    const value = typeof token === 'function' ? await token() : token;
    if (typeof value !== 'string' || value === '') {
      throw new AuthError(
        { url: request.url, what: 'The bearer token callback returned no token' },
        { hint: 'Return the current access token as a non-empty string' },
      );
    }
    secrets.add(value);
    // `Headers` would throw a TypeError quoting the token.
    if (!isHeaderSafe(value)) {
      throw new AuthError(
        {
          url: request.url,
          what: 'The bearer token cannot be sent in a header: it holds control characters (CR, LF …) or characters beyond Latin-1',
        },
        {
          hint:
            typeof token === 'function'
              ? 'Check what the token callback returns'
              : 'Check CAMUNDA_OAUTH_TOKEN (a stray newline from a file?)',
        },
      );
    }
    request.headers.set('authorization', `Bearer ${value}`);
  };
  return {
    name: 'BEARER',
    authorize,
    secrets,
    // A fixed token cannot get better by retrying; a function might hand out a new one.
    onUnauthorized: async () => typeof token === 'function',
    describe: () => (typeof token === 'function' ? 'bearer token from a callback' : 'fixed bearer token (CAMUNDA_OAUTH_TOKEN)'),
    unauthorizedHint: 'The token was refused: it may have expired or be meant for another audience (CAMUNDA_OAUTH_TOKEN)',
  };
}
