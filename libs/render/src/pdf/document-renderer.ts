// One parsed PDF serving many blocks: pages are reused across blocks (operator lists and fonts are
// cached in the PDFPageProxy, docs/pdf-traps.md trap 10) and cleaned up when they fall out of a small
// LRU. Runs in a render thread of the pool or, with `threads: 0`, in the caller's thread.
// Kept in one file (just over 300 lines with comments): the crop, the text layer and the word boxes
// share its page cache and the page's viewport math; the drawing itself is in clip-renderer.ts.
import { createCanvas } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Block } from '@remote-ocr/ocr-core';
import type { BlockCrop, CropOptions, WordBox } from '@remote-ocr/ocr-core';
import { renderRegion } from './clip-renderer.js';
import {
  blockPixelRect,
  fitCropDpi,
  normalizeRotation,
  normToPoints,
  polygonToCropPixels,
  type PageBox,
  type PixelRect,
} from '@remote-ocr/ocr-core/geometry';
import { cacheDecodedImages, shrinkImageMask } from './image-cache.js';
import { NativeMemoryBudget } from './native-memory.js';
import { OperationBoxes, type OpCodes, type OperationsFilter } from './op-filter.js';
import { loadPdfjs, openPdfDocument, printAnnotationMode } from './pdfjs-loader.js';
import { textInBox, type TextRun } from './text-layer.js';
import { wordsInBox, type CropFrame } from './text-words.js';

/** Tuning of one document renderer. */
export interface DocumentRendererSettings {
  /** Largest canvas in pixels; bigger crops render in bands (bounds memory). */
  bandPixels: number;
  /** zlib level of PNG output. */
  pngLevel: number;
  /** Pages kept parsed at once. */
  pageCacheSize: number;
  /** Run a GC after this many rendered pixels (native canvas memory, see native-memory.ts). */
  gcEveryPixels: number;
  /** Skip operations that cannot reach the crop (op-filter.ts). Default true. */
  filterOperations?: boolean;
  /** Keep decoded page images as canvases across blocks (image-cache.ts). Default true. */
  cacheImages?: boolean;
  /**
   * PDFium threads only: where the text layer comes from. 'pdfium' (default) reads it with
   * PDFium's text API, from the page already loaded; 'pdfjs' with pdf.js (getTextContent, a second
   * parse of the page). Both measured as close to the fixtures' expected texts (docs/rendering.md).
   */
  textLayer?: 'pdfjs' | 'pdfium';
  /**
   * PDFium threads only: the largest band bitmap in pixels (`bandPixels` stays pdf.js's). The
   * bitmap lives in the thread's WASM heap, which never shrinks (docs/rendering.md, "Memory").
   */
  pdfiumBandPixels?: number;
}

/** Largest page image kept as a ready canvas (a 300-DPI A4 scan is 8.7 Mpx; 16 Mpx = 64 MB). */
const IMAGE_CACHE_PIXELS = 16_000_000;

/**
 * pdf.js keeps every parsed object, font and glyph of a document until `doc.cleanup()` (its
 * XRef cache and common objects grow with each new page): measured on the 352-page book with
 * two threads, RSS rose 328 -> 447 MB over 2000 blocks. Cleaning up every this many newly
 * opened pages bounds it, at the price of re-loading the fonts in use.
 */
const CLEANUP_EVERY_PAGES = 16;

interface CachedPage {
  page: PDFPageProxy;
  box: PageBox;
  text?: Promise<TextRun[]>;
  /** Extents of the page's operations, so each block replays only what reaches it. */
  boxes: OperationBoxes;
  /** The page's operator list is loaded (fonts and images included); resolves to its ms. */
  parsed?: Promise<number>;
}

/** A crop with what it cost, so the render pool can weigh parsing a page against rendering. */
export interface TimedCrop {
  crop: BlockCrop;
  /** Milliseconds spent parsing the page for this crop; 0 when it was parsed already. */
  parseMs: number;
  /** Milliseconds spent rendering and encoding the crop. */
  renderMs: number;
  /** Which renderer drew it (a PDFium document hands some pages to pdf.js). */
  renderer?: 'pdfjs' | 'pdfium';
}

