/**
 * Prints the nodes of nodes.ts as TypeScript 5.9's printer (`ts.createPrinter().printFile`) prints
 * the same nodes made by its own factory, byte for byte: the layout of each kind (emitter.ts's
 * `emitTypeLiteral`, `emitTupleType` …), of lists (`emitNodeList` with its `ListFormat`s), of
 * synthetic comments (`writeCommentRange`, which re-indents a multi-line comment's lines) and of
 * string literals (`escapeNonAsciiString`). Only what nodes made by a factory take: they have no
 * positions in a source text, so no comment or line break is read from one.
 *
 * A node of a kind this printer does not know is an error, never a guess.
 */
import { syntaxPrinterGap } from './gap.js';
import {
  type Node,
  type NodeArray,
  NodeFlags,
  type SourceFile,
  SyntaxKind,
  type SyntheticComment,
  TOKEN_TEXT,
  type TokenKind,
} from './nodes.js';

/** TypeScript's `ListFormat` flags that the formats below are made of. */
const MultiLine = 1;
const PreserveLines = 2;
const BarDelimited = 4;
const AmpersandDelimited = 8;
const CommaDelimited = 16;
const DelimitersMask = BarDelimited | AmpersandDelimited | CommaDelimited | 32;
const AllowTrailingComma = 64;
const Indented = 128;
const SpaceBetweenBraces = 256;
const SpaceBetweenSiblings = 512;
const AngleBrackets = 4096;
const SquareBrackets = 8192;
const OptionalIfUndefined = 16384;
const OptionalIfEmpty = 32768;
const PreferNewLine = 65536;
const NoTrailingNewLine = 131072;
const NoInterveningComments = 262144;
const NoSpaceIfEmpty = 524288;
const SpaceAfterList = 2097152;

/** The list formats of TypeScript's emitter, for the lists printed here. */
const Format = {
  SourceFileStatements: MultiLine,
  Modifiers: SpaceBetweenSiblings | NoInterveningComments | SpaceAfterList,
  TypeArguments: CommaDelimited | SpaceBetweenSiblings | AngleBrackets | OptionalIfUndefined | OptionalIfEmpty,
  TypeLiteralMembers: MultiLine | Indented | OptionalIfEmpty | NoSpaceIfEmpty,
  TupleTypeElements: CommaDelimited | SpaceBetweenSiblings | Indented | MultiLine | NoSpaceIfEmpty,
  UnionTypeConstituents: BarDelimited | SpaceBetweenSiblings,
  IntersectionTypeConstituents: AmpersandDelimited | SpaceBetweenSiblings,
  InterfaceMembers: Indented | MultiLine,
  EnumMembers: CommaDelimited | Indented | MultiLine,
  IndexSignatureParameters: CommaDelimited | SpaceBetweenSiblings | Indented | SquareBrackets,
  VariableDeclarationList: CommaDelimited | SpaceBetweenSiblings,
  ArrayLiteralExpressionElements: PreserveLines | CommaDelimited | SpaceBetweenSiblings | AllowTrailingComma | Indented | SquareBrackets,
  MappedTypeMembers: PreserveLines,
} as const;

/** TypeScript's default indentation unit. */
const INDENT = '    ';

export interface PrinterOptions {
  /** TypeScript's `NewLineKind`: 0 CRLF, 1 LF (the default here, as openapi-typescript asks for it). */
  newLine?: 0 | 1;
  removeComments?: boolean;
}

/** TypeScript's `createPrinter(options).printFile`, for the nodes of nodes.ts. */
export function createPrinter(options: PrinterOptions = {}): { printFile(sourceFile: SourceFile): string } {
  for (const key of Object.keys(options))
    if (key !== 'newLine' && key !== 'removeComments')
      throw syntaxPrinterGap(`has no option ${JSON.stringify(key)} (it prints as TypeScript's printer with newLine and removeComments)`);
  const newLine = options.newLine === 0 ? '\r\n' : '\n';
  return {
    printFile(sourceFile) {
      const printer = new Printer(new TextWriter(newLine), newLine, options.removeComments === true);
      printer.list(sourceFile.statements, Format.SourceFileStatements);
      return printer.writer.text();
    },
  };
}

