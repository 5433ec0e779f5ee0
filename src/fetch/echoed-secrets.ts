/**
 * Snapshots (schemas, forms) are committed, and `generate` copies their text into code. A server
 * that echoes the request into what it serves (a debugging proxy, a misconfigured gateway) would
 * put the token or password there: every snapshot writer refuses such a set whole, naming the
 * first file, before anything is written.
 */
import path from 'node:path';
import type { FileToWrite } from '../util/atomic-write.js';
import { findSecret, knowsSecrets, type SecretRegistry } from '../util/redact.js';
import { FetchError } from './errors.js';

/**
 * Short values (a query value like `?group=tasklist`, a 4-letter password) are common words in a
 * schema too; they stay redacted from output, but only a secret of token length refuses a document.
 */
const MIN_REFUSED_SECRET_LENGTH = 12;

export function refuseEchoedSecrets(files: readonly FileToWrite[], secrets: SecretRegistry | undefined): void {
  if (!secrets || !knowsSecrets(secrets)) return;
  const leaking = files.find(
    (file) => typeof file.contents === 'string' && (findSecret(secrets, file.contents)?.length ?? 0) >= MIN_REFUSED_SECRET_LENGTH,
  );
  if (!leaking) return;
  throw new FetchError(
    'SECRET_IN_DOCUMENT',
    `What the server sent for ${path.basename(leaking.path)} contains one of your credentials (a token, password or secret it echoes from the request); nothing was written`,
    {
      url: leaking.path,
      hint: 'Find what echoes request headers into the answer (a proxy or gateway in front of Tasklist) and turn that off, then fetch again.',
    },
  );
}
