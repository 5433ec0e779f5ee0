/**
 * The TypeScript syntax nodes openapi-typescript builds its output from, and the factory it builds
 * them with: the part of TypeScript's `ts.factory` its transform calls (the REST engine's stand-in
 * for `typescript`, see index.ts).
 *
 * Each node has the properties TypeScript's own node of that kind has and that openapi-typescript
 * reads back (`kind`, `members`, `name.escapedText`, `literal`, `text` …), and no others: the
 * transform tells nodes apart with `'text' in node` and `'literal' in node`, so a property present
 * on the wrong kind would change the types it writes. Kinds carry TypeScript 5.9's numbers, so
 * `SyntaxKind[kind]` names a kind as TypeScript's does, and what the factory parenthesizes it does
 * as TypeScript's factory (`parenthesizerRules`), when the node is made rather than when printed.
 */
import { syntaxPrinterGap } from './gap.js';

/** The kinds of node this module makes, numbered as in TypeScript 5.9, with TypeScript's reverse mapping (`SyntaxKind[150] === 'NumberKeyword'`). */
export enum SyntaxKind {
  SingleLineCommentTrivia = 2,
  MultiLineCommentTrivia = 3,
  NumericLiteral = 9,
  StringLiteral = 11,
  DotDotDotToken = 26,
  PlusToken = 40,
  MinusToken = 41,
  QuestionToken = 58,
  ExclamationToken = 54,
  PlusPlusToken = 46,
  MinusMinusToken = 47,
  TildeToken = 55,
  Identifier = 80,
  ConstKeyword = 87,
  ExportKeyword = 95,
  FalseKeyword = 97,
  NullKeyword = 106,
  TrueKeyword = 112,
  VoidKeyword = 116,
  AbstractKeyword = 128,
  AnyKeyword = 133,
  BooleanKeyword = 136,
  DeclareKeyword = 138,
  KeyOfKeyword = 143,
  NeverKeyword = 146,
  ReadonlyKeyword = 148,
  NumberKeyword = 150,
  ObjectKeyword = 151,
  StringKeyword = 154,
  SymbolKeyword = 155,
  UndefinedKeyword = 157,
  UniqueKeyword = 158,
  UnknownKeyword = 159,
  BigIntKeyword = 163,
  TypeParameter = 169,
  Parameter = 170,
  PropertySignature = 172,
  IndexSignature = 182,
  TypeReference = 184,
  TypeLiteral = 188,
  ArrayType = 189,
  TupleType = 190,
  RestType = 192,
  UnionType = 193,
  IntersectionType = 194,
  ParenthesizedType = 197,
  TypeOperator = 199,
  IndexedAccessType = 200,
  MappedType = 201,
  LiteralType = 202,
  ArrayLiteralExpression = 210,
  PrefixUnaryExpression = 225,
  VariableStatement = 244,
  VariableDeclaration = 261,
  VariableDeclarationList = 262,
  InterfaceDeclaration = 265,
  TypeAliasDeclaration = 266,
  EnumDeclaration = 267,
  EnumMember = 307,
  SourceFile = 308,
}

/** TypeScript's `NodeFlags`, the ones a variable declaration list takes. */
export enum NodeFlags {
  None = 0,
  Let = 1,
  Const = 2,
}

