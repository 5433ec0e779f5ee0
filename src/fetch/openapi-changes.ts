/**
 * What changed between two OpenAPI 3.0/3.1 documents, rated for the client.
 *
 * Why not a library: npm `openapi-diff` reads Swagger 2 and OpenAPI 3.0 but not 3.1, pulls in axios
 * and swagger-parser, and rates changes only breaking / non-breaking / unclassified — it has no
 * "dangerous" level, which is exactly what "a new enum value in a response" is. This differ is
 * focused on what a generated client depends on: operations, parameters, request bodies, response
 * codes and media types, and schemas (types, properties, required, enums, formats, constraints).
 *
 * The rule of thumb behind every rating: a request schema that accepts *less* than before breaks
 * callers; a response schema that can return *more* than before (a new enum value, a newly nullable
 * field) may surprise them. Each schema change is therefore rated per direction, and a schema used
 * in both requests and responses gets the worse rating.
 *
 * Named schemas (`#/components/schemas/X`) are compared once, under their own name (`Task.priority`),
 * not once per operation that uses them; the message says where they are used. Inline schemas are
 * compared where they stand (`POST /v1/tasks/search requestBody.priority`).
 */
import { canonicalJson } from '../util/canonical-json.js';
import type { OpenApiDocument } from './openapi/document.js';
import { operationsOf } from './openapi/operations.js';
import { dereference, parsePointer, resolvePointer } from './openapi/pointer.js';
import { mayBeReference, roleAt, roleOfChild, type NodeRole } from './openapi/references.js';
import { CHANGE_LEVELS, sortChanges, type ChangeLevel, type SchemaChange } from './change-types.js';

type Direction = 'request' | 'response';
/** Level of a change when the schema is read by the server (request) and by the client (response). */
type Rating = Record<Direction, ChangeLevel>;

type Json = Record<string, unknown>;
/** The directions a schema travels in; undefined when unknown (counted as both). */
type Directions = ReadonlySet<Direction> | undefined;

const SCHEMA_REF = '#/components/schemas/';

const BOTH: Record<ChangeLevel, Rating> = {
  breaking: { request: 'breaking', response: 'breaking' },
  dangerous: { request: 'dangerous', response: 'dangerous' },
  safe: { request: 'safe', response: 'safe' },
};
/** The server accepts more / the client may receive more. */
const WIDENED: Rating = { request: 'safe', response: 'breaking' };
const NARROWED: Rating = { request: 'breaking', response: 'safe' };

interface Operation {
  /** `GET /v1/tasks/{taskId}` as the new document spells it. */
  key: string;
  operation: Json;
  parameters: Map<string, Json>;
}

interface Usage {
  request: Set<string>;
  response: Set<string>;
}

/** The changes from `oldDoc` to `newDoc`, most severe first. Both are plain parsed documents. */
export function diffOpenApiDocuments(oldDoc: object, newDoc: object): SchemaChange[] {
  return new OpenApiDiffer(oldDoc as OpenApiDocument, newDoc as OpenApiDocument).run();
}

class OpenApiDiffer {
  private readonly changes: SchemaChange[] = [];
  /** Pairs of `$ref`s already compared, so recursive schemas end. */
  private readonly compared = new Set<string>();
  private usage = new Map<string, Usage>();

  constructor(
    private readonly before: OpenApiDocument,
    private readonly after: OpenApiDocument,
  ) {}

  run(): SchemaChange[] {
    this.usage = mergeUsage(schemaUsage(this.before), schemaUsage(this.after));
    this.compareDocumentLevel();
    this.compareOperations();
    this.compareComponentSchemas();
    return sortChanges(this.changes);
  }

  private add(rating: Rating, directions: Directions, kind: string, path: string, message: string): void {
    this.changes.push({ level: levelFor(rating, directions), kind, path, message });
  }

