import {
  MAX_CROP_PIXELS,
  blockPixelRect,
  fitCropDpi,
  displayedSize,
  normalizeRotation,
  pagePixelSize,
  polygonToCropPixels,
  splitWindows,
  type PageBox,
} from './geometry.js';

type Box = PageBox['view'];
const A4: PageBox = { view: [0, 0, 595, 842], rotate: 0 };

describe('rotation', () => {
  it.each([
    [0, 0],
    [90, 90],
    [-90, 270],
    [450, 90],
    [540, 180],
  ])('normalises /Rotate %d to %d', (input, expected) => {
    expect(normalizeRotation(input)).toBe(expected);
  });

  it('swaps the displayed size on quarter turns', () => {
    expect(displayedSize({ ...A4, rotate: 90 })).toEqual({ width: 842, height: 595 });
    // 842 pt × 300/72 = 3508.33 → 3508; 595 pt → 2479.17 → 2479 (rounded, like MuPDF).
    expect(pagePixelSize({ ...A4, rotate: 270 }, 300)).toEqual({ width: 3508, height: 2479 });
  });
});

describe('blockPixelRect', () => {
  // 10 × 10 inches: 3000 × 3000 px at 300 DPI, so expectations are whole numbers.
  const SQUARE: PageBox = { view: [0, 0, 720, 720], rotate: 0 };

  it('scales, pads 5 px, floors the start and ceils the end', () => {
    expect(blockPixelRect(SQUARE, [0.1, 0.2, 0.30001, 0.4], 300, 5)).toEqual({
      x: 295,
      y: 595,
      width: Math.ceil(900.03 + 5) - 295,
      height: 1205 - 595,
    });
  });

  it('is not fooled by float noise on whole pixels (0.57 × 3000 = 1709.9999999999998)', () => {
    expect(0.57 * 3000).toBeLessThan(1710);
    expect(0.55 * 3000).toBeGreaterThan(1650);
    expect(blockPixelRect(SQUARE, [0.57, 0.57, 0.55 + 0.5, 0.55], 300, 0)).toMatchObject({
      x: 1710,
      y: 1650,
      height: 1710 - 1650,
    });
  });

  it('clamps to the page and orders inverted boxes', () => {
    expect(blockPixelRect(SQUARE, [0.9, 1, 0, 0.95], 300, 5)).toEqual({
      x: 0,
      y: 2845,
      width: 2705,
      height: 155,
    });
  });

  it('gives a degenerate box one pixel', () => {
    const r = blockPixelRect(SQUARE, [1, 1, 1, 1], 300, 0);
    expect([r.width, r.height]).toEqual([1, 1]);
  });

  it('follows the DPI', () => {
    expect(blockPixelRect(A4, [0, 0, 1, 1], 72, 0)).toEqual({
      x: 0,
      y: 0,
      width: 595,
      height: 842,
    });
  });

  it('measures coords on the displayed (rotated) page', () => {
    const rotated: PageBox = { view: [0, 0, 720, 360], rotate: 90 };
    expect(blockPixelRect(rotated, [0, 0, 0.5, 1], 300, 0)).toEqual({
      x: 0,
      y: 0,
      width: 750,
      height: 3000,
    });
  });
});

describe('polygonToCropPixels', () => {
  it('maps 300-DPI points to crop pixels at another DPI', () => {
    expect(polygonToCropPixels([[300, 600]], 150, { x: 10, y: 20 })).toEqual([[140, 280]]);
  });
});

describe('splitWindows', () => {
  it.each([
    [9000, [{ y: 0, height: 9000 }]],
    [
      9001,
      [
        { y: 0, height: 9000 },
        { y: 8900, height: 101 },
      ],
    ],
    [
      20000,
      [
        { y: 0, height: 9000 },
        { y: 8900, height: 9000 },
        { y: 17800, height: 2200 },
      ],
    ],
  ])('height %d', (height, expected) => {
    expect(splitWindows(height, 9000, 100)).toEqual(expected);
  });

  it('refuses an overlap as tall as the window', () => {
    expect(() => splitWindows(100, 10, 10)).toThrow(RangeError);
  });
});

describe('fitCropDpi (issue 14 item 4: every crop has a pixel cap)', () => {
  const page = (w: number, h: number): PageBox => ({ view: [0, 0, w, h], rotate: 0 });
  const whole: Box = [0, 0, 1, 1];
  const pixels = (p: PageBox, dpi: number) => {
    const r = blockPixelRect(p, whole, dpi, 5);
    return r.width * r.height;
  };

  it('keeps 300 DPI for a whole A0 sheet (the largest real drawing)', () => {
    expect(fitCropDpi(page(2384, 3370), whole, 300, 5)).toBe(300);
  });

  it('lowers the DPI of a block covering a 200-inch page to fit MAX_CROP_PIXELS', () => {
    const huge = page(14_400, 14_400);
    expect(pixels(huge, 300)).toBeGreaterThan(3e9);
    const dpi = fitCropDpi(huge, whole, 300, 5);
    expect(pixels(huge, dpi)).toBeLessThanOrEqual(MAX_CROP_PIXELS);
    expect(pixels(huge, dpi)).toBeGreaterThan(MAX_CROP_PIXELS * 0.95);
  });

  it('fits the longest side when one is given', () => {
    const a4 = page(595, 842);
    const dpi = fitCropDpi(a4, whole, 300, 5, { maxSidePx: 1000 });
    const r = blockPixelRect(a4, whole, dpi, 5);
    expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(1000);
    expect(Math.max(r.width, r.height)).toBeGreaterThan(980);
  });

  it('fits the width alone when a width limit is given (a full-width block of an A0 sheet)', () => {
    const a0 = page(3370, 2384);
    const dpi = fitCropDpi(a0, [0, 0.1, 1, 0.25], 300, 5, { maxWidthPx: 4000 });
    const r = blockPixelRect(a0, [0, 0.1, 1, 0.25], dpi, 5);
    expect(r.width).toBeLessThanOrEqual(4000);
    expect(r.width).toBeGreaterThan(3950);
    // A tall narrow block keeps its DPI: windows split it, the width limit does not apply.
    expect(fitCropDpi(a0, [0.4, 0, 0.5, 1], 300, 5, { maxWidthPx: 4000 })).toBe(300);
  });
});
