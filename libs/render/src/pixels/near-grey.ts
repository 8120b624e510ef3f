// When an opaque pixel counts as grey. Print-ready PDFs often draw black text in "rich black"
// (e.g. RGB 35,31,32 from a CMYK black): exact-grey tests took every text crop of the book fixture
// for colour, which tripled its bytes on the way to the strip, the rows to filter and the data to
// deflate (docs/rendering.md, "Where the time goes"). A pixel whose channels differ by at most
// NEAR_GREY_SPREAD is stored as one grey sample, (R + 2G + B) / 4 rounded; an image stays grey
// only while all of its rows are, so real colour is never lost. The PNG writer and the raw-pixel
// writer share this rule, so a raw crop equals its PNG crop pixel for pixel.
// Thread code: erasable TypeScript only.

/** Largest difference between a pixel's channels that still counts as grey. */
export const NEAR_GREY_SPREAD = 8;

/**
 * The grey sample of an opaque RGBA pixel read as a little-endian 32-bit word (R in the low
 * byte), or -1 when its channels differ by more than `NEAR_GREY_SPREAD`.
 */
export function greyOf(word: number): number {
  // Exactly grey (white paper, most of any crop): R = G = B, and the rounded mean below is R.
  // Tested first, so most pixels skip the arithmetic below (docs/rendering.md).
  if (((word ^ (word >>> 8)) & 0xffff) === 0) return word & 0xff;
  const r = word & 0xff;
  const g = (word >>> 8) & 0xff;
  const b = (word >>> 16) & 0xff;
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  const min = r < g ? (r < b ? r : b) : g < b ? g : b;
  return max - min > NEAR_GREY_SPREAD ? -1 : (r + 2 * g + b + 2) >> 2;
}