/** The tokens and keywords this module makes. */
export type TokenKind =
  | SyntaxKind.DotDotDotToken
  | SyntaxKind.PlusToken
  | SyntaxKind.MinusToken
  | SyntaxKind.QuestionToken
  | SyntaxKind.ExclamationToken
  | SyntaxKind.PlusPlusToken
  | SyntaxKind.MinusMinusToken
  | SyntaxKind.TildeToken
  | SyntaxKind.ConstKeyword
  | SyntaxKind.ExportKeyword
  | SyntaxKind.FalseKeyword
  | SyntaxKind.NullKeyword
  | SyntaxKind.TrueKeyword
  | SyntaxKind.VoidKeyword
  | SyntaxKind.AbstractKeyword
  | SyntaxKind.AnyKeyword
  | SyntaxKind.BooleanKeyword
  | SyntaxKind.DeclareKeyword
  | SyntaxKind.KeyOfKeyword
  | SyntaxKind.NeverKeyword
  | SyntaxKind.ReadonlyKeyword
  | SyntaxKind.NumberKeyword
  | SyntaxKind.ObjectKeyword
  | SyntaxKind.StringKeyword
  | SyntaxKind.SymbolKeyword
  | SyntaxKind.UndefinedKeyword
  | SyntaxKind.UniqueKeyword
  | SyntaxKind.UnknownKeyword
  | SyntaxKind.BigIntKeyword;

/** The source text of each token kind (TypeScript's `tokenToString`). */
export const TOKEN_TEXT: Record<TokenKind, string> = {
  [SyntaxKind.DotDotDotToken]: '...',
  [SyntaxKind.PlusToken]: '+',
  [SyntaxKind.MinusToken]: '-',
  [SyntaxKind.QuestionToken]: '?',
  [SyntaxKind.ExclamationToken]: '!',
  [SyntaxKind.PlusPlusToken]: '++',
  [SyntaxKind.MinusMinusToken]: '--',
  [SyntaxKind.TildeToken]: '~',
  [SyntaxKind.ConstKeyword]: 'const',
  [SyntaxKind.ExportKeyword]: 'export',
  [SyntaxKind.FalseKeyword]: 'false',
  [SyntaxKind.NullKeyword]: 'null',
  [SyntaxKind.TrueKeyword]: 'true',
  [SyntaxKind.VoidKeyword]: 'void',
  [SyntaxKind.AbstractKeyword]: 'abstract',
  [SyntaxKind.AnyKeyword]: 'any',
  [SyntaxKind.BooleanKeyword]: 'boolean',
  [SyntaxKind.DeclareKeyword]: 'declare',
  [SyntaxKind.KeyOfKeyword]: 'keyof',
  [SyntaxKind.NeverKeyword]: 'never',
  [SyntaxKind.ReadonlyKeyword]: 'readonly',
  [SyntaxKind.NumberKeyword]: 'number',
  [SyntaxKind.ObjectKeyword]: 'object',
  [SyntaxKind.StringKeyword]: 'string',
  [SyntaxKind.SymbolKeyword]: 'symbol',
  [SyntaxKind.UndefinedKeyword]: 'undefined',
  [SyntaxKind.UniqueKeyword]: 'unique',
  [SyntaxKind.UnknownKeyword]: 'unknown',
  [SyntaxKind.BigIntKeyword]: 'bigint',
};

/** A comment attached to a node by `addSyntheticLeadingComment`, where TypeScript keeps it (`emitNode.leadingComments`). */
export interface SyntheticComment {
  kind: SyntaxKind.SingleLineCommentTrivia | SyntaxKind.MultiLineCommentTrivia;
  text: string;
  hasTrailingNewLine: boolean | undefined;
  pos: -1;
  end: -1;
}

export interface BaseNode {
  kind: SyntaxKind;
  emitNode?: { leadingComments?: SyntheticComment[] };
}

/** A list of nodes, as `createNodeArray` makes it (TypeScript's `NodeArray`, without positions). */
export type NodeArray<T extends Node> = T[] & { hasTrailingComma?: boolean };

