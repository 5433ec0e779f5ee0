/**
 * The REST generator's two heavy libraries, through their public entries: openapi-typescript's
 * transform and printer, and ts-morph.
 *
 * They run bundled into the REST engine (scripts/engines.mjs), where the bundler keeps only what
 * is used here (openapi-typescript's entry also brings Redocly, for `openapiTS()`, which we do not
 * call: see emit-types.ts) and hands ts-morph the `typescript` that openapi-typescript uses
 * instead of its own copy when the two agree on major.minor (checked at build time).
 */
import { astToString, COMMENT_HEADER, resolveRef, scanDiscriminators, transformSchema } from 'openapi-typescript';
import * as tsMorph from 'ts-morph';

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

export type TsMorph = typeof import('ts-morph');

const transform: OpenApiTransform = { transformSchema, astToString, scanDiscriminators, resolveRef, COMMENT_HEADER };

/** openapi-typescript's transform and printer, without Redocly. */
export function loadOpenApiTypeScript(): OpenApiTransform {
  return transform;
}

/** ts-morph. */
export function loadTsMorph(): TsMorph {
  return tsMorph;
}