  private compareDocumentLevel(): void {
    if (!jsonEqual(this.before['servers'], this.after['servers'])) {
      this.add(
        BOTH.safe,
        undefined,
        'servers-changed',
        'servers',
        'The servers list changed (the base URL you configure is what the client uses).',
      );
    }
    if (!jsonEqual(this.before['security'], this.after['security'])) {
      this.add(
        BOTH.dangerous,
        undefined,
        'security-changed',
        'security',
        'The global security requirements changed: check the auth strategy you use still applies.',
      );
    }
    const oldSchemes = Object.keys(asJson(asJson(this.before.components)?.['securitySchemes']) ?? {});
    const newSchemes = Object.keys(asJson(asJson(this.after.components)?.['securitySchemes']) ?? {});
    for (const name of oldSchemes.filter((scheme) => !newSchemes.includes(scheme))) {
      this.add(BOTH.breaking, undefined, 'security-scheme-removed', `securitySchemes.${name}`, `Security scheme ${name} was removed.`);
    }
    for (const name of newSchemes.filter((scheme) => !oldSchemes.includes(scheme))) {
      this.add(BOTH.safe, undefined, 'security-scheme-added', `securitySchemes.${name}`, `Security scheme ${name} was added.`);
    }
  }

  private compareOperations(): void {
    const oldOps = operationsByKey(this.before);
    const newOps = operationsByKey(this.after);
    for (const [id, old] of oldOps) {
      const current = newOps.get(id);
      if (!current) {
        this.add(BOTH.breaking, undefined, 'operation-removed', old.key, `Operation ${old.key} was removed.`);
        continue;
      }
      this.compareOperation(old, current);
    }
    for (const [id, current] of newOps) {
      if (!oldOps.has(id)) this.add(BOTH.safe, undefined, 'operation-added', current.key, `Operation ${current.key} was added.`);
    }
  }

  private compareOperation(old: Operation, current: Operation): void {
    const at = current.key;
    const oldId = old.operation['operationId'];
    const newId = current.operation['operationId'];
    if (oldId !== newId) {
      this.add(
        BOTH.breaking,
        undefined,
        'operation-id-changed',
        at,
        `operationId changed from ${String(oldId)} to ${String(newId)}: the generated function is renamed.`,
      );
    }
    if (!old.operation['deprecated'] && current.operation['deprecated']) {
      this.add(BOTH.safe, undefined, 'operation-deprecated', at, `${at} is now deprecated.`);
    }
    if (!jsonEqual(old.operation['security'], current.operation['security'])) {
      this.add(BOTH.dangerous, undefined, 'operation-security-changed', at, `The security requirements of ${at} changed.`);
    }
    this.compareParameters(old, current);
    this.compareRequestBody(old, current);
    this.compareResponses(old, current);
  }

  private compareParameters(old: Operation, current: Operation): void {
    const request = new Set<Direction>(['request']);
    for (const [id, oldParameter] of old.parameters) {
      const at = `${current.key} ${id}`;
      const parameter = current.parameters.get(id);
      if (!parameter) {
        this.add(BOTH.breaking, request, 'parameter-removed', at, `Parameter ${id} was removed.`);
        continue;
      }
      if (!oldParameter['required'] && parameter['required']) {
        this.add(NARROWED, request, 'parameter-became-required', at, `Parameter ${id} is now required.`);
      } else if (oldParameter['required'] && !parameter['required']) {
        this.add(WIDENED, request, 'parameter-became-optional', at, `Parameter ${id} is now optional.`);
      }
      this.compareSchema(oldParameter['schema'], parameter['schema'], at, request);
    }
    for (const [id, parameter] of current.parameters) {
      if (old.parameters.has(id)) continue;
      const at = `${current.key} ${id}`;
      if (parameter['required']) this.add(BOTH.breaking, request, 'required-parameter-added', at, `Required parameter ${id} was added.`);
      else this.add(BOTH.safe, request, 'parameter-added', at, `Optional parameter ${id} was added.`);
    }
  }