export interface Token extends BaseNode {
  kind: TokenKind;
}
export interface Identifier extends BaseNode {
  kind: SyntaxKind.Identifier;
  escapedText: string;
  text: string;
}
export interface StringLiteral extends BaseNode {
  kind: SyntaxKind.StringLiteral;
  text: string;
  singleQuote: boolean | undefined;
}
export interface NumericLiteral extends BaseNode {
  kind: SyntaxKind.NumericLiteral;
  text: string;
}
export interface PrefixUnaryExpression extends BaseNode {
  kind: SyntaxKind.PrefixUnaryExpression;
  operator: TokenKind;
  operand: Node;
}
export interface ArrayLiteralExpression extends BaseNode {
  kind: SyntaxKind.ArrayLiteralExpression;
  elements: NodeArray<Node>;
  multiLine: boolean | undefined;
}
export interface TypeReference extends BaseNode {
  kind: SyntaxKind.TypeReference;
  typeName: Identifier;
  typeArguments: NodeArray<Node> | undefined;
}
export interface TypeLiteral extends BaseNode {
  kind: SyntaxKind.TypeLiteral;
  members: NodeArray<Node>;
}
export interface ArrayType extends BaseNode {
  kind: SyntaxKind.ArrayType;
  elementType: Node;
}
export interface TupleType extends BaseNode {
  kind: SyntaxKind.TupleType;
  elements: NodeArray<Node>;
}
export interface RestType extends BaseNode {
  kind: SyntaxKind.RestType;
  type: Node;
}
export interface UnionOrIntersectionType extends BaseNode {
  kind: SyntaxKind.UnionType | SyntaxKind.IntersectionType;
  types: NodeArray<Node>;
}
export interface ParenthesizedType extends BaseNode {
  kind: SyntaxKind.ParenthesizedType;
  type: Node;
}
export interface TypeOperator extends BaseNode {
  kind: SyntaxKind.TypeOperator;
  operator: SyntaxKind.KeyOfKeyword | SyntaxKind.UniqueKeyword | SyntaxKind.ReadonlyKeyword;
  type: Node;
}
export interface IndexedAccessType extends BaseNode {
  kind: SyntaxKind.IndexedAccessType;
  objectType: Node;
  indexType: Node;
}
export interface MappedType extends BaseNode {
  kind: SyntaxKind.MappedType;
  readonlyToken: Token | undefined;
  typeParameter: TypeParameter;
  nameType: Node | undefined;
  questionToken: Token | undefined;
  type: Node | undefined;
  members: NodeArray<Node> | undefined;
}
export interface LiteralType extends BaseNode {
  kind: SyntaxKind.LiteralType;
  literal: Node;
}
export interface TypeParameter extends BaseNode {
  kind: SyntaxKind.TypeParameter;
  modifiers: NodeArray<Token> | undefined;
  name: Identifier;
  constraint: Node | undefined;
  default: Node | undefined;
}
export interface Parameter extends BaseNode {
  kind: SyntaxKind.Parameter;
  modifiers: NodeArray<Token> | undefined;
  dotDotDotToken: Token | undefined;
  name: Identifier;
  questionToken: Token | undefined;
  type: Node | undefined;
  initializer: Node | undefined;
}
export interface PropertySignature extends BaseNode {
  kind: SyntaxKind.PropertySignature;
  modifiers: NodeArray<Token> | undefined;
  name: Identifier | StringLiteral | NumericLiteral;
  questionToken: Token | undefined;
  type: Node | undefined;
}
export interface IndexSignature extends BaseNode {
  kind: SyntaxKind.IndexSignature;
  modifiers: NodeArray<Token> | undefined;
  parameters: NodeArray<Parameter>;
  type: Node;
}
export interface InterfaceDeclaration extends BaseNode {
  kind: SyntaxKind.InterfaceDeclaration;
  modifiers: NodeArray<Token> | undefined;
  name: Identifier;
  typeParameters: NodeArray<TypeParameter> | undefined;
  heritageClauses: NodeArray<Node> | undefined;
  members: NodeArray<Node>;
}
export interface TypeAliasDeclaration extends BaseNode {
  kind: SyntaxKind.TypeAliasDeclaration;
  modifiers: NodeArray<Token> | undefined;
  name: Identifier;
  typeParameters: NodeArray<TypeParameter> | undefined;
  type: Node;
}
export interface EnumDeclaration extends BaseNode {
  kind: SyntaxKind.EnumDeclaration;
  modifiers: NodeArray<Token> | undefined;
  name: Identifier;
  members: NodeArray<EnumMember>;
}
export interface EnumMember extends BaseNode {
  kind: SyntaxKind.EnumMember;
  name: Identifier | StringLiteral;
  initializer: Node | undefined;
}
export interface VariableStatement extends BaseNode {
  kind: SyntaxKind.VariableStatement;
  modifiers: NodeArray<Token> | undefined;
  declarationList: VariableDeclarationList;
}
export interface VariableDeclarationList extends BaseNode {
  kind: SyntaxKind.VariableDeclarationList;
  flags: NodeFlags;
  declarations: NodeArray<VariableDeclaration>;
}
export interface VariableDeclaration extends BaseNode {
  kind: SyntaxKind.VariableDeclaration;
  name: Identifier;
  exclamationToken: Token | undefined;
  type: Node | undefined;
  initializer: Node | undefined;
}
export interface SourceFile extends BaseNode {
  kind: SyntaxKind.SourceFile;
  fileName: string;
  text: string;
  statements: NodeArray<Node>;
}

