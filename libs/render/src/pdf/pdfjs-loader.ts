// Loads pdf.js's Node build and opens documents with the assets real documents need.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { registerCjkFont } from './cjk-font.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * Asset folders of the installed pdfjs-dist as plain paths ending in '/' (docs/pdf-traps.md trap 2: a
 * missing slash errors, a file:// URL silently falls back to substitute fonts).
 */
export function pdfjsAssetPaths(): {
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
  iccUrl: string;
} {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const folder = (name: string): string => join(root, name) + '/';
  return {
    cMapUrl: folder('cmaps'),
    standardFontDataUrl: folder('standard_fonts'),
    wasmUrl: folder('wasm'),
    iccUrl: folder('iccs'),
  };
}

let pdfjsPromise: Promise<PdfJs> | undefined;

/**
 * The legacy build is the one meant for Node (trap 6); imported lazily, once per thread, with
 * the CJK fallback font registered (cjk-font.ts).
 */
export function loadPdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= (registerCjkFont(), import('pdfjs-dist/legacy/build/pdf.mjs'));
  return pdfjsPromise;
}

/**
 * Parses a PDF: cMaps (CJK predefined CMaps), standard font data (non-embedded base-14 fonts in
 * Russian documents, trap 3), wasm decoders (JBIG2/JPX, trap 4), ICC profiles; warnings
 * silenced (trap 12).
 */
export async function openPdfDocument(source: string | Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfjs();
  const data = typeof source === 'string' ? new Uint8Array(await readFile(source)) : source;
  const task = pdfjs.getDocument({
    data,
    ...pdfjsAssetPaths(),
    cMapPacked: true,
    verbosity: 0,
  });
  return task.promise;
}

/** Annotation mode that paints every annotation (forms included) into the canvas, as printing does. */
export async function printAnnotationMode(): Promise<number> {
  return (await loadPdfjs()).AnnotationMode.ENABLE_STORAGE;
}
