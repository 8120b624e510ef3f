import leven from 'leven';
import { canonicalSymbol } from '../prompts/block-marker.js';
import { isDigit, isLetterOrDigit, isSpace, skipWhile, tick } from './scan-steps.js';

/** A code as read after the `BLOCK` word: its canonical symbols and where it ends in the line. */
export interface CodeCandidate {
  canonical: string;
  /** The Latin letters and digits of the reading, upper-cased, not folded. */
  plain: string;
  end: number;
}

/** A line read as a separator label `BLOCK: <code>` (the code possibly unreadable). */
export interface LabelLine {
  /** Code readings of 9–13 canonical symbols, shortest first; empty when the code is unreadable. */
  candidates: CodeCandidate[];
  /** The `[N]` or `N.` number before the word, when the line has one. */
  index: number | null;
}

const LEAD_DECORATION = new Set([...'#>*_`~=|•·-"\'«']);
const OPEN_DECORATION = new Set([...'*_`"\'«([']);
const WORD_SEPARATORS = new Set([...':：#=.-–—']);
const CODE_DASHES = new Set([...'-–—‐−_/\\']);
const CODE_EXTRA = new Set([...'|!])([']);
const ASCII_ALNUM = /^[0-9A-Za-z]$/;
const MAX_WORD = 7;
const MAX_CODE_RAW = 28;
const CODE_MIN = 9;
const CODE_MAX = 13;
const UNREADABLE_MIN = 5;

/** Letters OCR reads for the letters of BLOCK/БЛОК, folded for the word test only. */
const WORD_FOLD: Record<string, string> = {
  '8': 'B',
  В: 'B',
  Б: 'B',
  Β: 'B',
  Л: 'L',
  '1': 'L',
  I: 'L',
  '|': 'L',
  '0': 'O',
  О: 'O',
  Ο: 'O',
  С: 'C',
  К: 'K',
  Κ: 'K',
};

const foldWord = (word: string): string =>
  [...word.toUpperCase()].map((ch) => WORD_FOLD[ch] ?? ch).join('');

/** `BLOCK`, `БЛОК`, and one misread letter of BLOCK when a colon follows (not BLACK or CLOCK text). */
function isBlockWord(word: string, colon: boolean): boolean {
  const folded = foldWord(word);
  if (folded === 'BLOCK' || folded === 'BLOK') return true;
  return colon && folded.length >= 4 && leven(folded, 'BLOCK') <= 1;
}

/** Skips line-leading decoration and one `[N]` / `N.` / `N)` list number; returns [pos, N]. */
function skipPrefix(line: string): [number, number | null] {
  let i = skipWhile(line, 0, (c) => isSpace(c) || LEAD_DECORATION.has(c));
  let index: number | null = null;
  const digitsFrom = line[i] === '[' ? i + 1 : i;
  const digitsEnd = skipWhile(line, digitsFrom, isDigit, 3);
  const close = line[digitsEnd];
  const bracketed = line[i] === '[' && close === ']';
  if (
    digitsEnd > digitsFrom &&
    (bracketed || (line[i] !== '[' && (close === '.' || close === ')')))
  ) {
    index = Number(line.slice(digitsFrom, digitsEnd));
    i = digitsEnd + 1;
  }
  i = skipWhile(line, i, (c) => isSpace(c) || OPEN_DECORATION.has(c) || c === ':' || c === '-');
  return [i, index];
}

/** After the word: spaces, an optional `ID`, separators; returns [code start, saw a colon]. */
function skipAfterWord(line: string, from: number): [number, boolean] {
  let i = skipWhile(line, from, isSpace);
  if (line.slice(i, i + 2).toUpperCase() === 'ID' && !isLetterOrDigit(line[i + 2])) i += 2;
  i = skipWhile(line, i, isSpace);
  let colon = false;
  i = skipWhile(line, i, (c) => {
    colon ||= c === ':' || c === '：';
    return WORD_SEPARATORS.has(c) || isSpace(c);
  });
  return [skipWhile(line, i, (c) => isSpace(c) || OPEN_DECORATION.has(c)), colon];
}

const isCodeOrDash = (ch: string | undefined): boolean =>
  ch !== undefined && (isCodeChar(ch) || CODE_DASHES.has(ch));

const isCodeChar = (ch: string | undefined): boolean =>
  ch !== undefined && (isLetterOrDigit(ch) || CODE_EXTRA.has(ch));

/**
 * Every reading of the code that ends after a code character and folds to 9–13 symbols: the
 * printed code is 11, a misread may drop or add two. Dashes, slashes and single spaces between
 * code characters are skipped; at most `MAX_CODE_RAW` characters are looked at.
 */
function codeCandidates(
  line: string,
  from: number,
): { found: CodeCandidate[]; end: number; symbols: number } {
  const found: CodeCandidate[] = [];
  let canonical = '';
  let plain = '';
  let i = from;
  while (i < line.length && i - from < MAX_CODE_RAW) {
    tick();
    const ch = line[i];
    if (isCodeChar(ch)) {
      canonical += canonicalSymbol(ch);
      if (ASCII_ALNUM.test(ch)) plain += ch.toUpperCase();
      i++;
      const n = canonical.length;
      if (n >= CODE_MIN && n <= CODE_MAX) found.push({ canonical, plain, end: i });
    } else if (CODE_DASHES.has(ch)) {
      i++;
    } else if (isSpace(ch)) {
      const next = skipWhile(line, i, isSpace);
      if (!isCodeOrDash(line[next])) break;
      i = next;
    } else break;
  }
  return { found, end: i, symbols: canonical.length };
}

