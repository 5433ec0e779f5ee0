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

/** CLI entry files of the tools measured, run as `node <file>` so no npm/npx start-up is counted. */
export const toolBins = {
  graphqlCodegen: path.join(repoRoot, 'node_modules/@graphql-codegen/cli/esm/bin.js'),
  openapiTypescript: path.join(repoRoot, 'node_modules/openapi-typescript/bin/cli.js'),
  heyApi: path.join(benchDir, 'node_modules/@hey-api/openapi-ts/bin/run.js'),
  orval: path.join(benchDir, 'node_modules/orval/dist/bin/orval.mjs'),
  ours: path.join(repoRoot, 'dist/cli/main.js'),
} as const;
