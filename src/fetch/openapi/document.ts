/**
 * The parts of an OpenAPI 3.0 / 3.1 document this toolkit reads. Everything else is passed through
 * (to the snapshot, to openapi-typescript) untouched, so these types stay loose on purpose.
 */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** The operations a path item can hold, in the order the specification lists them: the one list. */
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface Reference {
  $ref: string;
}

export interface MediaType {
  schema?: unknown;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  [key: string]: unknown;
}

export interface RequestBody {
  required?: boolean;
  content?: Record<string, MediaType>;
  [key: string]: unknown;
}

export interface Response {
  description?: string;
  content?: Record<string, MediaType>;
  [key: string]: unknown;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  tags?: string[];
  parameters?: (Parameter | Reference)[];
  requestBody?: RequestBody | Reference;
  responses?: Record<string, Response | Reference>;
  [key: string]: unknown;
}

export type PathItem = {
  parameters?: (Parameter | Reference)[];
  [key: string]: unknown;
} & Partial<Record<HttpMethod, Operation>>;

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string; [key: string]: unknown };
  paths?: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown> | undefined>;
  tags?: { name: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
