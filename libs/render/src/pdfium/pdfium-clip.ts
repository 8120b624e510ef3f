// Clip rendering with PDFium: only a block's pixels are rasterised, band by band into one
// reused bitmap of at most `bandPixels` pixels, through a matrix that scales the displayed page
// to the DPI and shifts the band's origin to (0, 0), with a clip rectangle the band's size.
// Widgets (form fields) are drawn by the form module after the page (FPDF_FFLDraw), as the
// desktop editor shows them. Thread code: erasable TypeScript only.
import type { CropPart } from '@remote-ocr/ocr-core';
import { splitWindows, type PixelRect } from '@remote-ocr/ocr-core/geometry';
import { PackedPixelWriter } from '../pixels/packed-pixels.js';
import { PngRowEncoder } from '../png/png-encoder.js';
import { heap, HeapBlock, type Pdfium } from './pdfium-module.js';
import type { PdfiumPage } from './pdfium-page.js';
import { whiteOutsidePolygon } from './polygon-mask.js';

/** fpdfview.h render flags: annotations, RGBA byte order (PDFium's default is BGRA). */
const FPDF_ANNOT = 0x01;
const FPDF_REVERSE_BYTE_ORDER = 0x10;
const WHITE = 0xffffffff;

export interface PdfiumClipSettings {
  dpi: number;
  /** Largest bitmap in pixels; taller regions render in bands. */
  bandPixels: number;
  pngLevel: number;
  /** The document's form handle (0 when it has none). */
  form: number;
  /** Give raw packed pixels instead of PNG (`CropOptions.raw`). */
  raw?: boolean;
}

/** Renders `region` (pixels at `settings.dpi`) to PNG parts, split into windows like pdf.js. */
export async function renderPdfiumRegion(
  pdfium: Pdfium,
  page: PdfiumPage,
  region: PixelRect,
  settings: PdfiumClipSettings,
  split: { maxHeight: number; overlapPx: number },
  polygon?: ReadonlyArray<readonly [number, number]>,
): Promise<CropPart[]> {
  const parts: CropPart[] = [];
  for (const win of splitWindows(region.height, split.maxHeight, split.overlapPx)) {
    const rect = { ...region, y: region.y + win.y, height: win.height };
    const shifted = polygon?.map(([x, y]) => [x, y - win.y] as const);
    parts.push(await renderWindow(pdfium, page, rect, settings, shifted));
  }
  return parts;
}

async function renderWindow(
  pdfium: Pdfium,
  page: PdfiumPage,
  rect: PixelRect,
  settings: PdfiumClipSettings,
  polygon?: ReadonlyArray<readonly [number, number]>,
): Promise<CropPart> {
  const { width, height } = rect;
  const rows = Math.max(1, Math.min(height, Math.floor(settings.bandPixels / width)));
  const encoder = settings.raw
    ? new PackedPixelWriter(width, height)
    : new PngRowEncoder(width, height, settings.pngLevel);
  const bitmap = pdfium.FPDFBitmap_Create(width, rows, 0);
  if (bitmap === 0) throw new RangeError(`PDFium could not allocate a ${width}×${rows} bitmap`);
  // Six floats of matrix, then four of clip rectangle.
  const args = new HeapBlock(pdfium, 40);
  try {
    for (let y = 0; y < height; y += rows) {
      const band = Math.min(rows, height - y);
      const pixels = renderBand(pdfium, page, bitmap, args, settings, rect, y, band);
      if (polygon) whiteOutsidePolygon(pixels, width, band, y, polygon);
      encoder.addRows(pixels, band);
    }
  } finally {
    args.free();
    pdfium.FPDFBitmap_Destroy(bitmap);
  }
  if (encoder instanceof PackedPixelWriter) {
    return { png: new Uint8Array(0), width, height, ...encoder.finish() };
  }
  return { png: await encoder.finish(), width, height };
}

/** Renders rows [y, y + band) of `rect` into `bitmap`; returns a view of them on the heap. */
function renderBand(
  pdfium: Pdfium,
  page: PdfiumPage,
  bitmap: number,
  args: HeapBlock,
  settings: PdfiumClipSettings,
  rect: PixelRect,
  y: number,
  band: number,
): Uint8Array {
  const scale = settings.dpi / 72;
  const top = rect.y + y;
  pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, rect.width, band, WHITE);
  args.floats(10).set([scale, 0, 0, scale, -rect.x, -top, 0, 0, rect.width, band]);
  const flags = FPDF_ANNOT | FPDF_REVERSE_BYTE_ORDER;
  pdfium.FPDF_RenderPageBitmapWithMatrix(bitmap, page.handle, args.ptr, args.ptr + 24, flags);
  if (settings.form) {
    const [w, h] = displayedPixels(page, scale);
    pdfium.FPDF_FFLDraw(settings.form, bitmap, page.handle, -rect.x, -top, w, h, 0, flags);
  }
  const buffer = pdfium.FPDFBitmap_GetBuffer(bitmap);
  const stride = pdfium.FPDFBitmap_GetStride(bitmap);
  if (stride !== rect.width * 4) throw new Error(`unexpected PDFium bitmap stride ${stride}`);
  return heap(pdfium).subarray(buffer, buffer + rect.width * band * 4);
}

/** The displayed page's size in pixels at `scale` (where FFLDraw places the page). */
function displayedPixels(page: PdfiumPage, scale: number): [number, number] {
  const [x0, y0, x1, y1] = page.box.view;
  const [w, h] = page.box.rotate % 180 === 0 ? [x1 - x0, y1 - y0] : [y1 - y0, x1 - x0];
  return [Math.round(w * scale), Math.round(h * scale)];
}