/** TypeScript's `createTextWriter`: indentation written lazily, at the first text of a line. */
class TextWriter {
  private output = '';
  private lineStart = true;
  indent = 0;

  constructor(private readonly newLine: string) {}

  text(): string {
    return this.output;
  }

  write(s: string): void {
    if (s.length === 0) return;
    if (this.lineStart) this.output += indentation(this.indent);
    this.output += s;
    this.afterWriting(s);
  }

  /** Text without the indentation of a line start. */
  rawWrite(s: string): void {
    this.output += s;
    this.afterWriting(s);
  }

  /** A line break, unless at a line start already. */
  writeLine(): void {
    if (!this.lineStart) {
      this.output += this.newLine;
      this.lineStart = true;
    }
  }

  /**
   * Text that holds line breaks (a comment, a name) leaves the writer at a line start when it ends
   * with one: TypeScript's `updateLineCountAndPosFor`, where the last line start is the text's end
   * exactly when its last character ends a line.
   */
  private afterWriting(s: string): void {
    this.lineStart = s.length > 0 && isLineBreak(s.charCodeAt(s.length - 1));
  }
}

const indentations = [''];

function indentation(level: number): string {
  for (let known = indentations.length; known <= level; known++) indentations.push(indentations[known - 1] + INDENT);
  return indentations[level]!;
}

function isLineBreak(ch: number): boolean {
  return ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029;
}

class Printer {
  constructor(
    readonly writer: TextWriter,
    private readonly newLine: string,
    private readonly removeComments: boolean,
  ) {}

  private write(s: string): void {
    this.writer.write(s);
  }

  /** TypeScript's `pipelineEmit`: the node's synthetic leading comments, then the node. */
  emit(node: Node | undefined): void {
    if (node === undefined) return;
    if (node.emitNode !== undefined) this.leadingComments(node);
    this.emitNode(node);
  }

  private leadingComments(node: Node): void {
    if (!this.removeComments) for (const comment of node.emitNode?.leadingComments ?? []) this.leadingComment(comment);
  }

