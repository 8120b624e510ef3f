import { jest } from '@jest/globals';
import type { BlockCrop } from '@remote-ocr/ocr-core';
import { DEFAULT_CROP_OPTIONS, PdfJsRenderer } from '../pdfjs-renderer.js';
import { fixture } from '../__fixtures__/fixtures.js';

jest.setTimeout(60_000);

describe('render threads shared by the sessions of a renderer', () => {
  const a = fixture('08');
  const b = fixture('12');

  it('serves two open documents at once; closing one leaves the other working', async () => {
    const expected = new Map<string, BlockCrop>();
    for (const fx of [a, b]) {
      const session = await new PdfJsRenderer({ threads: 0 }).open(fx.pdfPath);
      for await (const crop of session.crop(fx.blocks.slice(0, 3), DEFAULT_CROP_OPTIONS)) {
        expected.set(crop.blockId, crop);
      }
      await session.close();
    }
    const renderer = new PdfJsRenderer({ threads: 2 });
    const [first, second] = await Promise.all([renderer.open(a.pdfPath), renderer.open(b.pdfPath)]);
    const iterA = first.crop(a.blocks.slice(0, 3), DEFAULT_CROP_OPTIONS)[Symbol.asyncIterator]();
    const firstA = await iterA.next();
    await first.close();
    const fromB = await Array.fromAsync(second.crop(b.blocks.slice(0, 3), DEFAULT_CROP_OPTIONS));
    await second.close();
    expect(firstA.value).toEqual(expected.get(a.blocks[0].id));
    expect(fromB).toEqual(b.blocks.slice(0, 3).map((block) => expected.get(block.id)));
    // A later session on the same renderer (same threads) still works.
    const again = await renderer.open(a.pdfPath);
    const [crop] = await Array.fromAsync(again.crop([a.blocks[1]], DEFAULT_CROP_OPTIONS));
    await again.close();
    expect(crop).toEqual(expected.get(a.blocks[1].id));
  });
});