/**
 * Reads one line as a separator label: optional decoration and list number, the word (`BLOCK`,
 * `BL0CK`, `ВLOCK` in Cyrillic, `блок`, any case), an optional `ID`, colon or none, and a code.
 * Returns null for any other line. A line whose code cannot be read at all is still a label
 * when it has the colon (or the word as printed), 5 or more code symbols and nothing after them.
 */
export function readLabelLine(line: string): LabelLine | null {
  const [wordStart, index] = skipPrefix(line);
  const wordEnd = skipWhile(line, wordStart, (c) => isLetterOrDigit(c) || c === '|', MAX_WORD);
  if (wordEnd === wordStart || line[wordEnd] === '_' || isLetterOrDigit(line[wordEnd])) return null;
  const [codeStart, colon] = skipAfterWord(line, wordEnd);
  if (!isBlockWord(line.slice(wordStart, wordEnd), colon)) return null;
  const { found, end, symbols } = codeCandidates(line, codeStart);
  if (found.length > 0) return { candidates: found, index };
  const rest = skipWhile(line, end, (c) => isSpace(c) || CLOSING.has(c));
  // `Блок: А` in a document's text is no label: an unreadable code still has most of its symbols.
  const exactWord = ['BLOCK', 'BLOK'].includes(foldWord(line.slice(wordStart, wordEnd)));
  return (colon || exactWord) && symbols >= UNREADABLE_MIN && rest === line.length
    ? { candidates: [], index }
    : null;
}

const CLOSING = new Set([...'*_`"\'»)]:.']);

/** True when a code reading ending at `end` is not followed by more letters or digits. */
export const endsRun = (line: string, end: number): boolean => !isLetterOrDigit(line[end]);

/**
 * Where a block's text starts in a label line after a code reading ending at `end` (line length:
 * none): the rest of the code's unbroken run (symbols the reading left out, e.g. a doubled one)
 * and closing decoration belong to the label.
 */
export function contentOffset(line: string, end: number): number {
  const runEnd = skipWhile(line, end, (c) => isCodeChar(c) || CODE_DASHES.has(c));
  const offset = skipWhile(line, runEnd, (c) => isSpace(c) || CLOSING.has(c));
  return isCodeResidue(line, offset) ? line.length : offset;
}

/** At most 3 code symbols to the end of the line: a piece of the code split off by a space. */
function isCodeResidue(line: string, from: number): boolean {
  if (line.length - from > 12) return false;
  let symbols = 0;
  const end = skipWhile(line, from, (c) => {
    if (isCodeChar(c)) symbols++;
    return isCodeChar(c) || CODE_DASHES.has(c) || isSpace(c) || CLOSING.has(c);
  });
  return end === line.length && symbols <= 3;
}

/** `[[[BLOCK_ID: <id>]]]` (also `[[BLOCK\_ID: …]]`) at the start of a line: the id, or null. */
export function readLegacyLine(line: string): { id: string; end: number } | null {
  let i = skipWhile(line, 0, (c) => isSpace(c) || LEAD_DECORATION.has(c));
  const open = skipWhile(line, i, (c) => c === '[', 4);
  if (open - i < 2) return null;
  i = skipWhile(line, open, isSpace);
  if (line.slice(i, i + 5).toUpperCase() !== 'BLOCK') return null;
  i = skipWhile(line, i + 5, (c) => c === '\\' || c === '_' || isSpace(c), 4);
  if (line.slice(i, i + 2).toUpperCase() !== 'ID') return null;
  i = skipWhile(line, skipWhile(line, i + 2, isSpace), (c) => c === ':' || c === '：', 2);
  const idStart = skipWhile(line, i, isSpace);
  const idEnd = skipWhile(line, idStart, (c) => c !== ']' && !isSpace(c), 80);
  const close = skipWhile(line, skipWhile(line, idEnd, isSpace), (c) => c === ']', 4);
  if (idEnd === idStart || close - idEnd < 2) return null;
  return { id: line.slice(idStart, idEnd), end: close };
}

/**
 * `[N]` (or `Блок N:` / `Block N.`) at the start of a line, after optional `#>*_` decoration:
 * N and where the text after it starts, else null.
 */
export function readIndexLine(line: string): { n: number; end: number } | null {
  let i = skipWhile(line, 0, isSpace);
  i = skipWhile(
    line,
    skipWhile(line, i, (c) => '#>*_'.includes(c)),
    isSpace,
  );
  let n: number | null = null;
  if (line[i] === '[') {
    const end = skipWhile(line, i + 1, isDigit, 3);
    if (end > i + 1 && line[end] === ']') [n, i] = [Number(line.slice(i + 1, end)), end + 1];
  } else {
    const read = readWordIndex(line, i);
    if (read) [n, i] = read;
  }
  if (n === null) return null;
  i = skipWhile(line, i, (c) => c === '*' || c === '_');
  i = skipWhile(line, i, isSpace);
  if (':.)-'.includes(line[i] ?? '#')) i++;
  return { n, end: skipWhile(line, i, isSpace) };
}

/** `Блок N:` / `Block N.` (also `№ N`): N and the position after the colon or dot. */
function readWordIndex(line: string, at: number): [number, number] | null {
  const head = line.slice(at, at + 5).toLowerCase();
  const wordLength = head.startsWith('блок') ? 4 : head === 'block' ? 5 : 0;
  if (wordLength === 0) return null;
  const digitsFrom = skipWhile(line, at + wordLength, (c) => isSpace(c) || c === '№', 4);
  const digitsEnd = skipWhile(line, digitsFrom, isDigit, 3);
  if (digitsEnd === digitsFrom) return null;
  const after = skipWhile(line, digitsEnd, isSpace);
  if (line[after] !== ':' && line[after] !== '.') return null;
  return [Number(line.slice(digitsFrom, digitsEnd)), after + 1];
}
