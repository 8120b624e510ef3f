// PDFs generated for benchmarks (pdf-lib) into a temp dir: a tiny one-page document, so a job's
// overhead is not hidden behind rendering, and a large one made of raw random images.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from 'pdf-lib';

/** One Letter page with a line of text; returns its path and one TEXT block around the line. */
export async function makeTinyPdf(dir) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawText('Remote OCR overhead probe', {
    x: 72,
    y: 700,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  const file = path.join(dir, 'tiny.pdf');
  await writeFile(file, await doc.save());
  // 300 DPI: 1 pt = 300/72 px; the text sits at y 700 pt from the bottom → ~92 pt from the top
  const px = [250, 340, 1500, 460];
  const block = {
    id: '0b3a5c1e-7d2f-4a6b-9c8d-1e2f3a4b5c6d',
    page_index: 0,
    coords_px: px,
    coords_norm: px.map((v, i) => v / (i % 2 === 0 ? 2550 : 3300)),
    block_type: 'text',
    source: 'user',
    shape_type: 'rectangle',
    image_file: null,
    ocr_text: null,
  };
  return { file, block, pageSize: { width: 2550, height: 3300 } };
}

/**
 * A PDF of about `megabytes` MB: pages each showing one uncompressed RGB image of random bytes
 * (20 MB a page), so its size is real payload rather than padding. Built page by page.
 */
export async function makeLargePdf(dir, megabytes) {
  const doc = await PDFDocument.create();
  const side = 2580; // 2580² × 3 B ≈ 20 MB
  const pages = Math.max(1, Math.round((megabytes * 2 ** 20) / (side * side * 3)));
  for (let i = 0; i < pages; i++) {
    const image = doc.context.stream(randomBytes(side * side * 3), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: side,
      Height: side,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
    });
    const ref = doc.context.register(image);
    const page = doc.addPage([612, 612]);
    page.node.setXObject(PDFName.of(`Im${i}`), ref);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(612, 0, 0, 612, 0, 0),
      drawObject(`Im${i}`),
      popGraphicsState(),
    );
  }
  const file = path.join(dir, `large-${megabytes}mb.pdf`);
  await writeFile(file, await doc.save({ useObjectStreams: false }));
  return file;
}
