// A PdfRenderer (ocr-core's port): pdf.js + @napi-rs/canvas clip rendering on a pool of threads.
import { availableParallelism } from 'node:os';
import type { CropOptions, PdfRenderer, PdfSession, StripImageCodec } from '@remote-ocr/ocr-core';
import { stripCodecFor, type StripImageFormat } from '../strip-image/strip-codec-for.js';
import { DocumentRenderer, type DocumentRendererSettings } from './document-renderer.js';
import { PdfJsSession, type BlockExecutor } from './pdfjs-session.js';
import { RenderPool } from './threads/render-pool.js';

/** docs/contract.md §4 crop settings: 300 DPI, 5 px padding, 9000 px windows overlapping by 100 px. */
export const DEFAULT_CROP_OPTIONS: Readonly<CropOptions> = Object.freeze({
  dpi: 300,
  paddingPx: 5,
  maxHeight: 9000,
  overlapPx: 100,
});

export interface PdfJsRendererOptions {
  /** Render threads per session; 0 renders in the calling thread. Default: available cores. */
  threads?: number;
  /** Blocks rendered ahead of the consumer of `crop()`. Default: 3 per thread, at least 4. */
  readAhead?: number;
  /**
   * Largest canvas in pixels; bigger crops render in bands. Default 4 Mpx (16 MB): with
   * operation filtering a band costs little more than its pixels, and each thread then holds
   * ~16 MB of canvas plus ~16 MB read back instead of 64 + 64.
   */
  bandPixels?: number;
  /** zlib level of the PNG writer. Default 3. */
  pngLevel?: number;
  /** How strips are encoded for the engines (STRIP_IMAGE_FORMAT). Default PNG. */
  stripImageFormat?: StripImageFormat;
  /** Pages kept parsed per thread. Default 2. */
  pageCacheSize?: number;
  /** Collect native canvas memory after this many rendered pixels. Default 4 Mpx (every band). */
  gcEveryPixels?: number;
  /** Render threads idle this long are stopped (they never keep the process alive). Default 30 s. */
  idleMs?: number;
}

/**
 * Opens PDFs for cropping. Sessions share this renderer's pool of render threads, started on
 * first use; each thread parses a document when it first renders one of its blocks.
 */
export class PdfJsRenderer implements PdfRenderer {
  readonly stripImages: StripImageCodec;
  private readonly threads: number;
  private readonly readAhead: number;
  private readonly settings: DocumentRendererSettings;
  private readonly idleMs: number;
  private pool?: RenderPool;

  constructor(options: PdfJsRendererOptions = {}) {
    this.threads = Math.max(0, Math.floor(options.threads ?? availableParallelism()));
    this.readAhead = options.readAhead ?? Math.max(4, this.threads * 3);
    this.settings = {
      bandPixels: options.bandPixels ?? 4_000_000,
      pngLevel: options.pngLevel ?? 3,
      pageCacheSize: options.pageCacheSize ?? 2,
      gcEveryPixels: options.gcEveryPixels ?? 4_000_000,
    };
    this.idleMs = options.idleMs ?? 30_000;
    this.stripImages = stripCodecFor(options.stripImageFormat, this.settings.pngLevel);
  }

  async open(pdfPath: string): Promise<PdfSession> {
    const executor: BlockExecutor = await this.openExecutor(pdfPath).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot open PDF ${pdfPath}: ${reason}`, { cause: error });
    });
    return new PdfJsSession(executor, pdfPath, this.readAhead);
  }

  private openExecutor(pdfPath: string): Promise<BlockExecutor> {
    if (this.threads === 0) return DocumentRenderer.open(pdfPath, this.settings);
    this.pool ??= new RenderPool(this.threads, this.settings, this.idleMs);
    return this.pool.open(pdfPath);
  }
}
