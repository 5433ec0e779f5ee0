import { base64, withHeaders, type AuthStrategy } from '../strategy.js';
import type { BasicAuthConfig } from '../types.js';

/** HTTP Basic on every request (Helm default, `demo`/`demo`). */
export function createBasicAuth(config: BasicAuthConfig): AuthStrategy {
  const header = `Basic ${base64(`${config.username}:${config.password}`)}`;
  return {
    name: 'BASIC',
    apply: async (request) => withHeaders(request, { authorization: header }),
    describe: () => `HTTP Basic as ${config.username}`,
  };
}
