/**
 * HTTPS by default: credentials and tokens must not cross a network in clear. Plain http:// is
 * fine to this machine (C8 Run, Docker on localhost, tests) and otherwise needs an explicit
 * `allowInsecureHttp`. Browser-safe.
 */
import { InsecureUrlError } from './errors.js';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '0:0:0:0:0:0:0:1'
  );
}

/** Throws `InsecureUrlError` for http:// to a host that is not this machine, unless allowed. */
export function assertSecureUrl(url: string | URL, allowInsecureHttp = false): void {
  const parsed = new URL(String(url));
  if (parsed.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(parsed.hostname)) {
    throw new InsecureUrlError(parsed.toString());
  }
}
