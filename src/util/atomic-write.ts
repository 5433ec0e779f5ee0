/**
 * Writes that survive a kill at any moment: nothing a run had is lost.
 *
 * Three guarantees, from small to large:
 *
 * - {@link writeFileAtomic}: one file is either the old or the new content. The data goes to a
 *   temp file in the same folder (same file system, so `rename` is atomic), is fsync'ed, then
 *   renamed over the target, and the folder is fsync'ed so the rename itself is durable.
 * - {@link writeFileSetAtomic}: several files (a fetch writes up to four) change together. Every
 *   new file is first written and fsync'ed as a temp beside its target; only then a small journal
 *   listing the renames is committed (itself atomically); then the renames run and the journal is
 *   removed. {@link recoverFileSet} — run at the start of every set write — rolls a committed
 *   journal forward (renames are idempotent) and otherwise deletes the temps of a set that never
 *   committed. So after the next run, the set is all-old or all-new. A reader that looks *between*
 *   a kill and the next run may see a mix; schema metadata carries the content hash so such a
 *   reader can tell.
 * - {@link replaceDirectoryAtomic}: a whole folder (`generated/`) is swapped: the new tree is built
 *   in a sibling folder, then `dir → .dir.old`, `.dir.new → dir`, and the old tree removed.
 *   {@link recoverDirectory} finishes or rolls back a swap a kill interrupted.
 *
 * None of this protects against two processes writing the same target at once: the set and
 * directory writers take a lock file (`.<name>.lock`, stolen only from a dead process) for that.
 *
 * Journals, locks and the swap's sibling folders are input like any other file: someone may have
 * planted them (a pull request, a shared folder). Recovery acts only on what this writer itself
 * makes: a rename of `.<name>.<pid>.<8 hex>.tmp` onto `<name>` in the same folder, inside the
 * journal's folder (or onto a file the caller names), with no symlink on the way out of it; and
 * sibling folders that are real folders. Anything else is left alone, with one warning.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readFile,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  unlink,
  utimes,
} from 'node:fs/promises';
import path from 'node:path';
import { TasklistCodegenError } from './errors.js';

export interface WriteFileAtomicOptions {
  /** File mode of a newly created file, e.g. `0o600` for a token cache. Default `0o666` minus umask. */
  mode?: number;
}

export interface FileToWrite {
  path: string;
  contents: string | Uint8Array;
}

export interface StateFileOptions {
  /**
   * Told, once per state file, what in it was ignored (a planted journal, a foreign sibling
   * folder). The message is safe to print: names in it are quoted with control characters escaped.
   * Default: `console.warn`.
   */
  warn?: (message: string) => void;
}

export interface FileSetOptions extends StateFileOptions {
  /**
   * Files outside `journalDir` that set writes may target (a schema file configured elsewhere).
   * A journal naming any other file outside `journalDir` is not followed. The files of the set
   * being written are allowed anyway.
   */
  targets?: readonly string[];
}

/** A state file (journal, lock) that is not what this writer makes, or a lock another live run holds: the user's to resolve. */
export class StateFileError extends TasklistCodegenError<'STATE_FILE' | 'LOCK_HELD'> {
  override readonly name = 'StateFileError';
  declare readonly hint: string;
  constructor(message: string, code: 'STATE_FILE' | 'LOCK_HELD', hint: string) {
    super(code, message, { hint });
  }
}

/**
 * Reads one of the toolkit's own state files (journal, lock, manifest): `undefined` when there is
 * none, `'not-a-file'` when something else sits under its name (a symlink, a folder, a FIFO that
 * would block the read forever). Nothing is followed.
 */
export async function readStateFile(file: string): Promise<string | undefined | 'not-a-file'> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  if (!info.isFile()) return 'not-a-file';
  return readIfExists(file);
}

