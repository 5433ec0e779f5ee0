import { camundaExtensions, type CamundaExtensions } from './camunda-extensions.js';
import type { GenerationWarning } from '../types.js';
import {
  HTTP_METHODS,
  isObject,
  type HttpMethod,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type PathItem,
  type RequestBody,
  type Response,
} from '../../fetch/openapi/document.js';
import { isBindableIdentifier, isReservedWord } from '../escape.js';
import { dereference, toPointer } from '../../fetch/openapi/pointer.js';
import { bodyEncodingOf, isJsonMediaType, type BodyEncoding } from '../../util/media-types.js';

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
  /** The request body, if the function takes one: each media type it may be sent as, the default (JSON when offered) first. */
  body: { required: boolean; media: RequestMedia[] } | undefined;
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
  /** Camunda's `x-added-in-version`, `x-eventually-consistent`, `x-required-permissions`. */
  camunda: CamundaExtensions;
}

export interface RequestMedia {
  contentType: string;
  encoding: BodyEncoding;
  /** Properties of a form body the document's `encoding` gives `deepObject`: their arrays go out indexed. */
  deepObject: string[];
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
  /** From `uniqueOperationIds`: the operationIds as written, of the operations it renamed. */
  renamedIds?: ReadonlyMap<string, string>,
): OperationModel[] {
  const taken = new Set(reservedNames.map((name) => name.toLowerCase()));
  const models: OperationModel[] = [];
  for (const [path, given] of Object.entries(document.paths ?? {})) {
    // A path item may be a `$ref` (OpenAPI 3.1 `components/pathItems`); select.ts has checked it resolves.
    const item = deref<PathItem>(document, given);
    if (!item) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    // Methods in the order the document lists them: that order decides who keeps a contested name.
    const methods = Object.keys(item).filter((key): key is HttpMethod => (HTTP_METHODS as readonly string[]).includes(key));
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const pointer = toPointer(['paths', path, method]);
      const operationId = typeof operation.operationId === 'string' && operation.operationId !== '' ? operation.operationId : undefined;
      const base = operationId ? functionNameFor(operationId) : derivedName(method, path);
      if (renamedIds?.has(pointer)) {
        // Renamed by uniqueOperationIds, which has said so.
      } else if (!operationId) {
        warnings.push({ location: pointer, message: `no operationId; the function is named ${base}` });
      } else if (base !== operationId) {
        const why = isReservedWord(operationId) ? 'a word a module cannot declare' : 'not an identifier';
        warnings.push({
          location: pointer,
          message: `operationId ${JSON.stringify(operationId)} cannot name a function (${why}); the function is named ${base}`,
        });
      }
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()) || taken.has(pascal(name).toLowerCase()); n++) name = `${base}${n}`;
      if (name !== base) {
        warnings.push({ location: pointer, message: `the name ${base} is taken; the function is named ${name}` });
      }
      taken.add(name.toLowerCase());
      taken.add(pascal(name).toLowerCase());
      const model = describe(document, operation, shared, { name, method, path, pointer }, warnings);
      if (renamedIds?.has(pointer)) model.operationId = renamedIds.get(pointer);
      // Its pager is declared beside it: no later operation may take that name.
      if (model.paging) taken.add(`paginate${model.typeName}`.toLowerCase());
      models.push(model);
    }
  }
  return models;
}

/**
 * openapi-typescript keys its `operations` interface by operationId, so two operations with one
 * operationId are one duplicate member of it (TS2300), and the second's types are lost. Each later
 * one is given `<id>2`, `<id>3` … in a copy of the document (the caller's stays as it was), so that
 * its types in `schema.d.ts` and its function carry the same new name. Returns the copy and, by
 * operation pointer, the operationIds as the document wrote them.
 */
