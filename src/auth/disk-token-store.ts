/**
 * The optional disk token cache (`CAMUNDA_TOKEN_CACHE_DIR`), Node only. One file per cache key
 * (the key hashed, so no client id in a file name), folder 0700, files 0600, written atomically
 * (temp file + rename). It never crashes the caller:
 * - a folder that cannot be created or written (serverless hosts) → one warning, memory only;
 * - a corrupt file → ignored, replaced by the next token;
 * - a file owned by someone else, or readable by group or others → not read (someone could
 *   have planted it, or it has leaked), with a warning.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isCachedToken, type TokenStore } from './token-cache.js';

export interface DiskTokenStoreOptions {
  dir: string;
  /** Called once per problem kind, with a message that names the path and never a token. */
  warn?: (message: string) => void;
}

export function createDiskTokenStore(options: DiskTokenStoreOptions): TokenStore {
  const dir = path.resolve(options.dir);
  const warned = new Set<string>();
  const warn = (kind: string, message: string) => {
    if (warned.has(kind)) return;
    warned.add(kind);
    (options.warn ?? ((m: string) => console.warn(m)))(message);
  };
  let disabled = false;
  let ready: Promise<boolean> | undefined;

  const fileFor = (key: string) => path.join(dir, `token-${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

  async function prepare(): Promise<boolean> {
    try {
      const created = await mkdir(dir, { recursive: true, mode: 0o700 });
      const stat = await lstat(dir);
      if (!stat.isDirectory()) throw new Error('not a directory');
      if (uid !== undefined && stat.uid !== uid) {
        warn('dir-owner', `Token cache folder ${dir} belongs to another user; using the in-memory cache only`);
        return false;
      }
      // mkdir's mode is filtered by the umask. A folder the user already had (even /tmp) is left
      // as it is: the files are 0600 and checked for owner and mode before they are read.
      if (created !== undefined && (stat.mode & 0o777) !== 0o700) await chmod(dir, 0o700);
      return true;
    } catch (error) {
      warn(
        'dir',
        `Token cache folder ${dir} is not usable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); using the in-memory cache only`,
      );
      return false;
    }
  }

  async function usable(): Promise<boolean> {
    if (disabled) return false;
    ready ??= prepare();
    if (!(await ready)) disabled = true;
    return !disabled;
  }

  return {
    async load(key) {
      if (!(await usable())) return undefined;
      const file = fileFor(key);
      try {
        const stat = await lstat(file);
        if (!stat.isFile()) return undefined;
        if (uid !== undefined && stat.uid !== uid) {
          warn('file-owner', `Ignoring token cache file ${file}: it belongs to another user`);
          return undefined;
        }
        if ((stat.mode & 0o077) !== 0) {
          warn(
            'file-mode',
            `Ignoring token cache file ${file}: group or others may read it (mode ${(stat.mode & 0o777).toString(8)}); it will be replaced`,
          );
          return undefined;
        }
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
        return isCachedToken(parsed) ? parsed : undefined;
      } catch {
        // Missing or corrupt: the next token overwrites it.
        return undefined;
      }
    },
    async save(key, token) {
      if (!(await usable())) return;
      const file = fileFor(key);
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        // `wx` + 0600 from the first byte: the token is never readable by others, not even briefly.
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify(token));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        disabled = true;
        warn(
          'write',
          `Cannot write the token cache in ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); using the in-memory cache only`,
        );
      }
    },
    async remove(key) {
      if (disabled) return;
      await rm(fileFor(key), { force: true }).catch(() => undefined);
    },
  };
}
