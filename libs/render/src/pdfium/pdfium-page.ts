// One loaded PDFium page: its handle, its box as ocr-core's geometry sees it (the visible box in
// user space and /Rotate), the form's hooks, and whether PDFium can draw its text (see
// `needsPdfjs`). Thread code: erasable TypeScript only.
import { normalizeRotation, type PageBox } from '@remote-ocr/ocr-core/geometry';
import { heap, HeapBlock, type Pdfium } from './pdfium-module.js';
import { readPageChars, type PageChars } from './pdfium-text.js';

const FPDF_PAGEOBJ_TEXT = 1;

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
  normalizeRotation(pdfium.FPDFPage_GetRotation(page) * 90);

/**
 * PDFium in WebAssembly has no system fonts: text in a font the PDF does not embed is drawn with
 * PDFium's built-in fonts, which cover Latin, Greek and Cyrillic (fixtures 06 and 09 match pdf.js)
 * but no CJK — such a line comes out blank (fixture 13). Pages with visible CJK text in a font
 * that is not embedded are rendered by pdf.js, which has a CJK fallback (docs/rendering.md).
 */
function hasUndrawableText(pdfium: Pdfium, page: number): boolean {
  let textPage = 0;
  const buffer = new HeapBlock(pdfium, 2 * 1024);
  try {
    const count = pdfium.FPDFPage_CountObjects(page);
    for (let i = 0; i < count; i++) {
      const object = pdfium.FPDFPage_GetObject(page, i);
      if (pdfium.FPDFPageObj_GetType(object) !== FPDF_PAGEOBJ_TEXT) continue;
      if (INVISIBLE.has(pdfium.FPDFTextObj_GetTextRenderMode(object))) continue;
      const font = pdfium.FPDFTextObj_GetFont(object);
      if (font === 0 || pdfium.FPDFFont_GetIsEmbedded(font) !== 0) continue;
      textPage ||= pdfium.FPDFText_LoadPage(page);
      const bytes = pdfium.FPDFTextObj_GetText(object, textPage, buffer.ptr, buffer.size);
      const text = UTF16.decode(
        heap(pdfium).subarray(buffer.ptr, buffer.ptr + Math.max(0, bytes - 2)),
      );
      if (CJK.test(text)) return true;
    }
    return false;
  } finally {
    buffer.free();
    if (textPage) pdfium.FPDFText_ClosePage(textPage);
  }
}

const UTF16 = new TextDecoder('utf-16le');
/** Text render modes that draw nothing: 3 (invisible, the OCR layer of scans) and 7 (clip only). */
const INVISIBLE = new Set([3, 7]);
/** CJK ideographs, kana, hangul, CJK symbols and full-width forms. */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
