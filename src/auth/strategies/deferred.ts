/**
 * The OAuth and cookie strategies of an `AuthConfig`, whose code loads the first time a call needs
 * it. An `AuthConfig` names its strategy at run time, so `createAuthStrategy` must be able to build
 * every one; with a dynamic `import()` a bundler puts the token cache and the cookie jar into
 * chunks of their own, which a page signing in with a bearer token never downloads.
 *
 * The strategy returned is whole at once: its secrets are registered and its config checked
 * (./settings.ts) before `createAuthStrategy` returns, so a config error throws there with the same
 * message, and `describe()` and `audience` answer without the module. What needs the module waits
 * for it: `authorize` (so the load counts against the call's time limit and gives up with its
 * signal, as a token request or a login does), `getToken`; the rest (`observe`, `onUnauthorized`,
 * `unauthorizedHint`) acts on answers to signed calls, which only come once it has loaded. A load
 * that fails is an `AuthError` for that call; the next call tries again.
 */
import { AuthError } from '../../util/errors.js';
import { SecretRegistry } from '../../util/redact.js';
import { untilAborted, type AuthStrategy, type AuthStrategyOptions, type TransportDefaults } from '../strategy.js';
import type { CookieAuthConfig, OAuthConfig } from '../types.js';
import type { OAuthStrategy } from './oauth.js';
import { cookieSettings, oauthSettings } from './settings.js';

/** `createOAuth(config, options)`, its module loaded on first use. */
export function deferredOAuth(config: OAuthConfig, options: AuthStrategyOptions): OAuthStrategy {
  const secrets = options.secrets ?? new SecretRegistry();
  const { audience, description } = oauthSettings(config, options, secrets);
  const load = () => import('./oauth.js').then((module) => module.createOAuth(config, { ...options, secrets }));
  return deferred('OAUTH', secrets, description, load, (loaded) => ({
    audience,
    getToken: async (signal?: AbortSignal) => (await loaded(signal, config.oauthUrl ?? '')).getToken(signal),
  }));
}

/** `createCookieAuth(config, options)`, its module loaded on first use. */
export function deferredCookieAuth(config: CookieAuthConfig, options: AuthStrategyOptions): AuthStrategy {
  const secrets = options.secrets ?? new SecretRegistry();
  const { description } = cookieSettings(config, options, secrets);
  return deferred('COOKIE', secrets, description, () =>
    import('./cookie.js').then((module) => module.createCookieAuth(config, { ...options, secrets })),
  );
}

type Loaded<S> = (signal: AbortSignal | undefined, url: string) => Promise<S>;

function deferred<S extends AuthStrategy, E extends object = object>(
  name: S['name'],
  secrets: SecretRegistry,
  description: string,
  load: () => Promise<S>,
  extend?: (loaded: Loaded<S>) => E,
): AuthStrategy & { readonly name: S['name'] } & E {
  let strategy: S | undefined;
  let loading: Promise<S> | undefined;
  // What transports offered before the module was there, handed over once it is.
  const offered: TransportDefaults[] = [];
  const loaded: Loaded<S> = (signal, url) => {
    loading ??= load().then(
      (ready) => {
        for (const defaults of offered) ready.useTransportDefaults?.(defaults);
        return (strategy = ready);
      },
      (cause: unknown) => {
        loading = undefined;
        throw new AuthError(
          { url, what: `The ${name} sign-in code could not be loaded: ${(cause as Error | undefined)?.message ?? String(cause)}` },
          { hint: 'Serve every file of the build beside its entry (the bundler split this code into a chunk of its own)', cause },
        );
      },
    );
    return untilAborted(loading, signal);
  };
  return {
    name,
    secrets,
    describe: () => description,
    get unauthorizedHint() {
      return strategy?.unauthorizedHint;
    },
    authorize: async (request) => (await loaded(request.signal, request.url)).authorize(request),
    onUnauthorized: async (failed) => (await strategy?.onUnauthorized?.(failed)) ?? false,
    observe: (response) => strategy?.observe?.(response),
    useTransportDefaults(defaults) {
      offered.push(defaults);
      strategy?.useTransportDefaults?.(defaults);
    },
    ...(extend?.(loaded) as E),
  };
}
