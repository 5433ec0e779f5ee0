/**
 * A throwaway certificate authority for TLS tests: a CA, a server certificate for 127.0.0.1 and a
 * client certificate signed by it, made with the openssl CLI in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const OPENSSL = '/usr/bin/openssl';
export const hasOpenssl = existsSync(OPENSSL);

export interface TestCertificates {
  /** The folder holding `ca.crt`, `server.{key,crt}`, `client.{key,crt}`; the caller removes it. */
  dir: string;
  file(name: string): string;
}

export async function makeTestCertificates(options: { caName: string; clientName: string }): Promise<TestCertificates> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tlc-certs-'));
  const file = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    `/CN=${options.caName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await writeFile(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', options.clientName],
  ] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  }
  return { dir, file };
}
