// Vector crop of an IMAGE block (docs/contract.md §5 crops/image_<id>.pdf): a one-page PDF showing only the
// block's region of the original page, as the page's own vector content (embedded as a form
// XObject clipped to the region), never a raster.
import {
  PDFContentStream,
  PDFDocument,
  PDFName,
  clipEvenOdd,
  closePath,
  degrees,
  drawObject,
  endPath,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
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
import { contentForm } from './page-form.js';

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
  const srcPage = source.getPage(block.page_index);
  const box = pdfLibPageBox(srcPage);
  const region = padPoints(box, normToPoints(box, block.coords_norm), paddingPt);
  const [left, bottom, right, top] = pointsToUserBox(box, region);
  const bounds = { left, bottom, right, top };
  const out = await PDFDocument.create({ updateMetadata: false });
  const formRef =
    (form === 'content' ? contentForm(out, source, srcPage, bounds) : undefined) ??
    (await out.embedPage(srcPage, bounds)).ref;
  const page = out.addPage([right - left, top - bottom]);
  page.setRotation(degrees(box.rotate));
  const name = page.node.newXObject('EmbeddedPdfPage', formRef);
  const operators = [pushGraphicsState(), drawObject(name), popGraphicsState()];
  if (block.shape_type === 'polygon' && (block.polygon_points?.length ?? 0) >= 3) {
    const outline = (block.polygon_points ?? []).map(([x, y]) => {
      const [ux, uy] = displayedToUser(box, (x * 72) / CLIENT_DPI, (y * 72) / CLIENT_DPI);
      return [ux - left, uy - bottom] as const;
    });
    operators.push(...whiteOutside(outline, right - left, top - bottom));
  }
  // A few operators: written as they are (pdf-lib would deflate them, a zlib set-up per crop).
  const contents = PDFContentStream.of(out.context.obj({}), operators, false);
  page.node.set(PDFName.of('Contents'), out.context.register(contents));
  return out.save({ useObjectStreams: false });
}

/** Clip to "page minus polygon" (even-odd), then fill that with white. */
function whiteOutside(
  outline: ReadonlyArray<readonly [number, number]>,
  width: number,
  height: number,
): PDFOperator[] {
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
