import { jest } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { displayedSize, normalizeRotation, type PageBox } from '@remote-ocr/ocr-core/geometry';
import { openPdfDocument } from './pdfjs-loader.js';
import { PdfJsRenderer } from './pdfjs-renderer.js';
import { fixture, inkShare, renderWholePage } from './__fixtures__/fixtures.js';

jest.setTimeout(60_000);

/** The same clip renderer draws the crops back. */
const pdfjs = new PdfJsRenderer({ threads: 0 });

describe('vectorCrop', () => {
  it.each([
    ['02', 'the rotated A0 sheet'],
    ['07', 'a born-digital page'],
  ])('%s (%s): one page of the block region plus 2 pt, same rotation', async (prefix) => {
    const fx = fixture(prefix);
    const block = fx.blocks.find((b) => b.block_type === 'image')!;
    const session = await new PdfJsRenderer({ threads: 0 }).open(fx.pdfPath);
    const bytes = await session.vectorCrop(block);
    await session.close();
    const out = await PDFDocument.load(bytes);
    expect(out.getPageCount()).toBe(1);
    const doc = await openPdfDocument(fx.pdfPath);
    const page = await doc.getPage(block.page_index + 1);
    const box: PageBox = {
      view: page.view as PageBox['view'],
      rotate: normalizeRotation(page.rotate),
    };
    await doc.loadingTask.destroy();
    const { width, height } = displayedSize(box);
    const [x0, y0, x1, y1] = block.coords_norm;
    const cropPage = out.getPage(0);
    expect(cropPage.getRotation().angle).toBe(box.rotate);
    const shown = displayedSize({
      view: [0, 0, cropPage.getWidth(), cropPage.getHeight()],
      rotate: box.rotate,
    });
    expect(shown.width).toBeCloseTo(Math.min(width, (x1 - x0) * width + 4), 3);
    expect(shown.height).toBeCloseTo(Math.min(height, (y1 - y0) * height + 4), 3);
  });

  it('keeps the vector content: the crop renders like the raster crop of the block', async () => {
    const fx = fixture('07');
    const block = {
      ...fx.blocks.find((b) => b.block_type === 'text' && b.page_index === 0)!,
      block_type: 'image' as const,
    };
    const session = await new PdfJsRenderer({ threads: 0 }).open(fx.pdfPath);
    const bytes = await session.vectorCrop(block);
    await session.close();
    const img = await renderWholePage(pdfjs, bytes, 150);
    expect(inkShare(img)).toBeGreaterThan(0.01);
  });

  it('paints white outside a polygon', async () => {
    const fx = fixture('07');
    const polygon = fx.blocks.find((b) => b.shape_type === 'polygon' && b.page_index === 0)!;
    const session = await new PdfJsRenderer({ threads: 0 }).open(fx.pdfPath);
    const asImage = { ...polygon, block_type: 'image' as const };
    const rect = await session.vectorCrop({ ...asImage, shape_type: 'rectangle' });
    const poly = await session.vectorCrop(asImage);
    await session.close();
    const [r, p] = [
      await renderWholePage(pdfjs, rect, 100),
      await renderWholePage(pdfjs, poly, 100),
    ];
    const corner = { x: 0, y: 0, width: Math.floor(p.width / 5), height: Math.floor(p.height / 5) };
    expect(inkShare(p, corner, 255)).toBe(0);
    expect(inkShare(r)).toBeGreaterThan(inkShare(p));
  });
});
