/**
 * The REST engine prints `schema.d.ts` with its own syntax printer (src/generate/rest/syntax-printer/)
 * in place of TypeScript's: the output must be byte for byte what TypeScript 5.9's printer makes of
 * openapi-typescript's syntax tree.
 *
 * - every OpenAPI document at hand, through the engine, against openapi-typescript's own `openapiTS()`
 *   (Redocly and the real TypeScript printer included);
 * - a corpus of small documents reaching every kind of node and printer branch, through the engine,
 *   against the generator's modules (which run openapi-typescript on the real `typescript`);
 * - the same corpus with openapi-typescript's other options, which the generator does not pass,
 *   through openapi-typescript bundled as the engine bundles it;
 * - node trees built with each factory (ours and TypeScript's), for what no option reaches.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as realOpenApiTypeScript from 'openapi-typescript';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import realTs from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRestGenerator } from '../../src/generate/engines.js';
import { contextFor } from '../../src/generate/rest/emit-types.js';
import { generateRest, type GenerateRestOptions } from '../../src/generate/rest/index.js';
import ourTs from '../../src/generate/rest/syntax-printer/index.js';
import { corpus } from './syntax-printer-corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sharedDirs = [path.resolve(repoRoot, '../shared/fixtures/real'), path.resolve(repoRoot, '../shared/fixtures/public/openapi')];
for (const dir of sharedDirs) if (!existsSync(dir)) console.warn(`[syntax-printer] skipping the documents of ${dir}: it is absent`);

/** Every OpenAPI document at hand: this repository's, and the real and public ones beside it. */
const documents = [
  path.join(repoRoot, 'schemas/tasklist.openapi.json'),
  ...sharedDirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => /\.(ya?ml|json)$/.test(name) && !/graphql/.test(name))
          .map((name) => path.join(dir, name))
      : [],
  ),
];

const schemaOf = (result: { files: { path: string; contents: string }[] }) =>
  result.files.find((f) => f.path === 'rest/schema.d.ts')?.contents;

describe('the engine prints what openapi-typescript prints with the TypeScript compiler', () => {
  it('has documents to compare (this repository’s at least)', () => {
    expect(documents.length).toBeGreaterThanOrEqual(1);
  });

  for (const file of documents) {
    it(path.relative(path.dirname(repoRoot), file), async () => {
      const text = readFileSync(file, 'utf8');
      const document = file.endsWith('.json') ? JSON.parse(text) : parse(text);
      const expected = COMMENT_HEADER + astToString(await openapiTS(document, { silent: true }));
      const fromEngine = await runRestGenerator({ documentFile: file, cwd: repoRoot, runtimeImport: 'tasklist-codegen/runtime' });
      expect(schemaOf(fromEngine) === expected, 'schema.d.ts differs from openapiTS()').toBe(true);
    }, 120_000);
  }
});

/**
 * Documents the modules do not print through openapiTS() alone: the reliability corpus's OpenAPI
 * inputs (many of them bad input on purpose) and the split Orchestration Cluster document (its root,
 * with external `$ref`s). The engine must come to the same outcome as the modules, output or error.
 */
const corpusRoot = path.join(repoRoot, 'test/reliability/corpus');
const otherDocuments = [
  ...readdirSync(corpusRoot, { recursive: true, encoding: 'utf8' })
    .filter((file) => /openapi|bomb/.test(file) && /\.(ya?ml|json)$/.test(file) && file.includes(`files${path.sep}`))
    .map((file) => path.join(corpusRoot, file)),
  ...(existsSync(sharedDirs[0]!) ? [path.join(sharedDirs[0]!, 'orchestration-cluster-v2-split/rest-api.yaml')] : []),
];

