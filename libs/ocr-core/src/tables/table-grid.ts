// Rebuilds a table's grid from word boxes and ruling lines (docs/auto-engine.md, "Tables").
// Hand-written: the table extractors on npm read a whole PDF page (pdf.js-based) or need a
// Python/Java runtime (camelot, tabula); we need the grid of one block from words we already
// hold, for text layers and Tesseract alike.
import { bandOf, columnAxis, rowAxis, textLines, type Axis } from './table-lines.js';
import type { RulingLines, RulingSegment, TableCell, TableGrid, WordBox } from './table.types.js';

interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/**
 * The grid of a table block, or null when the words do not form one (fewer than two rows or
 * columns: a list or a paragraph, which the caller reads as plain text or sends to a model).
 */
export function buildTableGrid(words: readonly WordBox[], rulings: RulingLines): TableGrid | null {
  const real = words.filter((w) => w.text.trim() !== '' && w.x1 > w.x0 && w.y1 > w.y0);
  if (real.length < 4) return null;
  const rows = rowAxis(real, rulings.horizontal);
  const cols = columnAxis(real, rulings.vertical);
  const R = rows.cuts.length + 1;
  const C = cols.cuts.length + 1;
  if (R < 2 || C < 2 || R * C > 20_000) return null;
  const parent = Array.from({ length: R * C }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const join = (a: number, b: number): void => void (parent[find(a)] = find(b));
  mergeCrossedCuts(real, rows, cols, C, join);
  const bounds = extentOf(real);
  if (cols.from === 'rulings') mergeUnruled(rulings.vertical, cols, rows, bounds, 'col', C, join);
  if (rows.from === 'rulings') mergeUnruled(rulings.horizontal, rows, cols, bounds, 'row', C, join);
  const rects = rectangles(R, C, find);
  if (rects.length < 2) return null;
  const cells = rects.map((rect) => cellOf(rect, real, rows, cols));
  if (!looksTabular(cells, cols)) return null;
  return { rows: R, cols: C, cells, rowsFrom: rows.from, colsFrom: cols.from };
}

/**
 * Rejects what only looks like a grid: scattered labels of a drawing (most cells empty) and,
 * without vertical rulings, text in columns (prose cells run to many words; table cells are
 * short).
 */
function looksTabular(cells: readonly TableCell[], cols: Axis): boolean {
  const filled = cells.filter((c) => c.text !== '');
  if (filled.length < 2 || filled.length < cells.length * 0.5) return false;
  if (cols.from === 'rulings') return true;
  const words = filled.reduce((n, c) => n + c.text.split(/\s+/).length, 0);
  return words / filled.length <= MAX_WORDS_PER_TEXT_CELL;
}

/** Mean words per filled cell above which unruled columns are read as text columns, not a table. */
const MAX_WORDS_PER_TEXT_CELL = 4;

function extentOf(words: readonly WordBox[]): WordBox {
  return {
    text: '',
    x0: Math.min(...words.map((w) => w.x0)),
    y0: Math.min(...words.map((w) => w.y0)),
    x1: Math.max(...words.map((w) => w.x1)),
    y1: Math.max(...words.map((w) => w.y1)),
  };
}

/** A word lying across a column boundary joins the cells on both sides (a spanning header). */
function mergeCrossedCuts(
  words: readonly WordBox[],
  rows: Axis,
  cols: Axis,
  C: number,
  join: (a: number, b: number) => void,
): void {
  for (const w of words) {
    const r = bandOf(rows.cuts, (w.y0 + w.y1) / 2);
    const inset = (w.x1 - w.x0) * 0.1;
    const c0 = bandOf(cols.cuts, w.x0 + inset);
    const c1 = bandOf(cols.cuts, w.x1 - inset);
    for (let c = c0; c < c1; c++) join(r * C + c, r * C + c + 1);
  }
}

/**
 * With ruled boundaries, two neighbouring cells whose shared boundary has no ruling along at
 * least half of it are one merged cell. `axis` holds the boundaries being checked, `other` the
 * bands along them; `kind` says whether those boundaries separate columns or rows.
 */
function mergeUnruled(
  segments: readonly RulingSegment[],
  axis: Axis,
  other: Axis,
  bounds: WordBox,
  kind: 'col' | 'row',
  C: number,
  join: (a: number, b: number) => void,
): void {
  const tolerance = 4; // px: a ruling drawn a little off the cluster position still counts
  const [lo, hi] = kind === 'col' ? [bounds.y0, bounds.y1] : [bounds.x0, bounds.x1];
  const edges = [lo, ...other.cuts, hi];
  axis.cuts.forEach((cut, k) => {
    const near = segments.filter(
      (s) => Math.abs(s.pos - cut) <= Math.max(tolerance, s.thickness + 2),
    );
    for (let band = 0; band + 1 < edges.length; band++) {
      const [a, b] = [edges[band], edges[band + 1]];
      const covered = near.reduce(
        (sum, s) => sum + Math.max(0, Math.min(b, s.to) - Math.max(a, s.from)),
        0,
      );
      if (covered >= (b - a) * 0.5) continue;
      if (kind === 'col') join(band * C + k, band * C + k + 1);
      else join(k * C + band, (k + 1) * C + band);
    }
  });
}

/** Merged groups as rectangles; groups whose bounding boxes overlap are merged until none do. */
function rectangles(R: number, C: number, find: (i: number) => number): Rect[] {
  const byRoot = new Map<number, Rect>();
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const root = find(r * C + c);
      const rect = byRoot.get(root);
      if (!rect) byRoot.set(root, { r0: r, c0: c, r1: r, c1: c });
      else Object.assign(rect, grow(rect, { r0: r, c0: c, r1: r, c1: c }));
    }
  let rects = [...byRoot.values()];
  for (let merged = true; merged;) {
    merged = false;
    const out: Rect[] = [];
    for (const rect of rects) {
      const hit = out.findIndex(
        (o) => o.r0 <= rect.r1 && rect.r0 <= o.r1 && o.c0 <= rect.c1 && rect.c0 <= o.c1,
      );
      if (hit < 0) out.push(rect);
      else {
        out[hit] = grow(out[hit], rect);
        merged = true;
      }
    }
    rects = out;
  }
  return rects.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
}

const grow = (a: Rect, b: Rect): Rect => ({
  r0: Math.min(a.r0, b.r0),
  c0: Math.min(a.c0, b.c0),
  r1: Math.max(a.r1, b.r1),
  c1: Math.max(a.c1, b.c1),
});

function cellOf(rect: Rect, words: readonly WordBox[], rows: Axis, cols: Axis): TableCell {
  const inside = words.filter((w) => {
    const r = bandOf(rows.cuts, (w.y0 + w.y1) / 2);
    const c = bandOf(cols.cuts, (w.x0 + w.x1) / 2);
    return r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1;
  });
  const text =
    inside.length === 0
      ? ''
      : textLines(inside)
          .map((l) => l.map((w) => w.text).join(' '))
          .join('\n');
  return {
    row: rect.r0,
    col: rect.c0,
    rowSpan: rect.r1 - rect.r0 + 1,
    colSpan: rect.c1 - rect.c0 + 1,
    text,
  };
}