  private compareRequestBody(old: Operation, current: Operation): void {
    const request = new Set<Direction>(['request']);
    const at = `${current.key} requestBody`;
    const oldBody = dereference(this.before, old.operation['requestBody']);
    const newBody = dereference(this.after, current.operation['requestBody']);
    if (!oldBody && !newBody) return;
    if (!newBody) {
      this.add(BOTH.breaking, request, 'request-body-removed', at, 'The request body was removed.');
      return;
    }
    if (!oldBody) {
      if (newBody['required']) this.add(BOTH.breaking, request, 'required-request-body-added', at, 'A required request body was added.');
      else this.add(BOTH.safe, request, 'request-body-added', at, 'An optional request body was added.');
      return;
    }
    if (!oldBody['required'] && newBody['required'])
      this.add(NARROWED, request, 'request-body-became-required', at, 'The request body is now required.');
    this.compareContent(asJson(oldBody['content']), asJson(newBody['content']), at, 'request');
  }

  private compareResponses(old: Operation, current: Operation): void {
    const response = new Set<Direction>(['response']);
    const oldResponses = asJson(old.operation['responses']) ?? {};
    const newResponses = asJson(current.operation['responses']) ?? {};
    for (const status of Object.keys(oldResponses)) {
      const at = `${current.key} response ${status}`;
      const newResponse = dereference(this.after, newResponses[status]);
      if (!newResponse) {
        // Losing a success response breaks callers; losing a documented error only drops a type.
        this.add(isSuccess(status) ? BOTH.breaking : BOTH.safe, response, 'response-removed', at, `Response ${status} was removed.`);
        continue;
      }
      const oldResponse = dereference(this.before, oldResponses[status]);
      this.compareContent(asJson(oldResponse?.['content']), asJson(newResponse['content']), at, 'response');
    }
    for (const status of Object.keys(newResponses)) {
      if (Object.hasOwn(oldResponses, status)) continue;
      const at = `${current.key} response ${status}`;
      if (isSuccess(status)) {
        this.add(
          BOTH.dangerous,
          response,
          'success-response-added',
          at,
          `Success response ${status} was added: callers may receive a body they do not expect.`,
        );
      } else {
        this.add(BOTH.safe, response, 'error-response-added', at, `Response ${status} is now documented.`);
      }
    }
  }

  private compareContent(oldContent: Json | undefined, newContent: Json | undefined, at: string, direction: Direction): void {
    const directions = new Set<Direction>([direction]);
    const before = oldContent ?? {};
    const after = newContent ?? {};
    const showMediaType = Object.keys(after).length > 1 || Object.keys(before).length > 1;
    for (const mediaType of Object.keys(before)) {
      const where = showMediaType ? `${at} (${mediaType})` : at;
      if (!Object.hasOwn(after, mediaType)) {
        this.add(
          direction === 'request' ? BOTH.breaking : BOTH.dangerous,
          directions,
          'media-type-removed',
          where,
          `Media type ${mediaType} was removed.`,
        );
        continue;
      }
      this.compareSchema(asJson(before[mediaType])?.['schema'], asJson(after[mediaType])?.['schema'], where, directions);
    }
    for (const mediaType of Object.keys(after)) {
      if (Object.hasOwn(before, mediaType)) continue;
      const where = showMediaType ? `${at} (${mediaType})` : at;
      this.add(BOTH.safe, directions, 'media-type-added', where, `Media type ${mediaType} was added.`);
    }
  }

  private compareComponentSchemas(): void {
    const oldSchemas = asJson(this.before.components?.['schemas']) ?? {};
    const newSchemas = asJson(this.after.components?.['schemas']) ?? {};
    for (const name of Object.keys(oldSchemas)) {
      const usage = this.usage.get(name);
      const directions = directionsOf(usage);
      if (!Object.hasOwn(newSchemas, name)) {
        this.add(
          BOTH.dangerous,
          undefined,
          'schema-removed',
          name,
          `Schema ${name} was removed: code that names this type no longer compiles.`,
        );
        continue;
      }
      this.compared.add(`${SCHEMA_REF}${name}|${SCHEMA_REF}${name}`);
      const start = this.changes.length;
      this.compareSchema(oldSchemas[name], newSchemas[name], name, directions);
      const note = usageNote(usage);
      for (const change of this.changes.slice(start)) change.message += note;
    }
    for (const name of Object.keys(newSchemas)) {
      if (!Object.hasOwn(oldSchemas, name)) this.add(BOTH.safe, undefined, 'schema-added', name, `Schema ${name} was added.`);
    }
  }

