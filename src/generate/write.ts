/**
 * The `generated/` folder on disk: its manifest, what is in it, and the one atomic write.
 *
 * The manifest (`generated/.tasklist-codegen.json`) records, per side, the hash of the inputs the
 * files were made from and the hash of each file. It lets `generate` return early without
 * loading a generator when nothing changed, tells which files belong to which side (so
 * `generate --rest` keeps the GraphQL files), and lets `check` see a hand-edited file.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { printable, recoverDirectory, replaceDirectoryAtomic, StateFileError, type StateFileOptions } from '../util/atomic-write.js';
import type { GeneratedFile } from './types.js';

export const MANIFEST_FILE = '.tasklist-codegen.json';

export type Side = 'graphql' | 'rest' | 'forms';
export const SIDES: readonly Side[] = ['graphql', 'rest', 'forms'];

export interface SideManifest {
  /** sha256 of everything the side's files were made from. */
  inputs: string;
  /** Output path (relative, `/`) → sha256 of its contents. */
  files: Record<string, string>;
}

export interface Manifest {
  generator: string;
  sides: Partial<Record<Side, SideManifest>>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Reads the manifest; a missing or unreadable one just means "no fast path". The manifest is
 * committed, so it is input like any other file: a file list naming anything but a plain relative
 * path inside the folder (`../x`, `/etc/x`, `a//b`) makes the whole manifest ignored, with a warning.
 */
export async function readManifest(outDir: string, options: StateFileOptions = {}): Promise<Manifest | undefined> {
  const file = path.join(outDir, MANIFEST_FILE);
  const text = await readGeneratedFile(outDir, MANIFEST_FILE);
  if (text === undefined) return undefined;
  let parsed: Manifest;
  try {
    parsed = JSON.parse(text) as Manifest;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.sides !== 'object' || parsed.sides === null) return undefined;
  for (const side of SIDES) {
    const entry = parsed.sides[side] as Partial<SideManifest> | undefined;
    if (entry === undefined) continue;
    const files = entry.files;
    const bad =
      typeof files !== 'object' || files === null
        ? '(no file list)'
        : Object.keys(files).find((name) => !isPlainRelativePath(name) || typeof files[name] !== 'string');
    if (bad !== undefined || typeof entry.inputs !== 'string') {
      (options.warn ?? ((m: string) => console.warn(m)))(
        `${printable(file)} ignored: it lists ${printable(bad ?? '(no inputs hash)')}, which tasklist-codegen never writes; everything is regenerated, nothing outside ${printable(outDir)} is read or written.`,
      );
      return undefined;
    }
  }
  return parsed;
}

/** `a/b.ts`: no empty, `.` or `..` segment, no backslash, no NUL, not absolute. What the generators produce. */
export function isPlainRelativePath(name: string): boolean {
  if (name === '' || name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * A generated file's text, or undefined when it is not there as a regular file inside `outDir`
 * (a symlink, anywhere on the way, is never followed out: someone's link is theirs, not ours).
 */
export async function readGeneratedFile(outDir: string, file: string): Promise<string | undefined> {
  if (!isPlainRelativePath(file)) return undefined;
  const full = path.join(outDir, file);
  try {
    const [info, real, root] = await Promise.all([lstat(full), realpath(full), realpath(outDir)]);
    if (!info.isFile() || real !== path.join(root, file)) return undefined;
    return await readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined;
    throw error;
  }
}

/** Deterministic to the byte: sides and files in sorted order, two-space JSON, final newline. */
export function renderManifest(manifest: Manifest): string {
  const sides: Record<string, SideManifest> = {};
  for (const side of SIDES) {
    const entry = manifest.sides[side];
    if (!entry) continue;
    const files: Record<string, string> = {};
    for (const file of Object.keys(entry.files).sort()) files[file] = entry.files[file]!;
    sides[side] = { inputs: entry.inputs, files };
  }
  return `${JSON.stringify({ $comment: 'Written by tasklist-codegen so unchanged inputs regenerate nothing. Do not edit.', generator: manifest.generator, sides }, null, 2)}\n`;
}

/**
 * The files the manifest lists for a side, read once each, when every one is on disk inside
 * `outDir` with the recorded contents; undefined when any is gone, changed or not a plain file there
 * (the manifest is input: its paths are checked, never followed).
 */
export async function intactSideFiles(outDir: string, entry: SideManifest): Promise<GeneratedFile[] | undefined> {
  const files: GeneratedFile[] = [];
  for (const [file, hash] of Object.entries(entry.files)) {
    const contents = await readGeneratedFile(outDir, file);
    if (contents === undefined || sha256(contents) !== hash) return undefined;
    files.push({ path: file, contents });
  }
  return files;
}

/** Every file under `dir` (relative, `/` separators, sorted), skipping the manifest; symlinks are not files. */
export async function listFiles(dir: string): Promise<string[]> {
  return (await listEntries(dir)).filter((entry) => entry.kind === 'file').map((entry) => entry.path);
}

/**
 * Every entry under `dir` the walk ends at (relative, `/` separators), skipping the manifest:
 * files, symlinks (not followed), empty folders and anything else (kind `other`).
 */
export async function listEntries(dir: string): Promise<Array<{ path: string; kind: 'file' | 'link' | 'folder' | 'other' }>> {
  const out: Array<{ path: string; kind: 'file' | 'link' | 'folder' | 'other' }> = [];
  async function walk(relative: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (entries.length === 0 && relative !== '') out.push({ path: relative, kind: 'folder' });
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (child === MANIFEST_FILE) continue;
      else out.push({ path: child, kind: entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'link' : 'other' });
    }
  }
  await walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Writes the new `generated/` in one swap: the files of the sides just generated, the files of
 * the sides left alone, every entry the manifest does not know (someone's own: kept exactly as it
 * is, bytes, mode and symlinks), and the manifest. A kill at any point leaves the previous folder
 * or the new one, never a mix.
 */
export async function writeGeneratedDirectory(
  outDir: string,
  input: {
    files: readonly GeneratedFile[];
    manifest: Manifest;
    previous: Manifest | undefined;
    warn?: (message: string) => void;
  },
): Promise<void> {
  const options = input.warn ? { warn: input.warn } : {};
  await recoverDirectory(outDir, options);
  const known = new Set<string>();
  for (const side of SIDES) for (const file of Object.keys(input.previous?.sides[side]?.files ?? {})) known.add(file);
  const producing = new Set(input.files.map((f) => f.path));
  const keep: string[] = [];
  for (const entry of await listEntries(outDir)) {
    // Where the generator writes now or wrote before, its file wins (as it always did).
    if (known.has(entry.path) || producing.has(entry.path)) continue;
    const below = [...producing].find((file) => file.startsWith(`${entry.path}/`));
    // An empty folder of the user's that the generator now writes into exists anyway.
    if (below && entry.kind === 'folder') continue;
    if (below) {
      throw new StateFileError(
        `${path.join(outDir, entry.path)} is not something tasklist-codegen wrote, but the generator now writes ${path.join(outDir, below)} inside it.`,
        'STATE_FILE',
        'Move it out of the output folder and run again; nothing was changed.',
      );
    }
    keep.push(entry.path);
  }
  await replaceDirectoryAtomic(outDir, [...input.files, { path: MANIFEST_FILE, contents: renderManifest(input.manifest) }], {
    ...options,
    keep,
  });
}