describe('on the other documents at hand, the engine comes to what the modules come to', () => {
  it('has them', () => {
    expect(otherDocuments.length).toBeGreaterThan(5);
  });
  for (const file of otherDocuments) {
    it(path.relative(path.dirname(repoRoot), file), async () => {
      const options: GenerateRestOptions = { documentFile: file, cwd: path.dirname(file), runtimeImport: 'tasklist-codegen/runtime' };
      const outcome = (promise: Promise<{ files: { path: string; contents: string }[] }>) =>
        promise.then(
          (result) => ({ schema: schemaOf(result) }),
          (error: Error) => ({ error: `${error.name}: ${error.message}` }),
        );
      const [fromEngine, fromModules] = [await outcome(runRestGenerator(options)), await outcome(generateRest(options))];
      expect(fromEngine).toEqual(fromModules);
    }, 60_000);
  }
});

describe('on a corpus reaching every node kind, the engine prints what the modules print with the TypeScript compiler', () => {
  for (const { name, document } of corpus) {
    it(name, async () => {
      const options: GenerateRestOptions = {
        documentFile: 'corpus.json',
        documentText: JSON.stringify(document),
        cwd: repoRoot,
        runtimeImport: 'tasklist-codegen/runtime',
      };
      const [fromEngine, fromModules] = [await runRestGenerator(options), await generateRest(options)];
      expect(schemaOf(fromEngine)).toBe(schemaOf(fromModules));
      expect(fromEngine.warnings).toEqual(fromModules.warnings);
    }, 60_000);
  }
});

type OpenApiTypeScript = Pick<typeof realOpenApiTypeScript, 'transformSchema' | 'astToString' | 'scanDiscriminators' | 'resolveRef'>;
type Context = Parameters<typeof realOpenApiTypeScript.transformSchema>[1];

/** What openapiTS() prints for a document without Redocly's lint and bundle, with `options` over its defaults. */
function printed(ot: OpenApiTypeScript, original: object, options: Partial<Context>): string {
  const document = structuredClone(original) as never;
  // The generator's own context, then the options under test.
  const context: Context = { ...contextFor(ot, document), silent: true, ...options };
  return ot.astToString(ot.transformSchema(document, context));
}

describe('with openapi-typescript’s other options, bundled with the syntax printer as the engine bundles it', () => {
  let scratch: string;
  let bundled: OpenApiTypeScript;

  beforeAll(async () => {
    await mkdir(path.join(repoRoot, '.tmp'), { recursive: true });
    scratch = await mkdtemp(path.join(repoRoot, '.tmp', 'syntax-printer-'));
    const { typescriptAsSyntaxPrinter } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/engines.mjs')).href)) as {
      typescriptAsSyntaxPrinter: import('esbuild').Plugin;
    };
    const outfile = path.join(scratch, 'openapi-typescript.mjs');
    await build({
      stdin: {
        contents: "export { transformSchema, astToString, scanDiscriminators, resolveRef } from 'openapi-typescript';",
        resolveDir: repoRoot,
        loader: 'js',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Redocly's CommonJS modules, bundled into an ES module, ask for `require`.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'error',
      plugins: [typescriptAsSyntaxPrinter],
    });
    bundled = (await import(pathToFileURL(outfile).href)) as OpenApiTypeScript;
  }, 60_000);
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const optionSets: Record<string, Partial<Context>> = {
    'enum (TypeScript enums, with x-enum-varnames and x-enum-descriptions)': { enum: true },
    'enum with dedupeEnums and conditionalEnums': { enum: true, dedupeEnums: true, conditionalEnums: true },
    immutable: { immutable: true },
    arrayLength: { arrayLength: true },
    'exportType and rootTypes': { exportType: true, rootTypes: true },
    makePathsEnum: { makePathsEnum: true },
    'the defaults turned around': {
      additionalProperties: true,
      alphabetize: true,
      defaultNonNullable: false,
      emptyObjectsUnknown: true,
      excludeDeprecated: true,
      propertiesRequiredByDefault: true,
    },
  };
  const withEnumMetadata = {
    openapi: '3.1.0',
    info: { title: 'enum metadata', version: '1' },
    paths: {},
    components: {
      schemas: {
        Named: {
          type: 'integer',
          enum: [1, -2, 3, 4.5],
          'x-enum-varnames': ['One', 'MinusTwo', 'Three', 'FourAndAHalf'],
          'x-enum-descriptions': ['the first', ' padded ', 'two\nlines', ''],
        },
        Described: { type: 'string', enum: ['a', 'b c', 'ä', '1x', '-y', 'a+b'], 'x-enumDescriptions': ['A */', 'B', 'C', 'D', 'E', 'F'] },
        WithNull: { type: ['string', 'null'], enum: ['x', null] },
        Again: { type: 'string', enum: ['b c', 'a', 'ä', '1x', '-y', 'a+b'] },
      },
    },
  };

  for (const [label, options] of Object.entries(optionSets)) {
    it(label, async () => {
      for (const { name, document } of [...corpus, { name: 'enum metadata', document: withEnumMetadata }]) {
        const expected = printed(realOpenApiTypeScript, document, options);
        const ours = printed(bundled, document, options);
        expect(ours === expected, `${name}: differs`).toBe(true);
      }
    }, 120_000);
  }

  it('an option that makes openapi-typescript parse other TypeScript fails with a clear error, never prints something else', async () => {
    const document = corpus[0]!.document;
    expect(printed(realOpenApiTypeScript, document, { enumValues: true })).toContain('export const ');
    expect(() => printed(bundled, document, { enumValues: true })).toThrow(
      /the REST engine's syntax printer .* does not parse TypeScript source, which openapi-typescript asked for/,
    );
  });
});

