import { DocumentRenderer } from './document-renderer.js';
import { OperationBoxes, type OpCodes } from './op-filter.js';
import { loadPdfjs } from './pdfjs-loader.js';
import { DEFAULT_CROP_OPTIONS } from './pdfjs-renderer.js';
import { fixture } from './__fixtures__/fixtures.js';

describe('OperationBoxes', () => {
  let OPS: OpCodes;
  beforeAll(async () => {
    OPS = (await loadPdfjs()).OPS;
  });

  // A 100×100 pt page, y flipped as pdf.js's viewport does.
  const page = [1, 0, 0, -1, 0, 100];
  const list = () => ({
    fnArray: [OPS.transform, OPS.constructPath, OPS.clip, OPS.constructPath, OPS.constructPath],
    argsArray: [
      [1, 0, 0, 1, 50, 0], // move right by 50 pt, never restored
      [OPS.fill, null, [0, 0, 10, 10]], // at x 50–60, y (down) 90–100
      null,
      [OPS.endPath, null, [0, 0, 1, 1]], // the clip path: must always run
      [OPS.fill, null, [-50, 80, -40, 90]], // back at x 0–10, y 10–20
    ],
  });
  const kept = (rect: { x: number; y: number; width: number; height: number }) => {
    const ops = list();
    const filter = new OperationBoxes(OPS, page).filter(1, rect);
    return ops.fnArray.map((_, i) => filter(i, ops));
  };

  it('keeps state and clip operations and the paths that reach the rectangle', () => {
    expect(kept({ x: 45, y: 85, width: 20, height: 15 })).toEqual([true, true, true, true, false]);
    expect(kept({ x: 0, y: 0, width: 20, height: 30 })).toEqual([true, false, true, true, true]);
  });
});

describe('filtered rendering', () => {
  it('gives the same pixels as replaying every operation (vector sheet, forms, text)', async () => {
    const settings = { bandPixels: 16e6, pngLevel: 1, pageCacheSize: 2, gcEveryPixels: 8e6 };
    for (const prefix of ['03', '09']) {
      const fx = fixture(prefix);
      const pngs: Uint8Array[][] = [];
      for (const filterOperations of [false, true]) {
        const renderer = await DocumentRenderer.open(fx.pdfPath, { ...settings, filterOperations });
        const crops = [];
        for (const block of fx.blocks) crops.push(await renderer.crop(block, DEFAULT_CROP_OPTIONS));
        await renderer.close();
        pngs.push(crops.map((c) => c.parts[0].png));
      }
      expect(pngs[1]).toEqual(pngs[0]);
    }
  }, 120_000);
});