/** Reads a UTF-8 file, or `undefined` when there is none (any other error is thrown). */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Replaces `file` with `data` so that a crash leaves either the old or the new content, never a torn file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = tempNameFor(file);
  // Keep the mode of the file being replaced (a 0600 token cache stays 0600) unless told otherwise.
  const mode = options.mode ?? (await modeOf(file));
  try {
    await writeDurably(temp, data, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

/**
 * Replaces `file` with `data` for a cache: a concurrent reader sees the old content or the new,
 * never half (temp file beside it, then rename), but without fsync: a cache lost in a crash is
 * only rebuilt. Synchronous, for the end of a run. Throws what the file system said; no temp file
 * is left behind.
 */
export function replaceFileSync(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = tempNameFor(file);
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// A set of files, all-or-nothing through a journal.

const JOURNAL_NAME = '.tasklist-codegen.journal.json';
const PENDING_JOURNAL_NAME = '.tasklist-codegen.journal.pending.json';

interface Journal {
  /** `temp → target` renames, absolute paths. */
  renames: Array<{ temp: string; target: string }>;
}

/**
 * Writes every file of `files` so that, once {@link recoverFileSet} has run (each call of this
 * function runs it first), either all of them have the new content or none has. `journalDir` holds
 * the journal and the lock — use the folder the files live in (e.g. `schemas/`).
 */
export async function writeFileSetAtomic(journalDir: string, files: readonly FileToWrite[], options: FileSetOptions = {}): Promise<void> {
  await mkdir(journalDir, { recursive: true });
  await withLock(path.join(journalDir, '.tasklist-codegen'), async () => {
    await recoverFileSetUnlocked(journalDir, { ...options, targets: [...(options.targets ?? []), ...files.map((file) => file.path)] });
    if (files.length === 0) return;
    const journal: Journal = {
      renames: files.map((file) => ({ temp: tempNameFor(path.resolve(file.path)), target: path.resolve(file.path) })),
    };
    // The pending journal names the temps before they exist, so a kill while writing them leaves
    // something that says which files to clean up.
    const pending = path.join(journalDir, PENDING_JOURNAL_NAME);
    await writeFileAtomic(pending, JSON.stringify(journal));
    try {
      for (const [index, file] of files.entries()) {
        const { temp } = journal.renames[index]!;
        await mkdir(path.dirname(temp), { recursive: true });
        await writeDurably(temp, file.contents);
      }
      for (const dir of uniqueDirs(journal.renames.map((entry) => entry.temp))) await fsyncDirectory(dir);
    } catch (error) {
      await rollBack(journalDir, journal);
      throw error;
    }
    // Commit point: from here on the set will be rolled forward, never back.
    await rename(pending, path.join(journalDir, JOURNAL_NAME));
    await fsyncDirectory(journalDir);
    await rollForward(journalDir, journal);
  });
}

/**
 * Brings a set write a kill interrupted to a consistent end: a committed journal is rolled forward,
 * an uncommitted one rolled back (its temps deleted). Safe to call at any time; cheap when there is
 * nothing to do.
 */
export async function recoverFileSet(journalDir: string, options: FileSetOptions = {}): Promise<void> {
  if (!(await exists(journalDir))) return;
  await withLock(path.join(journalDir, '.tasklist-codegen'), () => recoverFileSetUnlocked(journalDir, options));
}

async function recoverFileSetUnlocked(journalDir: string, options: FileSetOptions): Promise<void> {
  // A kill while the pending journal itself was being written leaves only its temp: nothing had started.
  for (const name of await readdir(journalDir)) {
    if (!name.startsWith(`.${PENDING_JOURNAL_NAME}.`) || !name.endsWith('.tmp')) continue;
    // Only a file of that name is the writer's; a folder planted under it is left alone.
    const entry = path.join(journalDir, name);
    if (!(await lstat(entry)).isDirectory()) await rm(entry, { force: true });
  }
  const committed = await readJournal(journalDir, JOURNAL_NAME, options);
  if (committed) await rollForward(journalDir, committed);
  const pending = await readJournal(journalDir, PENDING_JOURNAL_NAME, options);
  if (pending) await rollBack(journalDir, pending);
}

async function rollForward(journalDir: string, journal: Journal): Promise<void> {
  for (const { temp, target } of journal.renames) {
    // A temp that is gone was renamed already by the run that was killed.
    if (await exists(temp)) await rename(temp, target);
  }
  for (const dir of uniqueDirs(journal.renames.map((entry) => entry.target))) await fsyncDirectory(dir);
  await rm(path.join(journalDir, JOURNAL_NAME), { force: true });
  await fsyncDirectory(journalDir);
}

async function rollBack(journalDir: string, journal: Journal): Promise<void> {
  for (const { temp } of journal.renames) await rm(temp, { force: true });
  await rm(path.join(journalDir, PENDING_JOURNAL_NAME), { force: true });
  await fsyncDirectory(journalDir);
}

/**
 * The journal `name` in `journalDir`, keeping only the renames this writer could have written (see
 * the module comment); what else it names is reported once and left alone.
 */
async function readJournal(journalDir: string, name: string, options: FileSetOptions): Promise<Journal | undefined> {
  const file = path.join(journalDir, name);
  const text = await readStateFile(file);
  if (text === undefined) return undefined;
  if (text === 'not-a-file') {
    warnOnce(
      options,
      `${printable(file)} ignored: not a file tasklist-codegen writes (a symlink, folder or pipe is never followed). Remove it.`,
    );
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The journal is itself written atomically, so a torn one means someone else wrote it.
  }
  const renames = (parsed as Partial<Journal> | null)?.renames;
  if (!Array.isArray(renames)) {
    throw new StateFileError(
      `${file} is not a tasklist-codegen journal.`,
      'STATE_FILE',
      'Move it away and run again (the files it would have changed are untouched).',
    );
  }
  const allowed = new Set((options.targets ?? []).map((target) => path.resolve(target)));
  const accepted: Journal['renames'] = [];
  const ignored: unknown[] = [];
  for (const entry of renames) {
    if (await isOwnRename(journalDir, entry, allowed)) accepted.push(entry as Journal['renames'][number]);
    else ignored.push(entry);
  }
  if (ignored.length > 0) {
    warnOnce(
      options,
      `${printable(file)}: ignored ${ignored.length} entr${ignored.length === 1 ? 'y' : 'ies'} that tasklist-codegen does not write (first: ${printable(JSON.stringify(ignored[0]) ?? '')}); nothing they name was touched.`,
    );
  }
  return { renames: accepted };
}

/**
 * True for a rename this writer makes: absolute normalised paths, the temp named after the target
 * in the target's folder, the target not a hidden file, inside `journalDir` or one of `allowed`,
 * and no symlink between `journalDir` (or the allowed file's folder) and the file.
 */
async function isOwnRename(journalDir: string, entry: unknown, allowed: ReadonlySet<string>): Promise<boolean> {
  const { temp, target } = (entry ?? {}) as { temp?: unknown; target?: unknown };
  if (typeof temp !== 'string' || typeof target !== 'string') return false;
  if (!path.isAbsolute(temp) || !path.isAbsolute(target) || path.normalize(temp) !== temp || path.normalize(target) !== target)
    return false;
  const name = path.basename(target);
  if (name.startsWith('.') || path.dirname(temp) !== path.dirname(target) || !isTempName(path.basename(temp), name)) return false;
  const root = path.resolve(journalDir);
  const relative = path.relative(root, target);
  const inside = relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
  if (!inside && !allowed.has(target)) return false;
  // The folder as the path says it, and as the file system resolves it, must be the same place.
  const base = inside ? root : path.dirname(target);
  const realBase = await realpathOrUndefined(base);
  const realDir = await realpathOrUndefined(path.dirname(target));
  if (realBase === undefined || realDir === undefined) return realDir === undefined;
  if (realDir !== path.join(realBase, path.relative(base, path.dirname(target)))) return false;
  // A temp is always a regular file: a planted symlink is not renamed into place. And a target
  // this writer wrote is a file (or a link a user put there), never a folder.
  const [tempStat, targetStat] = await Promise.all([lstat(temp).catch(() => undefined), lstat(target).catch(() => undefined)]);
  return (tempStat === undefined || tempStat.isFile()) && (targetStat === undefined || !targetStat.isDirectory());
}

/** `.<name>.<pid>.<8 hex>.tmp`, as {@link tempNameFor} makes. */
function isTempName(candidate: string, name: string): boolean {
  const prefix = `.${name}.`;
  return candidate.startsWith(prefix) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(candidate.slice(prefix.length));
}

async function realpathOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await realpath(file);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

/** A name from a state file, fit to print: quoted, control characters escaped, long ones cut. */
export function printable(value: string): string {
  const cut = value.length > 160 ? `${value.slice(0, 160)}…` : value;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function warnOnce(options: StateFileOptions, message: string): void {
  (options.warn ?? ((m: string) => console.warn(m)))(message);
}

// ---------------------------------------------------------------------------------------------
// A whole folder, swapped by renames.

export interface ReplaceDirectoryOptions extends StateFileOptions {
  /**
   * Entries of the current `dir` (relative, `/`) to carry into the new tree exactly as they are:
   * a file's bytes, mode and times, a symlink as the same link (never followed), an empty folder.
   * Copied, not moved, so a kill before the swap leaves them where they were.
   */
  keep?: readonly string[];
}

/**
 * Replaces the folder `dir` with exactly `files` (paths relative to `dir`, `/` separators) plus
 * the entries of `options.keep`. The new tree is built beside it in `.<name>.new`, then swapped
 * in; no temp folder is left behind.
 */
export async function replaceDirectoryAtomic(
  dir: string,
  files: ReadonlyArray<{ path: string; contents: string | Uint8Array }>,
  options: ReplaceDirectoryOptions = {},
): Promise<void> {
  const target = path.resolve(dir);
  const { building, ready } = siblingsOf(target);
  await mkdir(path.dirname(target), { recursive: true });
  await withLock(lockBaseFor(target), async () => {
    await recoverDirectoryUnlocked(target, options);
    const written: string[] = [];
    try {
      await mkdir(building, { recursive: true });
      for (const file of files) {
        const destination = resolveInside(building, file.path);
        await mkdir(path.dirname(destination), { recursive: true });
        if (!(await linkIfUnchanged(resolveInside(target, file.path), destination, file.contents)))
          await writeDurably(destination, file.contents);
        written.push(destination);
      }
      for (const entry of options.keep ?? []) written.push(await copyEntry(resolveInside(target, entry), resolveInside(building, entry)));
      for (const folder of uniqueDirs(written)) await fsyncDirectory(folder);
      await fsyncDirectory(building);
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      throw error;
    }
    // `.new` (complete) vs `.building` (maybe partial) is what lets recovery roll forward safely.
    await rename(building, ready);
    await fsyncDirectory(path.dirname(target));
    await swapIn(target);
  });
}

/**
 * A file whose bytes are the same as in the tree being replaced is hard-linked into the new tree
 * instead of written: it keeps its inode and mtime, so watchers and dev servers see only the files
 * that really changed. False (write it instead) when there is no such regular file or the file
 * system cannot link.
 */
async function linkIfUnchanged(current: string, destination: string, contents: string | Uint8Array): Promise<boolean> {
  try {
    const info = await lstat(current);
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    if (!info.isFile() || info.size !== bytes.byteLength || !(await readFile(current)).equals(bytes)) return false;
    await link(current, destination);
    return true;
  } catch {
    return false;
  }
}

/** Copies one entry as it is (see {@link ReplaceDirectoryOptions.keep}); returns the destination. */
async function copyEntry(source: string, destination: string): Promise<string> {
  const info = await lstat(source);
  await mkdir(path.dirname(destination), { recursive: true });
  if (info.isSymbolicLink()) {
    await symlink(await readlink(source), destination);
  } else if (info.isDirectory()) {
    await mkdir(destination, { recursive: true });
    await chmod(destination, info.mode & 0o7777);
  } else if (info.isFile()) {
    await copyFile(source, destination, fsConstants.COPYFILE_EXCL);
    const handle = await open(destination, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(destination, info.mode & 0o7777);
    await utimes(destination, info.atime, info.mtime);
  } else {
    throw new StateFileError(
      `${source} is neither a file, a folder nor a symlink, so it cannot be kept when the folder is rewritten.`,
      'STATE_FILE',
      'Move it out of the output folder and run again; nothing was changed.',
    );
  }
  return destination;
}

/** Finishes or rolls back a {@link replaceDirectoryAtomic} a kill interrupted. */
export async function recoverDirectory(dir: string, options: StateFileOptions = {}): Promise<void> {
  const target = path.resolve(dir);
  if (!(await exists(path.dirname(target)))) return;
  await withLock(lockBaseFor(target), () => recoverDirectoryUnlocked(target, options));
}

async function recoverDirectoryUnlocked(target: string, options: StateFileOptions): Promise<void> {
  const { building, ready, old } = siblingsOf(target);
  // A sibling this writer made is a real folder. A symlink (or file) planted under its name is
  // removed, never renamed into place nor followed.
  const foreign: string[] = [];
  for (const sibling of [building, ready, old]) {
    const info = await lstat(sibling).catch((error: unknown) => (isErrnoCode(error, 'ENOENT') ? undefined : Promise.reject(error)));
    if (info && !info.isDirectory()) {
      await rm(sibling, { force: true });
      foreign.push(sibling);
    }
  }
  if (foreign.length > 0)
    warnOnce(
      options,
      `Removed ${foreign.map(printable).join(', ')}: not a folder tasklist-codegen makes (nothing it pointed to was touched).`,
    );
  // A tree still being built was never complete: roll back.
  if (await exists(building)) await rm(building, { recursive: true, force: true });
  if (await exists(ready)) {
    // A complete new tree: roll forward, whether or not the old one was already moved aside.
    await swapIn(target);
    return;
  }
  if (await exists(old)) {
    if (await exists(target)) await rm(old, { recursive: true, force: true });
    // The old tree was moved aside but the new one is gone (removed by hand): put the old one back.
    else await rename(old, target);
  }
  await fsyncDirectory(path.dirname(target));
}

async function swapIn(target: string): Promise<void> {
  const { ready, old } = siblingsOf(target);
  const parent = path.dirname(target);
  if (await exists(target)) {
    // A leftover `.old` here can only be a fully swapped-out tree from an earlier run: drop it.
    await rm(old, { recursive: true, force: true });
    await rename(target, old);
  }
  await rename(ready, target);
  await fsyncDirectory(parent);
  await rm(old, { recursive: true, force: true });
}

function siblingsOf(target: string): { building: string; ready: string; old: string } {
  const base = path.join(path.dirname(target), `.${path.basename(target)}`);
  return { building: `${base}.building`, ready: `${base}.new`, old: `${base}.old` };
}

function lockBaseFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}`);
}

/** Joins a relative generated path onto a folder, refusing paths that climb out of it. */
function resolveInside(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  if (path.isAbsolute(relative) || !resolved.startsWith(root + path.sep)) {
    throw new Error(`Refusing to write "${relative}": generated file paths must stay inside the output folder.`);
  }
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// A lock file, so two runs do not interleave renames.

async function withLock<T>(base: string, work: () => Promise<T>): Promise<T> {
  const lockFile = `${base}.lock`;
  await acquireLock(lockFile);
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function acquireLock(lockFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const handle = await open(lockFile, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if (!isErrnoCode(error, 'EEXIST')) throw error;
    }
    const content = await readStateFile(lockFile);
    // A symlink, folder or pipe under the lock's name is not a lock this writer took: not read, removed.
    if (content === 'not-a-file') {
      const removed = await unlink(lockFile).then(
        () => true,
        (error: unknown) => isErrnoCode(error, 'ENOENT'),
      );
      if (removed) continue;
      throw new StateFileError(
        `${lockFile} is not a lock file tasklist-codegen makes (a folder?).`,
        'STATE_FILE',
        'Remove it and run again; nothing was changed.',
      );
    }
    const owner = Number.parseInt(content ?? '', 10);
    // A lock left by a killed process would block every later run; a dead owner's lock is free.
    // So is one without a pid that is not brand new: its owner was killed between creating the
    // file and writing its pid (a live owner writes it within microseconds).
    const stale = Number.isInteger(owner) && owner > 0 ? !isProcessAlive(owner) : await isOlderThan(lockFile, 1_000);
    if (stale) {
      await unlink(lockFile).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      const who = Number.isInteger(owner) && owner > 0 ? `process ${owner}` : 'a process that has not written its id yet';
      throw new StateFileError(
        `${lockFile} is held by ${who}, which is still running: another tasklist-codegen run is writing here.`,
        'LOCK_HELD',
        `Wait for it to finish and run again. If ${who} is not tasklist-codegen (a reused process id), delete ${lockFile}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function isOlderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch (error) {
    // Gone already: free.
    if (isErrnoCode(error, 'ENOENT')) return true;
    throw error;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isErrnoCode(error, 'EPERM');
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeDurably(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const handle = await open(file, 'w', mode);
  try {
    // `open` applies the umask; an explicit mode is meant exactly.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename in `dir` durable. Some platforms (Windows) cannot open a folder; they need no fsync. */
async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isErrnoCode(error, 'EISDIR') && !isErrnoCode(error, 'EPERM') && !isErrnoCode(error, 'EINVAL') && !isErrnoCode(error, 'ENOENT')) {
      throw error;
    }
  } finally {
    await handle?.close();
  }
}

function uniqueDirs(files: readonly string[]): string[] {
  return [...new Set(files.map((file) => path.dirname(file)))];
}

async function modeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return false;
    throw error;
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