/** A syntax tree for what openapi-typescript's options never make, built with either factory. */
function treeOf(ts: typeof realTs): realTs.Statement[] {
  const f = ts.factory;
  const K = ts.SyntaxKind;
  const str = (text: string) => f.createKeywordTypeNode(K.StringKeyword);
  const ref = (name: string, args?: realTs.TypeNode[]) => f.createTypeReferenceNode(name, args);
  const union = f.createUnionTypeNode([str('a'), f.createKeywordTypeNode(K.NumberKeyword)]);
  const intersection = f.createIntersectionTypeNode([ref('A'), ref('B')]);
  const exported = [f.createModifier(K.ExportKeyword)];
  const comment = <T extends realTs.Node>(node: T, kind: realTs.CommentKind, text: string, newline: boolean) =>
    ts.addSyntheticLeadingComment(node, kind, text, newline);

  const members = [
    f.createPropertySignature(
      [f.createModifier(K.ReadonlyKeyword)],
      'a',
      f.createToken(K.QuestionToken),
      f.createTypeOperatorNode(K.ReadonlyKeyword, f.createArrayTypeNode(str('x'))),
    ),
    f.createPropertySignature(
      undefined,
      f.createStringLiteral("it's", true),
      undefined,
      f.createTypeOperatorNode(K.KeyOfKeyword, intersection),
    ),
    f.createPropertySignature(
      undefined,
      'b',
      undefined,
      f.createTypeOperatorNode(K.ReadonlyKeyword, f.createTypeOperatorNode(K.ReadonlyKeyword, f.createArrayTypeNode(str('x')))),
    ),
    f.createPropertySignature(undefined, 'c', undefined, f.createArrayTypeNode(f.createTypeOperatorNode(K.KeyOfKeyword, ref('T')))),
    f.createPropertySignature(
      undefined,
      'd',
      undefined,
      f.createIndexedAccessTypeNode(union, f.createLiteralTypeNode(f.createNumericLiteral(0))),
    ),
    f.createPropertySignature(undefined, 'e', undefined, f.createUnionTypeNode([union, intersection, f.createArrayTypeNode(intersection)])),
    f.createPropertySignature(undefined, 'f', undefined, f.createTupleTypeNode([])),
    f.createPropertySignature(
      undefined,
      'g',
      undefined,
      f.createTupleTypeNode([f.createRestTypeNode(f.createArrayTypeNode(union)), f.createTupleTypeNode([str('x')])]),
    ),
    comment(
      f.createPropertySignature(undefined, 'h', undefined, f.createTypeLiteralNode([])),
      K.SingleLineCommentTrivia,
      ' a line comment',
      true,
    ),
    comment(
      comment(f.createPropertySignature(undefined, 'i', undefined, ref('I')), K.MultiLineCommentTrivia, '* first ', false),
      K.MultiLineCommentTrivia,
      '*\n\t * tabbed\n   *   spaced\n\n * after a blank\n ',
      true,
    ),
    f.createPropertySignature(
      undefined,
      'j',
      undefined,
      f.createUnionTypeNode([comment(str('x'), K.MultiLineCommentTrivia, ' inline ', false), f.createLiteralTypeNode(f.createNull())]),
    ),
    f.createIndexSignature(
      [f.createModifier(K.ReadonlyKeyword)],
      [f.createParameterDeclaration(undefined, undefined, 'key', undefined, str('k'))],
      f.createKeywordTypeNode(K.UnknownKeyword),
    ),
    ...[
      K.AnyKeyword,
      K.NeverKeyword,
      K.ObjectKeyword,
      K.SymbolKeyword,
      K.BigIntKeyword,
      K.VoidKeyword,
      K.UndefinedKeyword,
      K.BooleanKeyword,
    ].map((kind, i) =>
      f.createPropertySignature(undefined, `k${i}`, undefined, f.createKeywordTypeNode(kind as realTs.KeywordTypeSyntaxKind)),
    ),
    f.createPropertySignature(
      undefined,
      'm',
      undefined,
      f.createMappedTypeNode(
        f.createToken(K.MinusToken),
        f.createTypeParameterDeclaration(undefined, 'P', ref('K')),
        ref('Q'),
        f.createToken(K.PlusToken),
        ref('T', [ref('P')]),
        undefined,
      ),
    ),
    f.createPropertySignature(
      undefined,
      'n',
      undefined,
      f.createMappedTypeNode(
        f.createToken(K.ReadonlyKeyword),
        f.createTypeParameterDeclaration(undefined, 'P', ref('K')),
        undefined,
        f.createToken(K.QuestionToken),
        undefined,
        undefined,
      ),
    ),
  ];
  return [
    comment(
      f.createInterfaceDeclaration(exported, 'Empty', undefined, undefined, []),
      K.MultiLineCommentTrivia,
      '* An empty interface ',
      true,
    ),
    f.createInterfaceDeclaration(
      exported,
      'Generic',
      [
        f.createTypeParameterDeclaration(undefined, 'T', ref('object'), f.createTypeLiteralNode([])),
        f.createTypeParameterDeclaration(undefined, 'K', f.createTypeOperatorNode(K.KeyOfKeyword, ref('T'))),
      ],
      undefined,
      members,
    ),
    f.createTypeAliasDeclaration(
      undefined,
      'Alias',
      [f.createTypeParameterDeclaration(undefined, 'T')],
      f.createTypeLiteralNode(members.slice(0, 3)),
    ),
    f.createEnumDeclaration(exported, 'E', [
      comment(f.createEnumMember('A', f.createStringLiteral('a\u2028"')), K.SingleLineCommentTrivia, ' first', true),
      comment(
        f.createEnumMember('"quoted name"', f.createPrefixUnaryExpression(K.MinusToken, f.createNumericLiteral(1))),
        K.SingleLineCommentTrivia,
        ' two\nlines',
        true,
      ),
      f.createEnumMember('NoValue'),
      comment(
        f.createEnumMember(f.createStringLiteral('string name'), f.createNumericLiteral('0x1F')),
        K.MultiLineCommentTrivia,
        '* block */',
        true,
      ),
    ]),
    f.createEnumDeclaration(undefined, 'Nothing', []),
    f.createVariableStatement(
      exported,
      f.createVariableDeclarationList(
        [
          f.createVariableDeclaration(
            'values',
            undefined,
            f.createTypeOperatorNode(K.ReadonlyKeyword, f.createArrayTypeNode(union)),
            f.createArrayLiteralExpression([
              f.createStringLiteral('x'),
              f.createPrefixUnaryExpression(K.MinusToken, f.createNumericLiteral(2)),
              f.createPrefixUnaryExpression(K.MinusToken, f.createPrefixUnaryExpression(K.MinusToken, f.createNumericLiteral(3))),
              f.createPrefixUnaryExpression(K.PlusToken, f.createPrefixUnaryExpression(K.PlusToken, f.createNumericLiteral(3))),
            ]),
          ),
        ],
        ts.NodeFlags.Const,
      ),
    ),
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList(
        [f.createVariableDeclaration('empty', undefined, undefined, f.createArrayLiteralExpression([]))],
        ts.NodeFlags.Let,
      ),
    ),
    f.createVariableStatement(undefined, [
      f.createVariableDeclaration(
        'lines',
        undefined,
        undefined,
        f.createArrayLiteralExpression([f.createNumericLiteral(1), f.createNumericLiteral(2)], true),
      ),
      f.createVariableDeclaration(
        'trailing',
        undefined,
        undefined,
        f.createArrayLiteralExpression(f.createNodeArray([f.createTrue(), f.createFalse()], true)),
      ),
    ]),
  ];
}

