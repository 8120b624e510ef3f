// Ruling lines of a table from the pixels of its rendered crop: long, thin runs of dark pixels.
// Chosen over reading the PDF's path operators because the same code then serves born-digital
// tables and scans (Tesseract's word boxes have no vector paths behind them), whatever the
// producer drew the rules with (strokes, thin filled rectangles, images). Hand-written: the
// image libraries on npm (sharp, jimp, opencv ports) are large native or WASM builds for what is
// two linear scans here. docs/auto-engine.md describes the algorithm.
import type { GreyImage, RulingLines, RulingSegment } from './table.types.js';

export interface RulingOptions {
  /** A pixel darker than this (0–255) is ink. Default 160. */
  darkBelow?: number;
  /** Shortest run that counts as a line, in pixels. Default 60 (5 mm at 300 DPI). */
  minLength?: number;
  /** Thicker stacks of runs are filled areas, not rules. Default 8 px. */
  maxThickness?: number;
  /** Gaps up to this inside a run are bridged (anti-aliasing, dashes). Default 2 px. */
  maxGap?: number;
}

interface Run {
  from: number;
  to: number;
}

/** Finds horizontal and vertical ruling lines in a grey crop. */
export function findRulingLines(image: GreyImage, options: RulingOptions = {}): RulingLines {
  const o = {
    darkBelow: options.darkBelow ?? 160,
    minLength: options.minLength ?? 60,
    maxThickness: options.maxThickness ?? 8,
    maxGap: options.maxGap ?? 2,
  };
  const { width, height, data } = image;
  const horizontal = linesOf(height, width, (line, i) => data[line * width + i] < o.darkBelow, o);
  const vertical = linesOf(width, height, (line, i) => data[i * width + line] < o.darkBelow, o);
  return { horizontal, vertical };
}

/**
 * Long runs on each scan line (`lines` lines of `length` pixels), stacked into segments where
 * runs on neighbouring lines overlap; stacks thicker than `maxThickness` are dropped.
 */
function linesOf(
  lines: number,
  length: number,
  dark: (line: number, i: number) => boolean,
  o: Required<RulingOptions>,
): RulingSegment[] {
  const done: RulingSegment[] = [];
  let open: Array<RulingSegment & { first: number; last: number }> = [];
  for (let line = 0; line < lines; line++) {
    const runs = longRuns(length, (i) => dark(line, i), o);
    const next: typeof open = [];
    for (const run of runs) {
      const hit = open.find((s) => s.last === line - 1 && overlap(s, run) > 0.5);
      if (hit) {
        hit.last = line;
        hit.from = Math.min(hit.from, run.from);
        hit.to = Math.max(hit.to, run.to);
        if (!next.includes(hit)) next.push(hit);
      } else
        next.push({ pos: line, from: run.from, to: run.to, thickness: 1, first: line, last: line });
    }
    for (const s of open) if (!next.includes(s)) finish(s, done, o.maxThickness);
    open = next;
  }
  for (const s of open) finish(s, done, o.maxThickness);
  return done.sort((a, b) => a.pos - b.pos || a.from - b.from);
}

function finish(
  s: RulingSegment & { first: number; last: number },
  out: RulingSegment[],
  maxThickness: number,
): void {
  const thickness = s.last - s.first + 1;
  if (thickness > maxThickness) return;
  out.push({ pos: (s.first + s.last) / 2, from: s.from, to: s.to, thickness });
}

/** Share of the shorter of two extents that they have in common. */
function overlap(a: Run, b: Run): number {
  const common = Math.min(a.to, b.to) - Math.max(a.from, b.from);
  return common / Math.max(1, Math.min(a.to - a.from, b.to - b.from));
}

function longRuns(length: number, dark: (i: number) => boolean, o: Required<RulingOptions>): Run[] {
  const runs: Run[] = [];
  let start = -1;
  let lastDark = -1;
  for (let i = 0; i <= length; i++) {
    const isDark = i < length && dark(i);
    if (isDark) {
      if (start < 0 || i - lastDark - 1 > o.maxGap) {
        if (start >= 0 && lastDark - start + 1 >= o.minLength)
          runs.push({ from: start, to: lastDark + 1 });
        start = i;
      }
      lastDark = i;
    }
  }
  if (start >= 0 && lastDark - start + 1 >= o.minLength)
    runs.push({ from: start, to: lastDark + 1 });
  return runs;
}

/** Marks the pixels of ruling lines (with a pixel of margin) in a mask of the image's size. */
export function rulingMask(
  image: Pick<GreyImage, 'width' | 'height'>,
  lines: RulingLines,
): Uint8Array {
  const { width, height } = image;
  const mask = new Uint8Array(width * height);
  const fill = (x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++)
      mask.fill(
        1,
        y * width + Math.max(0, Math.floor(x0)),
        y * width + Math.min(width, Math.ceil(x1)),
      );
  };
  for (const h of lines.horizontal)
    fill(h.from - 1, h.pos - h.thickness / 2 - 1.5, h.to + 1, h.pos + h.thickness / 2 + 1.5);
  for (const v of lines.vertical)
    fill(v.pos - v.thickness / 2 - 1.5, v.from - 1, v.pos + v.thickness / 2 + 1.5, v.to + 1);
  return mask;
}
