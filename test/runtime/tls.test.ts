import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { hasOpenssl, makeTestCertificates, OPENSSL } from '../support/certificates.js';
import { createNodeTransport } from '../../src/runtime/node-transport.js';
import { NetworkError } from '../../src/runtime/errors.js';
import { ConfigError } from '../../src/util/errors.js';

if (!hasOpenssl) console.warn(`Skipping TLS tests: ${OPENSSL} is not installed, and the test makes its certificates with it`);

describe.skipIf(!hasOpenssl)('TLS on Node: custom CA and mutual TLS from CAMUNDA_CUSTOM_* variables', () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  const files = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    ({ dir } = await makeTestCertificates({ caName: 'tasklist-codegen test CA', clientName: 'tasklist-worker' }));
    server = createServer(
      {
        key: await readFile(files('server.key')),
        cert: await readFile(files('server.crt')),
        ca: await readFile(files('ca.crt')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ client: peer.subject?.CN }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string>) => ({ CAMUNDA_TASKLIST_BASE_URL: baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE', ...extra });

  it('trusts the custom CA and presents the client certificate', async () => {
    const tf = createNodeTransport({
      env: env({
        CAMUNDA_CUSTOM_ROOT_CERT_PATH: files('ca.crt'),
        CAMUNDA_CUSTOM_CERT_CHAIN_PATH: files('client.crt'),
        CAMUNDA_CUSTOM_PRIVATE_KEY_PATH: files('client.key'),
      }),
      retry: false,
    });
    const res = await tf('/v1/tasks', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ client: 'tasklist-worker' });
  });

  it('without the CA the server is not trusted: NetworkError with a hint at CAMUNDA_CUSTOM_ROOT_CERT_PATH', async () => {
    const tf = createNodeTransport({ env: env({}), retry: false });
    const error = (await tf('/v1/tasks').catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.hint).toMatch(/CAMUNDA_CUSTOM_ROOT_CERT_PATH/);
  });

  it('without a client certificate the server refuses the handshake', async () => {
    const tf = createNodeTransport({ env: env({ CAMUNDA_CUSTOM_ROOT_CERT_PATH: files('ca.crt') }), retry: false });
    await expect(tf('/v1/tasks')).rejects.toBeInstanceOf(NetworkError);
  });

  it('unreadable or half-configured TLS variables are ConfigErrors naming the variable', () => {
    expect(() => createNodeTransport({ env: env({ CAMUNDA_CUSTOM_ROOT_CERT_PATH: files('missing.crt') }) })).toThrow(ConfigError);
    try {
      createNodeTransport({ env: env({ CAMUNDA_CUSTOM_CERT_CHAIN_PATH: files('client.crt') }) });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).variable).toBe('CAMUNDA_CUSTOM_PRIVATE_KEY_PATH');
    }
  });
});
