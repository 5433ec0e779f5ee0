/**
 * `rest.targetVersion`: code written against a newer document must not call what an older cluster
 * lacks. Operations whose `x-added-in-version` is later than the target are left out of the
 * generated client, each with a warning naming it and its release; the later parts of what stays
 * (properties, parameters, bodies) are marked in the types.
 */
import type { GenerationWarning } from '../types.js';
import { camundaExtensions, compareVersions } from './camunda-extensions.js';
import { HTTP_METHODS, isObject, type OpenApiDocument } from '../../fetch/openapi/document.js';
import { toPointer } from '../../fetch/openapi/pointer.js';
import { inlinePathReferences } from './select.js';

export function withoutLaterOperations(document: OpenApiDocument, targetVersion: string, warnings: GenerationWarning[]): OpenApiDocument {
  const paths: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const before = warnings.length;
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
          warnings.push({
            location: toPointer(['paths', route, key]),
            message: `${id} was added in Camunda ${added}, after targetVersion ${targetVersion}: left out`,
          });
          continue;
        }
        operations++;
      }
      kept[key] = value;
    }
    if (operations > 0) paths[route] = kept;
  }
  if (warnings.length === before) return document;
  // What stays may point into a left-out operation (a shared parameter or response): copy it in.
  const kept = structuredClone({ ...document, paths: paths as OpenApiDocument['paths'] });
  inlinePathReferences(kept, document);
  return kept;
}

/**
 * What `withoutLaterOperations` cannot leave out: schemas, properties, parameters, request bodies
 * and responses whose `x-added-in-version` is later than the target. Each gets a line in its
 * description (openapi-typescript writes it into schema.d.ts's JSDoc, escaping it itself), and
 * stops being required: a cluster of the target release does not send such a property, so a type
 * that promises it would be a lie about every response; in a request the older cluster does not
 * read it, so demanding it would make a call that cluster answers fine impossible to type. Path
 * parameters stay required (OpenAPI says they must; the URL cannot be built without one).
 * Returns a marked copy; the document given is not changed.
 */
export function withLaterPartsMarked(document: OpenApiDocument, targetVersion: string): OpenApiDocument {
  const copy = structuredClone(document);
  markLater(copy, targetVersion);
  return copy;
}

function isLater(node: Record<string, unknown>, targetVersion: string): string | undefined {
  const added = node['x-added-in-version'];
  return typeof added === 'string' && /^\d+\.\d+/.test(added) && compareVersions(added, targetVersion) > 0 ? added : undefined;
}

function markLater(node: unknown, targetVersion: string): void {
  if (Array.isArray(node)) {
    for (const item of node) markLater(item, targetVersion);
    return;
  }
  if (!isObject(node)) return;
  const added = isLater(node, targetVersion);
  if (added !== undefined) {
    const line = `Added in Camunda ${added}: a Camunda ${targetVersion} cluster does not send or accept it.`;
    const description = typeof node['description'] === 'string' && node['description'].trim() !== '' ? node['description'] : undefined;
    node['description'] = description === undefined ? line : `${description}\n\n${line}`;
    if (node['required'] === true && node['in'] !== 'path') node['required'] = false;
  }
  const properties = node['properties'];
  if (isObject(properties) && Array.isArray(node['required'])) {
    node['required'] = (node['required'] as unknown[]).filter((name) => {
      const property = typeof name === 'string' ? properties[name] : undefined;
      return !(isObject(property) && isLater(property, targetVersion) !== undefined);
    });
  }
  for (const [key, value] of Object.entries(node)) {
    // Examples and vendor extensions hold data, not schemas: an `x-added-in-version` key in them means nothing.
    if (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key.startsWith('x-')) continue;
    markLater(value, targetVersion);
  }
}
