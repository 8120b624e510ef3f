// The PDF text layer inside a block: pdf.js text items (one getTextContent per page) filtered
// glyph by glyph against the block (a glyph counts when its whole box is inside, as in MuPDF), in content-stream order with geometric line breaks.
// Stream order is what MuPDF's plain-text extraction (the original server's pdfplumber_text) uses
// too, and born-digital producers write it in reading order; re-sorting by position would scramble
// multi-column tables instead.
import type { PageBox, PointRect } from '@remote-ocr/ocr-core/geometry';
import { userToDisplayed } from '@remote-ocr/ocr-core/geometry';

/** What we need of a pdf.js TextItem. */
export interface TextRun {
  str: string;
  /** Text matrix × CTM: [a, b, c, d, e, f] in user space. */
  transform: number[];
  /** Advance of the whole string along the text direction, user-space units. */
  width: number;
  /** Font size in user-space units. */
  height: number;
}

interface Piece {
  text: string;
  /** Displayed text direction (unit vector). */
  dir: [number, number];
  /** Start and end along `dir`, position across it (baseline), font size. */
  start: number;
  end: number;
  across: number;
  size: number;
}

/** Text of the characters whose box lies inside `box` (displayed points), lines by '\n'. */
export function textInBox(runs: readonly TextRun[], page: PageBox, box: PointRect): string {
  const pieces: Piece[] = [];
  for (const run of runs) {
    const piece = pieceInBox(run, page, box);
    if (piece) pieces.push(piece);
  }
  return joinPieces(pieces);
}

function pieceInBox(run: TextRun, page: PageBox, box: PointRect): Piece | undefined {
  const chars = Array.from(run.str);
  if (chars.length === 0) return undefined;
  const [a, b, , , e, f] = run.transform;
  const norm = Math.hypot(a, b);
  if (norm === 0) return undefined;
  const ux = a / norm;
  const uy = b / norm;
  // "Up" is the text direction turned 90° counter-clockwise (unskewed text).
  const size = run.height > 0 ? run.height : norm;
  const toDisplayed = (along: number, up: number): [number, number] =>
    userToDisplayed(page, e + ux * along - uy * up, f + uy * along + ux * up);
  const origin = toDisplayed(0, 0);
  const ahead = toDisplayed(1, 0);
  const dir: [number, number] = [ahead[0] - origin[0], ahead[1] - origin[1]];
  let text = '';
  let first = -1;
  let last = -1;
  const step = run.width / chars.length;
  chars.forEach((ch, i) => {
    if (!glyphInside(toDisplayed, step * i, step * (i + 1), size, box)) return;
    text += ch;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) return undefined;
  const along = origin[0] * dir[0] + origin[1] * dir[1];
  return {
    text,
    dir,
    start: along + step * first,
    end: along + step * (last + 1),
    across: origin[1] * dir[0] - origin[0] * dir[1],
    size,
  };
}

// A glyph's box: its advance along the baseline, from the descender to the ascender. pdf.js
// gives no per-glyph box; these font-independent metrics (tuned on the fixtures against MuPDF,
// which uses each font's own) decide lines cut by a block edge the way MuPDF does.
export const DESCENT = 0.25;
export const ASCENT = 0.9;

/** Whether the glyph's box lies inside `box`, like MuPDF's clip rule. */
export function glyphInside(
  toDisplayed: (along: number, up: number) => [number, number],
  from: number,
  to: number,
  size: number,
  box: PointRect,
): boolean {
  const corners = [toDisplayed(from, -DESCENT * size), toDisplayed(to, ASCENT * size)];
  return corners.every(([x, y]) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]);
}

function joinPieces(pieces: readonly Piece[]): string {
  let out = '';
  let prev: Piece | undefined;
  for (const piece of pieces) {
    if (prev) out += separator(prev, piece);
    out += piece.text;
    prev = piece;
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** '\n' when the baseline or direction changes, ' ' across a visible gap, else nothing. */
function separator(prev: Piece, next: Piece): string {
  const sameDir = Math.abs(prev.dir[0] - next.dir[0]) + Math.abs(prev.dir[1] - next.dir[1]) < 0.01;
  const size = Math.max(prev.size, next.size);
  if (!sameDir || Math.abs(prev.across - next.across) > size * 0.5) return '\n';
  if (next.start < prev.start - size) return '\n'; // moved back on the same baseline: new column
  const gap = next.start - prev.end;
  if (gap > size * 0.15 && !/\s$/.test(prev.text) && !/^\s/.test(next.text)) return ' ';
  return '';
}
