/**
 * The `generated/` folder on disk: its manifest, what is in it, and the one atomic write.
 *
 * The manifest (`generated/.tasklist-codegen.json`) records, per side, the hash of the inputs the
 * files were made from and the hash of each file. It lets `generate` return early without
 * loading a generator when nothing changed, tells which files belong to which side (so
 * `generate --rest` keeps the GraphQL files), and lets `check` see a hand-edited file.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readIfExists, recoverDirectory, replaceDirectoryAtomic } from '../util/atomic-write.js';
import type { GeneratedFile } from './types.js';

export const MANIFEST_FILE = '.tasklist-codegen.json';

export type Side = 'graphql' | 'rest';
export const SIDES: readonly Side[] = ['graphql', 'rest'];

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

/** Reads the manifest; a missing or unreadable one just means "no fast path". */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const text = await readIfExists(path.join(outDir, MANIFEST_FILE));
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Manifest;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.sides === 'object' ? parsed : undefined;
  } catch {
    return undefined;
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

/** True when every file the manifest lists for `side` is on disk with the recorded contents. */
export async function sideFilesIntact(outDir: string, entry: SideManifest): Promise<boolean> {
  for (const [file, hash] of Object.entries(entry.files)) {
    const contents = await readIfExists(path.join(outDir, file));
    if (contents === undefined || sha256(contents) !== hash) return false;
  }
  return true;
}

/** Every file under `dir` (relative, `/` separators), skipping the manifest. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(relative: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && child !== MANIFEST_FILE) out.push(child);
    }
  }
  await walk('');
  return out.sort();
}

/**
 * Writes the new `generated/` in one swap: the files of the sides just generated, the files of
 * the sides left alone, any file the manifest does not know (someone's own file: kept), and the
 * manifest. A kill at any point leaves the previous folder or the new one, never a mix.
 */
export async function writeGeneratedDirectory(outDir: string, input: {
  files: readonly GeneratedFile[];
  manifest: Manifest;
  previous: Manifest | undefined;
}): Promise<void> {
  await recoverDirectory(outDir);
  const known = new Set<string>();
  for (const side of SIDES) for (const file of Object.keys(input.previous?.sides[side]?.files ?? {})) known.add(file);
  const producing = new Set(input.files.map((f) => f.path));
  const kept: GeneratedFile[] = [];
  for (const file of await listFiles(outDir)) {
    if (known.has(file) || producing.has(file)) continue;
    kept.push({ path: file, contents: (await readIfExists(path.join(outDir, file))) ?? '' });
  }
  await replaceDirectoryAtomic(outDir, [
    ...input.files,
    ...kept,
    { path: MANIFEST_FILE, contents: renderManifest(input.manifest) },
  ]);
}