  private emitNode(node: Node): void {
    switch (node.kind) {
      case SyntaxKind.Identifier:
        return this.write(node.text);
      case SyntaxKind.StringLiteral:
        return this.write(node.singleQuote ? `'${escapeNonAscii(node.text, "'")}'` : `"${escapeNonAscii(node.text, '"')}"`);
      case SyntaxKind.NumericLiteral:
        return this.write(node.text);
      case SyntaxKind.PrefixUnaryExpression: {
        this.write(tokenText(node.operator));
        const operand = node.operand;
        // `- -x`, `+ +x`: without the space they would be `--x`, `++x`.
        if (
          operand.kind === SyntaxKind.PrefixUnaryExpression &&
          ((node.operator === SyntaxKind.PlusToken &&
            (operand.operator === SyntaxKind.PlusToken || operand.operator === SyntaxKind.PlusPlusToken)) ||
            (node.operator === SyntaxKind.MinusToken &&
              (operand.operator === SyntaxKind.MinusToken || operand.operator === SyntaxKind.MinusMinusToken)))
        )
          this.write(' ');
        return this.emit(operand);
      }
      case SyntaxKind.ArrayLiteralExpression:
        return this.list(node.elements, Format.ArrayLiteralExpressionElements | (node.multiLine ? PreferNewLine : 0));
      case SyntaxKind.TypeReference:
        this.emit(node.typeName);
        return this.list(node.typeArguments, Format.TypeArguments);
      case SyntaxKind.TypeLiteral:
        this.write('{');
        this.list(node.members, Format.TypeLiteralMembers);
        return this.write('}');
      case SyntaxKind.ArrayType:
        this.emit(node.elementType);
        return this.write('[]');
      case SyntaxKind.TupleType:
        this.write('[');
        this.list(node.elements, Format.TupleTypeElements);
        return this.write(']');
      case SyntaxKind.RestType:
        this.write('...');
        return this.emit(node.type);
      case SyntaxKind.UnionType:
        return this.list(node.types, Format.UnionTypeConstituents);
      case SyntaxKind.IntersectionType:
        return this.list(node.types, Format.IntersectionTypeConstituents);
      case SyntaxKind.ParenthesizedType:
        this.write('(');
        this.emit(node.type);
        return this.write(')');
      case SyntaxKind.TypeOperator:
        this.write(tokenText(node.operator));
        this.write(' ');
        return this.emit(node.type);
      case SyntaxKind.IndexedAccessType:
        this.emit(node.objectType);
        this.write('[');
        this.emit(node.indexType);
        return this.write(']');
      case SyntaxKind.MappedType:
        this.write('{');
        this.writer.writeLine();
        this.writer.indent++;
        if (node.readonlyToken) {
          this.emit(node.readonlyToken);
          if (node.readonlyToken.kind !== SyntaxKind.ReadonlyKeyword) this.write('readonly');
          this.write(' ');
        }
        this.write('[');
        this.mappedTypeParameter(node.typeParameter);
        if (node.nameType) {
          this.write(' as ');
          this.emit(node.nameType);
        }
        this.write(']');
        if (node.questionToken) {
          this.emit(node.questionToken);
          if (node.questionToken.kind !== SyntaxKind.QuestionToken) this.write('?');
        }
        this.write(': ');
        this.emit(node.type);
        this.write(';');
        this.writer.writeLine();
        this.writer.indent--;
        this.list(node.members, Format.MappedTypeMembers);
        return this.write('}');
      case SyntaxKind.LiteralType:
        return this.emit(node.literal);
      case SyntaxKind.TypeParameter:
        this.list(node.modifiers, Format.Modifiers);
        this.emit(node.name);
        if (node.constraint) {
          this.write(' extends ');
          this.emit(node.constraint);
        }
        if (node.default) {
          this.write(' = ');
          this.emit(node.default);
        }
        return;
      case SyntaxKind.Parameter:
        this.list(node.modifiers, Format.Modifiers);
        this.emit(node.dotDotDotToken);
        this.emit(node.name);
        this.emit(node.questionToken);
        this.typeAnnotation(node.type);
        return this.initializer(node.initializer);
      case SyntaxKind.PropertySignature:
        this.list(node.modifiers, Format.Modifiers);
        this.emit(node.name);
        this.emit(node.questionToken);
        this.typeAnnotation(node.type);
        return this.write(';');
      case SyntaxKind.IndexSignature:
        this.list(node.modifiers, Format.Modifiers);
        this.list(node.parameters, Format.IndexSignatureParameters);
        this.typeAnnotation(node.type);
        return this.write(';');
      case SyntaxKind.InterfaceDeclaration:
        this.list(node.modifiers, Format.Modifiers);
        this.write('interface ');
        this.emit(node.name);
        this.list(node.typeParameters, Format.TypeArguments);
        this.write(' {');
        this.list(node.members, Format.InterfaceMembers);
        return this.write('}');
      case SyntaxKind.TypeAliasDeclaration:
        this.list(node.modifiers, Format.Modifiers);
        this.write('type ');
        this.emit(node.name);
        this.list(node.typeParameters, Format.TypeArguments);
        this.write(' = ');
        this.emit(node.type);
        return this.write(';');
      case SyntaxKind.EnumDeclaration:
        this.list(node.modifiers, Format.Modifiers);
        this.write('enum ');
        this.emit(node.name);
        this.write(' {');
        this.list(node.members, Format.EnumMembers);
        return this.write('}');
      case SyntaxKind.EnumMember:
        this.emit(node.name);
        return this.initializer(node.initializer);
      case SyntaxKind.VariableStatement:
        this.list(node.modifiers, Format.Modifiers);
        this.emit(node.declarationList);
        return this.write(';');
      case SyntaxKind.VariableDeclarationList:
        this.write(node.flags & NodeFlags.Const ? 'const ' : node.flags & NodeFlags.Let ? 'let ' : 'var ');
        return this.list(node.declarations, Format.VariableDeclarationList);
      case SyntaxKind.VariableDeclaration:
        this.emit(node.name);
        this.emit(node.exclamationToken);
        this.typeAnnotation(node.type);
        return this.initializer(node.initializer);
      default:
        if (Object.hasOwn(TOKEN_TEXT, node.kind)) return this.write(tokenText(node.kind as TokenKind));
        throw syntaxPrinterGap(
          `cannot print a node of kind ${SyntaxKind[node.kind] ?? node.kind}: openapi-typescript made a node it does not know`,
        );
    }
  }

