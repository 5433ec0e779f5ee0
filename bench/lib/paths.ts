/** Where things are. The bench reads the real Camunda documents in place and never copies them into the repo. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchDir, '..');
/** Git-ignored scratch space: generated inputs, tool outputs, profiles, per-part results. */
export const workDir = path.join(benchDir, '.work');
export const resultsDir = path.join(workDir, 'results');
export const realDir = path.resolve(repoRoot, '../shared/fixtures/real');

export const realDocs = {
  tasklist87: path.join(realDir, 'tasklist-openapi-8.7.yaml'),
  orchestration: path.join(realDir, 'orchestration-cluster-openapi.json'),
  tasklistSdl: path.join(realDir, 'tasklist.graphqls'),
} as const;

export function realDocsPresent(): boolean {
  return existsSync(realDocs.tasklist87) && existsSync(realDocs.orchestration) && existsSync(realDocs.tasklistSdl);
}

/**
 * Ours is built into a private folder (`npm run build -- --outDir bench/.work/ours/dist`) so another
 * engineer's `npm run build` cannot replace `dist/` in the middle of a run. Its `node_modules` is a
 * link to the root's, so it resolves exactly the project's dependencies (not the bench's own).
 * A part run alone falls back to the root `dist/` when there is no private build.
 */
export const oursRoot = path.join(workDir, 'ours');
export const oursDist = existsSync(path.join(oursRoot, 'dist', 'cli', 'main.js')) ? path.join(oursRoot, 'dist') : path.join(repoRoot, 'dist');

/** CLI entry files of the tools measured, run as `node <file>` so no npm/npx start-up is counted. */
export const toolBins = {
  graphqlCodegen: path.join(repoRoot, 'node_modules/@graphql-codegen/cli/esm/bin.js'),
  openapiTypescript: path.join(repoRoot, 'node_modules/openapi-typescript/bin/cli.js'),
  heyApi: path.join(benchDir, 'node_modules/@hey-api/openapi-ts/bin/run.js'),
  orval: path.join(benchDir, 'node_modules/orval/dist/bin/orval.mjs'),
  ours: path.join(oursDist, 'cli/main.js'),
} as const;
