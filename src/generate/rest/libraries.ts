/**
 * The REST generator's heavy library, through its public entry: openapi-typescript's transform
 * and printer.
 *
 * It runs bundled into the REST engine (scripts/engines.mjs), where the bundler keeps only what
 * is used here (openapi-typescript's entry also brings Redocly, for `openapiTS()`, which we do not
 * call: see emit-types.ts).
 */
import { astToString, COMMENT_HEADER, resolveRef, scanDiscriminators, transformSchema } from 'openapi-typescript';

type OpenApiTypeScript = typeof import('openapi-typescript');

/** The parts of openapi-typescript the generator calls. */
export interface OpenApiTransform {
  transformSchema: OpenApiTypeScript['transformSchema'];
  astToString: OpenApiTypeScript['astToString'];
  scanDiscriminators: OpenApiTypeScript['scanDiscriminators'];
  resolveRef: OpenApiTypeScript['resolveRef'];
  /** The header openapi-typescript's own `openapiTS()` writes above `schema.d.ts`. */
  COMMENT_HEADER: string;
}

const transform: OpenApiTransform = { transformSchema, astToString, scanDiscriminators, resolveRef, COMMENT_HEADER };

/** openapi-typescript's transform and printer, without Redocly. */
export function loadOpenApiTypeScript(): OpenApiTransform {
  return transform;
}
