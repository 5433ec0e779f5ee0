/**
 * Reading an OpenAPI document: JSON or YAML text → a checked OpenAPI 3.0 / 3.1 document that still
 * knows where each node came from. Every command that reads one (fetch, diff, check, generate)
 * comes through here, so a document one of them accepts the others accept, and a bad one fails
 * with the same words at the same file:line:column everywhere. The structural check against the
 * specification (`structure.ts`) is added by the commands that take documents from outside.
 */
import { withoutByteOrderMark } from '../../util/byte-order-mark.js';
import { TOO_DEEP, TOO_DEEP_HINT, offsetTooDeep } from '../../util/nesting.js';
import { parseYamlText } from '../../util/parse-yaml.js';
import { jsonSyntaxKind, positionOfJsonError, positionOfOffset, pathLocator, type SourcePosition } from '../source-location.js';
import { HTTP_METHODS, isObject, type OpenApiDocument } from './document.js';
import { duplicateJsonKeys, duplicateYamlKeys, type DuplicateKey } from './duplicate-keys.js';
import { OpenApiDocumentError } from './errors.js';
import { parsePointer, toPointer } from './pointer.js';
import { checkReferences } from './references.js';

/** A parsed, checked OpenAPI document that still knows where each node came from, for error messages. */
export interface OpenApiSource {
  file: string;
  document: OpenApiDocument;
  version: '3.0' | '3.1';
  /** Whether the text was JSON or YAML. */
  sourceFormat: 'json' | 'yaml';
  /** 1-based line and column of the node at a JSON pointer (`#/paths/...`), or of its nearest parent there is. */
  locate(pointer: string): SourcePosition | undefined;
  /** Keys the text writes twice in one object (the parse kept the last of each). */
  duplicateKeys(): DuplicateKey[];
}

const SYNTAX_HINT = 'Fix the syntax, or fetch the document again.';

/**
 * Parses JSON or YAML text into an OpenAPI 3.0 / 3.1 document whose internal `$ref`s (discriminator
 * mappings included) all resolve; Swagger 2.0, other versions and external `$ref`s are refused with
 * what to do instead. Throws `OpenApiDocumentError`.
 *
 * JSON goes through `JSON.parse` (fast on the 1.3 MB Orchestration Cluster document); positions are
 * only worked out, by a YAML parse of the same text, when an error needs one. A YAML document's
 * parse tree (every node with its source range, several times the size of the value) is dropped
 * once the value and its duplicate keys are read: kept for the whole generation it was the largest
 * thing in memory. An error parses the text again for its position.
 */
export function parseOpenApiSource(read: string, file: string): OpenApiSource {
  const text = withoutByteOrderMark(read);
  const trimmed = text.trimStart();
  const sourceFormat = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'json' : 'yaml';
  let parsed: unknown;
  let yamlDuplicates: DuplicateKey[] | undefined;
  if (sourceFormat === 'json') {
    const deep = offsetTooDeep(text, 'json');
    if (deep !== undefined) {
      const at = positionOfOffset(text, deep);
      throw new OpenApiDocumentError({ file, ...at, problem: `invalid JSON: ${TOO_DEEP}`, hint: TOO_DEEP_HINT, syntax: true });
    }
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const at = positionOfJsonError(text, error);
      throw new OpenApiDocumentError({ file, ...at, problem: `invalid JSON: ${jsonSyntaxKind(error)}`, hint: SYNTAX_HINT, syntax: true });
    }
  } else {
    const yaml = parseYamlText(text, { uniqueKeys: false });
    if (!yaml.ok) {
      const { problem } = yaml;
      throw new OpenApiDocumentError({
        file,
        line: problem.line,
        column: problem.column,
        problem: `invalid YAML: ${problem.message.replace(/ at line \d+, column \d+:?$/, '')}`,
        hint: problem.hint ?? SYNTAX_HINT,
        syntax: true,
      });
    }
    // Without a tree the fast read took it, which refuses a key written twice: there is none.
    yamlDuplicates = yaml.tree ? duplicateYamlKeys(yaml.tree.document, yaml.tree.lines) : [];
    parsed = yaml.value;
  }

  const locatePath = pathLocator(text);
  const locate = (pointer: string) => locatePath(parsePointer(pointer));
  const { document, version } = assertOpenApi3(parsed, file, locate);
  checkReferences({ file, document, locate }, [[document, []]]);
  const duplicateKeys = () => yamlDuplicates ?? duplicateJsonKeys(text);
  return { file, document, version, sourceFormat, locate, duplicateKeys };
}