  /** `P in K` of a mapped type (TypeScript's `emitMappedTypeParameter`, comments first as for any node). */
  private mappedTypeParameter(node: Node): void {
    if (node.kind !== SyntaxKind.TypeParameter) throw syntaxPrinterGap('needs a type parameter in a mapped type');
    this.leadingComments(node);
    this.emit(node.name);
    this.write(' in ');
    this.emit(node.constraint);
  }

  private typeAnnotation(type: Node | undefined): void {
    if (type === undefined) return;
    this.write(': ');
    this.emit(type);
  }

  private initializer(value: Node | undefined): void {
    if (value === undefined) return;
    this.write(' = ');
    this.emit(value);
  }

  /**
   * TypeScript's `emitNodeList` and `emitNodeListItems` for nodes without positions: a line break
   * before, between and after the items where the format is multi-line (or prefers new lines and
   * preserves them), the delimiter, the spaces, the brackets, the indentation.
   */
  list(children: NodeArray<Node> | undefined, format: number): void {
    if (children === undefined && format & OptionalIfUndefined) return;
    const isEmpty = children === undefined || children.length === 0;
    if (isEmpty && format & OptionalIfEmpty) return;
    if (format & SquareBrackets) this.write('[');
    else if (format & AngleBrackets) this.write('<');
    if (isEmpty) {
      if (format & MultiLine) this.writer.writeLine();
      else if (format & SpaceBetweenBraces && !(format & NoSpaceIfEmpty)) this.write(' ');
    } else {
      // The formats with PreserveLines used here have no MultiLine: for nodes without positions
      // TypeScript then breaks lines only where the list prefers new lines.
      const lines = format & PreserveLines ? (format & PreferNewLine ? 1 : 0) : format & MultiLine ? 1 : 0;
      if (lines) this.writer.writeLine();
      else if (format & SpaceBetweenBraces) this.write(' ');
      if (format & Indented) this.writer.indent++;
      children.forEach((child, index) => {
        if (index > 0) {
          this.delimiter(format);
          if (lines) this.writer.writeLine();
          else if (format & SpaceBetweenSiblings) this.write(' ');
        }
        this.emit(child);
      });
      if (children.hasTrailingComma && format & AllowTrailingComma && format & CommaDelimited) this.write(',');
      if (format & Indented) this.writer.indent--;
      const closingLines =
        format & PreserveLines ? (format & PreferNewLine ? 1 : 0) : format & MultiLine && !(format & NoTrailingNewLine) ? 1 : 0;
      if (closingLines) this.writer.writeLine();
      else if (format & (SpaceAfterList | SpaceBetweenBraces)) this.write(' ');
    }
    if (format & SquareBrackets) this.write(']');
    else if (format & AngleBrackets) this.write('>');
  }

  private delimiter(format: number): void {
    switch (format & DelimitersMask) {
      case CommaDelimited:
        return this.write(',');
      case BarDelimited:
        return this.write(' |');
      case AmpersandDelimited:
        return this.write(' &');
    }
  }

  /** TypeScript's `emitLeadingSynthesizedComment`. */
  private leadingComment(comment: SyntheticComment): void {
    const singleLine = comment.kind === SyntaxKind.SingleLineCommentTrivia;
    if (singleLine) this.writer.writeLine();
    const text = singleLine ? `//${comment.text}` : `/*${comment.text}*/`;
    if (singleLine) this.write(text);
    else this.multiLineComment(text);
    if (comment.hasTrailingNewLine || singleLine) this.writer.writeLine();
    else this.write(' ');
  }

