import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tasklistTypeDefs } from '../../src/emulator/graphql-schema.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Camunda's published documents; read in place, never copied. */
export const realDir = path.resolve(repoRoot, '../shared/fixtures/real');
export const realSdlFile = path.join(realDir, 'tasklist.graphqls');
export const hasRealSdl = existsSync(realSdlFile);
if (!hasRealSdl) console.warn(`test/graphql: ${realSdlFile} is absent; tests against Camunda's published schema are skipped.`);

/** The emulator's schema (the one a live fetch of the emulator would return), as SDL. */
export const emulatorSdl = tasklistTypeDefs;

/** A throw-away project: `files` maps relative paths to contents, written in the order given. */
export async function makeProject(files: Record<string, string>, parent = os.tmpdir()): Promise<string> {
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'tlc-gql-'));
  for (const [file, contents] of Object.entries(files)) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, contents);
  }
  return dir;
}

export async function removeProject(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The shipped operations, as `{ 'operations/x.graphql': text }`. */
export async function shippedOperations(): Promise<Record<string, string>> {
  const dir = path.join(repoRoot, 'operations');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.graphql')).sort();
  const entries = await Promise.all(
    names.map(async (name) => [`operations/${name}`, await readFile(path.join(dir, name), 'utf8')] as const),
  );
  return Object.fromEntries(entries);
}

/** Every file under `dir` with its contents, to prove nothing was written. */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file, 'utf8');
  }
  return out;
}
