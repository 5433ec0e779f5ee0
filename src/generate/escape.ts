/**
 * The one place that turns text from a server's document (or a user's operation file) into a piece of
 * generated TypeScript. Each function is for one output context and is the only way our emitters
 * (REST functions, the GraphQL plugin, headers, forms) put text there: what a server sends stays
 * data, whatever it contains. openapi-typescript and graphql-codegen escape what they write
 * themselves; test/reliability/hostile-documents.test.ts holds every generated file to this.
 *
 * Why each context needs its own rule:
 * - a block or JSDoc comment ends at the first `*` `/`;
 * - a line comment ends at any line terminator, and JavaScript has four (LF, CR, U+2028, U+2029);
 * - a string literal ends at its quote, and a backslash escapes the quote that would end it;
 * - a template literal also runs code in `${…}` and ends at a backtick;
 * - an identifier must be a name TypeScript accepts where it is declared: no reserved word, and in a
 *   module (always strict) not `eval` or `arguments`;
 * - a property key that is not an identifier name has to be quoted.
 */

/**
 * Text inside a block (`/* … *\/`) or JSDoc comment: cannot close it; every line break is a plain
 * `\n`; a line that starts with `@` is written `\@` (TSDoc's escape, which Markdown shows as `@`), so
 * prose cannot become a JSDoc tag (`@deprecated` would strike the function through in editors); and
 * control characters are written as `\uXXXX` text, so a file stays text (a NUL makes git and grep
 * call it binary).
 */
export function commentText(text: string): string {
  return text
    .replace(LINE_TERMINATORS, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/^([ \t]*)@/gm, '$1\\@')
    .replace(CONTROL_CHARACTERS, unicodeEscape);
}

/** C0 controls but tab and line feed, DEL, and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text on one `//` line: line terminators become spaces, so nothing after them is code; control characters as in `commentText`. */
export function lineCommentText(text: string): string {
  return text.replace(LINE_TERMINATORS, ' ').replace(CONTROL_CHARACTERS, unicodeEscape);
}

/**
 * A string literal, in single quotes (the style of every generated file) unless `quote` says otherwise. `JSON.stringify` escapes quotes,
 * backslashes and control characters; U+2028/U+2029 are escaped as well (older parsers end a line
 * there), and `</` is written `<\/` so the text stays inert even inlined into an HTML `<script>`.
 */
export function stringLiteral(text: string, quote: '"' | "'" = "'"): string {
  const double = JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<\//g, '<\\/');
  if (quote === '"') return double;
  // Same escapes; only the quote that needs one changes.
  return `'${double.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/**
 * Text between the backticks of a template literal: backslashes, backticks and `${` are escaped,
 * and a carriage return too (a template literal reads a raw one, or CRLF, as a line feed).
 */
export function templateLiteralText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r');
}

/**
 * A property name in a type, an interface or an object literal: bare when it is an identifier name
 * (`id`, `default`), else quoted. `__proto__`, bare or quoted, sets an object literal's prototype
 * instead of naming a property, so it is written computed (`['__proto__']`), as both contexts allow.
 */
export function propertyKey(text: string): string {
  if (text === '__proto__') return `[${stringLiteral(text)}]`;
  return IDENTIFIER_NAME.test(text) ? text : stringLiteral(text);
}

/** ASCII identifier characters, the only ones generated names are made of. */
const IDENTIFIER_NAME = /^[A-Za-z_$][\w$]*$/;

/** True when `name` can be declared as a binding (function, const, parameter) in a module. */
export function isBindableIdentifier(name: string): boolean {
  return IDENTIFIER_NAME.test(name) && !isReservedWord(name);
}

/**
 * Words a module cannot declare as a name: ECMAScript's reserved words, those reserved in strict
 * mode (modules are strict; `await` at a module's top level), `eval` and `arguments` (strict mode
 * forbids binding them), and `require`, `exports` and `module`, which TypeScript reserves at the top
 * of a module compiled to CommonJS, as a consumer's build may do.
 */
export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name);
}

const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await eval arguments require exports module'
  ).split(' '),
);

/**
 * `name` as it can be declared: unchanged when it can be, else with `suffix` appended (`delete` →
 * `deleteMutation`, `eval` → `evalOperation`). The caller reports the rename.
 */
export function bindableName(name: string, suffix: string): string {
  return isReservedWord(name) ? `${name}${suffix}` : name;
}

// eslint-disable-next-line no-control-regex
const LINE_TERMINATORS = /\r\n|[\r\n\u2028\u2029]/g;