function assertOpenApi3(
  value: unknown,
  file: string,
  locate: (pointer: string) => SourcePosition | undefined,
): { document: OpenApiDocument; version: '3.0' | '3.1' } {
  const fail = (problem: string, pointer: string, hint: string): never => {
    throw new OpenApiDocumentError({ file, ...locate(pointer), pointer, problem, hint });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      'not an OpenAPI document: the top level is not an object',
      '#',
      'Point at the OpenAPI document itself (springdoc serves it at /v3/api-docs/<group>).',
    );
  }
  const record = value as Record<string, unknown>;
  if ('swagger' in record) {
    return fail(
      `a Swagger ${String(record['swagger'])} document, not OpenAPI 3`,
      '#/swagger',
      "Use the server's OpenAPI 3 document (springdoc: /v3/api-docs), or convert it first, e.g. with `npx swagger2openapi`.",
    );
  }
  const openapi = record['openapi'];
  const minor = typeof openapi === 'string' ? /^3\.([01])\.\d+/.exec(openapi)?.[1] : undefined;
  if (minor === undefined) {
    return fail(
      openapi === undefined
        ? 'not an OpenAPI document: no "openapi" version field'
        : `unsupported OpenAPI version ${JSON.stringify(openapi)}`,
      openapi === undefined ? '#' : '#/openapi',
      'OpenAPI 3.0.x and 3.1.x are supported; check that this is the REST API document.',
    );
  }
  const paths = record['paths'];
  // Without paths there is nothing to generate, nor anything to compare.
  if (paths === undefined) {
    return fail(
      'no "paths" object, so there is nothing to generate',
      '#',
      'Check the document location (a springdoc group may be empty) or the file.',
    );
  }
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) {
    return fail('"paths" is not an object', '#/paths', 'Each key of "paths" is a URL template mapping to a path item.');
  }
  checkShape(record, fail);
  return { document: record as unknown as OpenApiDocument, version: minor === '0' ? '3.0' : '3.1' };
}

const SHAPE_HINT = 'Fix the document there (the OpenAPI specification says what each object may hold), or fetch it again.';

/**
 * The objects every command walks are objects, and the lists lists: path items and operations under
 * `paths` and `webhooks`, their `parameters`, `requestBody` and `responses`, and the components. A
 * document that breaks this (a hand-edited snapshot, a server's mistake) is refused here, at its
 * place, rather than as a TypeError deep inside a generator.
 */
function checkShape(record: Record<string, unknown>, fail: (problem: string, pointer: string, hint: string) => never): void {
  const expectObject = (value: unknown, at: (string | number)[], what: string) => {
    if (!isObject(value)) fail(`${what} is ${describeValue(value)}, not an object`, toPointer(at), SHAPE_HINT);
  };
  const expectList = (value: unknown, at: (string | number)[], what: string) => {
    if (!Array.isArray(value)) fail(`${what} is ${describeValue(value)}, not a list`, toPointer(at), SHAPE_HINT);
    value.forEach((item, i) => expectObject(item, [...at, i], 'a parameter'));
  };
  for (const group of ['paths', 'webhooks'] as const) {
    const items = record[group];
    if (items === undefined) continue;
    expectObject(items, [group], `"${group}"`);
    for (const [name, item] of Object.entries(items as Record<string, unknown>)) {
      expectObject(item, [group, name], group === 'paths' ? 'a path item' : 'a webhook');
      const pathItem = item as Record<string, unknown>;
      if (pathItem.parameters !== undefined) expectList(pathItem.parameters, [group, name, 'parameters'], '"parameters"');
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method];
        if (operation === undefined) continue;
        expectObject(operation, [group, name, method], 'an operation');
        const { parameters, requestBody, responses } = operation as Record<string, unknown>;
        if (parameters !== undefined) expectList(parameters, [group, name, method, 'parameters'], '"parameters"');
        if (requestBody !== undefined) expectObject(requestBody, [group, name, method, 'requestBody'], '"requestBody"');
        if (responses !== undefined) expectObject(responses, [group, name, method, 'responses'], '"responses"');
      }
    }
  }
  const components = record.components;
  if (components === undefined) return;
  expectObject(components, ['components'], '"components"');
  for (const [kind, entries] of Object.entries(components as Record<string, unknown>)) {
    if (kind.startsWith('x-')) continue;
    expectObject(entries, ['components', kind], `"components.${kind}"`);
    for (const [name, entry] of Object.entries(entries as Record<string, unknown>)) {
      // A schema may be `true` or `false` in 3.1; every other component is an object.
      if (kind === 'schemas' && typeof entry === 'boolean') continue;
      expectObject(entry, ['components', kind, name], 'a component');
    }
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    : `${typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
}