export type Node =
  | Token
  | Identifier
  | StringLiteral
  | NumericLiteral
  | PrefixUnaryExpression
  | ArrayLiteralExpression
  | TypeReference
  | TypeLiteral
  | ArrayType
  | TupleType
  | RestType
  | UnionOrIntersectionType
  | ParenthesizedType
  | TypeOperator
  | IndexedAccessType
  | MappedType
  | LiteralType
  | TypeParameter
  | Parameter
  | PropertySignature
  | IndexSignature
  | InterfaceDeclaration
  | TypeAliasDeclaration
  | EnumDeclaration
  | EnumMember
  | VariableStatement
  | VariableDeclarationList
  | VariableDeclaration
  | SourceFile;

/**
 * A node list, as TypeScript's `createNodeArray` makes it: a list made by it (it has
 * `hasTrailingComma`, as TypeScript's has `pos` and `end`) comes back as it is, and a plain array
 * is copied when it has one to four elements and otherwise used itself (so a caller that changes
 * its array later changes the node's, as with TypeScript).
 */
function createNodeArray<T extends Node>(elements?: readonly T[], hasTrailingComma?: boolean): NodeArray<T> {
  let array: NodeArray<T>;
  if (elements === undefined) array = [];
  else if ('hasTrailingComma' in elements) {
    if (hasTrailingComma === undefined || elements.hasTrailingComma === hasTrailingComma) return elements as NodeArray<T>;
    array = elements.slice();
  } else array = (elements.length >= 1 && elements.length <= 4 ? elements.slice() : elements) as NodeArray<T>;
  array.hasTrailingComma = !!hasTrailingComma;
  return array;
}

const asNodeArray = <T extends Node>(elements: readonly T[] | undefined): NodeArray<T> | undefined =>
  elements === undefined ? undefined : createNodeArray(elements);

function asName<T extends Node>(name: string | T): T | Identifier {
  return typeof name === 'string' ? createIdentifier(name) : name;
}

function createIdentifier(text: string): Identifier {
  // TypeScript keeps a name that starts with `__` with one more `_` (its `escapeLeadingUnderscores`).
  const escapedText = text.length >= 2 && text.startsWith('__') ? `_${text}` : text;
  return { kind: SyntaxKind.Identifier, escapedText, text };
}

function createToken<K extends TokenKind>(kind: K): Token & { kind: K } {
  if (!Object.hasOwn(TOKEN_TEXT, kind)) throw syntaxPrinterGap(`has no token of kind ${SyntaxKind[kind] ?? kind}`);
  return { kind };
}

/** TypeScript's `parenthesizeConstituentTypeOfUnionType`, `…OfIntersectionType` (the same for the kinds made here). */
function parenthesizeConstituent(type: Node): Node {
  return type.kind === SyntaxKind.UnionType || type.kind === SyntaxKind.IntersectionType ? createParenthesizedType(type) : type;
}

