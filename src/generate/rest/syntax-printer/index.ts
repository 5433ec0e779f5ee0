/**
 * What openapi-typescript's `import ts from 'typescript'` is in the REST engine (scripts/engines.mjs
 * resolves it here): the members of TypeScript's API that openapi-typescript 7 uses with the options
 * emit-types.ts passes, so that the engine neither loads nor compiles the 9 MB compiler to print a
 * syntax tree. openapi-typescript's transform still decides every type; this only makes its nodes
 * (nodes.ts) and prints them as TypeScript 5.9 does (printer.ts).
 *
 * Held to that by tests: test/rest/syntax-printer-api.test.ts (every `ts.*` member openapi-typescript's
 * code names is here) and test/rest/syntax-printer.test.ts (the engine's `schema.d.ts` is byte for
 * byte what TypeScript's printer prints, on every document at hand and a corpus reaching each kind).
 */
import { addSyntheticLeadingComment, factory, guards, type Node, NodeFlags, type SourceFile, SyntaxKind } from './nodes.js';
import { createPrinter } from './printer.js';
import { syntaxPrinterGap } from './gap.js';

export enum ScriptTarget {
  ESNext = 99,
}

export enum ScriptKind {
  TS = 3,
}

export enum NewLineKind {
  CarriageReturnLineFeed = 0,
  LineFeed = 1,
}

/**
 * The declarations openapi-typescript parses from source text (its `stringToAST`), built as the
 * parser would build them, by their exact text. Under emit-types.ts's options only `WithRequired`
 * is parsed (for an `allOf` that makes a referenced schema's properties required); the others
 * come with options we do not pass (`enumValues`, `readWriteMarkers`, `inject`).
 */
const PARSED_DECLARATIONS: Record<string, () => Node[]> = {
  'type WithRequired<T, K extends keyof T> = T & { [P in K]-?: T[P] };': () => {
    const ref = (name: string) => factory.createTypeReferenceNode(name);
    return [
      factory.createTypeAliasDeclaration(
        undefined,
        'WithRequired',
        [
          factory.createTypeParameterDeclaration(undefined, 'T'),
          factory.createTypeParameterDeclaration(undefined, 'K', factory.createTypeOperatorNode(SyntaxKind.KeyOfKeyword, ref('T'))),
        ],
        factory.createIntersectionTypeNode([
          ref('T'),
          factory.createMappedTypeNode(
            undefined,
            factory.createTypeParameterDeclaration(undefined, 'P', ref('K')),
            undefined,
            factory.createToken(SyntaxKind.MinusToken),
            factory.createIndexedAccessTypeNode(ref('T'), ref('P')),
            undefined,
          ),
        ]),
      ),
    ];
  },
};

/**
 * TypeScript's `createSourceFile`: an empty file (openapi-typescript's `astToString` prints its
 * statements into one), or one of the declarations it parses from known text. Any other text is
 * an error: this is no parser.
 */
function createSourceFile(fileName: string, sourceText: string): SourceFile {
  let statements: Node[] = [];
  if (sourceText !== '') {
    const parsed = PARSED_DECLARATIONS[sourceText];
    if (parsed === undefined)
      throw syntaxPrinterGap(
        `does not parse TypeScript source, which openapi-typescript asked for (${JSON.stringify(sourceText.slice(0, 80))}): it knows only the declarations openapi-typescript parses under the options the generator passes`,
      );
    statements = parsed();
  }
  return { kind: SyntaxKind.SourceFile, fileName, text: sourceText, statements: factory.createNodeArray(statements) };
}

const typescript = {
  factory,
  SyntaxKind,
  NodeFlags,
  ScriptTarget,
  ScriptKind,
  NewLineKind,
  createSourceFile,
  createPrinter,
  addSyntheticLeadingComment,
  ...guards,
};

export default typescript;