describe('node trees built with each factory print the same', () => {
  const print = (ts: typeof realTs, options: realTs.PrinterOptions) => {
    const file = ts.createSourceFile('tree.ts', '', ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
    (file as { statements: unknown }).statements = ts.factory.createNodeArray(treeOf(ts));
    return ts.createPrinter(options).printFile(file);
  };
  const ours = ourTs as unknown as typeof realTs;

  for (const [label, options] of Object.entries({
    'as openapi-typescript prints (LF, comments)': { newLine: realTs.NewLineKind.LineFeed, removeComments: false },
    'CRLF and no comments': { newLine: realTs.NewLineKind.CarriageReturnLineFeed, removeComments: true },
  })) {
    it(label, () => {
      const expected = print(realTs, options);
      expect(expected.length).toBeGreaterThan(1000);
      expect(print(ours, options)).toBe(expected);
    });
  }

  it('the declaration openapi-typescript parses (WithRequired) prints as TypeScript’s parse of it', () => {
    const text = 'type WithRequired<T, K extends keyof T> = T & { [P in K]-?: T[P] };';
    const printed = (ts: typeof realTs) => {
      const parsed = ts.createSourceFile('stringInput', text, ts.ScriptTarget.ESNext).statements;
      const file = ts.createSourceFile('openapi-ts.ts', '', ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
      (file as { statements: unknown }).statements = ts.factory.createNodeArray([...parsed]);
      return ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(file);
    };
    expect(printed(ours)).toBe(printed(realTs));
    expect(() => ours.createSourceFile('stringInput', 'type X = 1;', ours.ScriptTarget.ESNext)).toThrow(/does not parse TypeScript source/);
  });

  it('a node of a kind it does not print is an error, never a guess', () => {
    const file = ours.createSourceFile('tree.ts', '', ours.ScriptTarget.ESNext, false, ours.ScriptKind.TS);
    (file as { statements: unknown }).statements = [
      realTs.factory.createFunctionTypeNode(undefined, [], realTs.factory.createKeywordTypeNode(realTs.SyntaxKind.AnyKeyword)),
    ];
    expect(() => ours.createPrinter({ newLine: ours.NewLineKind.LineFeed }).printFile(file)).toThrow(/cannot print a node of kind/);
    expect(() => ours.createPrinter({ newLine: ours.NewLineKind.LineFeed, omitTrailingSemicolon: true })).toThrow(
      /has no option "omitTrailingSemicolon"/,
    );
  });
});
