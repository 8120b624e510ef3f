/**
 * Why the parser's line scanners are hand-written loops rather than regular expressions: the
 * answers they read are model output, and a backtracking pattern over a padded markdown line once
 * froze a worker for seconds (ReDoS). Every loop here visits each character of its line a bounded
 * number of times, and ticks this counter per visit, so a test can hold the scanners to a step
 * budget linear in the input size (steps, not wall time). Built-in linear operations (`split`,
 * `indexOf`, `slice`) are not counted.
 */
export const scanSteps = { count: 0 };

export const tick = (n = 1): void => {
  scanSteps.count += n;
};

const SPACE = new Set([' ', '\t', '\u00a0', '\u2009', '\u202f', '\u3000', '\v', '\f', '\r']);

export const isSpace = (ch: string | undefined): boolean => ch !== undefined && SPACE.has(ch);

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** One character (code point) tested against a single-class pattern: constant time. */
export const isLetterOrDigit = (ch: string | undefined): boolean =>
  ch !== undefined && LETTER_OR_DIGIT.test(ch);

export const isDigit = (ch: string | undefined): boolean =>
  ch !== undefined && ch >= '0' && ch <= '9';

/** Index of the first character at or after `from` that is not in `set` (bounded by `limit`). */
export function skipWhile(
  line: string,
  from: number,
  accept: (ch: string) => boolean,
  limit = line.length,
): number {
  let i = from;
  while (i < line.length && i - from < limit && accept(line[i])) {
    tick();
    i++;
  }
  return i;
}

/** True when the line holds only whitespace. */
export const isBlank = (line: string): boolean => skipWhile(line, 0, isSpace) === line.length;

/** A markdown rule line: `---`, `***` or `___` (3 or more), surrounded by whitespace only. */
export function isRuleLine(line: string): boolean {
  const start = skipWhile(line, 0, isSpace);
  const ch = line[start];
  if (ch !== '-' && ch !== '*' && ch !== '_') return false;
  const end = skipWhile(line, start, (c) => c === ch);
  return end - start >= 3 && skipWhile(line, end, isSpace) === line.length;
}