/** Renders and reads blocks of one open document. Not shared across threads. */
export class DocumentRenderer {
  private readonly pages = new Map<number, CachedPage>();
  private readonly doc: PDFDocumentProxy;
  private readonly settings: DocumentRendererSettings;
  private readonly annotationMode: number;
  private readonly memory: NativeMemoryBudget;
  /**
   * Serialises all work on the document (rendering and text), so a page or the document is never
   * cleaned up under a running render.
   */
  private renderChain: Promise<unknown> = Promise.resolve();
  private pagesOpened = 0;

  private readonly ops: OpCodes;

  private constructor(
    doc: PDFDocumentProxy,
    settings: DocumentRendererSettings,
    mode: number,
    ops: OpCodes,
  ) {
    this.doc = doc;
    this.ops = ops;
    this.settings = settings;
    this.annotationMode = mode;
    this.memory = new NativeMemoryBudget(settings.gcEveryPixels);
  }

  /** Parses the PDF at `source` (path or bytes) once. */
  static async open(
    source: string | Uint8Array,
    settings: DocumentRendererSettings,
  ): Promise<DocumentRenderer> {
    const doc = await openPdfDocument(source);
    const { OPS } = await loadPdfjs();
    return new DocumentRenderer(doc, settings, await printAnnotationMode(), OPS);
  }

  get pageCount(): number {
    return this.doc.numPages;
  }

  /** Renders a block (clip only) to PNG parts and reads its text layer. */
  async crop(block: Block, options: CropOptions): Promise<BlockCrop> {
    return (await this.timedCrop(block, options)).crop;
  }

  /**
   * Parses page `pageIndex` (operator list, fonts, images) without rendering anything, so its
   * blocks later only render; resolves to the milliseconds it took (0 if it was parsed already).
   */
  prepare(pageIndex: number): Promise<number> {
    return this.exclusive(async () => {
      const entry = await this.page(pageIndex);
      const ms = await this.parsed(entry);
      await this.text(entry);
      return ms;
    });
  }

  /** `crop`, with the time spent parsing the page and rendering the block. */
  async timedCrop(block: Block, options: CropOptions): Promise<TimedCrop> {
    let parseMs = 0;
    let renderMs = 0;
    let frame: CropFrame | undefined;
    const rendered = this.exclusive(async () => {
      const cached = await this.page(block.page_index);
      const { page, box, boxes } = cached;
      parseMs = await this.parsed(cached);
      const started = performance.now();
      // The options' maxSidePx and maxWidthPx are the crop's size limits.
      const dpi = fitCropDpi(box, block.coords_norm, options.dpi, options.paddingPx, options);
      const scale = dpi / 72;
      const rect = blockPixelRect(box, block.coords_norm, dpi, options.paddingPx);
      frame = { rect, dpi };
      const polygon =
        block.shape_type === 'polygon' && block.polygon_points && block.polygon_points.length >= 3
          ? polygonToCropPixels(block.polygon_points, dpi, rect)
          : undefined;
      const settings = {
        ...this.settings,
        dpi,
        annotationMode: this.annotationMode,
        memory: this.memory,
        filterFor:
          this.settings.filterOperations === false
            ? undefined
            : (band: PixelRect) => this.filter(page, boxes, scale, band),
      };
      const parts = await renderRegion(page, rect, settings, options, polygon);
      if (this.settings.cacheImages !== false) cacheDecodedImages(page, IMAGE_CACHE_PIXELS);
      renderMs = performance.now() - started;
      return parts;
    });
    const [parts, textLayer] = await Promise.all([rendered, this.textLayer(block)]);
    const crop: BlockCrop = { blockId: block.id, parts, textLayer };
    if (options.textWords && frame && parts.length === 1)
      crop.words = await this.textWords(block, frame);
    return { crop, parseMs, renderMs };
  }

