/**
 * Who the client is signed in as, from Camunda 8.8+'s `GET /v2/authentication/me`: the username a
 * task UI assigns to itself ("claim"), with the caller's groups, roles and tenants. Works with any
 * sign-in (none, Basic, OAuth, cookie session), through the client's authenticated fetch.
 */
import { HttpError } from './errors.js';
import type { TasklistFetch } from './types.js';

export interface CamundaUser {
  username: string;
  displayName: string | null;
  email: string | null;
  groups: string[];
  roles: string[];
  tenants: Array<{ tenantId: string; name: string }>;
  authorizedComponents: string[];
  /** The session can be ended (a web login); false for tokens and Basic. */
  canLogout: boolean;
}

/** `client`: `createTasklistClient()` (or anything with its `baseUrl` and `fetch`). */
export async function whoAmI(
  client: { baseUrl: string; fetch: TasklistFetch },
  options: { signal?: AbortSignal } = {},
): Promise<CamundaUser> {
  const url = `${client.baseUrl.replace(/\/+$/, '')}/v2/authentication/me`;
  const response = await client.fetch(url, {
    method: 'GET',
    headers: { accept: 'application/json' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new HttpError(
      { status: response.status, url, bodyText: text, response },
      {
        hint:
          response.status === 404
            ? 'This server has no /v2/authentication/me: it is older than Camunda 8.8 (Tasklist v1 has no such endpoint)'
            : response.status === 401
              ? 'Check the credentials (CAMUNDA_AUTH_STRATEGY and friends)'
              : 'See the body for details',
      },
    );
  }
  return JSON.parse(text) as CamundaUser;
}
