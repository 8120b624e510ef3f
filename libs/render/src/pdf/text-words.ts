// Word boxes of the text layer inside a block, in the block crop's pixels: what the `auto`
// engine's ink check and the table rebuild read (docs/auto-engine.md). The same glyph rule and
// metrics as the plain text layer (text-layer.ts), so a word here is made of the characters
// the block's text holds.
import type { WordBox } from '@remote-ocr/ocr-core';
import type { PageBox, PixelRect, PointRect } from '@remote-ocr/ocr-core/geometry';
import { userToDisplayed } from '@remote-ocr/ocr-core/geometry';
import { ASCENT, DESCENT, glyphInside, type TextRun } from './text-layer.js';

/** Where the crop sits: its pixel rectangle on the page rendered at `dpi`. */
export interface CropFrame {
  rect: PixelRect;
  dpi: number;
}

interface Glyph {
  ch: string;
  box: [number, number, number, number];
}

/** Words (split at white space and between runs that do not touch) whose glyphs lie in `box`. */
export function wordsInBox(
  runs: readonly TextRun[],
  page: PageBox,
  box: PointRect,
  frame: CropFrame,
): WordBox[] {
  const words: WordBox[] = [];
  const scale = frame.dpi / 72;
  for (const run of runs) {
    let word: WordBox | undefined;
    for (const g of glyphsInBox(run, page, box)) {
      if (/\s/u.test(g.ch)) {
        word = undefined;
        continue;
      }
      const [x0, y0, x1, y1] = g.box.map((v) => v * scale);
      const px = {
        x0: x0 - frame.rect.x,
        y0: y0 - frame.rect.y,
        x1: x1 - frame.rect.x,
        y1: y1 - frame.rect.y,
      };
      if (!word) word = touching(words.at(-1), px);
      if (word) {
        word.text += g.ch;
        word.x0 = Math.min(word.x0, px.x0);
        word.y0 = Math.min(word.y0, px.y0);
        word.x1 = Math.max(word.x1, px.x1);
        word.y1 = Math.max(word.y1, px.y1);
      } else {
        word = { text: g.ch, ...px };
        words.push(word);
      }
    }
  }
  return words;
}

/** The previous word when the next glyph continues it (a run split inside a word). */
function touching(prev: WordBox | undefined, next: Omit<WordBox, 'text'>): WordBox | undefined {
  if (!prev) return undefined;
  const height = Math.max(prev.y1 - prev.y0, next.y1 - next.y0);
  const sameLine = Math.abs(prev.y0 + prev.y1 - next.y0 - next.y1) / 2 < height * 0.3;
  const gap = next.x0 - prev.x1;
  return sameLine && gap > -height * 0.3 && gap < height * 0.12 ? prev : undefined;
}

function* glyphsInBox(run: TextRun, page: PageBox, box: PointRect): Generator<Glyph> {
  const chars = Array.from(run.str);
  const [a, b, , , e, f] = run.transform;
  const norm = Math.hypot(a, b);
  if (chars.length === 0 || norm === 0) return;
  const ux = a / norm;
  const uy = b / norm;
  const size = run.height > 0 ? run.height : norm;
  const toDisplayed = (along: number, up: number): [number, number] =>
    userToDisplayed(page, e + ux * along - uy * up, f + uy * along + ux * up);
  const step = run.width / chars.length;
  for (const [i, ch] of chars.entries()) {
    if (!glyphInside(toDisplayed, step * i, step * (i + 1), size, box)) continue;
    const corners = [
      toDisplayed(step * i, -DESCENT * size),
      toDisplayed(step * (i + 1), -DESCENT * size),
      toDisplayed(step * i, ASCENT * size),
      toDisplayed(step * (i + 1), ASCENT * size),
    ];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    yield { ch, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
  }
}
