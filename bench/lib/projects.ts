/**
 * Sets up the folders each tool runs in, under `bench/.work/`. Real documents are hard-linked, not
 * copied (they stay in ../shared/fixtures/real); everything here is scratch and git-ignored.
 */
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, toolBins } from './paths.js';

export interface ProjectInputs {
  /** GraphQL SDL; omitted → GraphQL side off. */
  graphqlSchema?: string;
  /** Folder of `.graphql` operation files, copied into the project's `operations/`. */
  operationsDir?: string;
  /** OpenAPI document (JSON or YAML); omitted → REST side off. */
  openapiDocument?: string;
  /** Which operations of a large document to generate; none = all. */
  select?: { tags?: string[]; operationIds?: string[] };
}

/** A fresh project folder with the inputs in place: `schemas/` holds the inputs (hard links), `operations/` is a copy. */
export function prepareProject(dir: string, inputs: ProjectInputs): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'schemas'), { recursive: true });
  if (inputs.graphqlSchema) placeInput(inputs.graphqlSchema, path.join(dir, 'schemas', 'schema.graphql'));
  if (inputs.openapiDocument) {
    placeInput(inputs.openapiDocument, path.join(dir, 'schemas', `openapi${path.extname(inputs.openapiDocument)}`));
  }
  if (inputs.operationsDir) cpSync(inputs.operationsDir, path.join(dir, 'operations'), { recursive: true });
  writeOurConfig(dir, inputs);
  writeGraphqlCodegenConfig(dir);
}

/**
 * A hard link where the file system allows one, else a copy: `generate` refuses a schema file that
 * is a symbolic link out of the schemas folder, as it should for a user's project.
 */
function placeInput(source: string, destination: string): void {
  try {
    linkSync(source, destination);
  } catch {
    copyFileSync(source, destination);
  }
}

/**
 * Our `codegen.ts`: a plain object, no imports, so loading it costs the same as any config file.
 * The runtime import points at the built package so the output is a real, compilable client.
 */
function writeOurConfig(dir: string, inputs: ProjectInputs): void {
  const graphql = inputs.graphqlSchema ? { schemaFile: 'schemas/schema.graphql', operations: ['operations/**/*.graphql'] } : false;
  const rest = inputs.openapiDocument
    ? { schemaFile: `schemas/openapi${path.extname(inputs.openapiDocument)}`, ...(inputs.select ? { select: inputs.select } : {}) }
    : false;
  const tasklist = { schemasDir: 'schemas', outDir: 'generated', graphql, rest };
  writeFileSync(path.join(dir, 'codegen.ts'), `// Written by bench/lib/projects.ts\nexport const tasklist = ${JSON.stringify(tasklist, null, 2)};\n`);
}

/**
 * graphql-codegen's own CLI with the plugins our GraphQL side stands in for. YAML config, so its
 * config loading is as cheap as it can be (no TypeScript loader).
 */
function writeGraphqlCodegenConfig(dir: string): void {
  writeFileSync(
    path.join(dir, 'codegen.yml'),
    [
      'schema: schemas/schema.graphql',
      "documents: 'operations/**/*.graphql'",
      'generates:',
      '  alt-out/graphql-codegen/graphql.ts:',
      '    plugins: [typescript, typescript-operations, typed-document-node]',
      '    config:',
      '      scalars: { DateTime: string }',
      '',
    ].join('\n'),
  );
}

/** Total bytes of the files under `dir` (0 when absent): proof a tool wrote something. */
export function treeBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export function requireOutput(dir: string, what: string): void {
  if (treeBytes(dir) === 0) throw new Error(`${what} wrote nothing to ${dir}`);
}

/** Why ours cannot be measured yet, or undefined when the built CLI is there. */
export function oursMissing(): string | undefined {
  if (!existsSync(toolBins.ours)) return `${path.relative(repoRoot, toolBins.ours)} is missing (not built: \`npm run bench\` builds it; or the CLI has not landed)`;
  return undefined;
}
