// The text layer from PDFium's text API, read once per page: every character with its baseline
// origin, text direction, font size and advance, in content-stream order. A block's text is the
// characters whose glyph box lies inside it, and lines break where the baseline moves across the
// text direction or jumps back along it. Both rules are the pdf.js text layer's
// (../pdf/text-layer.ts: the same ASCENT/DESCENT glyph box, the same separators), so the two text
// layers agree on which glyphs a block holds. PDFium's own boxes are not used for that: its
// "loose" boxes are axis-aligned, so a rotated glyph's box spans far beyond the glyph, and they
// use each font's ascent, which puts lines just outside a block inside it. PDFium's generated
// line breaks are not used either: it breaks letter-spaced headings and rotated text glyph by
// glyph. Thread code: erasable TypeScript only.
import { displayedToUser, type PageBox, type PointRect } from '@remote-ocr/ocr-core/geometry';
import { ASCENT, DESCENT } from '../pdf/text-layer.js';
import { HeapBlock, type Pdfium } from './pdfium-module.js';

/** The characters of one page, in user space (PDF points, y up). */
export interface PageChars {
  text: string[];
  /** Baseline origin (x, y) per character. */
  origins: Float32Array;
  /** Text direction per character (unit vector x, y in user space). */
  dirs: Float32Array;
  /** Font size in user space (the `Tf` size times the text matrix's scale). */
  sizes: Float32Array;
  /** Advance along the text direction. */
  advances: Float32Array;
  /** 1 where PDFium generated the character (a space or line break between runs). */
  generated: Uint8Array;
}

/** Reads every character of a loaded page (`FPDFText_LoadPage` handle is closed here). */
export function readPageChars(pdfium: Pdfium, page: number): PageChars {
  const textPage = pdfium.FPDFText_LoadPage(page);
  const n = Math.max(0, pdfium.FPDFText_CountChars(textPage));
  const chars: PageChars = {
    text: new Array<string>(n),
    origins: new Float32Array(n * 2),
    dirs: new Float32Array(n * 2),
    sizes: new Float32Array(n),
    advances: new Float32Array(n),
    generated: new Uint8Array(n),
  };
  // What only the advances need: PDFium's boxes and each character's text object.
  const layout: CharLayout = { boxes: new Float32Array(n * 4), objects: new Int32Array(n) };
  const scratch = new HeapBlock(pdfium, 32);
  try {
    for (let i = 0; i < n; i++) readChar(pdfium, textPage, i, scratch, chars, layout);
  } finally {
    scratch.free();
    pdfium.FPDFText_ClosePage(textPage);
  }
  measureAdvances(chars, layout);
  return chars;
}

interface CharLayout {
  /** left, bottom, right, top per character (PDFium's loose box). */
  boxes: Float32Array;
  objects: Int32Array;
}

function readChar(
  pdfium: Pdfium,
  textPage: number,
  i: number,
  scratch: HeapBlock,
  out: PageChars,
  layout: CharLayout,
): void {
  const code = pdfium.FPDFText_GetUnicode(textPage, i);
  // PDFium reports a soft hyphen at a line end as U+0002.
  out.text[i] = code === 2 ? '-' : code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  out.generated[i] = pdfium.FPDFText_IsGenerated(textPage, i) === 1 ? 1 : 0;
  const fontSize = pdfium.FPDFText_GetFontSize(textPage, i);
  // FS_MATRIX { a, b, c, d, e, f } floats: the character's text matrix × CTM, without the font
  // size (FPDFText_GetFontSize is the `Tf` size before it: 1 for text set as `1 Tf` and scaled).
  // Read into locals and written by index: this runs for every character of every page, and
  // temporary arrays here were a steady source of the render threads' minor GCs.
  const m = pdfium.FPDFText_GetMatrix(textPage, i, scratch.ptr) ? scratch.floats(4) : IDENTITY;
  const v = Math.hypot(m[0], m[1]) > 0 ? m : IDENTITY;
  const a = v[0];
  const b = v[1];
  const norm = Math.hypot(a, b);
  out.dirs[i * 2] = a / norm;
  out.dirs[i * 2 + 1] = b / norm;
  out.sizes[i] = fontSize * Math.hypot(v[2], v[3]);
  layout.objects[i] = pdfium.FPDFText_GetTextObject(textPage, i);
  // FS_RECTF is { left, top, right, bottom } floats; boxes hold left, bottom, right, top.
  if (pdfium.FPDFText_GetLooseCharBox(textPage, i, scratch.ptr)) {
    const box = scratch.floats(4);
    layout.boxes[i * 4] = box[0];
    layout.boxes[i * 4 + 1] = box[3];
    layout.boxes[i * 4 + 2] = box[2];
    layout.boxes[i * 4 + 3] = box[1];
  }
  if (pdfium.FPDFText_GetCharOrigin(textPage, i, scratch.ptr, scratch.ptr + 8)) {
    const origin = scratch.doubles(2);
    out.origins[i * 2] = origin[0];
    out.origins[i * 2 + 1] = origin[1];
  }
}