/** TypeScript's `parenthesizeOperandOfTypeOperator`. */
const parenthesizeOperandOfTypeOperator = parenthesizeConstituent;

/** TypeScript's `parenthesizeOperandOfReadonlyTypeOperator`. */
function parenthesizeOperandOfReadonlyTypeOperator(type: Node): Node {
  return type.kind === SyntaxKind.TypeOperator ? createParenthesizedType(type) : parenthesizeOperandOfTypeOperator(type);
}

/** TypeScript's `parenthesizeNonArrayTypeOfPostfixType`: the element of `T[]`, the object of `T[K]`. */
function parenthesizeNonArrayTypeOfPostfixType(type: Node): Node {
  return type.kind === SyntaxKind.TypeOperator ? createParenthesizedType(type) : parenthesizeOperandOfTypeOperator(type);
}

/** The constituents, each parenthesized where needed; the same array when none is (TypeScript's `sameMap`). */
function parenthesizeConstituents(types: readonly Node[]): readonly Node[] {
  let changed: Node[] | undefined;
  types.forEach((type, i) => {
    const parenthesized = parenthesizeConstituent(type);
    if (parenthesized !== type) changed ??= types.slice(0, i);
    changed?.push(parenthesized);
  });
  return changed ?? types;
}

function createParenthesizedType(type: Node): ParenthesizedType {
  return { kind: SyntaxKind.ParenthesizedType, type };
}

function createNumericLiteral(value: string | number): NumericLiteral {
  const text = typeof value === 'number' ? `${value}` : value;
  // TypeScript asserts the same: a negative number is a prefix `-` on a positive one.
  if (text.startsWith('-'))
    throw new Error('Debug Failure. False expression: Negative numbers should be created in combination with createPrefixUnaryExpression');
  return { kind: SyntaxKind.NumericLiteral, text };
}

/**
 * The factory functions openapi-typescript calls (`ts.factory.*`), with TypeScript's signatures
 * for the arguments it passes. test/rest/syntax-printer-api.test.ts fails when its installed
 * version calls one that is missing here.
 */
