import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest `node_modules` folder at or above `from`: where a project keeps its tools' caches (`node_modules/.cache/<tool>`). */
export function findNodeModules(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
