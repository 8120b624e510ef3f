// Renders and reads the blocks of one document with PDFium, inside a render thread: the file's
// bytes are copied into the thread's WASM heap once and stay there while the document is open;
// pages stay loaded in a small LRU while their blocks come. Pages PDFium cannot draw faithfully
// (`PdfiumPage.needsPdfjs`) are handed to a pdf.js renderer of the same document, opened on first
// need. Thread code: erasable TypeScript only.
import { readFile } from 'node:fs/promises';
import type { Block, BlockCrop, CropOptions } from '@remote-ocr/ocr-core';
import {
  blockPixelRect,
  fitCropDpi,
  normToPoints,
  polygonToCropPixels,
} from '@remote-ocr/ocr-core/geometry';
import {
  DocumentRenderer,
  type DocumentRendererSettings,
  type TimedCrop,
} from '../pdf/document-renderer.js';
import { renderPdfiumRegion } from './pdfium-clip.js';
import {
  describeLoadError,
  HeapBlock,
  heapBytes,
  loadPdfium,
  type Pdfium,
} from './pdfium-module.js';
import { PdfiumPage } from './pdfium-page.js';
import { charsInBox } from './pdfium-text.js';

export class PdfiumDocument {
  readonly pageCount: number;
  private readonly pdfium: Pdfium;
  private readonly path: string;
  private readonly settings: DocumentRendererSettings;
  private readonly bytes: HeapBlock;
  private readonly doc: number;
  private readonly formInfo: number;
  private readonly form: number;
  private readonly pages = new Map<number, PdfiumPage>();
  private pdfjs?: Promise<DocumentRenderer>;
  private closed = false;

  private constructor(
    pdfium: Pdfium,
    path: string,
    bytes: Uint8Array,
    settings: DocumentRendererSettings,
  ) {
    this.pdfium = pdfium;
    this.path = path;
    this.settings = settings;
    this.bytes = new HeapBlock(pdfium, bytes.length);
    this.bytes.bytes().set(bytes);
    this.doc = pdfium.FPDF_LoadMemDocument(this.bytes.ptr, bytes.length, '');
    if (this.doc === 0) {
      const reason = describeLoadError(pdfium.FPDF_GetLastError());
      this.bytes.free();
      throw new Error(`PDFium cannot open the PDF: ${reason}`);
    }
    this.pageCount = pdfium.FPDF_GetPageCount(this.doc);
    this.formInfo = pdfium.PDFiumExt_OpenFormFillInfo();
    this.form = pdfium.PDFiumExt_InitFormFillEnvironment(this.doc, this.formInfo);
    if (this.form) pdfium.FPDF_SetFormFieldHighlightAlpha(this.form, 0);
  }

  static async open(path: string, settings: DocumentRendererSettings): Promise<PdfiumDocument> {
    const [pdfium, bytes] = await Promise.all([loadPdfium(), readFile(path)]);
    return new PdfiumDocument(pdfium, path, bytes, settings);
  }

  /** Bytes of this thread's WASM heap (the pool recycles a thread whose heap grew too big). */
  get heapBytes(): number {
    return heapBytes(this.pdfium);
  }

  /** Loads page `pageIndex`; resolves to the milliseconds it took (0 if it was loaded). */
  prepare(pageIndex: number): Promise<number> {
    return Promise.resolve(this.page(pageIndex).ms);
  }

  async crop(block: Block, options: CropOptions): Promise<BlockCrop> {
    return (await this.timedCrop(block, options)).crop;
  }

  async timedCrop(block: Block, options: CropOptions): Promise<TimedCrop> {
    const { page, ms: parseMs } = this.page(block.page_index);
    if (page.needsPdfjs) {
      const timed = await (await this.fallback()).timedCrop(block, options);
      return { ...timed, parseMs: parseMs + timed.parseMs, renderer: 'pdfjs' };
    }
    const started = performance.now();
    // Sized from coords_norm and the page, held to maxSidePx, maxWidthPx and MAX_CROP_PIXELS
    // (docs/security.md).
    const dpi = fitCropDpi(page.box, block.coords_norm, options.dpi, options.paddingPx, {
      maxSidePx: options.maxSidePx,
      maxWidthPx: options.maxWidthPx,
    });
    const rect = blockPixelRect(page.box, block.coords_norm, dpi, options.paddingPx);
    const polygon =
      block.shape_type === 'polygon' && block.polygon_points && block.polygon_points.length >= 3
        ? polygonToCropPixels(block.polygon_points, dpi, rect)
        : undefined;
    const settings = {
      ...this.settings,
      bandPixels: this.settings.pdfiumBandPixels ?? this.settings.bandPixels,
      dpi,
      form: this.form,
      raw: options.raw,
    };
    const parts = await renderPdfiumRegion(this.pdfium, page, rect, settings, options, polygon);
    const renderMs = performance.now() - started;
    const textLayer = await this.textLayer(block);
    const crop: BlockCrop = { blockId: block.id, parts, textLayer };
    // Word boxes come from pdf.js's text layer, whichever library reads the plain text.
    if (options.textWords && parts.length === 1)
      crop.words = await (await this.fallback()).textWords(block, { rect, dpi });
    return { crop, parseMs, renderMs, renderer: 'pdfium' };
  }

  async textLayer(block: Block): Promise<string> {
    if (this.settings.textLayer !== 'pdfium') return (await this.fallback()).textLayer(block);
    const { page } = this.page(block.page_index);
    return charsInBox(page.text(), page.box, normToPoints(page.box, block.coords_norm));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const page of this.pages.values()) page.close();
    this.pages.clear();
    if (this.form) this.pdfium.PDFiumExt_ExitFormFillEnvironment(this.form);
    this.pdfium.PDFiumExt_CloseFormFillInfo(this.formInfo);
    this.pdfium.FPDF_CloseDocument(this.doc);
    this.bytes.free();
    await (await this.pdfjs?.catch(() => undefined))?.close();
  }

  private fallback(): Promise<DocumentRenderer> {
    this.pdfjs ??= DocumentRenderer.open(this.path, this.settings);
    return this.pdfjs;
  }

  private page(index: number): { page: PdfiumPage; ms: number } {
    if (this.closed) throw new Error('document closed');
    if (!Number.isInteger(index) || index < 0 || index >= this.pageCount) {
      throw new RangeError(`page_index ${index} is outside the document (${this.pageCount} pages)`);
    }
    const hit = this.pages.get(index);
    if (hit) {
      // Re-insert: Map order is the LRU order.
      this.pages.delete(index);
      this.pages.set(index, hit);
      return { page: hit, ms: 0 };
    }
    const started = performance.now();
    const page = new PdfiumPage(this.pdfium, this.doc, this.form, index);
    this.pages.set(index, page);
    for (const [key, old] of this.pages) {
      if (this.pages.size <= this.settings.pageCacheSize) break;
      this.pages.delete(key);
      old.close();
    }
    return { page, ms: performance.now() - started };
  }
}
