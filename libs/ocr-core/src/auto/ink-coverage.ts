// Does the text layer account for what the block shows? Compares the rendered crop's ink with
// the glyph boxes of the text layer (docs/auto-engine.md, "Text layer checks").
import { rulingMask } from '../tables/ruling-lines.js';
import type { GreyImage, RulingLines, WordBox } from '../tables/table.types.js';

export interface InkCoverage {
  /** Dark pixels of the crop, ruling lines excluded. */
  inkPixels: number;
  /** Share of those outside every word box: text drawn as paths or images, drawings. */
  uncoveredShare: number;
  /** Share of words whose box holds no ink: invisible or white text the page does not show. */
  inklessWordShare: number;
}

/** A pixel darker than this is ink. */
const DARK = 160;

/** Measures how much of the crop's ink lies in the text layer's word boxes. */
export function inkCoverage(
  image: GreyImage,
  words: readonly WordBox[],
  rulings: RulingLines,
): InkCoverage {
  const { width, height, data } = image;
  const covered = new Uint8Array(width * height);
  for (const w of words) {
    const pad = Math.max(2, (w.y1 - w.y0) * 0.2);
    fillBox(covered, width, height, w.x0 - pad, w.y0 - pad, w.x1 + pad, w.y1 + pad);
  }
  const lines = rulingMask(image, rulings);
  let ink = 0;
  let uncovered = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] >= DARK || lines[i] === 1) continue;
    ink++;
    if (covered[i] === 0) uncovered++;
  }
  const inkless = words.filter((w) => !hasInk(image, w)).length;
  return {
    inkPixels: ink,
    uncoveredShare: ink === 0 ? 0 : uncovered / ink,
    inklessWordShare: words.length === 0 ? 0 : inkless / words.length,
  };
}

// eslint-disable-next-line max-params -- a box is four numbers; an object per word would allocate
function fillBox(mask: Uint8Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number): void {
  const left = Math.max(0, Math.floor(x0));
  const right = Math.min(width, Math.ceil(x1));
  if (right <= left) return;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++)
    mask.fill(1, y * width + left, y * width + right);
}

function hasInk(image: GreyImage, w: WordBox): boolean {
  const { width, height, data } = image;
  for (let y = Math.max(0, Math.floor(w.y0)); y < Math.min(height, Math.ceil(w.y1)); y++)
    for (let x = Math.max(0, Math.floor(w.x0)); x < Math.min(width, Math.ceil(w.x1)); x++)
      if (data[y * width + x] < DARK) return true;
  return false;
}
