// The per-block pixel comparison of docs/rendering.md: two renderings of the same block (same
// size) reduced to luminance in 4 × 4 cells (so anti-aliasing and sub-pixel glyph placement,
// which legitimately differ between renderers, average out), then compared cell by cell.

export interface PixelDifference {
  /** Mean absolute luminance difference of the cells, 0–255. */
  meanDiff: number;
  /** Share of cells whose luminance differs by more than 64 (a glyph or line drawn in one only). */
  badCells: number;
  /** Share of cells with ink (luminance < 160) in each rendering. */
  inkA: number;
  inkB: number;
}

interface Rgba {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const CELL = 4;

function cells(img: Rgba): { w: number; h: number; lum: Float32Array } {
  const w = Math.ceil(img.width / CELL);
  const h = Math.ceil(img.height / CELL);
  const sum = new Float32Array(w * h);
  const count = new Float32Array(w * h);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      const c = Math.floor(y / CELL) * w + Math.floor(x / CELL);
      sum[c] += 0.299 * img.rgba[i] + 0.587 * img.rgba[i + 1] + 0.114 * img.rgba[i + 2];
      count[c] += 1;
    }
  }
  for (let c = 0; c < sum.length; c++) sum[c] /= count[c];
  return { w, h, lum: sum };
}

export function comparePixels(a: Rgba, b: Rgba): PixelDifference {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  const ca = cells(a);
  const cb = cells(b);
  let diff = 0;
  let bad = 0;
  let inkA = 0;
  let inkB = 0;
  for (let c = 0; c < ca.lum.length; c++) {
    const d = Math.abs(ca.lum[c] - cb.lum[c]);
    diff += d;
    if (d > 64) bad++;
    if (ca.lum[c] < 160) inkA++;
    if (cb.lum[c] < 160) inkB++;
  }
  const n = ca.lum.length;
  return { meanDiff: diff / n, badCells: bad / n, inkA: inkA / n, inkB: inkB / n };
}