  /**
   * Loads the page's operator list through a render that replays nothing (every operation
   * filtered out) into a 1×1 canvas: the list is cached under the same rendering intent as the
   * crops' renders, so they reuse it. Its decoded images become canvases (image-cache.ts).
   * Resolves to the ms spent, 0 when it was loaded before.
   */
  private async parsed(entry: CachedPage): Promise<number> {
    if (entry.parsed) {
      await entry.parsed;
      return 0;
    }
    entry.parsed = (async () => {
      const started = performance.now();
      const canvas = createCanvas(1, 1);
      await entry.page.render({
        canvas,
        canvasContext: canvas.getContext('2d'),
        viewport: entry.page.getViewport({ scale: 1 }),
        annotationMode: this.annotationMode,
        operationsFilter: () => false,
      }).promise;
      // The page's images have arrived with the list: ready them now, not in the first block.
      if (this.settings.cacheImages !== false) cacheDecodedImages(entry.page, IMAGE_CACHE_PIXELS);
      return performance.now() - started;
    })();
    return entry.parsed;
  }

  /** The operation filter of a band; shrinks oversized image masks just before they paint. */
  private filter(
    page: PDFPageProxy,
    boxes: OperationBoxes,
    scale: number,
    band: PixelRect,
  ): OperationsFilter {
    const keep = boxes.filter(scale, band);
    const paintMask = this.ops.paintImageMaskXObject;
    return (i, list) => {
      if (!keep(i, list)) return false;
      if (list.fnArray[i] === paintMask) {
        const ref = (
          list.argsArray[i] as Array<{ data?: unknown; width: number; height: number }>
        )[0];
        // The mask spans the unit square: its side in device pixels over its side in samples.
        const device = boxes.scaleAt(i) * scale;
        shrinkImageMask(page, ref, device / Math.sqrt(ref.width * ref.height));
      }
      return true;
    };
  }

  /** Text layer inside the block (its coords_norm box), '' where the page has no text there. */
  async textLayer(block: Block): Promise<string> {
    const entry = await this.exclusive(async () => {
      const cached = await this.page(block.page_index);
      await this.text(cached);
      return cached;
    });
    const runs = await this.text(entry);
    return textInBox(runs, entry.box, normToPoints(entry.box, block.coords_norm));
  }

  /** Word boxes of the text layer inside the block, in the pixels of its crop (`frame`). */
  async textWords(block: Block, frame: CropFrame): Promise<WordBox[]> {
    const entry = await this.exclusive(() => this.page(block.page_index));
    const runs = await this.text(entry);
    return wordsInBox(runs, entry.box, normToPoints(entry.box, block.coords_norm), frame);
  }

  /** The page's text runs, read once. */
  private text(entry: CachedPage): Promise<TextRun[]> {
    entry.text ??= entry.page
      .getTextContent()
      .then((content) =>
        content.items.filter((item): item is TextRun & typeof item => 'str' in item),
      );
    return entry.text;
  }

  /** Releases every page and the document. */
  async close(): Promise<void> {
    await this.renderChain.catch(() => undefined);
    for (const { page } of this.pages.values()) page.cleanup();
    this.pages.clear();
    await this.doc.loadingTask.destroy();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.renderChain.then(work, work);
    this.renderChain = run.catch(() => undefined);
    return run;
  }

  private async page(pageIndex: number): Promise<CachedPage> {
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= this.doc.numPages) {
      throw new RangeError(
        `page_index ${pageIndex} is outside the document (${this.doc.numPages} pages)`,
      );
    }
    const hit = this.pages.get(pageIndex);
    if (!hit && ++this.pagesOpened % CLEANUP_EVERY_PAGES === 0) {
      // Safe: callers hold the exclusive chain, so nothing renders or reads text now.
      this.pages.clear();
      await this.doc.cleanup();
    }
    if (hit) {
      // Re-insert: Map order is the LRU order.
      this.pages.delete(pageIndex);
      this.pages.set(pageIndex, hit);
      return hit;
    }
    const page = await this.doc.getPage(pageIndex + 1);
    const box: PageBox = {
      view: page.view as PageBox['view'],
      rotate: normalizeRotation(page.rotate),
    };
    const boxes = new OperationBoxes(this.ops, page.getViewport({ scale: 1 }).transform);
    const entry: CachedPage = { page, box, boxes };
    this.pages.set(pageIndex, entry);
    this.evict();
    return entry;
  }

  private evict(): void {
    for (const [index, { page }] of this.pages) {
      if (this.pages.size <= this.settings.pageCacheSize) return;
      this.pages.delete(index);
      page.cleanup();
    }
  }
}