export const factory = {
  createNodeArray,
  createIdentifier,
  createToken,
  createModifier: <K extends TokenKind>(kind: K) => createToken(kind),
  createKeywordTypeNode: <K extends TokenKind>(kind: K) => createToken(kind),
  createTrue: () => createToken(SyntaxKind.TrueKeyword),
  createFalse: () => createToken(SyntaxKind.FalseKeyword),
  createNull: () => createToken(SyntaxKind.NullKeyword),
  createNumericLiteral,
  createStringLiteral(text: string, isSingleQuote?: boolean): StringLiteral {
    return { kind: SyntaxKind.StringLiteral, text, singleQuote: isSingleQuote };
  },
  createPrefixUnaryExpression(operator: TokenKind, operand: Node): PrefixUnaryExpression {
    return { kind: SyntaxKind.PrefixUnaryExpression, operator, operand };
  },
  createArrayLiteralExpression(elements?: readonly Node[], multiLine?: boolean): ArrayLiteralExpression {
    return { kind: SyntaxKind.ArrayLiteralExpression, elements: createNodeArray(elements), multiLine };
  },
  createTypeReferenceNode(typeName: string | Identifier, typeArguments?: readonly Node[]): TypeReference {
    return { kind: SyntaxKind.TypeReference, typeName: asName(typeName), typeArguments: asNodeArray(typeArguments) };
  },
  createTypeLiteralNode(members?: readonly Node[]): TypeLiteral {
    return { kind: SyntaxKind.TypeLiteral, members: createNodeArray(members) };
  },
  createArrayTypeNode(elementType: Node): ArrayType {
    return { kind: SyntaxKind.ArrayType, elementType: parenthesizeNonArrayTypeOfPostfixType(elementType) };
  },
  // TypeScript parenthesizes a tuple's element only for JSDoc's postfix `?` type, which is never made here.
  createTupleTypeNode(elements: readonly Node[]): TupleType {
    return { kind: SyntaxKind.TupleType, elements: createNodeArray(elements) };
  },
  createRestTypeNode(type: Node): RestType {
    return { kind: SyntaxKind.RestType, type };
  },
  createUnionTypeNode(types: readonly Node[]): UnionOrIntersectionType {
    return { kind: SyntaxKind.UnionType, types: createNodeArray(parenthesizeConstituents(types)) };
  },
  createIntersectionTypeNode(types: readonly Node[]): UnionOrIntersectionType {
    return { kind: SyntaxKind.IntersectionType, types: createNodeArray(parenthesizeConstituents(types)) };
  },
  createParenthesizedType,
  createTypeOperatorNode(operator: TypeOperator['operator'], type: Node): TypeOperator {
    const operand =
      operator === SyntaxKind.ReadonlyKeyword ? parenthesizeOperandOfReadonlyTypeOperator(type) : parenthesizeOperandOfTypeOperator(type);
    return { kind: SyntaxKind.TypeOperator, operator, type: operand };
  },
  createIndexedAccessTypeNode(objectType: Node, indexType: Node): IndexedAccessType {
    return { kind: SyntaxKind.IndexedAccessType, objectType: parenthesizeNonArrayTypeOfPostfixType(objectType), indexType };
  },
  createMappedTypeNode(
    readonlyToken: Token | undefined,
    typeParameter: TypeParameter,
    nameType: Node | undefined,
    questionToken: Token | undefined,
    type: Node | undefined,
    members: readonly Node[] | undefined,
  ): MappedType {
    return { kind: SyntaxKind.MappedType, readonlyToken, typeParameter, nameType, questionToken, type, members: asNodeArray(members) };
  },
  createLiteralTypeNode(literal: Node): LiteralType {
    return { kind: SyntaxKind.LiteralType, literal };
  },
  createTypeParameterDeclaration(
    modifiers: readonly Token[] | undefined,
    name: string | Identifier,
    constraint?: Node,
    defaultType?: Node,
  ): TypeParameter {
    return { kind: SyntaxKind.TypeParameter, modifiers: asNodeArray(modifiers), name: asName(name), constraint, default: defaultType };
  },
  createParameterDeclaration(
    modifiers: readonly Token[] | undefined,
    dotDotDotToken: Token | undefined,
    name: string | Identifier,
    questionToken?: Token,
    type?: Node,
    initializer?: Node,
  ): Parameter {
    return {
      kind: SyntaxKind.Parameter,
      modifiers: asNodeArray(modifiers),
      dotDotDotToken,
      name: asName(name),
      questionToken,
      type,
      initializer,
    };
  },
  createPropertySignature(
    modifiers: readonly Token[] | undefined,
    name: string | PropertySignature['name'],
    questionToken: Token | undefined,
    type: Node | undefined,
  ): PropertySignature {
    return { kind: SyntaxKind.PropertySignature, modifiers: asNodeArray(modifiers), name: asName(name), questionToken, type };
  },
  createIndexSignature(modifiers: readonly Token[] | undefined, parameters: readonly Parameter[], type: Node): IndexSignature {
    return { kind: SyntaxKind.IndexSignature, modifiers: asNodeArray(modifiers), parameters: createNodeArray(parameters), type };
  },
  createInterfaceDeclaration(
    modifiers: readonly Token[] | undefined,
    name: string | Identifier,
    typeParameters: readonly TypeParameter[] | undefined,
    heritageClauses: readonly Node[] | undefined,
    members: readonly Node[],
  ): InterfaceDeclaration {
    if (heritageClauses !== undefined && heritageClauses.length > 0)
      throw syntaxPrinterGap('has no heritage clauses (`extends`) for interfaces');
    return {
      kind: SyntaxKind.InterfaceDeclaration,
      modifiers: asNodeArray(modifiers),
      name: asName(name),
      typeParameters: asNodeArray(typeParameters),
      heritageClauses: asNodeArray(heritageClauses),
      members: createNodeArray(members),
    };
  },
  createTypeAliasDeclaration(
    modifiers: readonly Token[] | undefined,
    name: string | Identifier,
    typeParameters: readonly TypeParameter[] | undefined,
    type: Node,
  ): TypeAliasDeclaration {
    return {
      kind: SyntaxKind.TypeAliasDeclaration,
      modifiers: asNodeArray(modifiers),
      name: asName(name),
      typeParameters: asNodeArray(typeParameters),
      type,
    };
  },
  createEnumDeclaration(
    modifiers: readonly Token[] | undefined,
    name: string | Identifier,
    members: readonly EnumMember[],
  ): EnumDeclaration {
    return { kind: SyntaxKind.EnumDeclaration, modifiers: asNodeArray(modifiers), name: asName(name), members: createNodeArray(members) };
  },
  createEnumMember(name: string | EnumMember['name'], initializer?: Node): EnumMember {
    return { kind: SyntaxKind.EnumMember, name: asName(name), initializer };
  },
  createVariableStatement(
    modifiers: readonly Token[] | undefined,
    declarationList: VariableDeclarationList | readonly VariableDeclaration[],
  ): VariableStatement {
    return {
      kind: SyntaxKind.VariableStatement,
      modifiers: asNodeArray(modifiers),
      declarationList: Array.isArray(declarationList)
        ? factory.createVariableDeclarationList(declarationList)
        : (declarationList as VariableDeclarationList),
    };
  },
  createVariableDeclarationList(declarations: readonly VariableDeclaration[], flags: NodeFlags = NodeFlags.None): VariableDeclarationList {
    return {
      kind: SyntaxKind.VariableDeclarationList,
      flags: flags & (NodeFlags.Let | NodeFlags.Const),
      declarations: createNodeArray(declarations),
    };
  },
  createVariableDeclaration(name: string | Identifier, exclamationToken?: Token, type?: Node, initializer?: Node): VariableDeclaration {
    return { kind: SyntaxKind.VariableDeclaration, name: asName(name), exclamationToken, type, initializer };
  },
};