  /** Compares two schemas at `at`, rating each change for the directions the schema travels in. */
  private compareSchema(oldValue: unknown, newValue: unknown, at: string, directions: Directions): void {
    if (oldValue === undefined && newValue === undefined) return;
    if (oldValue === undefined || newValue === undefined) {
      this.add(
        oldValue === undefined ? WIDENED : NARROWED,
        directions,
        oldValue === undefined ? 'schema-added' : 'schema-removed',
        at,
        oldValue === undefined ? 'A schema was added where there was none.' : 'The schema was removed.',
      );
      return;
    }
    // `additionalProperties: true` and friends.
    if (typeof oldValue === 'boolean' || typeof newValue === 'boolean') {
      if (oldValue !== newValue)
        this.add(
          BOTH.dangerous,
          directions,
          'schema-changed',
          at,
          `Changed from ${JSON.stringify(oldValue)} to ${JSON.stringify(newValue)}.`,
        );
      return;
    }
    let oldSchema = asJson(oldValue) ?? {};
    let newSchema = asJson(newValue) ?? {};
    const oldRef = typeof oldSchema['$ref'] === 'string' ? oldSchema['$ref'] : undefined;
    const newRef = typeof newSchema['$ref'] === 'string' ? newSchema['$ref'] : undefined;
    if (oldRef || newRef) {
      // Same named schema: compared once under its own name.
      // One target however it is spelled (`…/100%25` and `…/100%` are one schema), as the loader resolves them.
      const sameTarget = oldRef !== undefined && newRef !== undefined && refTarget(oldRef) === refTarget(newRef);
      if (sameTarget && oldRef.startsWith(SCHEMA_REF)) return;
      if (oldRef && newRef && !sameTarget) {
        this.add(BOTH.dangerous, directions, 'schema-ref-changed', at, `Now refers to ${refName(newRef)} instead of ${refName(oldRef)}.`);
      }
      const pair = `${oldRef ?? at}|${newRef ?? at}`;
      if (this.compared.has(pair)) return;
      this.compared.add(pair);
      oldSchema = (oldRef ? asJson(resolvePointer(this.before, oldRef)) : oldSchema) ?? {};
      newSchema = (newRef ? asJson(resolvePointer(this.after, newRef)) : newSchema) ?? {};
    }
    this.compareTypes(oldSchema, newSchema, at, directions);
    this.compareEnums(oldSchema, newSchema, at, directions);
    if (oldSchema['format'] !== newSchema['format']) {
      this.add(
        BOTH.dangerous,
        directions,
        'format-changed',
        at,
        `Format changed from ${String(oldSchema['format'] ?? 'none')} to ${String(newSchema['format'] ?? 'none')}.`,
      );
    }
    this.compareConstraints(oldSchema, newSchema, at, directions);
    this.compareDefaults(oldSchema, newSchema, at, directions);
    if (!oldSchema['deprecated'] && newSchema['deprecated']) this.add(BOTH.safe, directions, 'deprecated', at, 'Now deprecated.');
    this.compareProperties(oldSchema, newSchema, at, directions);
    this.compareSchema(oldSchema['items'], newSchema['items'], `${at}[]`, directions);
    if (isSchemaLike(oldSchema['additionalProperties']) || isSchemaLike(newSchema['additionalProperties'])) {
      this.compareSchema(oldSchema['additionalProperties'] ?? true, newSchema['additionalProperties'] ?? true, `${at}{}`, directions);
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      const oldList = Array.isArray(oldSchema[keyword]) ? (oldSchema[keyword] as unknown[]) : [];
      const newList = Array.isArray(newSchema[keyword]) ? (newSchema[keyword] as unknown[]) : [];
      if (oldList.length !== newList.length) {
        this.add(
          BOTH.dangerous,
          directions,
          'composition-changed',
          at,
          `${keyword} changed from ${oldList.length} to ${newList.length} schemas.`,
        );
      } else {
        oldList.forEach((item, index) => this.compareSchema(item, newList[index], `${at}.${keyword}[${index}]`, directions));
      }
    }
  }

