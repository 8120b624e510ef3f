// Vector crop of an IMAGE block (docs/contract.md §5 crops/image_<id>.pdf): a one-page PDF showing only the
// block's region of the original page, as the page's own vector content (embedded as a form
// XObject clipped to the region), never a raster. pdf-lib, which draws it (`vector-crop-pdf.ts`),
// is imported on first use: only IMAGE blocks need it, and loaded at start-up it held ≈ 3 MB of
// the worker's main-thread heap for every job (docs/rendering.md, "Memory").
import type { PDFDocument, PDFPage } from 'pdf-lib';
import type { Block } from '@remote-ocr/ocr-core';
import { normalizeRotation, type PageBox } from '@remote-ocr/ocr-core/geometry';

/** Padding around the block in the vector crop, in points (docs/contract.md §5). */
export const VECTOR_CROP_PADDING_PT = 2;

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
 * How the crop's form XObject is made. `content`: from the page's content as encoded in the file
 * (`page-form.ts`) where that is safe, else by pdf-lib's `embedPage`. `embedPage`: always by
 * `embedPage` (decodes and deflates the content again), for the specs and the bench to compare.
 */
export type VectorCropForm = 'content' | 'embedPage';

/** Parses a PDF with pdf-lib (imported now if it was not yet) for `vectorCrop`. */
export async function loadVectorSource(bytes: Uint8Array): Promise<PDFDocument> {
  const { PDFDocument } = await import('pdf-lib');
  return PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
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
  form: VectorCropForm = 'content',
): Promise<Uint8Array> {
  const { drawVectorCrop } = await import('./vector-crop-pdf.js');
  return drawVectorCrop(source, block, paddingPt, form);
}
