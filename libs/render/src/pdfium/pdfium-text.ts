// The text layer from PDFium's text API, read once per page: every character with its loose box
// (the font's ascent to descent, like MuPDF's glyph boxes), baseline origin and angle, in
// content-stream order. A block's text is the characters whose box lies inside it; lines break
// where the baseline moves across the text direction or jumps back along it — the rules of the
// pdf.js text layer (../pdf/text-layer.ts). PDFium's own generated line breaks are not used: it
// breaks letter-spaced headings and rotated text glyph by glyph.
// Thread code: erasable TypeScript only.
import { displayedToUser, type PageBox, type PointRect } from '@remote-ocr/ocr-core/geometry';
import { HeapBlock, type Pdfium } from './pdfium-module.js';

/** The characters of one page, in user space (PDF points, y up). */
export interface PageChars {
  text: string[];
  /** left, bottom, right, top per character. */
  boxes: Float32Array;
  /** Baseline origin (x, y) and font size per character. */
  origins: Float32Array;
  sizes: Float32Array;
  /** Text direction in radians (0: left to right in user space). */
  angles: Float32Array;
  /** 1 where PDFium generated the character (a space or line break between runs). */
  generated: Uint8Array;
}

/** Reads every character of a loaded page (`FPDFText_LoadPage` handle is closed here). */
export function readPageChars(pdfium: Pdfium, page: number): PageChars {
  const textPage = pdfium.FPDFText_LoadPage(page);
  const n = Math.max(0, pdfium.FPDFText_CountChars(textPage));
  const chars: PageChars = {
    text: new Array<string>(n),
    boxes: new Float32Array(n * 4),
    origins: new Float32Array(n * 2),
    sizes: new Float32Array(n),
    angles: new Float32Array(n),
    generated: new Uint8Array(n),
  };
  const scratch = new HeapBlock(pdfium, 32);
  try {
    for (let i = 0; i < n; i++) readChar(pdfium, textPage, i, scratch, chars);
  } finally {
    scratch.free();
    pdfium.FPDFText_ClosePage(textPage);
  }
  return chars;
}

function readChar(
  pdfium: Pdfium,
  textPage: number,
  i: number,
  scratch: HeapBlock,
  out: PageChars,
): void {
  const code = pdfium.FPDFText_GetUnicode(textPage, i);
  // PDFium reports a soft hyphen at a line end as U+0002.
  out.text[i] = code === 2 ? '-' : code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  out.angles[i] = pdfium.FPDFText_GetCharAngle(textPage, i);
  out.generated[i] = pdfium.FPDFText_IsGenerated(textPage, i) === 1 ? 1 : 0;
  out.sizes[i] = pdfium.FPDFText_GetFontSize(textPage, i);
  // FS_RECTF is { left, top, right, bottom } floats.
  if (pdfium.FPDFText_GetLooseCharBox(textPage, i, scratch.ptr)) {
    const [left, top, right, bottom] = scratch.floats(4);
    out.boxes.set([left, bottom, right, top], i * 4);
  }
  if (pdfium.FPDFText_GetCharOrigin(textPage, i, scratch.ptr, scratch.ptr + 8)) {
    const [x, y] = scratch.doubles(2);
    out.origins.set([x, y], i * 2);
  }
}

const SPACE = /^[\s\u00a0]$/u;

/** Text of the characters whose box lies inside `box` (displayed points), lines by '\n'. */
export function charsInBox(chars: PageChars, page: PageBox, box: PointRect): string {
  const [ax, ay] = displayedToUser(page, box[0], box[1]);
  const [bx, by] = displayedToUser(page, box[2], box[3]);
  const user = [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
  // Half a point of slack: loose boxes of glyphs touching the block's edge are float noise.
  const inside = (i: number): boolean =>
    chars.boxes[i * 4] >= user[0] - 0.5 &&
    chars.boxes[i * 4 + 1] >= user[1] - 0.5 &&
    chars.boxes[i * 4 + 2] <= user[2] + 0.5 &&
    chars.boxes[i * 4 + 3] <= user[3] + 0.5;
  let out = '';
  let space = false;
  let last = -1;
  for (let i = 0; i < chars.text.length; i++) {
    const c = chars.text[i];
    if (c === '' || chars.generated[i] === 1 || SPACE.test(c)) {
      space ||= last >= 0 && c !== '';
      continue;
    }
    if (!inside(i)) {
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

/** '\n' when the baseline or direction changes or the text jumps back, ' ' across a gap. */
function separator(chars: PageChars, a: number, b: number, space: boolean): string {
  const angle = chars.angles[a];
  if (Math.abs(angle - chars.angles[b]) > 0.1) return '\n';
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // The glyph's extent across the text direction: FPDFText_GetFontSize is the size set by Tf,
  // before the text matrix scales it (1 for text drawn as `1 Tf` under a scaling matrix).
  const size = Math.max(height(chars, a, cos, sin), height(chars, b, cos, sin), 0.1);
  const dx = chars.origins[b * 2] - chars.origins[a * 2];
  const dy = chars.origins[b * 2 + 1] - chars.origins[a * 2 + 1];
  const along = dx * cos + dy * sin;
  const across = dy * cos - dx * sin;
  if (Math.abs(across) > size * 0.5 || along < -size) return '\n';
  const box = chars.boxes.subarray(a * 4, a * 4 + 4);
  const advance = Math.abs(cos) * (box[2] - box[0]) + Math.abs(sin) * (box[3] - box[1]);
  return space || along - advance > size * 0.15 ? ' ' : '';
}

function height(chars: PageChars, i: number, cos: number, sin: number): number {
  const box = chars.boxes.subarray(i * 4, i * 4 + 4);
  return Math.abs(cos) * (box[3] - box[1]) + Math.abs(sin) * (box[2] - box[0]);
}
