import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A file of test/forms/fixtures/, absolute. */
export function fixture(name: string): string {
  return path.join(repoRoot, 'test/forms/fixtures', name);
}
