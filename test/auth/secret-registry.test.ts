/**
 * The SecretRegistry on its own: the forms it knows a secret by, what it leaves alone, linked
 * registries, scrubbing an error in place, and URLs that carry credentials.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry, addBasicSecret, knowsSecrets, redactUrl, secretsOfUrl } from '../../src/util/redact.js';
import { HttpError } from '../../src/runtime/errors.js';
import { createTransport } from '../../src/runtime/transport.js';

const SECRET = 'sr-M4rker&x=1 %"q';

describe('SecretRegistry', () => {
  it('redacts every form a secret travels in, and Basic pairs both ways', () => {
    const registry = addBasicSecret(new SecretRegistry([SECRET]), 'id 1', SECRET);
    const form = new URLSearchParams({ v: SECRET }).toString().slice(2);
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      form,
      JSON.stringify(SECRET).slice(1, -1),
      Buffer.from(SECRET).toString('base64'),
      Buffer.from(`id 1:${SECRET}`).toString('base64'),
      Buffer.from(`id+1:${form}`).toString('base64'),
    ];
    for (const f of forms) expect(registry.redact(`<${f}>`)).toBe(`<${REDACTED}>`);
  });

  it("redacts the forms other servers' encoders write: lower-case hex, RFC 3986 and PHP percent-encoding, PHP's JSON, base64url", () => {
    const secret = 's3/cr=t+k!e*y~(x) 9';
    const registry = new SecretRegistry([secret]);
    const hex = (c: string) => [...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const encode = (keep: RegExp, space: string, lower: boolean) =>
      [...secret].map((c) => (keep.test(c) ? c : c === ' ' ? space : lower ? hex(c) : hex(c).toUpperCase())).join('');
    const others = [
      encode(/[A-Za-z0-9\-_.!~*'()]/, '%20', true), // .NET's HttpUtility.UrlEncode writes lower-case hex
      encode(/[A-Za-z0-9\-_.~]/, '%20', false), // RFC 3986: PHP rawurlencode, Python quote(safe='')
      encode(/[A-Za-z0-9\-_.~]/, '+', false), // Python quote_plus
      encode(/[A-Za-z0-9\-_.]/, '+', false), // PHP urlencode
      encode(/[A-Za-z0-9\-_.~]/, '+', true),
      JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/'), // PHP json_encode
      Buffer.from(secret).toString('base64url'),
      Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    ];
    for (const f of others) expect(registry.redact(`<${f}>`), f).toBe(`<${REDACTED}>`);
  });

  it('leaves values under 4 characters and blanks unregistered', () => {
    const registry = new SecretRegistry(['abc', '', undefined]);
    expect(knowsSecrets(registry)).toBe(false);
    expect(registry.redact('abc')).toBe('abc');
  });

  it('a linked registry is consulted, also for what it learns later', () => {
    const strategy = new SecretRegistry();
    const transport = new SecretRegistry().link(strategy);
    strategy.add('tok-learned-later');
    expect(transport.redact('Bearer tok-learned-later')).toBe(`Bearer ${REDACTED}`);
    // Cycles are harmless.
    strategy.link(transport);
    expect(strategy.redact('tok-learned-later')).toBe(REDACTED);
  });

  it('scrubs an error in place: message, stack, fields, nested bodies, cause; a Response field stays out of inspect', () => {
    const registry = new SecretRegistry(['tok-in-body-1234']);
    const error = new HttpError(
      {
        status: 403,
        url: 'http://127.0.0.1/x',
        bodyText: '{"detail":"Bearer tok-in-body-1234","deep":{"list":["tok-in-body-1234"]}}',
        response: new Response('', { headers: { 'x-echo': 'tok-in-body-1234' } }),
      },
      { cause: new Error('inner tok-in-body-1234') },
    );
    registry.scrub(error);
    const shown = [
      String(error),
      error.stack,
      inspect(error, { depth: 8 }),
      JSON.stringify(error),
      error.bodyText,
      JSON.stringify(error.problem),
    ].join('\n');
    expect(shown).not.toContain('tok-in-body-1234');
    expect(error.message).toContain(`Bearer ${REDACTED}`);
    expect(error.response?.headers.get('x-echo')).toBe('tok-in-body-1234');
  });

  it('scrubs an echo nested deeper than any fixed limit (a problem+json 40 levels down), and a 10,000-deep body without overflowing', () => {
    const registry = new SecretRegistry(['tok-deep-echo-77']);
    const nest = (levels: number) => {
      const root: Record<string, unknown> = {};
      let at = root;
      for (let i = 0; i < levels; i++) at = (at['inner'] = {}) as Record<string, unknown>;
      at['echo'] = 'Bearer tok-deep-echo-77';
      return root;
    };
    const error = new HttpError({ status: 500, url: 'http://127.0.0.1/x', bodyText: JSON.stringify(nest(40)) });
    registry.scrub(error);
    expect(JSON.stringify(error)).not.toContain('tok-deep-echo-77');
    expect(inspect(error, { depth: Infinity })).not.toContain('tok-deep-echo-77');
    const deep = Object.assign(new Error('x'), { body: nest(10_000) });
    registry.scrub(deep);
    let at = deep.body as Record<string, unknown>;
    while (at['inner']) at = at['inner'] as Record<string, unknown>;
    expect(at['echo']).toBe(`Bearer ${REDACTED}`);
  });

  it('keeps what it knows out of util.inspect, console.log and JSON.stringify, of itself and of a transport', () => {
    const registry = addBasicSecret(new SecretRegistry(['reg-inspect-secret-5']), 'demo', 'reg-basic-pw-6');
    const transport = createTransport({
      baseUrl: 'http://127.0.0.1:9',
      auth: { strategy: 'BASIC', username: 'demo', password: 'tr-basic-pw-7' },
    });
    const shown = [
      inspect(registry, { depth: Infinity, showHidden: true }),
      JSON.stringify(registry),
      inspect(transport, { depth: Infinity, showHidden: true }),
    ].join('\n');
    for (const secret of [
      'reg-inspect-secret-5',
      'reg-basic-pw-6',
      'tr-basic-pw-7',
      Buffer.from('demo:tr-basic-pw-7').toString('base64'),
    ]) {
      expect(shown).not.toContain(secret);
    }
    // Still known, of course.
    expect(registry.redact('reg-inspect-secret-5')).toBe(REDACTED);
    expect(transport.secrets.redact('tr-basic-pw-7')).toBe(REDACTED);
  });

  it('redactValue copies an event with its strings redacted', () => {
    const registry = new SecretRegistry(['evt-secret-99']);
    const event = { type: 'warning', message: 'got evt-secret-99', nested: { list: ['evt-secret-99'] } };
    expect(registry.redactValue(event)).toEqual({ type: 'warning', message: `got ${REDACTED}`, nested: { list: [REDACTED] } });
    expect(event.message).toBe('got evt-secret-99');
  });
});

describe('URLs that carry credentials', () => {
  it("query: 'all' masks every query value; the default masks the known secret names", () => {
    expect(redactUrl('https://idp/oauth/token?key=abc123&x=1', { query: 'all' })).toBe('https://idp/oauth/token?key=***&x=***');
    expect(redactUrl('https://idp/oauth/token?key=abc123&password=p')).toBe('https://idp/oauth/token?key=abc123&password=***');
  });

  it('user info never shows, also in text that is not an http(s) URL', () => {
    expect(redactUrl('http://demo:pw-1234@127.0.0.1:99999/x')).toBe('http://***@127.0.0.1:99999/x');
    expect(redactUrl('demo:pw-1234@127.0.0.1:8080/x?y=1')).toBe('***@127.0.0.1:8080/x');
    expect(secretsOfUrl('demo:pw-1234@127.0.0.1:8080')).toContain('pw-1234');
    expect(secretsOfUrl('https://u:p%40ss-1@host/?k=v1234', { query: 'all' })).toEqual(['u', 'p@ss-1', 'v1234']);
  });
});