  private compareTypes(oldSchema: Json, newSchema: Json, at: string, directions: Directions): void {
    const oldTypes = typesOf(oldSchema);
    const newTypes = typesOf(newSchema);
    if (!oldTypes || !newTypes) {
      if (oldTypes && !newTypes) this.add(WIDENED, directions, 'type-removed', at, `No longer typed (was ${[...oldTypes].join(' | ')}).`);
      else if (!oldTypes && newTypes) this.add(NARROWED, directions, 'type-added', at, `Now typed as ${[...newTypes].join(' | ')}.`);
      return;
    }
    const added = [...newTypes].filter((type) => !oldTypes.has(type));
    const removed = [...oldTypes].filter((type) => !newTypes.has(type));
    if (added.length === 0 && removed.length === 0) return;
    const message = `Type changed from ${[...oldTypes].join(' | ')} to ${[...newTypes].join(' | ')}.`;
    if (added.length > 0 && removed.length > 0) this.add(BOTH.breaking, directions, 'type-changed', at, message);
    else if (added.length === 1 && added[0] === 'null') this.add(WIDENED, directions, 'nullable-added', at, 'Now nullable.');
    else if (removed.length === 1 && removed[0] === 'null') this.add(NARROWED, directions, 'nullable-removed', at, 'No longer nullable.');
    else this.add(added.length > 0 ? WIDENED : NARROWED, directions, 'type-changed', at, message);
  }

  private compareEnums(oldSchema: Json, newSchema: Json, at: string, directions: Directions): void {
    const oldEnum = Array.isArray(oldSchema['enum']) ? (oldSchema['enum'] as unknown[]) : undefined;
    const newEnum = Array.isArray(newSchema['enum']) ? (newSchema['enum'] as unknown[]) : undefined;
    if (!oldEnum && !newEnum) return;
    if (!oldEnum || !newEnum) {
      this.add(
        oldEnum ? { request: 'safe', response: 'dangerous' } : NARROWED,
        directions,
        oldEnum ? 'enum-removed' : 'enum-added',
        at,
        oldEnum ? 'No longer restricted to a list of values.' : `Now restricted to ${newEnum!.map(String).join(', ')}.`,
      );
      return;
    }
    const keys = (values: unknown[]) => new Set(values.map(canonicalJson));
    const before = keys(oldEnum);
    const after = keys(newEnum);
    for (const value of newEnum.filter((item) => !before.has(canonicalJson(item)))) {
      // A caller may now send it (fine); a reader may now receive a value its switch does not handle.
      this.add(
        { request: 'safe', response: 'dangerous' },
        directions,
        'enum-value-added',
        at,
        `Enum value ${JSON.stringify(value)} was added.`,
      );
    }
    for (const value of oldEnum.filter((item) => !after.has(canonicalJson(item)))) {
      this.add(NARROWED, directions, 'enum-value-removed', at, `Enum value ${JSON.stringify(value)} was removed.`);
    }
  }

  private compareConstraints(oldSchema: Json, newSchema: Json, at: string, directions: Directions): void {
    const lower = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
    const upper = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
    for (const keyword of [...lower, ...upper]) {
      const before = oldSchema[keyword];
      const after = newSchema[keyword];
      if (jsonEqual(before, after)) continue;
      // Booleans are OpenAPI 3.0's exclusiveMinimum/Maximum flags: any change is worth a look.
      if (typeof before === 'boolean' || typeof after === 'boolean') {
        this.add(BOTH.dangerous, directions, 'constraint-changed', at, `${keyword} changed from ${String(before)} to ${String(after)}.`);
        continue;
      }
      const isLower = lower.includes(keyword);
      const tightened =
        after !== undefined && (before === undefined || (isLower ? Number(after) > Number(before) : Number(after) < Number(before)));
      this.add(
        tightened ? NARROWED : { request: 'safe', response: 'dangerous' },
        directions,
        tightened ? 'constraint-tightened' : 'constraint-loosened',
        at,
        `${keyword} changed from ${before === undefined ? 'none' : String(before)} to ${after === undefined ? 'none' : String(after)}.`,
      );
    }
    if (oldSchema['pattern'] !== newSchema['pattern']) {
      this.add(
        BOTH.dangerous,
        directions,
        'pattern-changed',
        at,
        `Pattern changed from ${String(oldSchema['pattern'] ?? 'none')} to ${String(newSchema['pattern'] ?? 'none')}.`,
      );
    }
  }

