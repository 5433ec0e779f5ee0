import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { TOO_DEEP, TOO_DEEP_HINT, offsetTooDeep } from '../../util/nesting.js';
import { parseYamlText } from '../../util/parse-yaml.js';
import { jsonSyntaxKind, positionOfJsonError } from '../../fetch/source-location.js';
import { OpenApiDocumentError } from './errors.js';
import type { OpenApiDocument } from './document.js';
import { parsePointer } from './pointer.js';
import { duplicateJsonKeys, duplicateYamlKeys, type DuplicateKey } from './duplicate-keys.js';

/** A parsed OpenAPI document that still knows where each node came from, for error messages. */
export interface OpenApiSource {
  file: string;
  document: OpenApiDocument;
  /** 1-based line and column of the node at a JSON pointer (`#/paths/...`), when it can be found. */
  locate(pointer: string): { line: number; column: number } | undefined;
  /** Keys the text writes twice in one object (the parse kept the last of each). */
  duplicateKeys(): DuplicateKey[];
}

/**
 * Parses JSON or YAML text into an OpenAPI 3 document. JSON goes through `JSON.parse` (fast on the
 * 1.3 MB Orchestration Cluster document); positions are only worked out, by a YAML parse of the same
 * text, when an error needs one. A YAML document's parse tree (every node with its source range,
 * several times the size of the value) is dropped once the value and its duplicate keys are read:
 * kept for the whole generation it was the largest thing in memory. An error parses the text again
 * for its position.
 */
export function parseOpenApiSource(text: string, file: string): OpenApiSource {
  const trimmed = text.trimStart();
  let parsed: unknown;
  let yamlDoc: { doc: Document; lines: LineCounter } | undefined;
  let yamlDuplicates: DuplicateKey[] | undefined;
  const yamlOf = () => {
    if (!yamlDoc) {
      const lines = new LineCounter();
      yamlDoc = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines };
    }
    return yamlDoc;
  };

  const isJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (isJson) {
    const deep = offsetTooDeep(text, 'json');
    if (deep !== undefined) {
      const at = lineColumnAt(text, deep);
      throw new OpenApiDocumentError({ file, line: at.line, column: at.column, problem: `invalid JSON: ${TOO_DEEP}`, hint: TOO_DEEP_HINT });
    }
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const at = positionOfJsonError(text, error);
      throw new OpenApiDocumentError({
        file,
        line: at?.line,
        column: at?.column,
        problem: `invalid JSON: ${jsonSyntaxKind(error)}`,
        hint: 'Fix the syntax, or fetch the document again.',
      });
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
        hint: problem.hint ?? 'Fix the syntax, or fetch the document again.',
      });
    }
    // Without a tree the fast read took it, which refuses a key written twice: there is none.
    yamlDuplicates = yaml.tree ? duplicateYamlKeys(yaml.tree.document, yaml.tree.lines) : [];
    parsed = yaml.value;
  }

  const locate = (pointer: string) => {
    const { doc, lines } = yamlOf();
    if (doc.errors.length > 0) return undefined;
    let path = parsePointer(pointer);
    // Walk up to the nearest node that exists, so a missing leaf still points at its parent.
    while (path.length >= 0) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
      if (path.length === 0) return undefined;
      path = path.slice(0, -1);
    }
    return undefined;
  };

  const document = assertOpenApi3(parsed, file, locate);
  const duplicateKeys = () => yamlDuplicates ?? duplicateJsonKeys(text);
  return { file, document, locate, duplicateKeys };
}

function assertOpenApi3(
  value: unknown,
  file: string,
  locate: (pointer: string) => { line: number; column: number } | undefined,
): OpenApiDocument {
  const fail = (problem: string, pointer: string, hint: string): never => {
    const at = locate(pointer);
    throw new OpenApiDocumentError({ file, line: at?.line, column: at?.column, pointer, problem, hint });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('not an OpenAPI document: the top level is not an object', '#', 'Point the generator at an OpenAPI 3 document.');
  }
  const record = value as Record<string, unknown>;
  if ('swagger' in record) {
    return fail(
      `Swagger ${String(record['swagger'])} document; only OpenAPI 3.x is supported`,
      '#/swagger',
      "Convert it to OpenAPI 3 (e.g. with swagger2openapi) or fetch the server's /v3/api-docs.",
    );
  }
  const version = record['openapi'];
  if (typeof version !== 'string' || !/^3\.\d+(\.\d+)?/.test(version)) {
    return fail(
      version === undefined ? 'not an OpenAPI 3 document: no `openapi` field' : `unsupported OpenAPI version ${JSON.stringify(version)}`,
      version === undefined ? '#' : '#/openapi',
      'Expected `openapi: 3.0.x` or `3.1.x`.',
    );
  }
  const paths = record['paths'];
  // Without paths there is nothing to generate; `fetch` refuses such a document too.
  if (paths === undefined) {
    return fail(
      'no `paths` object, so there is nothing to generate',
      '#',
      'Check the document (a springdoc group may be empty) or fetch it again.',
    );
  }
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) {
    return fail('`paths` is not an object', '#/paths', 'Each key of `paths` is a URL template mapping to a path item.');
  }
  return record as unknown as OpenApiDocument;
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
