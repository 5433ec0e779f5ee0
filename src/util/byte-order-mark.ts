/**
 * A byte order mark at the start of a file (an editor on Windows writes one) is no part of the
 * document: `JSON.parse` refuses it, and a position counted with it is one column off on line 1.
 * Every reader of a user's or server's text file drops it here, before parsing and locating.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
