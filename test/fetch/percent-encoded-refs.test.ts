/**
 * A `$ref` is a URI fragment, so a schema named `100%` is referred to as `#/components/schemas/100%25`
 * (the loader resolves both spellings to it). The change report reads the name the same way: it
 * knows which operations use the schema, and two spellings of one reference are no change.
 */
import { describe, expect, it } from 'vitest';
import { diffOpenApiDocuments } from '../../src/fetch/change-report.js';

function document(ref: string, pctType: string): object {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'getThings',
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } },
        },
      },
    },
    components: { schemas: { '100%': { type: 'object', properties: { pct: { type: pctType } } } } },
  };
}

describe('percent-encoded schema references in the change report', () => {
  it('a change to the schema names the operation that returns it through #/components/schemas/100%25', () => {
    const changes = diffOpenApiDocuments(
      document('#/components/schemas/100%25', 'number'),
      document('#/components/schemas/100%25', 'string'),
    );
    expect(changes.map((change) => change.message)).toContain('Type changed from number to string. (returned by GET /things)');
  });

  it('the same schema spelled 100% and 100%25 is not a change of reference', () => {
    const changes = diffOpenApiDocuments(
      document('#/components/schemas/100%', 'number'),
      document('#/components/schemas/100%25', 'number'),
    );
    expect(changes).toEqual([]);
  });
});
