import { createHash } from 'node:crypto';
import leven from 'leven';

/**
 * Symbols of derived marker codes: the alphabet newer desktop clients use for their
 * `XXXX-XXXX-XXX` ids (`34679ACDEFGHJKLMNPQRTUVWXY`) without G (read as 6), U and V (read as each
 * other). 23 symbols: a prime count, so the weighted check symbol below catches every single
 * misread symbol and every swap of two neighbours. No two symbols collapse under `canonicalMarker`.
 */
export const MARKER_ALPHABET = '34679ACDEFHJKLMNPQRTWXY';

const MARKER_SHAPE = /^[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{3}$/;
const DATA_SYMBOLS = 10;
const BASE = BigInt(MARKER_ALPHABET.length);
/** Least edit distance between two labels of one strip (see `stripMarkers`). */
const MIN_LABEL_DISTANCE = 5;

/** True when `id` already has the 13-character `XXXX-XXXX-XXX` shape of a marker code. */
export const isMarkerCode = (id: string): boolean => MARKER_SHAPE.test(id);

/**
 * The code printed on a block's strip separator (`BLOCK: <code>`).
 *
 * Rule: a block whose id already is a 13-character `XXXX-XXXX-XXX` code uses its id unchanged
 * (unless `stripMarkers` must move it away from a neighbour). Any other id (a UUID…) gets a code
 * derived from it: the first 8 bytes of SHA-256 of the id (UTF-8) read as a big-endian integer,
 * written as 10 base-23 digits of `MARKER_ALPHABET` (most significant first), then the check
 * symbol (`checkSymbol`), grouped 4-4-3. Strip answers are never stored, so a resumed job simply
 * prints the codes of the running release; codes of earlier releases (11 base-25 digits, no check
 * symbol) still parse, because the parser matches against the codes the strip was given.
 */
export function blockMarker(block: { id: string } | string): string {
  const id = typeof block === 'string' ? block : block.id;
  return isMarkerCode(id) ? id : derivedMarker(id);
}

function derivedMarker(key: string): string {
  let value = createHash('sha256').update(key, 'utf8').digest().readBigUInt64BE(0);
  const digits: number[] = [];
  for (let i = 0; i < DATA_SYMBOLS; i++) {
    digits.unshift(Number(value % BASE));
    value /= BASE;
  }
  const code = [...digits, checkDigit(digits)].map((d) => MARKER_ALPHABET[d]).join('');
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Σ (i+1)·digit_i mod 23: weights 1…10 are distinct and non-zero modulo the prime 23. */
const checkDigit = (digits: readonly number[]): number =>
  digits.reduce((sum, d, i) => sum + (i + 1) * d, 0) % MARKER_ALPHABET.length;

/** Alphabet position of each canonical symbol (L folds to 1, so `1` stands for L); built on first use. */
let digitOf: Map<string, number> | undefined;
const digitOfSymbol = (ch: string): number | undefined => {
  digitOf ??= new Map([...MARKER_ALPHABET].map((c, i) => [canonicalMarker(c), i]));
  return digitOf.get(ch);
};

/**
 * True when a canonical code (`canonicalMarker`) is 11 alphabet symbols whose last one is the
 * check symbol of the first ten: a code of this scheme read without error (or, 1 time in 23, a
 * misread that happens to pass).
 */
export function hasValidCheck(canonical: string): boolean {
  if (canonical.length !== DATA_SYMBOLS + 1) return false;
  const digits = [...canonical].map(digitOfSymbol);
  if (digits.some((d) => d === undefined)) return false;
  const values = digits as number[];
  return checkDigit(values.slice(0, DATA_SYMBOLS)) === values[DATA_SYMBOLS];
}

/**
 * The labels of one strip, one per key (a block id, or `id#part` for a window of a split block):
 * each key's `blockMarker`, except that a label closer than `MIN_LABEL_DISTANCE` edits (after
 * look-alike folding) to an earlier label of the strip is re-derived from `key#1`, `key#2`, … So
 * a label misread in up to two symbols is still nearer its own block than any other.
 */
export function stripMarkers(keys: readonly string[]): string[] {
  const labels: string[] = [];
  const canon: string[] = [];
  for (const key of keys) {
    let label = key.includes('#') ? derivedMarker(key) : blockMarker(key);
    for (let salt = 1; tooClose(canonicalMarker(label), canon); salt++) {
      label = derivedMarker(`${key}#${salt}`);
    }
    labels.push(label);
    canon.push(canonicalMarker(label));
  }
  return labels;
}

const tooClose = (code: string, others: readonly string[]): boolean =>
  others.some((other) => leven(code, other) < MIN_LABEL_DISTANCE);

/**
 * OCR look-alikes folded onto one representative (upper-cased input). Cyrillic and Greek capitals
 * that look like Latin ones are included (models reading Russian sheets often answer
 * `BLOCK: АС4Е-…` in Cyrillic), and the brackets OCR reads for J and C.
 */
const LOOK_ALIKES: Record<string, string> = {
  O: '0',
  B: '8',
  I: '1',
  L: '1',
  S: '5',
  Z: '2',
  G: '6',
  '|': '1',
  '!': '1',
  ']': 'J',
  '[': 'C',
  '(': 'C',
  А: 'A',
  В: '8',
  С: 'C',
  Е: 'E',
  Ё: 'E',
  Н: 'H',
  К: 'K',
  М: 'M',
  О: '0',
  Р: 'P',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  З: '3',
  И: 'N',
  П: 'N',
  Ш: 'W',
  Б: '6',
  Ч: '4',
  Α: 'A',
  Β: '8',
  Ε: 'E',
  Ζ: '2',
  Η: 'H',
  Ι: '1',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: '0',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

const CANONICAL_SYMBOL = /[0-9A-Z]/;

/**
 * Canonical form used to compare a marker read back by a model with the printed one: upper case,
 * separators and other non-alphanumerics dropped, look-alikes 0/O, 8/B, 1/l/I/|, 5/S, 2/Z, 6/G,
 * `]`/J (and Cyrillic and Greek twins of Latin letters) folded.
 */
export function canonicalMarker(code: string): string {
  let out = '';
  for (const ch of code.toUpperCase()) {
    const folded = LOOK_ALIKES[ch] ?? ch;
    if (CANONICAL_SYMBOL.test(folded)) out += folded;
  }
  return out;
}

/** Canonical form of one character ('' when it is no code symbol). */
export const canonicalSymbol = (ch: string): string => canonicalMarker(ch);
