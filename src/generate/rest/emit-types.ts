import type { GenerationWarning } from '../types.js';
import { isObject, type OpenApiDocument, type PathItem } from '../../fetch/openapi/document.js';
import { toPointer } from '../../fetch/openapi/pointer.js';
import { loadOpenApiTypeScript, type OpenApiTransform as OpenApiTypeScript } from './libraries.js';
import { checkReferences } from '../../fetch/openapi/references.js';
import { OpenApiDocumentError } from '../../fetch/openapi/errors.js';
import type { SourcePosition } from '../../fetch/source-location.js';
import { isSyntaxPrinterGap } from './syntax-printer/gap.js';

/**
 * `paths`, `components` and `operations` types for the document: openapi-typescript's transform with
 * its default options, printed with its own printer and header, so the file is what its CLI writes.
 *
 * We call its `transformSchema` on the parsed document rather than `openapiTS()`: the latter lints
 * and bundles through Redocly first (seconds on the 1.3 MB Orchestration Cluster document), work
 * that `source.ts`/`select.ts` have already done for a single-file document (parse, version check,
 * every `$ref` resolved). A test holds the two outputs byte-equal.
 *
 * When the transform throws on some construct, the offending components and operations are found
 * one by one, left out with a warning naming each, and the rest generated. What still fails after
 * that (a webhook, the document's root) is the document's mistake: an `OpenApiDocumentError` at the
 * place openapi-typescript names. A node our syntax printer cannot print is our gap, never the
 * document's: it is thrown as it is, not turned into a warning.
 */
