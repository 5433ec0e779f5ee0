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
 * signal, as a token request or a login does), `getToken`; the rest (`observe`, `onUnauthorized`)
 * acts on answers to signed calls, which only come once it has loaded. A load that fails is an
 * `AuthError` for that call; the next call tries again. Once loaded, every member is the loaded
 * strategy's own answer, an aborted signal included.
 */
import { AuthError } from '../../util/errors.js';
import { SecretRegistry } from '../../util/redact.js';
import { untilAborted, type AuthStrategy, type AuthStrategyOptions, type TransportDefaults } from '../strategy.js';
import type { CookieAuthConfig, OAuthConfig } from '../types.js';
import type { OAuthStrategy } from './oauth.js';
import { cookieSettings, oauthSettings } from './settings.js';

/** `createOAuth(config, options)`, its module loaded on first use. */
export function deferredOAuth(given: OAuthConfig, options: AuthStrategyOptions): OAuthStrategy {
  // As it is now: the module loaded later must not see a change the caller makes to the object.
  const config = { ...given };
  const secrets = options.secrets ?? new SecretRegistry();
  const settings = oauthSettings(config, options, secrets);
  const load = () => import('./oauth.js').then((module) => module.createOAuth(config, { ...options, secrets }));
  return deferred('OAUTH', secrets, settings.description, load, (ready) => ({
    audience: settings.audience,
    getToken: async (signal?: AbortSignal) => (await ready(signal, settings.safeUrl)).getToken(signal),
  }));
}

/** `createCookieAuth(config, options)`, its module loaded on first use. */
export function deferredCookieAuth(given: CookieAuthConfig, options: AuthStrategyOptions): AuthStrategy {
  const config = { ...given };
  const secrets = options.secrets ?? new SecretRegistry();
  const settings = cookieSettings(config, options, secrets);
  return deferred('COOKIE', secrets, settings.description, () =>
    import('./cookie.js').then((module) => module.createCookieAuth(config, { ...options, secrets })),
  );
}

/** The strategy, at once when its module has loaded, else once it has (or the caller's signal ends the wait). */
type Ready<S> = (signal: AbortSignal | undefined, url: string) => S | Promise<S>;

function deferred<S extends AuthStrategy, E extends object = object>(
  name: S['name'],
  secrets: SecretRegistry,
  description: string,
  load: () => Promise<S>,
  extend?: (ready: Ready<S>) => E,
): AuthStrategy & { readonly name: S['name'] } & E {
  let strategy: S | undefined;
  let loading: Promise<S> | undefined;
  // What transports offered before the module was there, handed over once it is.
  const offered: TransportDefaults[] = [];
  const ready: Ready<S> = (signal, url) => {
    // Loaded, the strategy answers as itself (an aborted signal is its business, not the loader's).
    if (strategy !== undefined) return strategy;
    loading ??= load().then(
      (loaded) => {
        for (const defaults of offered) loaded.useTransportDefaults?.(defaults);
        return (strategy = loaded);
      },
      (cause: unknown) => {
        loading = undefined;
        throw secrets.scrub(
          new AuthError(
            { url, what: `The ${name} sign-in code could not be loaded: ${(cause as Error | undefined)?.message ?? String(cause)}` },
            { hint: 'Serve every file of the build beside its entry (the bundler split this code into a chunk of its own)', cause },
          ),
        );
      },
    );
    return untilAborted(loading, signal);
  };
  return {
    name,
    secrets,
    describe: () => description,
    // The module's own hint once it has loaded. A copy made before that (`{ ...strategy }`) keeps
    // the transport's general one ("check the credentials of <describe()>"): the two hints are
    // left in the lazily loaded modules, out of what every page downloads up front.
    get unauthorizedHint() {
      return strategy?.unauthorizedHint;
    },
    authorize: async (request) => (await ready(request.signal, request.url)).authorize(request),
    onUnauthorized: async (failed) => (await strategy?.onUnauthorized?.(failed)) ?? false,
    observe: (response) => strategy?.observe?.(response),
    useTransportDefaults(defaults) {
      offered.push(defaults);
      strategy?.useTransportDefaults?.(defaults);
    },
    ...(extend?.(ready) as E),
  };
}
