/**
 * Redocly's `struct` rule: the shape of every OpenAPI object (wrong types, unknown required
 * fields). A separate module because Redocly is large: the commands that take a document from
 * outside (fetch, diff, `check --fetch`) load it, the generator's bundle does not.
 */
import { OpenApiDocumentError } from './errors.js';

/** Throws `OpenApiDocumentError` at the first structural problem; the text has passed `parseOpenApiSource`. */
export async function checkOpenApiStructure(text: string, file: string): Promise<void> {
  // Loaded lazily: it is a large module and only the OpenAPI side needs it.
  const { BaseResolver, createConfig, getLineColLocation, lintFromString } = await import('@redocly/openapi-core');
  const config = await createConfig({ rules: { struct: 'error' } });
  // Redocly follows a `$ref` in an extension or a schema's `example` too, where it is data (a file
  // path, a URL a server put there): it may read or download nothing. Every reference has been
  // checked to lie inside the document, so none of them needs another file.
  class NothingOutside extends BaseResolver {
    override loadExternalRef(absoluteRef: string): never {
      throw new Error(`not read: ${absoluteRef}`);
    }
  }
  let problems: Awaited<ReturnType<typeof lintFromString>>;
  try {
    problems = await lintFromString({
      source: text,
      absoluteRef: '/tasklist-codegen/openapi.yaml',
      config,
      externalRefResolver: new NothingOutside(),
    });
  } catch (error) {
    // Redocly's YAML reader refuses what JSON.parse lets through (a duplicated key) with a plain
    // Error naming its virtual path: say it about the user's file instead.
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    const at = /\((\d+):(\d+)\)\s*$/.exec(message);
    throw new OpenApiDocumentError({
      file,
      ...(at ? { line: Number(at[1]), column: Number(at[2]) } : {}),
      problem: `invalid OpenAPI document: ${message.replace(/ in "[^"]*"/, '').replace(/\s*\(\d+:\d+\)\s*$/, '')}`,
      hint: 'Fix the file, or check that the URL serves the OpenAPI document.',
      syntax: true,
    });
  }
  const errors = problems.filter((problem) => problem.severity === 'error');
  const first = errors[0];
  if (!first) return;
  const location = first.location[0];
  const start = location ? getLineColLocation(location).start : undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new OpenApiDocumentError({
    file,
    ...(start ? { line: start.line, column: start.col } : {}),
    problem: `invalid OpenAPI document: ${first.message}${more}`,
    hint: 'The document does not follow the OpenAPI specification; fix the file, or report it to whoever serves it.',
  });
}
