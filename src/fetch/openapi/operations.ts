/** Walking a document's operations: the one place that knows where operations sit. */
import { HTTP_METHODS, isObject, type HttpMethod, type OpenApiDocument } from './document.js';
import { dereference } from './pointer.js';

export interface OperationAt {
  /** The path template, as the document writes it: `/v1/tasks/{taskId}`. */
  route: string;
  method: HttpMethod;
  /** The path item holding it (what its `$ref` names, for a path item given by reference). */
  pathItem: Record<string, unknown>;
  operation: Record<string, unknown>;
}

/** Every operation, path by path in the document's order and each path's methods in `HTTP_METHODS` order. */
export function operationsOf(document: OpenApiDocument): OperationAt[] {
  const found: OperationAt[] = [];
  for (const [route, given] of Object.entries(document.paths ?? {})) {
    const pathItem = dereference(document, given);
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation)) found.push({ route, method, pathItem, operation });
    }
  }
  return found;
}