/** TypeScript's `addSyntheticLeadingComment`: a comment printed before the node. */
export function addSyntheticLeadingComment<T extends Node>(
  node: T,
  kind: SyntheticComment['kind'],
  text: string,
  hasTrailingNewLine?: boolean,
): T {
  node.emitNode ??= {};
  (node.emitNode.leadingComments ??= []).push({ kind, pos: -1, end: -1, hasTrailingNewLine, text });
  return node;
}

/** TypeScript's `isTypeNodeKind`, for the kinds made here. */
const TYPE_NODE_KEYWORDS = new Set([
  SyntaxKind.AnyKeyword,
  SyntaxKind.UnknownKeyword,
  SyntaxKind.NumberKeyword,
  SyntaxKind.BigIntKeyword,
  SyntaxKind.ObjectKeyword,
  SyntaxKind.BooleanKeyword,
  SyntaxKind.StringKeyword,
  SyntaxKind.SymbolKeyword,
  SyntaxKind.VoidKeyword,
  SyntaxKind.UndefinedKeyword,
  SyntaxKind.NeverKeyword,
]);

/** TypeScript's type guards that openapi-typescript calls. */
export const guards = {
  // TypeScript's FirstTypeNode … LastTypeNode.
  isTypeNode: (node: Node): boolean => (node.kind >= 183 && node.kind <= 206) || TYPE_NODE_KEYWORDS.has(node.kind),
  isTupleTypeNode: (node: Node): node is TupleType => node.kind === SyntaxKind.TupleType,
  isArrayTypeNode: (node: Node): node is ArrayType => node.kind === SyntaxKind.ArrayType,
  isTypeAliasDeclaration: (node: Node): node is TypeAliasDeclaration => node.kind === SyntaxKind.TypeAliasDeclaration,
  isInterfaceDeclaration: (node: Node): node is InterfaceDeclaration => node.kind === SyntaxKind.InterfaceDeclaration,
};
