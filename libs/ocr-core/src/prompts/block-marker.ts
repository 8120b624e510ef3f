import { createHash } from 'node:crypto';

/**
 * Symbols of derived marker codes: the alphabet newer desktop clients use for their
 * `XXXX-XXXX-XXX` ids (`34679ACDEFGHJKLMNPQRTUVWXY`) without its G, which OCR confuses with 6.
 * No two symbols collapse into one under `canonicalMarker`.
 */
export const MARKER_ALPHABET = '34679ACDEFHJKLMNPQRTUVWXY';

const MARKER_SHAPE = /^[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{3}$/;
const MARKER_SYMBOLS = 11;
const BASE = BigInt(MARKER_ALPHABET.length);

/** True when `id` already has the 13-character `XXXX-XXXX-XXX` shape of a marker code. */
export const isMarkerCode = (id: string): boolean => MARKER_SHAPE.test(id);

/**
 * The code printed on a block's strip separator (`BLOCK: <code>`).
 *
 * Rule: a block whose id already is a 13-character `XXXX-XXXX-XXX` code uses its id unchanged.
 * Any other id (a UUID…) gets a code derived from it: the first 8 bytes of SHA-256 of the id
 * (UTF-8) read as a big-endian integer, written as 11 base-25 digits of `MARKER_ALPHABET`
 * (most significant first, i.e. the value modulo 25^11 ≈ 3·10^15) and grouped 4-4-3. The code is
 * stable across runs and processes; within one strip a clash is about a 10^-15 event, and the
 * parser would see it as two blocks claiming one marker and fall back to `[N]` markers.
 */
export function blockMarker(block: { id: string } | string): string {
  const id = typeof block === 'string' ? block : block.id;
  if (isMarkerCode(id)) return id;
  let value = createHash('sha256').update(id, 'utf8').digest().readBigUInt64BE(0);
  const symbols: string[] = [];
  for (let i = 0; i < MARKER_SYMBOLS; i++) {
    symbols.unshift(MARKER_ALPHABET[Number(value % BASE)]);
    value /= BASE;
  }
  const code = symbols.join('');
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * OCR look-alikes folded onto one representative (upper-cased input). Cyrillic capitals that look
 * like Latin ones are included: models reading Russian sheets often answer `BLOCK: АС4Е-…` in Cyrillic.
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
  А: 'A',
  В: '8',
  С: 'C',
  Е: 'E',
  Н: 'H',
  К: 'K',
  М: 'M',
  О: '0',
  Р: 'P',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  З: '3',
};

/**
 * Canonical form used to compare a marker read back by a model with the printed one: upper case,
 * separators and other non-alphanumerics dropped, look-alikes 0/O, 8/B, 1/l/I, 5/S, 2/Z, 6/G (and
 * Cyrillic twins of Latin letters) folded.
 */
export function canonicalMarker(code: string): string {
  let out = '';
  for (const ch of code.toUpperCase()) {
    const folded = LOOK_ALIKES[ch] ?? ch;
    if (/[0-9A-Z]/.test(folded)) out += folded;
  }
  return out;
}
