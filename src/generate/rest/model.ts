import type { GenerationWarning } from '../types.js';
import {
  HTTP_METHODS,
  isObject,
  isReference,
  type HttpMethod,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type RequestBody,
  type Response,
} from './document.js';
import { resolvePointer, toPointer } from './pointer.js';

/** How the runtime reads a response body; matches openapi-fetch's `parseAs`. */
export type ParseAs = 'json' | 'text' | 'blob';

/** What the function emitter needs to know about one operation. */
export interface OperationModel {
  /** The exported function's name: the operationId when it is a usable identifier, else derived. */
  name: string;
  /** `name` in PascalCase, the stem of the operation's type aliases. */
  typeName: string;
  operationId: string | undefined;
  method: HttpMethod;
  path: string;
  /** JSON pointer of the operation in the document, for warnings. */
  pointer: string;
  summary: string | undefined;
  description: string | undefined;
  deprecated: boolean;
  /** Parameter groups the operation has, and whether each must be given. */
  parameters: Partial<Record<Parameter['in'], { required: boolean }>>;
  body: { contentType: string; required: boolean; formData: boolean } | undefined;
  /** 2xx responses, by status key as written in the document. */
  success: ResponseModel[];
  /** Every other documented status (`4XX` and `default` included). */
  failure: ResponseModel[];
  parseAs: ParseAs;
  /**
   * How the operation pages, if it does: `sortValues` is Tasklist v1 (a body with `pageSize` and
   * `searchAfter`, a 200 array of items with `sortValues`); `endCursor` is the Orchestration Cluster
   * API (a body with `page`, a 200 object with `items` and `page.endCursor`, next page `page.after`).
   */
  paging: 'sortValues' | 'endCursor' | undefined;
  /** Body fields the schema requires besides the cursor ones: the pager's query must then be given. */
  pagingQueryRequired: boolean;
}

export interface ResponseModel {
  status: string;
  /** The media type whose schema types the body; undefined when the response has no body. */
  contentType: string | undefined;
  /** Type of the body when it is not the schema's: `string` for text, `Blob` for binary. */
  bodyKind: 'schema' | 'text' | 'binary' | 'none';
}

/**
 * Names every operation: the operationId, made into an identifier if needed; a name derived from
 * method and path when there is none. Clashes (after that clean-up, or with names the generated
 * module itself uses) get `2`, `3`, … in document order, so the same document always gives the
 * same names.
 */
export function collectOperations(
  document: OpenApiDocument,
  reservedNames: readonly string[],
  warnings: GenerationWarning[],
): OperationModel[] {
  const taken = new Set(reservedNames.map((name) => name.toLowerCase()));
  const models: OperationModel[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    // Methods in the order the document lists them: that order decides who keeps a contested name.
    const methods = Object.keys(item).filter((key): key is HttpMethod => (HTTP_METHODS as readonly string[]).includes(key));
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const pointer = toPointer(['paths', path, method]);
      const base = operation.operationId ? functionNameFor(operation.operationId) : derivedName(method, path);
      if (!operation.operationId) {
        warnings.push({ location: pointer, message: `no operationId; the function is named ${base}` });
      }
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()) || taken.has(pascal(name).toLowerCase()); n++) name = `${base}${n}`;
      if (name !== base) {
        warnings.push({ location: pointer, message: `the name ${base} is taken; the function is named ${name}` });
      }
      taken.add(name.toLowerCase());
      taken.add(pascal(name).toLowerCase());
      models.push(describe(document, operation, shared, { name, method, path, pointer }, warnings));
    }
  }
  return models;
}