  /**
   * TypeScript's `writeCommentRange` for a comment of its own text (at position 0): each line
   * after the first trimmed and indented to the writer's indentation plus its own leading
   * whitespace, in indentation units and then single spaces; an empty line left as a bare line break.
   */
  private multiLineComment(text: string): void {
    const starts = lineStarts(text);
    for (let line = 0, pos = 0; pos < text.length; line++) {
      const nextLineStart = line + 1 === starts.length ? text.length + 1 : starts[line + 1]!;
      if (pos !== 0) {
        const spaces = this.writer.indent * INDENT.length + indentationOf(text, pos, nextLineStart);
        if (spaces > 0) {
          const single = spaces % INDENT.length;
          this.writer.rawWrite(indentation((spaces - single) / INDENT.length) + ' '.repeat(single));
        } else this.writer.rawWrite('');
      }
      const end = Math.min(text.length, nextLineStart - 1);
      const lineText = text.substring(pos, end).trim();
      if (lineText) {
        this.write(lineText);
        if (end !== text.length) this.writer.writeLine();
      } else this.writer.rawWrite(this.newLine);
      pos = nextLineStart;
    }
  }
}

function tokenText(kind: TokenKind): string {
  return TOKEN_TEXT[kind];
}

/** Where each line of `text` starts (TypeScript's `computeLineStarts`: CR, LF, CRLF, U+2028 and U+2029 end a line). */
function lineStarts(text: string): number[] {
  const starts: number[] = [];
  let lineStart = 0;
  for (let pos = 0; pos < text.length; ) {
    const ch = text.charCodeAt(pos++);
    if (ch === 13 && text.charCodeAt(pos) === 10) pos++;
    if (isLineBreak(ch)) {
      starts.push(lineStart);
      lineStart = pos;
    }
  }
  starts.push(lineStart);
  return starts;
}

/** The width of the whitespace at `pos` (TypeScript's `calculateIndent`: a tab to the next indentation stop). */
function indentationOf(text: string, pos: number, end: number): number {
  let width = 0;
  for (; pos < end && isWhiteSpaceSingleLine(text.charCodeAt(pos)); pos++)
    width += text.charCodeAt(pos) === 9 ? INDENT.length - (width % INDENT.length) : 1;
  return width;
}

/** TypeScript's `isWhiteSpaceSingleLine`. */
function isWhiteSpaceSingleLine(ch: number): boolean {
  return (
    ch === 32 ||
    ch === 9 ||
    ch === 11 ||
    ch === 12 ||
    ch === 160 ||
    ch === 133 ||
    ch === 5760 ||
    (ch >= 8192 && ch <= 8203) ||
    ch === 8239 ||
    ch === 8287 ||
    ch === 12288 ||
    ch === 65279
  );
}

const ESCAPED: Record<string, string> = {
  '\t': '\\t',
  '\v': '\\v',
  '\f': '\\f',
  '\b': '\\b',
  '\r': '\\r',
  '\n': '\\n',
  '\\': '\\\\',
  '"': '\\"',
  "'": "\\'",
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\u0085': '\\u0085',
};
const DOUBLE_QUOTED_ESCAPES = /[\\"\u0000-\u001f\u2028\u2029\u0085]/g;
const SINGLE_QUOTED_ESCAPES = /[\\'\u0000-\u001f\u2028\u2029\u0085]/g;
const NON_ASCII = /[^\u0000-\u007f]/g;

/**
 * A string literal's text between its quotes, as TypeScript's printer writes it (`escapeNonAsciiString`):
 * backslash, the quote, control characters and line separators escaped, then every UTF-16 unit
 * beyond ASCII as `\uXXXX` (upper-case hex; a surrogate pair as two).
 */
function escapeNonAscii(text: string, quote: '"' | "'"): string {
  const escaped = text.replace(quote === '"' ? DOUBLE_QUOTED_ESCAPES : SINGLE_QUOTED_ESCAPES, (c, offset: number) => {
    if (c === '\0') {
      // `\0` before a digit would read as an octal escape.
      const next = text.charCodeAt(offset + 1);
      return next >= 48 && next <= 57 ? '\\x00' : '\\0';
    }
    return ESCAPED[c] ?? unicodeEscape(c.charCodeAt(0));
  });
  return escaped.replace(NON_ASCII, (c) => unicodeEscape(c.charCodeAt(0)));
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
