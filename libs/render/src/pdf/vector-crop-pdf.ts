// Draws a vector crop with pdf-lib; loaded on first use through `vector-crop.ts`, which says
// what the crop is.
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
} from 'pdf-lib';
import type { Block } from '@remote-ocr/ocr-core';
import {
  CLIENT_DPI,
  displayedToUser,
  normToPoints,
  padPoints,
  pointsToUserBox,
} from '@remote-ocr/ocr-core/geometry';
import { contentForm } from './page-form.js';
import { pdfLibPageBox, type VectorCropForm } from './vector-crop.js';

/** `vectorCrop` (vector-crop.ts), once pdf-lib is loaded. */
export async function drawVectorCrop(
  source: PDFDocument,
  block: Block,
  paddingPt: number,
  form: VectorCropForm,
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