export async function emitSchemaTypes(
  document: OpenApiDocument,
  warnings: GenerationWarning[],
  source: { file: string; locate(pointer: string): SourcePosition | undefined },
): Promise<{ contents: string; document: OpenApiDocument }> {
  const ot = loadOpenApiTypeScript();
  // The transform patches discriminator enums into the document it is given (harmless for the
  // function emitter); a serialized copy is kept for the isolation pass, which needs it untouched.
  const pristine = JSON.stringify(document);
  const fresh = (): OpenApiDocument => JSON.parse(pristine) as OpenApiDocument;

  const first = tryTransform(ot, document, warnings);
  if (first.ok) return { contents: first.contents, document };

  const reduced = leaveOutWhatFails(ot, fresh, warnings);
  const second = tryTransform(ot, JSON.parse(JSON.stringify(reduced)) as OpenApiDocument, warnings);
  if (!second.ok) {
    // openapi-typescript names the place at the end (`… received string at #/webhooks/w/post/…`) or
    // at the start (`#/webhooks/w/…/schema: invalid property a`).
    const at = / at (#\/\S*)$/.exec(second.error);
    const lead = at ? undefined : /^(#\/\S*?): /.exec(second.error);
    const pointer = at?.[1] ?? lead?.[1];
    throw new OpenApiDocumentError({
      file: source.file,
      ...(pointer ? source.locate(pointer) : undefined),
      pointer,
      problem: `openapi-typescript cannot express the document (${at ? second.error.slice(0, at.index) : lead ? second.error.slice(lead[0].length) : second.error})`,
      hint: 'Fix the document there (the OpenAPI specification says what each object may hold), or fetch it again.',
    });
  }
  return { contents: second.contents, document: reduced };
}

type TransformOutcome = { ok: true; contents: string } | { ok: false; error: string };

function tryTransform(ot: OpenApiTypeScript, document: OpenApiDocument, warnings?: GenerationWarning[]): TransformOutcome {
  const heard: string[] = [];
  const consoleWarn = console.warn;
  // openapi-typescript reports what it skips with console.warn; turn that into warnings of ours.
  console.warn = (...args: unknown[]) => heard.push(args.map(String).join(' '));
  try {
    const ast = ot.transformSchema(document as never, contextFor(ot, document));
    return { ok: true, contents: `${ot.COMMENT_HEADER}${ot.astToString(ast)}` };
  } catch (error) {
    if (isSyntaxPrinterGap(error)) throw error;
    return { ok: false, error: (error as Error).message };
  } finally {
    console.warn = consoleWarn;
    if (warnings) {
      for (const message of heard) {
        // \u26a0 (a warning sign) written escaped: one character beyond Latin-1 in the bundled engine makes V8 keep its whole source (megabytes) as a two-byte string.
        // eslint-disable-next-line no-control-regex
        warnings.push({ location: 'openapi-typescript', message: message.replace(/\u001b\[[0-9;]*m/g, '').replace(/^\s*\u26a0\s*/, '') });
      }
    }
  }
}

/** The context `openapiTS()` builds, with its defaults (openapi-typescript 7). */
export function contextFor(
  ot: Pick<OpenApiTypeScript, 'scanDiscriminators' | 'resolveRef'>,
  document: OpenApiDocument,
): Parameters<OpenApiTypeScript['transformSchema']>[1] {
  const options = { silent: false };
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: ot.scanDiscriminators(document as never, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Only read by openapiTS() itself, for linting and bundling, which we do not use.
    redoc: undefined as never,
    silent: false,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve<T>($ref: string): T | undefined {
      return ot.resolveRef<T>(document, $ref, { silent: false });
    },
  };
}

/**
 * Finds the components the transform cannot take (each tried alone), then drops them, everything
 * that reaches them, and operations that fail alone; each one left out becomes a warning.
 */
function leaveOutWhatFails(ot: OpenApiTypeScript, fresh: () => OpenApiDocument, warnings: GenerationWarning[]): OpenApiDocument {
  const document = fresh();
  const components = document.components ?? {};
  const bad = new Set<string>();
  for (const [kind, entries] of Object.entries(components)) {
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      const alone = fresh();
      alone.paths = {};
      alone.components = { ...alone.components, [kind]: { [name]: (alone.components?.[kind] as Record<string, unknown>)[name] } };
      const outcome = tryTransform(ot, alone);
      if (!outcome.ok) {
        bad.add(`${kind}/${name}`);
        warnings.push({
          location: toPointer(['components', kind, name]),
          message: `left out: openapi-typescript cannot express it (${outcome.error})`,
        });
      }
    }
  }

  const source = { file: '', document, locate: () => undefined };
  const reached = (node: unknown, at: string[]) => checkReferences(source, [[node, at]]);
  // Components that lead to a bad one would leave dangling type references: drop them too.
  for (const [kind, entries] of Object.entries(components)) {
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      if (bad.has(`${kind}/${name}`)) continue;
      if ([...reached(entries[name], ['components', kind, name])].some((key) => bad.has(key))) {
        bad.add(`${kind}/${name}`);
        warnings.push({ location: toPointer(['components', kind, name]), message: 'left out: it refers to a component that was left out' });
      }
    }
  }

  const dropped: [PathItem, string][] = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters' || !isObject(operation)) continue;
      const at = ['paths', route, method];
      const uses = new Set([...reached(operation, at), ...reached(item.parameters, ['paths', route, 'parameters'])]);
      let reason: string | undefined;
      if ([...uses].some((key) => bad.has(key))) {
        reason = 'it refers to a component that was left out';
      } else {
        // Alone, with just the components it uses, so a bad component elsewhere cannot fail it.
        const alone: OpenApiDocument = {
          ...document,
          paths: { [route]: { parameters: item.parameters, [method]: operation } },
          components: Object.fromEntries(
            Object.entries(components).map(([kind, entries]) => [
              kind,
              Object.fromEntries(Object.entries(entries ?? {}).filter(([name]) => uses.has(`${kind}/${name}`))),
            ]),
          ),
        };
        const outcome = tryTransform(ot, JSON.parse(JSON.stringify(alone)) as OpenApiDocument);
        if (!outcome.ok) reason = `openapi-typescript cannot express it (${outcome.error})`;
      }
      if (reason) {
        dropped.push([item, method]);
        warnings.push({ location: toPointer(at), message: `left out: ${reason}` });
      }
    }
  }
  for (const [item, method] of dropped) delete (item as Record<string, unknown>)[method];
  for (const key of bad) {
    const [kind, name] = key.split('/') as [string, string];
    delete (components[kind] as Record<string, unknown>)[name];
  }
  return document;
}
