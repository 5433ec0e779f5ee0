/**
 * Small OpenAPI documents that together make openapi-typescript call every factory function the
 * REST engine's syntax printer provides and reach every branch of its printer: each kind of
 * node, lists empty and full, string escaping, comments of every shape, names that need quotes.
 */

/** Text that needs escaping or re-indenting wherever it lands: a string literal, a property name, a comment. */
const AWKWARD_TEXT = [
  'plain',
  'quote " and \' and back\\slash',
  'tab\there, newline\nthere, cr\rthere, crlf\r\nthere',
  'null \u0000 and \u00001 and bell \u0007 and del \u007f',
  'non-ASCII: ä ö ü ß é ñ 中文 😀',
  'separators \u2028 and \u2029 and next-line \u0085',
  'ends a comment */ early',
  '',
];

const DESCRIPTIONS = [
  'One line.',
  'Two\nlines.',
  '  Leading and trailing spaces  ',
  'Windows\r\nline\r\nendings',
  'Old Mac\rline ending',
  'Line separator\u2028inside',
  'A blank line\n\nbetween paragraphs\n\n',
  '\tTabbed\n\tlines\n\t\tdeeper',
  'A comment end */ inside, and /* an opener',
  'Trailing spaces on lines   \n   and leading ones',
  'non-ASCII: ä 中文 😀\nzero-width\u200bspace and nbsp\u00a0here',
  '*/',
  ' ',
];

const schemaWith = (extra: Record<string, unknown>) => ({ type: 'object', properties: { value: { type: 'string', ...extra } } });

export interface CorpusDocument {
  name: string;
  document: Record<string, unknown>;
}

