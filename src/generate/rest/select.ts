import { HTTP_METHODS, isObject, type OpenApiDocument, type PathItem } from '../../fetch/openapi/document.js';
import { OpenApiDocumentError } from '../../fetch/openapi/errors.js';
import { resolvePointer } from '../../fetch/openapi/pointer.js';
import { checkReferences, mayBeReference, roleOfChild, type NodeRole } from '../../fetch/openapi/references.js';
import type { OpenApiSource } from '../../fetch/openapi/source.js';

/** Which operations of a large document to generate (Camunda 8.8's Orchestration Cluster API has 241). */
export interface OperationSelection {
  /** Operation tags, compared case-insensitively, e.g. `['User task']`. */
  tags?: string[];
  operationIds?: string[];
}

/**
 * Keeps only the selected operations and the components they reach through `$ref`s (transitively,
 * discriminator mappings included), so openapi-typescript never sees the rest. Without a selection
 * the document is returned as is. Loading the document checked every `$ref` in it already.
 */
export function selectOperations(source: OpenApiSource, selection?: OperationSelection): OpenApiDocument {
  const { document } = source;
  const hasSelection = !!selection && ((selection.tags?.length ?? 0) > 0 || (selection.operationIds?.length ?? 0) > 0);
  if (!hasSelection) return document;

  const wantedTags = new Set((selection.tags ?? []).map((tag) => tag.toLowerCase()));
  const wantedIds = new Set(selection.operationIds ?? []);
  const seenTags = new Set<string>();
  const seenIds = new Set<string>();
  // Null-prototype maps: keys are the document's, and `__proto__` is a key like any other here.
  const paths: Record<string, PathItem> = Object.create(null) as Record<string, PathItem>;
  const roots: [unknown, (string | number)[]][] = [];

  for (const [route, given] of Object.entries(document.paths ?? {})) {
    // A path item given by `$ref` (OpenAPI 3.1 `components/pathItems`) is kept as a copy of what it names.
    const item = isObject(given) && typeof given['$ref'] === 'string' ? resolvePointer(document, given['$ref']) : given;
    if (!isObject(item)) continue;
    const kept: PathItem = {};
    let any = false;
    for (const [key, value] of Object.entries(item)) {
      if (!(HTTP_METHODS as readonly string[]).includes(key)) continue;
      if (!isObject(value)) continue;
      const tags = Array.isArray(value['tags']) ? (value['tags'] as unknown[]).map(String) : [];
      const id = typeof value['operationId'] === 'string' ? value['operationId'] : undefined;
      const byTag = tags.some((tag) => wantedTags.has(tag.toLowerCase()));
      const byId = id !== undefined && wantedIds.has(id);
      if (byTag) tags.forEach((tag) => seenTags.add(tag.toLowerCase()));
      if (byId) seenIds.add(id);
      if (byTag || byId) {
        (kept as Record<string, unknown>)[key] = value;
        roots.push([value, ['paths', route, key]]);
        any = true;
      }
    }
    if (!any) continue;
    // Path-level fields (shared parameters, summary, servers) stay with the operations they belong to.
    const shared: PathItem = Object.create(null) as PathItem;
    for (const [key, value] of Object.entries(item)) {
      if (!(HTTP_METHODS as readonly string[]).includes(key)) (shared as Record<string, unknown>)[key] = value;
    }
    if (shared.parameters) roots.push([shared.parameters, ['paths', route, 'parameters']]);
    paths[route] = { ...shared, ...kept };
  }

  const missingIds = [...wantedIds].filter((id) => !seenIds.has(id));
  const missingTags = (selection.tags ?? []).filter((tag) => !seenTags.has(tag.toLowerCase()));
  if (missingIds.length > 0 || missingTags.length > 0) {
    const knownTags = [
      ...new Set(
        Object.values(document.paths ?? {}).flatMap((item) =>
          HTTP_METHODS.flatMap((method) => (isObject(item) && isObject(item[method]) ? (item[method]?.tags ?? []) : [])),
        ),
      ),
    ].sort();
    throw new OpenApiDocumentError({
      file: source.file,
      problem: [
        missingIds.length > 0 ? `no operation with operationId ${missingIds.map((id) => `"${id}"`).join(', ')}` : '',
        missingTags.length > 0 ? `no operation tagged ${missingTags.map((tag) => `"${tag}"`).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      hint: `Check rest.select in your config. Tags in this document: ${knownTags.join(', ') || '(none)'}.`,
    });
  }

  const reached = checkReferences(source, roots);
  const components: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  for (const [kind, entries] of Object.entries(document.components ?? {})) {
    if (!isObject(entries)) continue;
    // Security schemes are not types and are never `$ref`ed; keep them so the document stays whole.
    const keep = kind === 'securitySchemes' ? Object.keys(entries) : Object.keys(entries).filter((name) => reached.has(`${kind}/${name}`));
    if (keep.length === 0) continue;
    components[kind] = Object.fromEntries(keep.map((name) => [name, entries[name]]));
  }

  const usedTags = new Set(Object.values(paths).flatMap((item) => HTTP_METHODS.flatMap((m) => item[m]?.tags ?? [])));
  // A copy: the document the caller parsed stays as it was.
  const pruned = JSON.parse(JSON.stringify({ ...document, paths, components })) as OpenApiDocument;
  if (Array.isArray(document.tags)) pruned.tags = document.tags.filter((tag) => usedTags.has(tag.name));
  inlinePathReferences(pruned, document);
  return pruned;
}

/**
 * Bundlers reuse responses across operations by pointing into another path (the Orchestration
 * Cluster document refers to `#/paths/~1clock/put/responses/400` 178 times). Once that path is
 * pruned the reference would dangle, so each such `$ref` is replaced by a copy of what it names.
 */
export function inlinePathReferences(pruned: OpenApiDocument, original: OpenApiDocument): void {
  const visit = (node: unknown, role: NodeRole, inlining: readonly string[]): unknown => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = visit(node[i], role, inlining);
      return node;
    }
    if (!isObject(node)) return node;
    const ref = node['$ref'];
    if (typeof ref === 'string' && mayBeReference(role) && ref.startsWith('#/paths/') && !inlining.includes(ref)) {
      const copy = JSON.parse(JSON.stringify(resolvePointer(original, ref) ?? null)) as unknown;
      return visit(copy, role, [...inlining, ref]);
    }
    for (const key of Object.keys(node)) {
      const childRole = roleOfChild(role, key, node[key]);
      if (childRole !== undefined) node[key] = visit(node[key], childRole, inlining);
    }
    return node;
  };
  visit(pruned.paths, 'names', []);
  visit(pruned.components, 'keywords', []);
}
