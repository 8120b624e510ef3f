// PDFium's band bitmap has its own limit (`pdfiumBandPixels`): the bitmap lives in the thread's
// WASM heap, which never shrinks, so a smaller band keeps the heap lower after a big block
// (docs/rendering.md, "Memory"), and the bands must join into the same pixels as one bitmap.
import type { Block, CropOptions } from '@remote-ocr/ocr-core';
import { fixture } from '../pdf/__fixtures__/fixtures.js';
import type { DocumentRendererSettings } from '../pdf/document-renderer.js';
import { PdfiumDocument } from './pdfium-document.js';

const settings = (pdfiumBandPixels: number): DocumentRendererSettings => ({
  bandPixels: 4_000_000,
  pngLevel: 3,
  pageCacheSize: 2,
  gcEveryPixels: 4_000_000,
  textLayer: 'pdfium',
  pdfiumBandPixels,
});

// The A0 sheet's full-width block at 200 DPI: ≈ 8,260 × 1,340 px, 11 Mpx (44 MB as one bitmap).
const options: CropOptions = { dpi: 200, paddingPx: 5, maxHeight: 9000, overlapPx: 100, raw: true };

async function cropWith(pdfiumBandPixels: number, block: Block) {
  const doc = await PdfiumDocument.open(fixture('02_').pdfPath, settings(pdfiumBandPixels));
  try {
    const crop = await doc.crop(block, options);
    return { part: crop.parts[0], heapBytes: doc.heapBytes };
  } finally {
    await doc.close();
  }
}

describe('PDFium band bitmap', () => {
  it('joins small bands into the pixels of one bitmap, and only a big band grows the heap', async () => {
    const block = fixture('02_').blocks.find((b) => b.coords_norm[2] - b.coords_norm[0] > 0.8);
    if (!block) throw new Error('the A0 fixture has no full-width block');
    // Small bands first: the heap (one per thread, never shrinking) is then measured growing.
    const banded = await cropWith(100_000, block);
    const whole = await cropWith(100_000_000, block);
    expect(banded.part.width * banded.part.height).toBeGreaterThan(10_000_000);
    const same = Buffer.compare(
      Buffer.from(banded.part.pixels ?? []),
      Buffer.from(whole.part.pixels ?? []),
    );
    expect(banded.part.pixels?.length).toBe(whole.part.pixels?.length);
    expect(same).toBe(0);
    // One 44 MB bitmap needs more heap than PDFium starts with; bands of 0.1 Mpx (0.4 MB) do not.
    expect(whole.heapBytes - banded.heapBytes).toBeGreaterThan(20 * 2 ** 20);
  });
});
