/**
 * What bonesim prints comes partly from files (ids, titles, names, values): a name holding
 * terminal escape sequences must not rewrite the terminal. Control characters other than
 * newline and tab, and the bidirectional overrides that reorder text, are shown as \u escapes.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Write to standard output, made terminal-safe. */
export function print(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Write to standard error, made terminal-safe. */
export function printError(text: string): void {
  process.stderr.write(terminalSafe(text));
}
