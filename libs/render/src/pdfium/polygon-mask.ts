// Paints white the pixels of a band that lie outside a polygon block, on raw RGBA rows (the
// pdf.js path fills the same even-odd path on its canvas). Scanline even-odd fill at pixel
// centres: a few lines of arithmetic, so no canvas is needed for PDFium's raw bitmaps.
// Thread code: erasable TypeScript only.

/** Whitens `rows` rows of `width` RGBA pixels at `bandTop` of the crop outside `polygon`. */
export function whiteOutsidePolygon(
  pixels: Uint8Array,
  width: number,
  rows: number,
  bandTop: number,
  polygon: ReadonlyArray<readonly [number, number]>,
): void {
  const white = new Uint32Array(pixels.buffer, pixels.byteOffset, width * rows);
  for (let r = 0; r < rows; r++) {
    const spans = insideSpans(polygon, bandTop + r + 0.5);
    let x = 0;
    for (let s = 0; s < spans.length; s += 2) {
      const from = Math.max(0, Math.min(width, Math.ceil(spans[s] - 0.5)));
      const to = Math.max(0, Math.min(width, Math.ceil(spans[s + 1] - 0.5)));
      if (from > x) white.fill(0xffffffff, r * width + x, r * width + from);
      x = Math.max(x, to);
    }
    if (x < width) white.fill(0xffffffff, r * width + x, (r + 1) * width);
  }
}

/** Sorted x crossings of the horizontal line at `y`: pairs [in, out) under the even-odd rule. */
function insideSpans(polygon: ReadonlyArray<readonly [number, number]>, y: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    if (y0 <= y === y1 <= y) continue;
    xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
  }
  return xs.sort((a, b) => a - b);
}
