// Row and column boundaries of a table, from its ruling lines where they give them, else from the
// words: text lines for rows, vertical gaps of white space for columns (docs/auto-engine.md).
import type { RulingSegment, WordBox } from './table.types.js';

/** Separators along one axis: `cuts` between bands, and where they came from. */
export interface Axis {
  /** Interior boundaries, ascending; band i lies between cuts[i-1] and cuts[i]. */
  cuts: number[];
  from: 'rulings' | 'text';
}

const median = (values: readonly number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export const wordHeight = (words: readonly WordBox[]): number =>
  Math.max(1, median(words.map((w) => w.y1 - w.y0)));

/** Index of the band a position falls in. */
export const bandOf = (cuts: readonly number[], pos: number): number => {
  let i = 0;
  while (i < cuts.length && pos >= cuts[i]) i++;
  return i;
};

/** Words grouped into text lines by their vertical centres, top to bottom. */
export function textLines(words: readonly WordBox[]): WordBox[][] {
  const h = wordHeight(words);
  const sorted = [...words].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const lines: Array<{ centre: number; words: WordBox[] }> = [];
  for (const w of sorted) {
    const centre = (w.y0 + w.y1) / 2;
    const line = lines.at(-1);
    if (line && Math.abs(centre - line.centre) <= h * 0.5) {
      line.words.push(w);
      line.centre += (centre - line.centre) / line.words.length;
    } else lines.push({ centre, words: [w] });
  }
  return lines.map((l) => l.words.sort((a, b) => a.x0 - b.x0));
}

/** Positions of rulings clustered within `tolerance`, each with its segments. */
function clusterRulings(segments: readonly RulingSegment[], tolerance: number): RulingSegment[][] {
  const sorted = [...segments].sort((a, b) => a.pos - b.pos);
  const groups: RulingSegment[][] = [];
  for (const s of sorted) {
    const g = groups.at(-1);
    if (g && s.pos - g[g.length - 1].pos <= tolerance) g.push(s);
    else groups.push([s]);
  }
  return groups;
}

/** A ruling position that cuts through a word (across its middle 60 %) is not a boundary. */
function cutsWord(
  pos: number,
  segs: readonly RulingSegment[],
  words: readonly WordBox[],
  horizontal: boolean,
): boolean {
  return words.some((w) => {
    const [a, b, c, d] = horizontal ? [w.y0, w.y1, w.x0, w.x1] : [w.x0, w.x1, w.y0, w.y1];
    const inset = (b - a) * 0.2;
    if (pos <= a + inset || pos >= b - inset) return false;
    return segs.some((s) => s.from < d && s.to > c);
  });
}

/** Interior ruling boundaries along one axis (rows: horizontal rulings). */
function rulingCuts(
  segments: readonly RulingSegment[],
  words: readonly WordBox[],
  horizontal: boolean,
): number[] {
  const h = wordHeight(words);
  const lo = Math.min(...words.map((w) => (horizontal ? w.y0 : w.x0)));
  const hi = Math.max(...words.map((w) => (horizontal ? w.y1 : w.x1)));
  const long = segments.filter((s) => s.to - s.from >= h * 2);
  return clusterRulings(long, Math.max(3, h * 0.3))
    .map((g) => ({ pos: g.reduce((s, x) => s + x.pos, 0) / g.length, segs: g }))
    .filter(({ pos, segs }) => pos > lo && pos < hi && !cutsWord(pos, segs, words, horizontal))
    .map(({ pos }) => pos);
}

/** Row boundaries: rulings when they separate most text lines, else the text lines themselves. */
export function rowAxis(words: readonly WordBox[], horizontal: readonly RulingSegment[]): Axis {
  const lines = textLines(words);
  const cuts = rulingCuts(horizontal, words, true);
  const bands = new Set(words.map((w) => bandOf(cuts, (w.y0 + w.y1) / 2))).size;
  if (cuts.length > 0 && bands >= Math.max(2, lines.length * 0.5)) return { cuts, from: 'rulings' };
  const textCuts: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const above = Math.max(...lines[i - 1].map((w) => w.y1));
    const below = Math.min(...lines[i].map((w) => w.y0));
    textCuts.push((above + below) / 2);
  }
  return { cuts: textCuts, from: 'text' };
}

/** Column boundaries: vertical rulings, else x ranges that (almost) no text line covers. */
export function columnAxis(words: readonly WordBox[], vertical: readonly RulingSegment[]): Axis {
  const cuts = rulingCuts(vertical, words, false);
  if (cuts.length > 0) return { cuts, from: 'rulings' };
  return { cuts: gapCuts(words), from: 'text' };
}

/** Middles of the white gaps (≥ 0.8 word height wide) that at most a fifth of the lines cross. */
function gapCuts(words: readonly WordBox[]): number[] {
  const lines = textLines(words);
  const x0 = Math.floor(Math.min(...words.map((w) => w.x0)));
  const x1 = Math.ceil(Math.max(...words.map((w) => w.x1)));
  const cover = new Uint16Array(Math.max(0, x1 - x0));
  for (const line of lines) {
    const hit = new Uint8Array(cover.length);
    for (const w of line) hit.fill(1, Math.floor(w.x0) - x0, Math.ceil(w.x1) - x0);
    for (let i = 0; i < cover.length; i++) cover[i] += hit[i];
  }
  const tolerance = lines.length >= 4 ? Math.floor(lines.length * 0.2) : 0;
  const minGap = wordHeight(words) * 0.8;
  const cuts: number[] = [];
  let start = -1;
  for (let i = 0; i <= cover.length; i++) {
    const open = i < cover.length && cover[i] <= tolerance;
    if (open && start < 0) start = i;
    if (!open && start >= 0) {
      if (start > 0 && i < cover.length && i - start >= minGap) cuts.push(x0 + (start + i) / 2);
      start = -1;
    }
  }
  return cuts;
}
