/**
 * `tasklist-codegen/config`: what a `codegen.ts` imports. `defineConfig` only gives the object
 * its type; it exists so editors complete and check the keys.
 */
import type { TasklistCodegenConfig } from './types.js';

export type { TasklistCodegenConfig, GraphQLSideConfig, RestSideConfig } from './types.js';
export type { AuthConfig, AuthStrategyName } from '../auth/types.js';
export { CodegenConfigError } from './errors.js';

export function defineConfig(config: TasklistCodegenConfig): TasklistCodegenConfig {
  return config;
}
