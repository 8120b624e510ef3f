// Picks the PdfRenderer an app configured (RENDERER=pdfium|pdfjs), so the worker, the CLI and the
// benchmarks build it the same way.
import type { PdfRenderer } from '@remote-ocr/ocr-core';
import { PdfJsRenderer } from './pdf/pdfjs-renderer.js';
import { PdfiumRenderer, type RendererFallback } from './pdfium/pdfium-renderer.js';
import type { StripImageFormat } from './strip-image/strip-codec-for.js';

export type RendererName = 'pdfium' | 'pdfjs';

/** The default renderer: PDFium, the faster with the fixture checks green (docs/rendering.md). */
export const DEFAULT_RENDERER: RendererName = 'pdfium';

export interface RendererChoice {
  renderer: RendererName;
  /** Render threads; default one per core, 0 renders in the calling thread. */
  threads?: number;
  /** PDFium only: where the text layer comes from (default 'pdfium'). */
  textLayer?: 'pdfjs' | 'pdfium';
  /** PDFium only: told when pdf.js draws a document or page instead. */
  onFallback?: (event: RendererFallback) => void;
  /** How strips are encoded for the engines (STRIP_IMAGE_FORMAT, default PNG). */
  stripImageFormat?: StripImageFormat;
}

export function createRenderer(choice: RendererChoice): PdfRenderer {
  const { renderer, threads, textLayer, onFallback, stripImageFormat } = choice;
  return renderer === 'pdfium'
    ? new PdfiumRenderer({ threads, textLayer, onFallback, stripImageFormat })
    : new PdfJsRenderer({ threads, stripImageFormat });
}
