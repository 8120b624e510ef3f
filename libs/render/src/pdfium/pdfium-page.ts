// One loaded PDFium page: its handle, its box as ocr-core's geometry sees it (the visible box in
// user space and /Rotate), the form's hooks, and whether PDFium can draw its text (see
// `needsPdfjs`). Thread code: erasable TypeScript only.
import { normaliseRotation, type PageBox } from '@remote-ocr/ocr-core/geometry';
import { HeapBlock, type Pdfium } from './pdfium-module.js';
import { readPageChars, type PageChars } from './pdfium-text.js';

const FPDF_PAGEOBJ_TEXT = 1;
/** Text render mode 3: invisible (the OCR layer of scans), never drawn. */
const TEXT_INVISIBLE = 3;

export class PdfiumPage {
  readonly handle: number;
  readonly box: PageBox;
  /** Set when a visible text object uses a font PDFium cannot draw (see `needsPdfjs`). */
  readonly needsPdfjs: boolean;
  private readonly pdfium: Pdfium;
  private readonly form: number;
  private chars?: PageChars;

  constructor(pdfium: Pdfium, doc: number, form: number, index: number) {
    this.pdfium = pdfium;
    this.form = form;
    this.handle = pdfium.FPDF_LoadPage(doc, index);
    if (this.handle === 0) throw new Error(`PDFium cannot load page ${index + 1}`);
    if (form) pdfium.FORM_OnAfterLoadPage(this.handle, form);
    this.box = { view: boundingBox(pdfium, this.handle), rotate: rotation(pdfium, this.handle) };
    this.needsPdfjs = hasUndrawableText(pdfium, this.handle);
  }

  /** Every character of the page with its box, read on first use. */
  text(): PageChars {
    this.chars ??= readPageChars(this.pdfium, this.handle);
    return this.chars;
  }

  close(): void {
    if (this.form) this.pdfium.FORM_OnBeforeClosePage(this.handle, this.form);
    this.pdfium.FPDF_ClosePage(this.handle);
  }
}

/** The page's visible box (media box ∩ crop box, like pdf.js's `page.view`). */
function boundingBox(pdfium: Pdfium, page: number): PageBox['view'] {
  const rect = new HeapBlock(pdfium, 16);
  try {
    if (!pdfium.FPDF_GetPageBoundingBox(page, rect.ptr)) throw new Error('page has no box');
    const [left, top, right, bottom] = rect.floats(4);
    return [
      Math.min(left, right),
      Math.min(top, bottom),
      Math.max(left, right),
      Math.max(top, bottom),
    ];
  } finally {
    rect.free();
  }
}

const rotation = (pdfium: Pdfium, page: number): PageBox['rotate'] =>
  normaliseRotation(pdfium.FPDFPage_GetRotation(page) * 90);

/**
 * PDFium in WebAssembly has no system fonts: a visible text object in a font the PDF does not
 * embed is drawn with PDFium's built-in Latin fonts, and a CJK or Cyrillic one with nothing at
 * all (measured on fixture 13: the line is blank). Such pages are rendered by pdf.js, which has
 * the standard font data and a CJK fallback (docs/rendering.md).
 */
function hasUndrawableText(pdfium: Pdfium, page: number): boolean {
  const count = pdfium.FPDFPage_CountObjects(page);
  for (let i = 0; i < count; i++) {
    const object = pdfium.FPDFPage_GetObject(page, i);
    if (pdfium.FPDFPageObj_GetType(object) !== FPDF_PAGEOBJ_TEXT) continue;
    if (pdfium.FPDFTextObj_GetTextRenderMode(object) === TEXT_INVISIBLE) continue;
    const font = pdfium.FPDFTextObj_GetFont(object);
    if (font !== 0 && pdfium.FPDFFont_GetIsEmbedded(font) === 0) return true;
  }
  return false;
}