function describe(
  document: OpenApiDocument,
  operation: Operation,
  shared: unknown[],
  where: { name: string; method: HttpMethod; path: string; pointer: string },
  warnings: GenerationWarning[],
): OperationModel {
  const parameters: OperationModel['parameters'] = {};
  for (const raw of [...shared, ...(operation.parameters ?? [])]) {
    const parameter = deref<Parameter>(document, raw);
    if (!parameter || !parameter.in) continue;
    const group = (parameters[parameter.in] ??= { required: false });
    if (parameter.required || parameter.in === 'path') group.required = true;
  }
  for (const [, name] of where.path.matchAll(/\{([^}]+)\}/g)) {
    if (!parameters.path) {
      warnings.push({
        location: where.pointer,
        message: `path parameter {${name}} is not declared; the URL is sent with the placeholder in it`,
      });
      break;
    }
  }

  let body: OperationModel['body'];
  const requestBody = deref<RequestBody>(document, operation.requestBody);
  if (requestBody && isObject(requestBody.content)) {
    const contentType = pickMediaType(Object.keys(requestBody.content), ['application/json']);
    if (contentType) {
      const formData = contentType.startsWith('multipart/') || contentType === 'application/x-www-form-urlencoded';
      body = { contentType, required: requestBody.required === true, formData };
      if (formData) {
        warnings.push({
          location: `${where.pointer}/requestBody`,
          message: `${contentType} body: the function takes a FormData, not the schema's object`,
        });
      }
    }
  }

  const success: ResponseModel[] = [];
  const failure: ResponseModel[] = [];
  for (const [status, raw] of Object.entries(operation.responses ?? {})) {
    const response = deref<Response>(document, raw);
    const model = responseModel(status, response);
    (/^2(\d\d|XX)$/i.test(status) ? success : failure).push(model);
  }
  if (success.length === 0) {
    warnings.push({ location: `${where.pointer}/responses`, message: 'no 2xx response documented; the result is typed unknown' });
  }
  const first = success.find((response) => response.bodyKind !== 'none');
  const parseAs: ParseAs = first?.bodyKind === 'text' ? 'text' : first?.bodyKind === 'binary' ? 'blob' : 'json';

  return {
    ...where,
    typeName: pascal(where.name),
    operationId: operation.operationId,
    summary: typeof operation.summary === 'string' ? operation.summary : undefined,
    description: typeof operation.description === 'string' ? operation.description : undefined,
    deprecated: operation.deprecated === true,
    parameters,
    body,
    success,
    failure,
    parseAs,
    paging: pagingOf(document, operation, body, parameters),
    pagingQueryRequired: body ? requiredOf(document, deref<RequestBody>(document, operation.requestBody)?.content?.[body.contentType]?.schema)
      .some((name) => !CURSOR_FIELDS.has(name)) : false,
  };
}

function pagingOf(
  document: OpenApiDocument,
  operation: Operation,
  body: OperationModel['body'],
  parameters: OperationModel['parameters'],
): OperationModel['paging'] {
  if (!body || body.formData || parameters.path || parameters.query?.required || parameters.header?.required) return undefined;
  const requestBody = deref<RequestBody>(document, operation.requestBody);
  const requestProps = propertiesOf(document, requestBody?.content?.[body.contentType]?.schema);
  const ok = deref<Response>(document, operation.responses?.['200']);
  const okType = ok?.content ? pickMediaType(Object.keys(ok.content), ['application/json']) : undefined;
  const okSchema = okType ? deref<Record<string, unknown>>(document, ok?.content?.[okType]?.schema) : undefined;
  if ('pageSize' in requestProps && 'searchAfter' in requestProps && okSchema?.['type'] === 'array') {
    return 'sortValues' in propertiesOf(document, okSchema['items']) ? 'sortValues' : undefined;
  }
  if ('page' in requestProps && 'after' in propertiesOf(document, requestProps['page'], true)) {
    const okProps = propertiesOf(document, okSchema);
    if ('items' in okProps && 'endCursor' in propertiesOf(document, okProps['page'])) return 'endCursor';
  }
  return undefined;
}

const CURSOR_FIELDS = new Set(['page', 'pageSize', 'searchAfter', 'searchAfterOrEqual', 'searchBefore', 'searchBeforeOrEqual']);

