// Does the text layer account for what the block shows? Compares the rendered crop's ink with
// the glyph boxes of the text layer (docs/auto-engine.md, "Text layer checks").
import { rulingMask } from '../tables/ruling-lines.js';
import { textLines, wordHeight } from '../tables/table-lines.js';
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

/**
 * Measures how much of the crop's ink lies in the text layer's word boxes. Word boxes are
 * estimates (glyph advances spread evenly over a run), so words on one line are joined into line
 * boxes across gaps of up to two line heights; ink in a margin of half a line height along the
 * crop's edges is not counted: neighbouring lines cut by the block's edge show there, and the
 * text layer rightly leaves them out.
 */
export function inkCoverage(
  image: GreyImage,
  words: readonly WordBox[],
  rulings: RulingLines,
): InkCoverage {
  const { width, height, data } = image;
  const covered = new Uint8Array(width * height);
  for (const w of lineBoxes(words)) {
    const pad = Math.max(2, (w.y1 - w.y0) * 0.2);
    fillBox(covered, width, height, w.x0 - pad, w.y0 - pad, w.x1 + pad, w.y1 + pad);
  }
  const lines = rulingMask(image, rulings);
  const edge = Math.round(Math.max(4, wordHeight(words) * 0.5));
  let ink = 0;
  let uncovered = 0;
  for (let y = edge; y < height - edge; y++) {
    for (let x = edge, i = y * width + edge; x < width - edge; x++, i++) {
      if (data[i] >= DARK || lines[i] === 1) continue;
      ink++;
      if (covered[i] === 0) uncovered++;
    }
  }
  const inkless = words.filter((w) => !hasInk(image, w)).length;
  return {
    inkPixels: ink,
    uncoveredShare: ink === 0 ? 0 : uncovered / ink,
    inklessWordShare: words.length === 0 ? 0 : inkless / words.length,
  };
}

/** Words of one text line joined across gaps of up to two line heights. */
function lineBoxes(words: readonly WordBox[]): WordBox[] {
  const out: WordBox[] = [];
  for (const line of textLines(words)) {
    let box: WordBox | undefined;
    for (const w of line) {
      const h = w.y1 - w.y0;
      if (box && w.x0 - box.x1 <= h * 2) {
        box = {
          text: '',
          x0: box.x0,
          y0: Math.min(box.y0, w.y0),
          x1: Math.max(box.x1, w.x1),
          y1: Math.max(box.y1, w.y1),
        };
        out[out.length - 1] = box;
      } else {
        box = { ...w };
        out.push(box);
      }
    }
  }
  return out;
}

function fillBox(
  mask: Uint8Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
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
