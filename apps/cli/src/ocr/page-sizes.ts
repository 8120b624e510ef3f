import type { DocumentPageInfo } from '@remote-ocr/ocr-core';

/** The desktop client's page resolution (SPEC §3): coords_px are pixels at 300 DPI. */
export const CLIENT_DPI = 300;

/**
 * Every page's displayed size (after /Rotate) in 300-DPI pixels, rounded as the renderer does
 * (PDF-NOTES trap 7). Streams the file through pdf.js rather than reading it whole.
 */
export async function readPageSizes(pdfPath: string): Promise<DocumentPageInfo[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ url: pdfPath, verbosity: 0, disableAutoFetch: true });
  try {
    const doc = await task.promise;
    const pages: DocumentPageInfo[] = [];
    for (let i = 0; i < doc.numPages; i++) {
      const page = await doc.getPage(i + 1);
      const viewport = page.getViewport({ scale: CLIENT_DPI / 72 });
      pages.push({
        page_number: i,
        width: Math.round(viewport.width),
        height: Math.round(viewport.height),
      });
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}
