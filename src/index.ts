/**
 * `tasklist-codegen`: what an application or a `codegen.ts` imports from the package root.
 * - `defineConfig` and the config types, for `codegen.ts`;
 * - the whole browser-safe runtime (clients, auth strategies, errors, paging), so
 *   `import { createTasklistClient } from 'tasklist-codegen'` works as well as the `/runtime` path.
 * Nothing here loads a generator: the CLI imports those itself.
 */
export { defineConfig, CodegenConfigError } from './config/index.js';
export type { TasklistCodegenConfig, GraphQLSideConfig, RestSideConfig } from './config/index.js';
export * from './runtime/index.js';
