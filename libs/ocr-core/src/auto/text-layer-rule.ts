// When a block's PDF text layer holds real text: shared by the `local` engine and `auto` planning.
/** Thresholds of the "real text layer" rule; see `hasRealText`. */
export interface TextLayerRule {
  /** Fewest letters or digits (default 3): a stray page number or bullet is not a text layer. */
  minAlnum?: number;
  /** Least share of letters/digits among non-space characters (default 0.5). */
  minAlnumShare?: number;
  /** Greatest share of garbage characters (default 0.02). */
  maxGarbageShare?: number;
}

// U+FFFD (undecodable glyph), private-use code points (fonts without a ToUnicode map) and C0/C1
// controls are what a broken or invisible-OCR text layer is made of.
// eslint-disable-next-line no-control-regex -- control codes are exactly what we look for
const GARBAGE = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
const ALNUM = /[\p{L}\p{N}]/gu;

/**
 * Decides whether a block's PDF text layer holds real text, so the local engine can return it
 * instead of running OCR. Real when, after trimming: at least `minAlnum` letters/digits, letters
 * and digits are at least `minAlnumShare` of the non-space characters (not a run of dots, rules
 * or symbols), and garbage characters (U+FFFD, private use, control codes) are at most
 * `maxGarbageShare` of them.
 */
export function hasRealText(text: string, rule: TextLayerRule = {}): boolean {
  const visible = text.replace(/\s+/g, '');
  if (visible.length === 0) return false;
  const alnum = visible.match(ALNUM)?.length ?? 0;
  const garbage = visible.match(GARBAGE)?.length ?? 0;
  return (
    alnum >= (rule.minAlnum ?? 3) &&
    alnum / visible.length >= (rule.minAlnumShare ?? 0.5) &&
    garbage / visible.length <= (rule.maxGarbageShare ?? 0.02)
  );
}
