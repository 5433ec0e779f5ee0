/**
 * The statements of a generated module as plain data (imports, type aliases, interfaces, variable
 * statements, functions, raw text and writer functions) and their printer.
 *
 * The printer writes with code-block-writer, in the calls and order of ts-morph's structure printer
 * (which writes with the same library), so the text is the same byte for byte as ts-morph's for
 * the same structures: its blank lines (before a function or an interface and after anything that
 * ends in `}`, none between imports or type aliases), JSDoc layout, comma placement and hanging
 * indentation. It knows only the structures the REST functions module is made of. ts-morph parsed
 * the printed text into a TypeScript syntax tree only to hand the text back, most of the module's
 * time and memory on a big document.
 */
import CodeBlockWriter from 'code-block-writer';

/** The kinds of statement structures (named as ts-morph names the same structures). */
export const StructureKind = {
  ImportDeclaration: 'import',
  TypeAlias: 'type alias',
  Interface: 'interface',
  VariableStatement: 'variable statement',
  Function: 'function',
} as const;

export const VariableDeclarationKind = { Const: 'const', Let: 'let' } as const;

/** Writes text of its own where a statement goes: `(writer) => writer.blankLine()`. */
export type WriterFunction = (writer: CodeBlockWriter) => void;

interface DeclarationStructure {
  isExported?: boolean;
  /** Doc comments, one `/** … *\/` each; a text of several lines is a comment of several lines. */
  docs?: string[];
}

export interface ImportDeclarationStructure {
  kind: typeof StructureKind.ImportDeclaration;
  moduleSpecifier: string;
  /** `name` or `type name`. */
  namedImports: string[];
  isTypeOnly?: boolean;
}

export interface TypeAliasStructure extends DeclarationStructure {
  kind: typeof StructureKind.TypeAlias;
  name: string;
  type: string;
}

export interface PropertySignatureStructure {
  name: string;
  type: string;
  hasQuestionToken?: boolean;
  docs?: string[];
}

export interface InterfaceStructure extends DeclarationStructure {
  kind: typeof StructureKind.Interface;
  name: string;
  properties: PropertySignatureStructure[];
}

export interface VariableStatementStructure extends DeclarationStructure {
  kind: typeof StructureKind.VariableStatement;
  declarationKind: (typeof VariableDeclarationKind)[keyof typeof VariableDeclarationKind];
  declarations: { name: string; type?: string; initializer?: string }[];
}

export interface ParameterStructure {
  name: string;
  type: string;
  hasQuestionToken?: boolean;
}

export interface FunctionStructure extends DeclarationStructure {
  kind: typeof StructureKind.Function;
  name: string;
  parameters: ParameterStructure[];
  returnType?: string;
  /** The body's statements, one a line. */
  statements: string[];
}

export type StatementStructure =
  | ImportDeclarationStructure
  | TypeAliasStructure
  | InterfaceStructure
  | VariableStatementStructure
  | FunctionStructure;

export type Statement = string | WriterFunction | StatementStructure;

/** The module's text: two-space indentation, single quotes, `\n`, ending in a line break. */
export function printModule(statements: readonly Statement[]): string {
  const writer = new CodeBlockWriter({ newLine: '\n', indentNumberOfSpaces: 2, useTabs: false, useSingleQuote: true });
  writer.closeComment();
  printStatements(writer, statements);
  writer.conditionalNewLine(!writer.isAtStartOfFirstLineOfBlock() && !writer.isLastNewLine());
  return writer.toString();
}

function printStatements(writer: CodeBlockWriter, statements: readonly Statement[]): void {
  for (const statement of statements) {
    if (lastNonWhitespaceIsCloseBrace(writer)) writer.blankLineIfLastNot();
    else if (!writer.isAtStartOfFirstLineOfBlock()) writer.newLineIfLastNot();
    printStatement(writer, statement);
  }
}

function printStatement(writer: CodeBlockWriter, statement: Statement): void {
  if (typeof statement === 'string') {
    writer.write(statement);
    return;
  }
  if (typeof statement === 'function') {
    statement(writer);
    return;
  }
  // Functions and interfaces stand apart from what precedes them; the others only after a `}`.
  if (statement.kind === StructureKind.Function || statement.kind === StructureKind.Interface) {
    if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLineIfLastNot();
  }
  writer.closeComment();
  switch (statement.kind) {
    case StructureKind.ImportDeclaration:
      return printImport(writer, statement);
    case StructureKind.TypeAlias:
      printDocs(writer, statement.docs);
      printModifiers(writer, statement);
      writer.write(`type ${statement.name}`);
      printTyped(writer, ' =', statement.type);
      writer.write(';');
      return;
    case StructureKind.Interface:
      return printInterface(writer, statement);
    case StructureKind.VariableStatement:
      return printVariableStatement(writer, statement);
    case StructureKind.Function:
      return printFunction(writer, statement);
  }
}

function printImport(writer: CodeBlockWriter, structure: ImportDeclarationStructure): void {
  writer.write('import');
  if (structure.isTypeOnly) writer.write(' type');
  if (structure.namedImports.length > 0) {
    writer.space();
    writer.write('{');
    const names = newWriter(writer);
    printCommaSeparated(names, structure.namedImports, (name) => {
      names.closeComment();
      const specifier = newWriter(names);
      specifier.queueIndentationLevel(1);
      specifier.write(name);
      names.write(specifier.toString());
    });
    const text = names.toString();
    if (!/^\r?\n/.test(text)) writer.space();
    writer.write(text);
    if (!/\r?\n$/.test(text)) writer.space();
    writer.write('}');
    writer.write(' from');
  }
  writer.write(' ');
  writer.quote(structure.moduleSpecifier);
  writer.write(';');
}

