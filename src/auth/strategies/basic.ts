import { SecretRegistry, addBasicSecret, base64 } from '../../util/redact.js';
import type { AuthStrategy } from '../strategy.js';
import type { BasicAuthConfig } from '../types.js';

/** HTTP Basic on every request (Helm default, `demo`/`demo`). */
export function createBasicAuth(config: BasicAuthConfig, options: { secrets?: SecretRegistry } = {}): AuthStrategy {
  const header = `Basic ${base64(`${config.username}:${config.password}`)}`;
  const secrets = addBasicSecret(options.secrets ?? new SecretRegistry(), config.username, config.password);
  return {
    name: 'BASIC',
    authorize: async (request) => {
      request.headers.set('authorization', header);
    },
    secrets,
    describe: () => `HTTP Basic as ${config.username}`,
    unauthorizedHint: 'Check CAMUNDA_BASIC_AUTH_USERNAME and CAMUNDA_BASIC_AUTH_PASSWORD',
  };
}
