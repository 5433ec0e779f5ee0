/**
 * `rest.targetVersion`: code written against a newer document must not call what an older cluster
 * lacks. Operations whose `x-added-in-version` is later than the target are left out of the
 * generated client, each with a warning naming it and its release.
 */
import type { GenerationWarning } from '../types.js';
import { camundaExtensions, compareVersions } from './camunda-extensions.js';
import { HTTP_METHODS, isObject, type OpenApiDocument } from './document.js';
import { toPointer } from './pointer.js';

export function withoutLaterOperations(document: OpenApiDocument, targetVersion: string, warnings: GenerationWarning[]): OpenApiDocument {
  const paths: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    if (!isObject(item)) {
      paths[route] = item;
      continue;
    }
    const kept: Record<string, unknown> = {};
    let operations = 0;
    for (const [key, value] of Object.entries(item)) {
      if ((HTTP_METHODS as readonly string[]).includes(key) && isObject(value)) {
        const added = camundaExtensions(value as Record<string, unknown>).addedInVersion;
        if (added !== undefined && compareVersions(added, targetVersion) > 0) {
          const id = typeof value['operationId'] === 'string' ? value['operationId'] : `${key.toUpperCase()} ${route}`;
          warnings.push({ location: toPointer(['paths', route, key]), message: `${id} was added in Camunda ${added}, after targetVersion ${targetVersion}: left out` });
          continue;
        }
        operations++;
      }
      kept[key] = value;
    }
    if (operations > 0) paths[route] = kept;
  }
  return { ...document, paths: paths as OpenApiDocument['paths'] };
}