function printInterface(writer: CodeBlockWriter, structure: InterfaceStructure): void {
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write(`interface ${structure.name}`);
  writer.space();
  writer.inlineBlock(() => {
    if (structure.properties.length > 0 && !writer.isAtStartOfFirstLineOfBlock()) writer.newLine();
    structure.properties.forEach((property, index) => {
      writer.conditionalNewLine(index > 0);
      writer.closeComment();
      printDocs(writer, property.docs);
      writer.write(property.name);
      writer.conditionalWrite(property.hasQuestionToken, '?');
      printTyped(writer, ':', property.type);
      writer.write(';');
    });
  });
}

function printVariableStatement(writer: CodeBlockWriter, structure: VariableStatementStructure): void {
  printDocs(writer, structure.docs);
  writer.hangingIndent(() => {
    printModifiers(writer, structure);
    writer.write(`${structure.declarationKind} `);
    printCommaSeparated(writer, structure.declarations, (declaration) => {
      writer.closeComment();
      writer.write(declaration.name);
      if (declaration.type !== undefined) printTyped(writer, ':', declaration.type);
      if (declaration.initializer !== undefined) {
        const initializer = textOf(writer, declaration.initializer);
        if (!isWhitespace(initializer)) {
          writer.hangingIndent(() => {
            writer.spaceIfLastNot();
            writer.write(`= ${initializer}`);
          });
        }
      }
    });
    writer.write(';');
  });
}

function printFunction(writer: CodeBlockWriter, structure: FunctionStructure): void {
  printDocs(writer, structure.docs);
  printModifiers(writer, structure);
  writer.write('function');
  if (!isWhitespace(structure.name)) writer.write(` ${structure.name}`);
  writer.write('(');
  if (structure.parameters.length > 0) {
    writer.hangingIndent(() => {
      printCommaSeparated(writer, structure.parameters, (parameter) => {
        writer.closeComment();
        writer.write(parameter.name);
        writer.conditionalWrite(parameter.hasQuestionToken, '?');
        printTyped(writer, ':', parameter.type);
      });
    });
  }
  writer.write(')');
  if (structure.returnType !== undefined) {
    const returnType = textOf(writer, structure.returnType);
    if (!isWhitespace(returnType)) writer.hangingIndent(() => writer.write(`: ${returnType}`));
  }
  writer.space().inlineBlock(() => printStatements(writer, structure.statements));
}

function printDocs(writer: CodeBlockWriter, docs: readonly string[] | undefined): void {
  for (const doc of docs ?? []) {
    writer.closeComment();
    const lines = doc.split(/\r?\n/);
    const startIndex = lines[0]!.length === 0 ? 1 : 0;
    writer.write('/**');
    if (lines.length <= 1) {
      writer.space();
      writer.write(lines[startIndex]!);
    } else {
      writer.newLine();
      for (let i = startIndex; i < lines.length; i++) {
        writer.write(' *');
        if (lines[i]!.length > 0) writer.write(` ${lines[i]}`);
        writer.newLine();
      }
    }
    writer.spaceIfLastNot();
    writer.write('*/');
    writer.newLine();
  }
}

function printModifiers(writer: CodeBlockWriter, structure: DeclarationStructure): void {
  if (structure.isExported) writer.write('export ');
}

/** `: type` (or ` = type` for an alias), indented on later lines if the type has several. */
function printTyped(writer: CodeBlockWriter, separator: string, type: string): void {
  const text = textOf(writer, type);
  if (!isWhitespace(text)) writer.hangingIndent(() => writer.write(`${separator} ${text}`));
}

/**
 * `a, b, c`: the items separated by spaces, then a comma after each but the last, where its text
 * ends (before trailing whitespace), unless it is empty or ends in a comma already.
 */
function printCommaSeparated<T>(writer: CodeBlockWriter, items: readonly T[], print: (item: T) => void): void {
  const commaPositions: (number | undefined)[] = [];
  items.forEach((item, index) => {
    if (index > 0) writer.spaceIfLastNot();
    const start = writer.getLength();
    print(item);
    commaPositions.push(commaPosition(writtenSince(writer, start), start));
  });
  let last = true;
  for (let i = commaPositions.length - 1; i >= 0; i--) {
    const position = commaPositions[i];
    if (position === undefined) continue;
    if (last) last = false;
    else writer.unsafeInsert(position, ',');
  }
}

function commaPosition(text: string, start: number): number | undefined {
  const end = text.trimEnd().length;
  if (end === 0 || text[end - 1] === ',') return undefined;
  return start + end;
}

function writtenSince(writer: CodeBlockWriter, start: number): string {
  const chars: string[] = [];
  writer.iterateLastChars((char, index) => {
    if (index < start) return true;
    chars.push(char);
    return undefined;
  });
  return chars.reverse().join('');
}

function lastNonWhitespaceIsCloseBrace(writer: CodeBlockWriter): boolean {
  return (
    writer.iterateLastChars((char) => {
      if (char === '}') return true;
      if (/\s/.test(char)) return undefined;
      return false;
    }) ?? false
  );
}

/**
 * A text as a writer of the same settings writes it on its own: the text itself when it is one
 * line (a fresh writer indents nothing), which saves a writer per type on a big document.
 */
function textOf(writer: CodeBlockWriter, text: string): string {
  if (!text.includes('\n')) return text;
  return newWriter(writer).write(text).toString();
}

function newWriter(writer: CodeBlockWriter): CodeBlockWriter {
  return new CodeBlockWriter(writer.getOptions());
}

function isWhitespace(text: string): boolean {
  return text.trim().length === 0;
}
