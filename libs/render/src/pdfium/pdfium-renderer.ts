// A PdfRenderer (ocr-core's port) drawing with PDFium compiled to WebAssembly, one instance per
// render thread (docs/rendering.md). A document PDFium cannot open is rendered by pdf.js instead,
// and so are the pages whose fonts PDFium cannot draw; both are reported through `onFallback`.
import { availableParallelism } from 'node:os';
import type { Block, PdfRenderer, PdfSession, StripImageCodec } from '@remote-ocr/ocr-core';
import { PdfJsRenderer, type PdfJsRendererOptions } from '../pdf/pdfjs-renderer.js';
import { PdfJsSession, type BlockExecutor } from '../pdf/pdfjs-session.js';
import type { DocumentRendererSettings } from '../pdf/document-renderer.js';
import { RenderPool } from '../pdf/threads/render-pool.js';
import { stripCodecFor } from '../strip-image/strip-codec-for.js';

/** Why pdf.js drew something of a PDFium renderer's job. */
export interface RendererFallback {
  pdfPath: string;
  /** 'document': PDFium could not open it; 'page': a page whose fonts PDFium cannot draw. */
  scope: 'document' | 'page';
  reason: string;
}

export interface PdfiumRendererOptions extends PdfJsRendererOptions {
  /** Text layer source (see `DocumentRendererSettings.textLayer`). Default 'pdfium'. */
  textLayer?: 'pdfjs' | 'pdfium';
  /**
   * Largest PDFium band bitmap in pixels. Default 1 Mpx (4 MB): with 4 Mpx the A0 sheet left
   * ≈ 11 MB more of a thread's WASM heap resident, for good (docs/rendering.md, "Memory").
   */
  pdfiumBandPixels?: number;
  /** A render thread whose WASM heap grew past this is replaced. Default 192 MiB. */
  heapCapBytes?: number;
  /** Told of every document or block that pdf.js drew instead (log it, count it). */
  onFallback?: (event: RendererFallback) => void;
}

export class PdfiumRenderer implements PdfRenderer {
  readonly stripImages: StripImageCodec;
  private readonly threads: number;
  private readonly readAhead: number;
  private readonly settings: DocumentRendererSettings;
  private readonly options: PdfiumRendererOptions;
  private readonly pdfjs: PdfJsRenderer;
  private pool?: RenderPool;

  constructor(options: PdfiumRendererOptions = {}) {
    this.options = options;
    this.threads = Math.max(0, Math.floor(options.threads ?? availableParallelism()));
    this.readAhead = options.readAhead ?? Math.max(4, this.threads * 3);
    this.settings = {
      bandPixels: options.bandPixels ?? 4_000_000,
      pngLevel: options.pngLevel ?? 3,
      pageCacheSize: options.pageCacheSize ?? 2,
      gcEveryPixels: options.gcEveryPixels ?? 4_000_000,
      textLayer: options.textLayer ?? 'pdfium',
      pdfiumBandPixels: options.pdfiumBandPixels ?? 1_000_000,
    };
    this.stripImages = stripCodecFor(options.stripImageFormat, this.settings.pngLevel);
    this.pdfjs = new PdfJsRenderer(options);
  }

  async open(pdfPath: string): Promise<PdfSession> {
    let executor: BlockExecutor;
    try {
      executor = await this.openExecutor(pdfPath);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.onFallback?.({ pdfPath, scope: 'document', reason });
      return this.pdfjs.open(pdfPath);
    }
    return new PdfJsSession(executor, pdfPath, this.readAhead);
  }

  private async openExecutor(pdfPath: string): Promise<BlockExecutor> {
    if (this.threads === 0) {
      // Imported here: with render threads, PDFium's WebAssembly glue is only needed in them.
      const { PdfiumDocument } = await import('./pdfium-document.js');
      return PdfiumDocument.open(pdfPath, this.settings);
    }
    this.pool ??= new RenderPool(this.threads, this.settings, this.options.idleMs ?? 30_000, {
      engine: 'pdfium',
      heapCapBytes: this.options.heapCapBytes ?? 192 * 2 ** 20,
      onFallback: (block: Block, path: string) =>
        this.options.onFallback?.({
          pdfPath: path,
          scope: 'page',
          reason: `page ${block.page_index + 1} uses a font the PDF does not embed`,
        }),
    });
    return this.pool.open(pdfPath);
  }
}
