/**
 * Two configs in one file:
 * - the default export is a plain graphql-codegen `CodegenConfig`, so `npx graphql-codegen` works;
 * - `tasklist` is what `tasklist-codegen` reads (fetch, generate, check).
 * Both take their plugin settings from `src/generate/graphql/config.ts`, so they produce the same types.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  GENERATED_HEADER,
  GRAPHQL_OUTPUT_FILES,
  OPERATIONS_PLUGIN_CONFIG,
  sharedPluginConfig,
  sortDocumentsByName,
} from './src/generate/graphql/config.js';
import { importDecorationFromRuntime } from './src/generate/graphql/decoration-import.js';
import type { TasklistCodegenConfig } from './src/config/types.js';

/** This repository's GraphQL side; `tasklist` and the graphql-codegen config below read it. */
export const GRAPHQL_SIDE = {
  schemaFile: 'schemas/tasklist.graphql',
  operations: 'operations/**/*.graphql',
  scalars: { DateTime: 'string' },
  /** Generated files import the runtime from the source tree here; a consumer uses 'tasklist-codegen/runtime'. */
  repoRuntimeImport: '../../src/runtime/index.js',
} as const;

export const tasklist: TasklistCodegenConfig = {
  runtimeImport: GRAPHQL_SIDE.repoRuntimeImport,
  graphql: {
    schemaFile: GRAPHQL_SIDE.schemaFile,
    operations: GRAPHQL_SIDE.operations,
    scalars: { ...GRAPHQL_SIDE.scalars },
  },
  // This repository's own forms and processes (the emulator serves the same ones); the BPMN glob
  // stays inside forms/ so the test fixtures elsewhere are not read as the project's processes.
  forms: { files: 'forms/**/*.form', bpmn: 'forms/**/*.bpmn' },
};

/** Our plugin, by path (graphql-codegen's CLI accepts a module path as a plugin name), from any cwd. */
const OPERATION_FUNCTIONS_PLUGIN = fileURLToPath(new URL('./src/generate/graphql/plugin.ts', import.meta.url));
const shared = sharedPluginConfig(GRAPHQL_SIDE.scalars);
const header = { add: { content: GENERATED_HEADER } };
/** Operations in name order, whatever the file names and order: as `tasklist-codegen generate` writes them. */
const documentTransforms = [{ transform: sortDocumentsByName }];

const config: CodegenConfig = {
  overwrite: true,
  schema: GRAPHQL_SIDE.schemaFile,
  documents: GRAPHQL_SIDE.operations,
  generates: {
    [`generated/${GRAPHQL_OUTPUT_FILES.schema}`]: { plugins: [header, 'typescript'], config: shared, documentTransforms },
    [`generated/${GRAPHQL_OUTPUT_FILES.operations}`]: {
      plugins: [header, 'typescript-operations', 'typed-document-node'],
      config: { ...shared, ...OPERATIONS_PLUGIN_CONFIG },
      documentTransforms,
      // DocumentTypeDecoration from the runtime, as `tasklist-codegen generate` writes it.
      hooks: {
        beforeOneFileWrite: [(_file: string, content: string) => importDecorationFromRuntime(content, GRAPHQL_SIDE.repoRuntimeImport)],
      },
    },
    [`generated/${GRAPHQL_OUTPUT_FILES.functions}`]: {
      plugins: [header, OPERATION_FUNCTIONS_PLUGIN],
      config: { ...shared, runtimeImport: GRAPHQL_SIDE.repoRuntimeImport },
      documentTransforms,
    },
  },
  // graphql-codegen's own loader (resolve, then import()), except that plain Node cannot import our
  // TypeScript plugin: jiti, which loaded this file, does that one. A name that does not resolve
  // throws MODULE_NOT_FOUND, which tells the CLI to try its next candidate name.
  pluginLoader: async (name: string) => {
    const resolved = createRequire(import.meta.url).resolve(name);
    if (!/\.[cm]?ts$/.test(resolved)) return import(pathToFileURL(resolved).href);
    const { createJiti } = await import('jiti');
    return createJiti(import.meta.url).import(resolved);
  },
};

export default config;
