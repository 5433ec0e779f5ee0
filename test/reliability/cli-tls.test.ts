/**
 * The CLI's `fetch` over TLS with certificates the test makes (issue 9, "Secrets"): a custom root
 * CA (`CAMUNDA_CUSTOM_ROOT_CERT_PATH`) and a client certificate for mutual TLS
 * (`CAMUNDA_CUSTOM_CERT_CHAIN_PATH`, `CAMUNDA_CUSTOM_PRIVATE_KEY_PATH`). test/runtime/tls.test.ts
 * covers the transport; this checks that the command a CI job runs picks the variables up, and
 * what it says when they are missing.
 */
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import path from 'node:path';
import { hasOpenssl, makeTestCertificates, OPENSSL } from '../support/certificates.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/emulator/index.js';
import { makeProject, readText, removeProject, run, snapshotTree } from '../cli/helpers.js';

if (!hasOpenssl) console.warn(`Skipping the CLI TLS tests: ${OPENSSL} is not installed, and the test makes its certificates with it`);

describe.skipIf(!hasOpenssl)('tasklist-codegen fetch over https with a custom CA and mutual TLS', () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  const clients: string[] = [];
  const projects: string[] = [];
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    ({ dir } = await makeTestCertificates({ caName: 'reliability test CA', clientName: 'ci-runner' }));
    const document = JSON.stringify(buildOpenApiDocument({ serverVersion: '8.7.0' }));
    server = createServer(
      {
        key: await readFile(file('server.key')),
        cert: await readFile(file('server.crt')),
        ca: await readFile(file('ca.crt')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        clients.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN));
        if (req.url?.startsWith('/v3/api-docs')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(document);
        } else {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"status":404,"error":"Not Found"}');
        }
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true });
    for (const project of projects) removeProject(project);
  });

  const project = () => {
    const p = makeProject();
    projects.push(p);
    return p;
  };

  it('fetches the OpenAPI document presenting the client certificate, trusting the custom CA', async () => {
    const cwd = project();
    const result = await run(['fetch', '--rest'], {
      cwd,
      env: {
        CAMUNDA_TASKLIST_BASE_URL: baseUrl,
        CAMUNDA_CUSTOM_ROOT_CERT_PATH: file('ca.crt'),
        CAMUNDA_CUSTOM_CERT_CHAIN_PATH: file('client.crt'),
        CAMUNDA_CUSTOM_PRIVATE_KEY_PATH: file('client.key'),
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readText(cwd, 'schemas/tasklist.openapi.json')).openapi).toMatch(/^3\./);
    expect(clients).toContain('ci-runner');
  });

  it('without the CA: exit 5, the TLS failure named with the variable to set, nothing written', async () => {
    const cwd = project();
    const result = await run(['fetch', '--rest'], {
      cwd,
      env: {
        CAMUNDA_TASKLIST_BASE_URL: baseUrl,
        CAMUNDA_CUSTOM_CERT_CHAIN_PATH: file('client.crt'),
        CAMUNDA_CUSTOM_PRIVATE_KEY_PATH: file('client.key'),
      },
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/CAMUNDA_CUSTOM_ROOT_CERT_PATH/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(Object.keys(snapshotTree(cwd))).toEqual([]);
  });

  it('half the mTLS variables: exit 1 naming the missing one', async () => {
    const cwd = project();
    const result = await run(['fetch', '--rest'], {
      cwd,
      env: {
        CAMUNDA_TASKLIST_BASE_URL: baseUrl,
        CAMUNDA_CUSTOM_ROOT_CERT_PATH: file('ca.crt'),
        CAMUNDA_CUSTOM_CERT_CHAIN_PATH: file('client.crt'),
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CAMUNDA_CUSTOM_PRIVATE_KEY_PATH/);
  });
});
