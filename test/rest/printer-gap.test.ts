/**
 * A node the syntax printer cannot print is a gap of ours, not the document's: the generator must
 * not leave the component out with a warning that blames openapi-typescript (and exit 0 with types
 * missing), but fail, so the gap is seen and reported.
 */
import { describe, expect, it, vi } from 'vitest';
import type { OpenApiDocument } from '../../src/fetch/openapi/document.js';
import { isSyntaxPrinterGap, syntaxPrinterGap } from '../../src/generate/rest/syntax-printer/gap.js';

vi.mock('../../src/generate/rest/libraries.js', async (original) => {
  const real = await original<typeof import('../../src/generate/rest/libraries.js')>();
  const transform = real.loadOpenApiTypeScript();
  return {
    loadOpenApiTypeScript: () => ({
      ...transform,
      // As the printer would throw on one component's node.
      transformSchema: (document: { components?: { schemas?: Record<string, unknown> } }, context: never) => {
        if (document.components?.schemas?.Gap) throw syntaxPrinterGap('cannot print a node of kind TupleType');
        return transform.transformSchema(document as never, context);
      },
    }),
  };
});

const { emitSchemaTypes } = await import('../../src/generate/rest/emit-types.js');

const document: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas: { Gap: { type: 'string' }, Fine: { type: 'string' } } },
};

describe('a gap in the syntax printer', () => {
  it('fails the generation instead of becoming a "left out" warning', async () => {
    const warnings: { location: string; message: string }[] = [];
    const error = await emitSchemaTypes(document, warnings, { file: 'doc.json', locate: () => undefined }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSyntaxPrinterGap(error)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