  private compareDefaults(oldSchema: Json, newSchema: Json, at: string, directions: Directions): void {
    const before = oldSchema['default'];
    const after = newSchema['default'];
    if (jsonEqual(before, after)) return;
    if (before === undefined) {
      this.add(BOTH.safe, directions, 'default-added', at, `Default ${JSON.stringify(after)} is now documented.`);
    } else {
      // A caller that leaves the field out now gets different behaviour.
      this.add(
        { request: 'dangerous', response: 'safe' },
        directions,
        'default-changed',
        at,
        `Default changed from ${JSON.stringify(before)} to ${after === undefined ? 'none' : JSON.stringify(after)}.`,
      );
    }
  }

  private compareProperties(oldSchema: Json, newSchema: Json, at: string, directions: Directions): void {
    const oldProperties = asJson(oldSchema['properties']) ?? {};
    const newProperties = asJson(newSchema['properties']) ?? {};
    const oldRequired = new Set(Array.isArray(oldSchema['required']) ? (oldSchema['required'] as string[]) : []);
    const newRequired = new Set(Array.isArray(newSchema['required']) ? (newSchema['required'] as string[]) : []);
    for (const name of Object.keys(oldProperties)) {
      const where = `${at}.${name}`;
      if (!Object.hasOwn(newProperties, name)) {
        this.add(BOTH.breaking, directions, 'property-removed', where, `Property ${name} was removed.`);
        continue;
      }
      if (!oldRequired.has(name) && newRequired.has(name))
        this.add(NARROWED, directions, 'property-became-required', where, `Property ${name} is now required.`);
      if (oldRequired.has(name) && !newRequired.has(name))
        this.add(WIDENED, directions, 'property-became-optional', where, `Property ${name} is now optional.`);
      this.compareSchema(oldProperties[name], newProperties[name], where, directions);
    }
    for (const name of Object.keys(newProperties)) {
      if (Object.hasOwn(oldProperties, name)) continue;
      const where = `${at}.${name}`;
      if (newRequired.has(name))
        this.add(
          { request: 'breaking', response: 'safe' },
          directions,
          'required-property-added',
          where,
          `Required property ${name} was added.`,
        );
      else this.add(BOTH.safe, directions, 'property-added', where, `Property ${name} was added.`);
    }
  }
}

/** Operations keyed by method and path template with parameter names blanked (`/tasks/{}`), so renaming `{id}` to `{taskId}` is not a removal. */
function operationsByKey(document: OpenApiDocument): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const { route: path, method, pathItem: item, operation } of operationsOf(document)) {
    const parameters = new Map<string, Json>();
    // Operation-level parameters override path-level ones with the same name and location.
    for (const list of [item['parameters'], operation['parameters']]) {
      for (const raw of Array.isArray(list) ? list : []) {
        const parameter = dereference(document, raw);
        if (parameter && typeof parameter['name'] === 'string')
          parameters.set(`${String(parameter['in'])}.${parameter['name']}`, parameter);
      }
    }
    const key = `${method.toUpperCase()} ${path}`;
    operations.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, { key, operation, parameters });
  }
  return operations;
}

