// Vector crop of an IMAGE block (docs/contract.md §5 crops/image_<id>.pdf): a one-page PDF showing only the
// block's region of the original page, as the page's own vector content (embedded as a form
// XObject clipped to the region), never a raster.
import type { PDFDocument, PDFOperator, PDFPage } from 'pdf-lib';
import type { Block } from '@remote-ocr/ocr-core';
import {
  CLIENT_DPI,
  displayedToUser,
  normalizeRotation,
  normToPoints,
  padPoints,
  pointsToUserBox,
  type PageBox,
} from '@remote-ocr/ocr-core/geometry';

/** Padding around the block in the vector crop, in points (docs/contract.md §5). */
export const VECTOR_CROP_PADDING_PT = 2;

type PdfLib = typeof import('pdf-lib');
let pdfLib: Promise<PdfLib> | undefined;

/**
 * pdf-lib, imported on first use: only IMAGE blocks need it, and loaded at start-up it held
 * ≈ 3 MB of the worker's main-thread heap for every job (docs/rendering.md, "Memory").
 */
export function loadPdfLib(): Promise<PdfLib> {
  pdfLib ??= import('pdf-lib');
  return pdfLib;
}

/** Visible box and rotation of a pdf-lib page, as pdf.js sees them (CropBox ∩ MediaBox). */
export function pdfLibPageBox(page: PDFPage): PageBox {
  const media = page.getMediaBox();
  const crop = page.getCropBox();
  const view: PageBox['view'] = [
    Math.max(media.x, crop.x),
    Math.max(media.y, crop.y),
    Math.min(media.x + media.width, crop.x + crop.width),
    Math.min(media.y + media.height, crop.y + crop.height),
  ];
  return { view, rotate: normalizeRotation(page.getRotation().angle) };
}

/**
 * Builds the vector crop of `block` from `source` (a parsed PDF, reused across blocks): page size =
 * the block's region plus `paddingPt` (clamped to the page), same /Rotate as the original so it is
 * displayed the same way; for a polygon block everything outside the polygon is painted white.
 */
export async function vectorCrop(
  source: PDFDocument,
  block: Block,
  paddingPt = VECTOR_CROP_PADDING_PT,
): Promise<Uint8Array> {
  const srcPage = source.getPage(block.page_index);
  const box = pdfLibPageBox(srcPage);
  const region = padPoints(box, normToPoints(box, block.coords_norm), paddingPt);
  const [left, bottom, right, top] = pointsToUserBox(box, region);
  const lib = await loadPdfLib();
  const out = await lib.PDFDocument.create({ updateMetadata: false });
  const embedded = await out.embedPage(srcPage, { left, bottom, right, top });
  const page = out.addPage([right - left, top - bottom]);
  page.setRotation(lib.degrees(box.rotate));
  page.drawPage(embedded, { x: 0, y: 0 });
  if (block.shape_type === 'polygon' && (block.polygon_points?.length ?? 0) >= 3) {
    const outline = (block.polygon_points ?? []).map(([x, y]) => {
      const [ux, uy] = displayedToUser(box, (x * 72) / CLIENT_DPI, (y * 72) / CLIENT_DPI);
      return [ux - left, uy - bottom] as const;
    });
    page.pushOperators(...whiteOutside(lib, outline, right - left, top - bottom));
  }
  return out.save({ useObjectStreams: true });
}

/** Clip to "page minus polygon" (even-odd), then fill that with white. */
function whiteOutside(
  lib: PdfLib,
  outline: ReadonlyArray<readonly [number, number]>,
  width: number,
  height: number,
): PDFOperator[] {
  const { clipEvenOdd, closePath, endPath, fill, lineTo, moveTo, popGraphicsState } = lib;
  const { pushGraphicsState, rectangle, setFillingGrayscaleColor } = lib;
  const path = outline.map(([x, y], i) => (i === 0 ? moveTo(x, y) : lineTo(x, y)));
  return [
    pushGraphicsState(),
    rectangle(0, 0, width, height),
    ...path,
    closePath(),
    clipEvenOdd(),
    endPath(),
    setFillingGrayscaleColor(1),
    rectangle(0, 0, width, height),
    fill(),
    popGraphicsState(),
  ];
}