const IDENTITY = Float32Array.of(1, 0, 0, 1);

/**
 * Each character's advance. Text along an axis: its box's extent along that axis (PDFium's box
 * spans the advance). Rotated text, whose axis-aligned box mixes advance and height: the
 * distance to the next character of the same text object on the same baseline, else the
 * previous character's advance, else half the font size.
 */
function measureAdvances(chars: PageChars, { boxes, objects }: CharLayout): void {
  const n = chars.text.length;
  for (let i = 0; i < n; i++) {
    const ux = chars.dirs[i * 2];
    const uy = chars.dirs[i * 2 + 1];
    const size = chars.sizes[i];
    if (Math.abs(ux) > 0.999 || Math.abs(uy) > 0.999) {
      const extent =
        Math.abs(ux) > 0.999
          ? boxes[i * 4 + 2] - boxes[i * 4]
          : boxes[i * 4 + 3] - boxes[i * 4 + 1];
      chars.advances[i] = Math.max(0, extent);
      continue;
    }
    const next = i + 1 < n && objects[i + 1] === objects[i] && objects[i] !== 0 ? i + 1 : -1;
    const along =
      next < 0
        ? -1
        : (chars.origins[next * 2] - chars.origins[i * 2]) * ux +
          (chars.origins[next * 2 + 1] - chars.origins[i * 2 + 1]) * uy;
    const previous = i > 0 && objects[i - 1] === objects[i] ? chars.advances[i - 1] : 0;
    chars.advances[i] = along > 0 && along < 3 * size ? along : previous > 0 ? previous : size / 2;
  }
}

const SPACE = /^[\s\u00a0]$/u;

/** Text of the characters whose box lies inside `box` (displayed points), lines by '\n'. */
export function charsInBox(chars: PageChars, page: PageBox, box: PointRect): string {
  const [ax, ay] = displayedToUser(page, box[0], box[1]);
  const [bx, by] = displayedToUser(page, box[2], box[3]);
  const user: PointRect = [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
  let out = '';
  let space = false;
  let last = -1;
  for (let i = 0; i < chars.text.length; i++) {
    const c = chars.text[i];
    // A space in the content counts; PDFium's generated spaces and line breaks do not (it puts a
    // line break after a superscript): the gap between the glyphs decides instead.
    if (c === '' || chars.generated[i] === 1 || SPACE.test(c)) {
      space ||= last >= 0 && c !== '' && chars.generated[i] === 0;
      continue;
    }
    if (!glyphInside(chars, i, user)) {
      space ||= last >= 0;
      continue;
    }
    if (last >= 0) out += separator(chars, last, i, space);
    out += c;
    space = false;
    last = i;
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * Whether the glyph's box — its advance along the baseline, from DESCENT below it to ASCENT
 * above, in font sizes — lies inside `user`: the two opposite corners are checked, as the pdf.js
 * text layer does (../pdf/text-layer.ts, `glyphInside`).
 */
function glyphInside(chars: PageChars, i: number, user: PointRect): boolean {
  const ox = chars.origins[i * 2];
  const oy = chars.origins[i * 2 + 1];
  const ux = chars.dirs[i * 2];
  const uy = chars.dirs[i * 2 + 1];
  const size = chars.sizes[i];
  const advance = chars.advances[i];
  // "Up" is the text direction turned 90° counter-clockwise.
  const corners = [
    [ox + uy * DESCENT * size, oy - ux * DESCENT * size],
    [ox + ux * advance - uy * ASCENT * size, oy + uy * advance + ux * ASCENT * size],
  ];
  return corners.every(([x, y]) => x >= user[0] && x <= user[2] && y >= user[1] && y <= user[3]);
}

/** '\n' when the baseline or direction changes or the text jumps back, ' ' across a gap. */
function separator(chars: PageChars, a: number, b: number, space: boolean): string {
  const ux = chars.dirs[a * 2];
  const uy = chars.dirs[a * 2 + 1];
  if (Math.abs(ux - chars.dirs[b * 2]) + Math.abs(uy - chars.dirs[b * 2 + 1]) > 0.01) return '\n';
  const size = Math.max(chars.sizes[a], chars.sizes[b], 0.1);
  const dx = chars.origins[b * 2] - chars.origins[a * 2];
  const dy = chars.origins[b * 2 + 1] - chars.origins[a * 2 + 1];
  const along = dx * ux + dy * uy;
  const across = dy * ux - dx * uy;
  if (Math.abs(across) > size * 0.5 || along < -size) return '\n';
  return space || along - chars.advances[a] > size * 0.15 ? ' ' : '';
}