/** For each named schema, the operations whose requests / responses reach it (through any `$ref` chain). */
function schemaUsage(document: OpenApiDocument): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  // `role` tells a reference from data shaped like one (an example's value, a `const`): see openapi/references.ts.
  const visit = (node: unknown, role: NodeRole | undefined, direction: Direction, operation: string, seen: Set<string>): void => {
    if (role === undefined) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, role, direction, operation, seen);
      return;
    }
    const record = asJson(node);
    if (!record) return;
    const ref = record['$ref'];
    if (typeof ref === 'string' && mayBeReference(role)) {
      if (seen.has(ref)) return;
      seen.add(ref);
      if (ref.startsWith(SCHEMA_REF)) {
        const name = refName(ref);
        const entry = usage.get(name) ?? { request: new Set<string>(), response: new Set<string>() };
        entry[direction].add(operation);
        usage.set(name, entry);
      }
      visit(resolvePointer(document, ref), roleAt(document, parsePointer(ref)), direction, operation, seen);
      return;
    }
    for (const [key, child] of Object.entries(record)) visit(child, roleOfChild(role, key, child), direction, operation, seen);
  };
  for (const { key, operation, parameters } of operationsByKey(document).values()) {
    visit([...parameters.values()], 'keywords', 'request', key, new Set());
    visit(operation['requestBody'], 'keywords', 'request', key, new Set());
    visit(operation['responses'], 'names', 'response', key, new Set());
  }
  return usage;
}

function mergeUsage(a: Map<string, Usage>, b: Map<string, Usage>): Map<string, Usage> {
  const merged = new Map<string, Usage>();
  for (const source of [a, b]) {
    for (const [name, entry] of source) {
      const target = merged.get(name) ?? { request: new Set<string>(), response: new Set<string>() };
      for (const op of entry.request) target.request.add(op);
      for (const op of entry.response) target.response.add(op);
      merged.set(name, target);
    }
  }
  return merged;
}

function directionsOf(usage: Usage | undefined): ReadonlySet<Direction> | undefined {
  if (!usage) return undefined;
  const directions = new Set<Direction>();
  if (usage.request.size > 0) directions.add('request');
  if (usage.response.size > 0) directions.add('response');
  return directions.size > 0 ? directions : undefined;
}

function usageNote(usage: Usage | undefined): string {
  if (!usage) return ' (not used by any operation)';
  const parts: string[] = [];
  for (const direction of ['request', 'response'] as const) {
    const operations = [...usage[direction]].sort();
    if (operations.length === 0) continue;
    const shown = operations.slice(0, 3).join(', ');
    const more = operations.length > 3 ? ` and ${operations.length - 3} more` : '';
    parts.push(`${direction === 'request' ? 'sent by' : 'returned by'} ${shown}${more}`);
  }
  return ` (${parts.join('; ')})`;
}

/** The level for the directions a schema is used in; unknown usage counts as both. */
function levelFor(rating: Rating, directions: ReadonlySet<Direction> | undefined): ChangeLevel {
  const used: Direction[] = directions && directions.size > 0 ? [...directions] : ['request', 'response'];
  return used.map((direction) => rating[direction]).sort((a, b) => CHANGE_LEVELS.indexOf(a) - CHANGE_LEVELS.indexOf(b))[0]!;
}

/** The set of JSON types a schema allows, with OpenAPI 3.0's `nullable` folded in as `null`. */
function typesOf(schema: Json): Set<string> | undefined {
  const type = schema['type'];
  if (type === undefined) return undefined;
  const types = new Set(Array.isArray(type) ? type.map(String) : [String(type)]);
  if (schema['nullable'] === true) types.add('null');
  return types;
}

function isSuccess(status: string): boolean {
  return /^2/.test(status);
}

function isSchemaLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** What a `$ref` points at, for telling two spellings of one target apart from two targets. */
function refTarget(ref: string): string {
  return ref.startsWith('#') ? JSON.stringify(parsePointer(ref)) : ref;
}

/** The component name a `#/components/schemas/…` reference names, decoded as the loader decodes it. */
function refName(ref: string): string {
  if (!ref.startsWith(SCHEMA_REF)) return ref;
  const parts = parsePointer(ref);
  return parts.length === 3 ? parts[2]! : ref.slice(SCHEMA_REF.length);
}

function asJson(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Deep equality of JSON values, ignoring object key order. */
function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
