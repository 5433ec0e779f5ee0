/**
 * Regenerates the committed `generated/graphql/` from this repository's `codegen.ts` settings,
 * until the `tasklist-codegen generate` command does it:
 *
 *   npx tsx src/generate/graphql/main.ts [--schema <file>]
 *
 * Writes only when generation succeeded, so a bad operation leaves the old output in place.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAPHQL_SIDE } from '../../../codegen.js';
import { generateGraphQL } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaFlag = process.argv.indexOf('--schema');
const schemaFile = schemaFlag > 0 ? (process.argv[schemaFlag + 1] ?? '') : GRAPHQL_SIDE.schemaFile;

try {
  const result = await generateGraphQL({
    schemaFile,
    operations: GRAPHQL_SIDE.operations,
    cwd: repoRoot,
    runtimeImport: GRAPHQL_SIDE.repoRuntimeImport,
    scalars: GRAPHQL_SIDE.scalars,
  });
  for (const warning of result.warnings) console.warn(`warning: ${warning.location}: ${warning.message}`);
  for (const file of result.files) {
    const target = path.join(repoRoot, 'generated', file.path);
    await mkdir(path.dirname(target), { recursive: true });
    // Write beside, then rename: a reader never sees half a file.
    await writeFile(`${target}.tmp`, file.contents);
    await rename(`${target}.tmp`, target);
    console.log(`wrote generated/${file.path}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