export function uniqueOperationIds(
  document: OpenApiDocument,
  warnings: GenerationWarning[],
): { document: OpenApiDocument; originalIds: Map<string, string> } {
  const originalIds = new Map<string, string>();
  const all = new Set<string>();
  const operations: { path: string; method: HttpMethod; id: string; pointer: string }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const resolved = deref<PathItem>(document, item);
    if (!resolved) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolved[method];
      if (!isObject(operation) || typeof operation.operationId !== 'string') continue;
      all.add(operation.operationId);
      operations.push({ path, method, id: operation.operationId, pointer: toPointer(['paths', path, method]) });
    }
  }
  const seen = new Map<string, string>();
  const renames: { path: string; method: HttpMethod; id: string }[] = [];
  for (const { path, method, id, pointer } of operations) {
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, `${method.toUpperCase()} ${path}`);
      continue;
    }
    let renamed = id;
    for (let n = 2; all.has(renamed); n++) renamed = `${id}${n}`;
    all.add(renamed);
    originalIds.set(pointer, id);
    renames.push({ path, method, id: renamed });
    warnings.push({
      location: pointer,
      message: `operationId ${JSON.stringify(id)} is also that of ${first}; this operation is named ${renamed} (its function and its types in schema.d.ts)`,
    });
  }
  if (renames.length === 0) return { document, originalIds };
  // Copied along the way to each renamed operation only; a path item given by `$ref` is copied in place of the reference.
  const paths: Record<string, PathItem> = { ...document.paths };
  for (const { path, method, id } of renames) {
    const item: PathItem = { ...deref<PathItem>(document, paths[path]) };
    item[method] = { ...(item[method] as Operation), operationId: id };
    paths[path] = item;
  }
  return { document: { ...document, paths }, originalIds };
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
    // `in` is the document's text: only the four locations name a group (never `__proto__`).
    if (!parameter || !PARAMETER_LOCATIONS.includes(parameter.in)) continue;
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
  if (requestBody && isObject(requestBody.content) && Object.keys(requestBody.content).length > 0) {
    if (where.method === 'get' || where.method === 'head') {
      // fetch refuses a body on these (`new Request` throws a TypeError), and so do many servers and proxies.
      warnings.push({
        location: `${where.pointer}/requestBody`,
        message: `a request body on ${where.method.toUpperCase()}: fetch cannot send one, so the function takes none`,
      });
    } else {
      const content = requestBody.content as Record<string, MediaType>;
      const types = Object.keys(content);
      const first = pickMediaType(types, ['application/json']) as string;
      body = {
        required: requestBody.required === true,
        media: [first, ...types.filter((type) => type !== first)].map((contentType) => ({
          contentType,
          encoding: bodyEncodingOf(contentType),
          deepObject: deepObjectProperties(content[contentType]),
        })),
      };
    }
  }

  const success: ResponseModel[] = [];
  const failure: ResponseModel[] = [];
  for (const [status, raw] of Object.entries(operation.responses ?? {})) {
    // Only status codes, `1XX`…`5XX` and `default` are responses; `x-…` keys are extensions.
    if (!isStatusKey(status)) {
      if (!status.startsWith('x-')) {
        warnings.push({
          location: toPointer(['paths', where.path, where.method, 'responses', status]),
          message: 'not a status code, a range like 4XX or default; ignored',
        });
      }
      continue;
    }
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
    operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
    summary: typeof operation.summary === 'string' ? operation.summary : undefined,
    description: typeof operation.description === 'string' ? operation.description : undefined,
    deprecated: operation.deprecated === true,
    camunda: camundaExtensions(operation as Record<string, unknown>),
    parameters,
    body,
    success,
    failure,
    parseAs,
    paging: pagingOf(document, operation, body),
    pagingQueryRequired: body
      ? requiredOf(
          document,
          deref<RequestBody>(document, operation.requestBody)?.content?.[body.media[0]?.contentType as string]?.schema,
        ).some((name) => !CURSOR_FIELDS.has(name))
      : false,
  };
}

const PARAMETER_LOCATIONS: readonly unknown[] = ['path', 'query', 'header', 'cookie'] satisfies Parameter['in'][];

/** A key of a Responses object that is a response: `200`, `4XX`, `default` (OpenAPI 3.0 and 3.1). */
export function isStatusKey(key: string): boolean {
  return /^[1-5](\d\d|XX)$/i.test(key) || key === 'default';
}

function pagingOf(document: OpenApiDocument, operation: Operation, body: OperationModel['body']): OperationModel['paging'] {
  // Parameters (a search under `/user-tasks/{userTaskKey}/…`) are passed through by the pager as given.
  const media = body?.media[0];
  if (!media || media.encoding !== 'json') return undefined;
  const requestBody = deref<RequestBody>(document, operation.requestBody);
  const requestProps = propertiesOf(document, requestBody?.content?.[media.contentType]?.schema);
  const ok = deref<Response>(document, operation.responses?.['200']);
  const okType = ok?.content ? pickMediaType(Object.keys(ok.content), ['application/json']) : undefined;
  const okSchema = okType ? deref<Record<string, unknown>>(document, ok?.content?.[okType]?.schema) : undefined;
  const has = Object.hasOwn;
  if (has(requestProps, 'pageSize') && has(requestProps, 'searchAfter') && okSchema?.['type'] === 'array') {
    return has(propertiesOf(document, okSchema['items']), 'sortValues') ? 'sortValues' : undefined;
  }
  if (has(requestProps, 'page') && has(propertiesOf(document, requestProps['page'], true), 'after')) {
    const okProps = propertiesOf(document, okSchema);
    if (has(okProps, 'items') && has(propertiesOf(document, okProps['page']), 'endCursor')) return 'endCursor';
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
  // Null-prototype: property names are the document's (`__proto__`, `constructor` …), never Object.prototype's.
  const merged: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const resolved = deref<Record<string, unknown>>(document, schema);
  if (!resolved || depth > 16) return merged;
  const own = deref<Record<string, unknown>>(document, resolved['properties']) ?? {};
  const members = [
    ...(Array.isArray(resolved['allOf']) ? resolved['allOf'] : []),
    ...(anyMember && Array.isArray(resolved['oneOf']) ? resolved['oneOf'] : []),
    ...(anyMember && Array.isArray(resolved['anyOf']) ? resolved['anyOf'] : []),
  ];
  for (const properties of [...members.map((member) => propertiesOf(document, member, anyMember, depth + 1)), own]) {
    for (const name of Object.keys(properties)) merged[name] = properties[name];
  }
  return merged;
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
  return isJsonMediaType(contentType);
}

/** Form properties whose `encoding` says `style: deepObject`. */
function deepObjectProperties(media: MediaType | undefined): string[] {
  const encoding = isObject(media?.['encoding']) ? (media['encoding'] as Record<string, unknown>) : {};
  return Object.keys(encoding).filter(
    (name) => isObject(encoding[name]) && (encoding[name] as Record<string, unknown>)['style'] === 'deepObject',
  );
}

/** A reference may point at another reference; loading the document made sure they resolve. */
function deref<T>(document: OpenApiDocument, value: unknown): T | undefined {
  return dereference(document, value) as T | undefined;
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
  return isBindableIdentifier(operationId) ? operationId : identifierFrom(operationId);
}

/** Turns any string into a camelCase identifier that is not a reserved word. */
export function identifierFrom(text: string): string {
  const words = splitWords(text);
  let name = words
    .map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
  if (name === '') name = 'operation';
  if (/^\d/.test(name)) name = `op${name}`;
  if (isReservedWord(name)) name = `${name}Operation`;
  return name;
}

function splitWords(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
