/**
 * Files the toolkit writes or reads as its own (schema snapshots) must really be where their path
 * says: inside the project folder, or inside the schemas folder. A symbolic link on the way, which
 * a pull request can commit, would otherwise make `fetch` write into someone else's folder or
 * `generate` read (and print parts of) a file such as ~/.aws/credentials.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { TasklistCodegenError } from './errors.js';

export class OutsideFolderError extends TasklistCodegenError<'OUTSIDE_FOLDER'> {
  override readonly name = 'OutsideFolderError';
  constructor(message: string, hint: string) {
    super('OUTSIDE_FOLDER', message, { hint });
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Refuses when a symbolic link on the way from `root` down to `target` leads out of `root`
 * (a part that does not exist yet is created as a real folder, so it is fine). A `target` that is
 * not under `root` at all (configured elsewhere on purpose) is not checked.
 */
export async function refuseLinkOutOf(root: string, target: string, what: string): Promise<void> {
  const base = path.resolve(root);
  const full = path.resolve(target);
  if (!isInside(base, full) || base === full) return;
  const realRoot = await realpath(base);
  let current = base;
  for (const part of path.relative(base, full).split(path.sep)) {
    current = path.join(current, part);
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (!info.isSymbolicLink()) continue;
    const resolved = await realpath(current).catch(() => undefined);
    if (resolved === undefined || !isInside(realRoot, resolved)) {
      throw new OutsideFolderError(
        `${current} is a symbolic link to ${resolved ?? 'a path that does not exist'}, outside the project folder ${base}; ${what} writes only inside it`,
        'Replace the link with a real folder (or configure the folder itself); nothing was written.',
      );
    }
  }
}

/** The folder a schema file must really be in: the schemas folder, or its own folder when it is configured elsewhere. */
export function schemaFolderOf(schemasDir: string, file: string): string {
  return isInside(path.resolve(schemasDir), path.resolve(file)) ? schemasDir : path.dirname(file);
}

/**
 * A schema file's text, read only when it is a regular file whose real path is inside `root`;
 * `undefined` when there is none. Anything else (a symlink out of `root`, a folder, a FIFO) is
 * refused, naming the file and where it points.
 */
export async function readFileInside(root: string, file: string): Promise<string | undefined> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const [real, realRoot] = await Promise.all([realpath(file).catch(() => undefined), realpath(root).catch(() => path.resolve(root))]);
  if (info.isSymbolicLink() && real === undefined) return undefined;
  if (real === undefined || !isInside(realRoot, real) || !(await lstat(real)).isFile()) {
    const kind = info.isSymbolicLink() ? `a symbolic link to ${real}` : info.isFile() ? `really at ${real}` : 'not a regular file';
    throw new OutsideFolderError(
      `${file} is ${kind}${real !== undefined && !isInside(realRoot, real) ? `, outside ${root}` : ''}; it is not read`,
      'Put the schema file itself there (not a link to another place), or run `tasklist-codegen fetch`.',
    );
  }
  return readFile(real, 'utf8');
}