export const corpus: CorpusDocument[] = [
  {
    name: 'enums: strings, numbers (negative, fractional, large), non-ASCII, mixed, null, nullable',
    document: {
      openapi: '3.0.3',
      info: { title: 'enums', version: '1' },
      paths: {},
      components: {
        schemas: {
          Strings: { type: 'string', enum: AWKWARD_TEXT },
          Numbers: { type: 'integer', enum: [0, 1, -1, -42, 1.5, -0.25, 1e21, 123456789012, 2e-7] },
          Mixed: { enum: ['a', 1, true, false, null, -3] },
          NullableEnum: { type: 'string', enum: ['x', 'y'], nullable: true },
          TypeArrayEnum: { type: ['string', 'null'], enum: ['x', null] },
          Single: { type: 'string', enum: ['only'] },
          Duplicates: { enum: [true, true, null, null, 'a', 'a'] },
          ObjectEnum: { type: 'object', enum: [{ a: 1 }, { b: 'two' }] },
        },
      },
    },
  },
  {
    name: 'comments: descriptions, titles, summaries, formats, defaults, examples, deprecated',
    document: {
      openapi: '3.1.0',
      info: { title: 'comments', version: '1' },
      paths: {},
      components: {
        schemas: Object.fromEntries([
          ...DESCRIPTIONS.map((description, i) => [`Described${i}`, schemaWith({ description })]),
          ...DESCRIPTIONS.map((title, i) => [`Titled${i}`, schemaWith({ title, summary: title })]),
          [
            'AllTags',
            schemaWith({ title: 'T', format: 'uuid', deprecated: true, description: 'D', default: 'x', example: 'y', const: 'z' }),
          ],
          ['ObjectDefault', schemaWith({ default: { nested: { list: [1, 2, 'three */'] }, text: 'multi\nline' } })],
          ['EmptyDefault', schemaWith({ default: '', example: '' })],
          ['Examples', schemaWith({ examples: ['a', { b: 1 }, 'c\nd', 3] })],
          ['Deprecated', schemaWith({ deprecated: true })],
          ['EnumTag', { type: 'object', properties: { e: { type: 'string', enum: ['a'], description: 'With an enum tag' } } }],
          [
            'Nested',
            {
              type: 'object',
              properties: {
                a: {
                  type: 'object',
                  description: 'outer',
                  properties: {
                    b: {
                      type: 'object',
                      description: 'middle\nlines',
                      properties: { c: { type: 'string', description: 'inner\n  indented' } },
                    },
                  },
                },
              },
            },
          ],
        ]),
      },
    },
  },
  {
    name: 'names: numeric, quoted, non-ASCII, empty, leading underscores, reserved words',
    document: {
      openapi: '3.0.3',
      info: { title: 'names', version: '1' },
      paths: {},
      components: {
        schemas: {
          Keys: {
            type: 'object',
            required: ['200', 'a b'],
            properties: Object.fromEntries(
              [
                '200',
                '1.5',
                '-1',
                '01',
                '1e3',
                '0',
                'a b',
                'foo-bar',
                'ä',
                '😀',
                '',
                '__proto_like',
                '__x',
                '$dollar',
                '_under',
                'class',
                'with"quote',
                'back\\slash',
                'new\nline',
                '\u2028',
              ].map((key) => [key, { type: 'string' }]),
            ),
          },
          'schema with spaces': { type: 'string' },
          '123': { type: 'number' },
        },
      },
    },
  },
  {
    name: 'const, nullable, boolean schemas, empty objects, unknown',
    document: {
      openapi: '3.1.0',
      info: { title: 'consts', version: '1' },
      paths: {},
      components: {
        schemas: {
          ConstString: { const: 'fixed "one" ä' },
          ConstNumber: { const: -12.5 },
          ConstZero: { const: 0 },
          ConstTrue: { const: true },
          ConstFalse: { const: false },
          ConstObject: { const: { a: 1, 'b-c': [true, null, 'x'], d: {} } },
          ConstEmptyArray: { const: [] },
          ConstArray: { const: [1, -2, 'three', [4]] },
          Anything: {},
          Yes: true,
          No: false,
          EmptyObject: { type: 'object' },
          EmptyProperties: { type: 'object', properties: {} },
          NullType: { type: 'null' },
          Multi: { type: ['string', 'number', 'boolean', 'null', 'integer', 'array', 'object'] },
          Nullable30Ref: { allOf: [{ $ref: '#/components/schemas/EmptyObject' }], nullable: true },
        },
      },
    },
  },
  {
    name: 'composition: oneOf, anyOf, allOf, required through allOf (WithRequired), discriminators',
    document: {
      openapi: '3.0.3',
      info: { title: 'composition', version: '1' },
      paths: {},
      components: {
        schemas: {
          Base: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, size: { type: 'integer' } } },
          Required: { allOf: [{ $ref: '#/components/schemas/Base' }], required: ['id'] },
          RequiredTwo: {
            allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { extra: { type: 'string' } } }],
            required: ['id', 'size', 'extra', 'missing'],
          },
          OneOfPrimitives: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
          OneOfObjects: { oneOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { other: { type: 'number' } } }] },
          AnyOf: { anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/Base' }, { type: 'array', items: { type: 'string' } }] },
          AllOfInline: {
            allOf: [
              { type: 'object', properties: { a: { type: 'string' } } },
              { type: 'object', properties: { b: { type: 'string' } } },
            ],
          },
          Mixed: {
            type: 'object',
            properties: { own: { type: 'string' } },
            allOf: [{ $ref: '#/components/schemas/Base' }],
            anyOf: [
              { type: 'object', properties: { x: { type: 'string' } } },
              { type: 'object', properties: { y: { type: 'string' } } },
            ],
            oneOf: [
              { type: 'object', properties: { p: { type: 'string' } } },
              { type: 'object', properties: { q: { type: 'string' } } },
            ],
            nullable: true,
          },
          UnionInArray: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
          IntersectionInArray: {
            type: 'array',
            items: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { z: { type: 'string' } } }] },
          },
          UnionOfUnions: { anyOf: [{ oneOf: [{ type: 'string' }, { type: 'number' }] }, { type: 'boolean' }] },
          NullableUnionInArray: { type: 'array', items: { type: 'string', nullable: true } },
          Pet: {
            type: 'object',
            required: ['petType'],
            properties: { petType: { type: 'string' } },
            discriminator: { propertyName: 'petType', mapping: { dog: '#/components/schemas/Dog', 'the cat': '#/components/schemas/Cat' } },
          },
          Dog: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { bark: { type: 'boolean' } } }] },
          Cat: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { meow: { type: 'boolean' } } }] },
          Lizard: { allOf: [{ $ref: '#/components/schemas/Pet' }] },
          AnyPet: {
            oneOf: [{ $ref: '#/components/schemas/Dog' }, { $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Bird' }],
            discriminator: { propertyName: 'petType' },
          },
          Bird: { type: 'object', properties: { petType: { type: 'string', description: 'kind' }, wings: { type: 'integer' } } },
        },
      },
    },
  },
  {
    name: 'arrays and tuples: items, nested arrays, prefixItems with rest, empty tuples, additionalProperties, patternProperties, $defs',
    document: {
      openapi: '3.1.0',
      info: { title: 'arrays', version: '1' },
      paths: {},
      components: {
        schemas: {
          Strings: { type: 'array', items: { type: 'string' } },
          Nested: { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'number' } } } },
          NoItems: { type: 'array' },
          Tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }, { $ref: '#/components/schemas/Strings' }] },
          TupleWithRest: { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'number' }, minItems: 1, maxItems: 3 },
          EmptyTuple: { type: 'array', prefixItems: [] },
          TupleOfObjects: {
            type: 'array',
            prefixItems: [{ type: 'object', properties: { a: { type: 'string', description: 'in a tuple' } } }],
          },
          ArrayOfObjects: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
          NullableItems: { type: 'array', items: { type: ['string', 'null'] } },
          MapOfStrings: { type: 'object', additionalProperties: { type: 'string' } },
          MapTrue: { type: 'object', additionalProperties: true },
          MapEmpty: { type: 'object', additionalProperties: {} },
          MapFalse: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
          MapAndProperties: {
            type: 'object',
            required: ['a'],
            properties: { a: { type: 'string' } },
            additionalProperties: { type: 'integer' },
          },
          Patterns: { type: 'object', patternProperties: { '^x-': { type: 'string' }, '^y-': { type: 'number' } } },
          MapOfArrays: {
            type: 'object',
            additionalProperties: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
          },
          Defs: {
            type: 'object',
            properties: { a: { $ref: '#/components/schemas/Defs/$defs/inner' } },
            $defs: { inner: { type: 'string', readOnly: true, description: 'a def' } },
          },
          ReadWrite: {
            type: 'object',
            properties: {
              r: { type: 'string', readOnly: true },
              w: { type: 'string', writeOnly: true },
              both: { type: 'string', readOnly: true, writeOnly: true },
            },
          },
          WithDefault: { type: 'object', properties: { d: { type: 'string', default: 'x' }, n: { type: 'integer', default: 0 } } },
        },
      },
    },
  },
  {
    name: 'operations: parameters of every kind, bodies, responses with headers, refs, webhooks, path items',
    document: {
      openapi: '3.1.0',
      info: { title: 'operations', version: '1' },
      paths: {
        '/items/{id}': {
          summary: 'An item',
          description: 'Path item description\nover two lines',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The id' }],
          get: {
            operationId: 'getItem',
            summary: 'Get */ it',
            description: 'Gets an item.',
            deprecated: true,
            parameters: [
              { name: 'q', in: 'query', schema: { type: 'string', enum: ['a', 'b'] } },
              { name: 'limit', in: 'query', required: true, schema: { type: 'integer', default: 10 } },
              { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
              { $ref: '#/components/parameters/Page' },
            ],
            responses: {
              '200': {
                description: 'OK',
                headers: { 'X-Rate': { schema: { type: 'integer' }, description: 'rate' }, 'X-Ref': { $ref: '#/components/headers/Ref' } },
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/Item' } },
                  'text/plain': { schema: { type: 'string' } },
                },
              },
              '204': { description: 'Nothing' },
              '4XX': { $ref: '#/components/responses/Problem' },
              default: { description: 'Anything else', content: { 'application/json': {} } },
            },
          },
          put: {
            operationId: 'putItem',
            requestBody: {
              required: true,
              description: 'The new item',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
            },
            responses: { '200': { description: 'OK' } },
          },
          post: {
            operationId: 'postItem',
            requestBody: { $ref: '#/components/requestBodies/ItemBody' },
            responses: {
              '201': {
                description: 'Created',
                content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } },
              },
            },
          },
          delete: { responses: { '204': { description: 'deleted' } } },
        },
        '/no-params': { get: { operationId: 'noParams', responses: { '200': { description: 'OK' } } } },
        '/ref-item': { $ref: '#/components/pathItems/Shared' },
        '/ä/{ü}': {
          get: {
            operationId: 'nonAscii',
            parameters: [{ name: 'ü', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': { description: 'OK' } },
          },
        },
      },
      webhooks: {
        itemChanged: {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
            responses: { '200': { description: 'OK' } },
          },
        },
      },
      components: {
        schemas: {
          Item: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
          },
        },
        parameters: { Page: { name: 'page', in: 'query', description: 'Page\nnumber', schema: { type: 'integer' } } },
        headers: { Ref: { schema: { type: 'string' }, description: 'A header' } },
        responses: {
          Problem: {
            description: 'A problem',
            content: { 'application/problem+json': { schema: { type: 'object', properties: { title: { type: 'string' } } } } },
          },
        },
        requestBodies: {
          ItemBody: { description: 'Body', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
        },
        pathItems: { Shared: { get: { operationId: 'shared', responses: { '200': { description: 'OK' } } } } },
      },
    },
  },
  {
    name: 'OpenAPI 3.0 specifics: nullable everywhere, items as a list, exclusive bounds',
    document: {
      openapi: '3.0.0',
      info: { title: 'three-oh', version: '1' },
      paths: {
        '/a': {
          get: {
            operationId: 'a',
            responses: {
              '200': {
                description: 'OK',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      nullable: true,
                      properties: {
                        s: { type: 'string', nullable: true },
                        r: { $ref: '#/components/schemas/R' },
                        arr: { type: 'array', nullable: true, items: { type: 'integer', nullable: true } },
                        tupleish: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] },
                        n: { type: 'number', exclusiveMinimum: true, minimum: 0 },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: { schemas: { R: { type: 'object', nullable: true, properties: { x: { type: 'boolean' } } } } },
    },
  },
  {
    name: 'an empty document',
    document: { openapi: '3.1.0', info: { title: 'empty', version: '1' }, paths: {} },
  },
];