/** The `required` property names of a schema, through `$ref`s and `allOf`. */
function requiredOf(document: OpenApiDocument, schema: unknown, depth = 0): string[] {
  const resolved = deref<Record<string, unknown>>(document, schema);
  if (!resolved || depth > 16) return [];
  const own = Array.isArray(resolved['required']) ? (resolved['required'] as unknown[]).map(String) : [];
  const members = Array.isArray(resolved['allOf']) ? resolved['allOf'] : [];
  return [...own, ...members.flatMap((member) => requiredOf(document, member, depth + 1))];
}

/**
 * The properties a schema declares, through `$ref`s and `allOf` (the Orchestration Cluster API
 * composes its search requests that way); with `anyMember`, also through `oneOf`/`anyOf`.
 */
function propertiesOf(document: OpenApiDocument, schema: unknown, anyMember = false, depth = 0): Record<string, unknown> {
  const resolved = deref<Record<string, unknown>>(document, schema);
  if (!resolved || depth > 16) return {};
  const own = deref<Record<string, unknown>>(document, resolved['properties']) ?? {};
  const members = [
    ...(Array.isArray(resolved['allOf']) ? resolved['allOf'] : []),
    ...(anyMember && Array.isArray(resolved['oneOf']) ? resolved['oneOf'] : []),
    ...(anyMember && Array.isArray(resolved['anyOf']) ? resolved['anyOf'] : []),
  ];
  return Object.assign({}, ...members.map((member) => propertiesOf(document, member, anyMember, depth + 1)), own);
}

function responseModel(status: string, response: Response | undefined): ResponseModel {
  // 204 and 205 carry no body whatever the document says (Tasklist 8.7 declares `*/*: {}` on a 204).
  if (!response || !isObject(response.content) || status === '204' || status === '205') {
    return { status, contentType: undefined, bodyKind: 'none' };
  }
  const content = response.content as Record<string, MediaType>;
  const contentType = pickMediaType(Object.keys(content), ['application/problem+json', 'application/json']);
  if (!contentType) return { status, contentType: undefined, bodyKind: 'none' };
  const bodyKind = isJsonLike(contentType) ? 'schema' : contentType.startsWith('text/') ? 'text' : 'binary';
  return { status, contentType, bodyKind };
}

function pickMediaType(types: string[], preferred: string[]): string | undefined {
  for (const wanted of preferred) if (types.includes(wanted)) return wanted;
  return types.find(isJsonLike) ?? types[0];
}

function isJsonLike(contentType: string): boolean {
  return contentType === '*/*' || contentType === 'application/*' || /[/+]json(;|$)/.test(contentType);
}

function deref<T>(document: OpenApiDocument, value: unknown): T | undefined {
  let current = value;
  // A reference may point at another reference; the walk in select.ts has made sure they resolve.
  for (let hops = 0; isReference(current) && hops < 32; hops++) current = resolvePointer(document, current.$ref);
  return isObject(current) ? (current as T) : undefined;
}

/** `get /v1/tasks/{taskId}/variables` → `getV1TasksByTaskIdVariables`. */
export function derivedName(method: HttpMethod, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', ...splitWords(param[1] as string)] : splitWords(segment);
    });
  return identifierFrom([method, ...words].join(' '));
}

/** An operationId that already is a usable identifier stays exactly as written. */
export function functionNameFor(operationId: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(operationId) && !RESERVED.has(operationId) ? operationId : identifierFrom(operationId);
}

/** Turns any string into a camelCase identifier that is not a reserved word. */
export function identifierFrom(text: string): string {
  const words = splitWords(text);
  let name = words
    .map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
  if (name === '') name = 'operation';
  if (/^\d/.test(name)) name = `op${name}`;
  if (RESERVED.has(name)) name = `${name}Operation`;
  return name;
}

function splitWords(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield await any boolean number string ' +
    'symbol type from of undefined never unknown object'
  ).split(' '),
);
