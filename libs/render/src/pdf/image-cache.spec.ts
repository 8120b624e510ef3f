import type { Canvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { shrinkImageMask } from './image-cache.js';

/** A page whose objs hold one 1-bit mask `width`×`height`, painted (bit 0) where `paint` says. */
function pageWithMask(width: number, height: number, paint: (x: number, y: number) => boolean) {
  const stride = (width + 7) >> 3;
  const data = new Uint8Array(stride * height).fill(0xff);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (paint(x, y)) data[y * stride + (x >> 3)] &= ~(0x80 >> (x & 7));
    }
  }
  const mask: Record<string, unknown> = { width, height, data };
  const objs = new Map([['mask_1', mask]]);
  return { page: { objs } as unknown as PDFPageProxy, mask };
}

function alphaAt(canvas: Canvas, x: number, y: number): number {
  return canvas.getContext('2d').getImageData(x, y, 1, 1).data[3];
}

describe('shrinkImageMask', () => {
  it('area-averages a big mask down to its drawn size, as alpha', () => {
    const { page, mask } = pageWithMask(200, 100, (x, y) => x < 100 || (x >= 150 && y % 2 === 0));
    shrinkImageMask(page, { data: 'mask_1' }, 0.1);
    expect([mask.width, mask.height, mask.data]).toEqual([20, 10, null]);
    const bitmap = mask.bitmap as Canvas;
    expect([bitmap.width, bitmap.height]).toEqual([20, 10]);
    expect(alphaAt(bitmap, 2, 5)).toBe(255); // painted half
    expect(alphaAt(bitmap, 12, 5)).toBe(0); // clear
    expect(alphaAt(bitmap, 17, 5)).toBe(128); // every other row painted: half cover
  });

  it('leaves masks alone that are not much bigger than drawn', () => {
    const { page, mask } = pageWithMask(16, 16, () => true);
    shrinkImageMask(page, { data: 'mask_1' }, 0.9);
    expect(mask.bitmap).toBeUndefined();
    expect(mask.width).toBe(16);
  });
});
