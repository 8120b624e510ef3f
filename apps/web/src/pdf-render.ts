// Loaded lazily (`import('./pdf-render.js')`) by the screens that show pages, so pdf.js is its
// own chunk and the jobs list never downloads it (docs/web.md).
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PageSize } from './geometry.js';

GlobalWorkerOptions.workerSrc = workerUrl;

/** An open PDF: its page count, page sizes in points, and rendering of one page to a canvas. */
export interface LoadedPdf {
  pageCount: number;
  pageSize(index: number): Promise<PageSize>;
  /** Draws page `index` `width` CSS pixels wide (sharp on HiDPI screens); returns its shown size. */
  render(
    index: number,
    canvas: HTMLCanvasElement,
    width: number,
  ): Promise<{ width: number; height: number }>;
  destroy(): Promise<void>;
}

/** Opens PDF bytes (pdf.js only paints here: no forms, no XFA). */
export async function openPdf(data: ArrayBuffer): Promise<LoadedPdf> {
  const task = getDocument({ data: new Uint8Array(data), enableXfa: false });
  const doc: PDFDocumentProxy = await task.promise;
  return {
    pageCount: doc.numPages,
    async pageSize(index) {
      const page = await doc.getPage(index + 1);
      const vp = page.getViewport({ scale: 1 });
      return { widthPt: vp.width, heightPt: vp.height };
    },
    async render(index, canvas, width) {
      const page = await doc.getPage(index + 1);
      const base = page.getViewport({ scale: 1 });
      const scale = width / base.width;
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      const vp = page.getViewport({ scale: scale * ratio });
      canvas.width = Math.round(vp.width);
      canvas.height = Math.round(vp.height);
      const shown = { width, height: base.height * scale };
      canvas.style.width = `${shown.width}px`;
      canvas.style.height = `${shown.height}px`;
      await page.render({ canvas, viewport: vp }).promise;
      return shown;
    },
    destroy: () => task.destroy(),
  };
}
