import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  displayedToUser,
  userToDisplayed,
  type PageBox,
  type PageRotation,
} from '@remote-ocr/ocr-core/geometry';
import { bandRows } from './clip-renderer.js';
import { openPdfDocument } from './pdfjs-loader.js';
import { FIXTURE_PDFS } from './__fixtures__/fixtures.js';

const ROTATIONS: PageRotation[] = [0, 90, 180, 270];

// ocr-core's page geometry checked against pdf.js, and the renderer's band split.
describe('agrees with pdf.js viewports', () => {
  let page: PDFPageProxy;
  beforeAll(async () => {
    const doc = await openPdfDocument(`${FIXTURE_PDFS}/03_A3_mech_assembly_D-EccMech-v1.pdf`);
    page = await doc.getPage(1);
  });

  it.each(ROTATIONS)('rotation %d: user ↔ displayed', (rotate) => {
    const box: PageBox = { view: page.view as PageBox['view'], rotate };
    const viewport = page.getViewport({ scale: 1, rotation: rotate });
    for (const [ux, uy] of [
      [10, 20],
      [500, 300],
      [1100, 800],
    ]) {
      const [dx, dy] = userToDisplayed(box, ux, uy);
      const [vx, vy] = viewport.convertToViewportPoint(ux, uy);
      expect(dx).toBeCloseTo(vx, 6);
      expect(dy).toBeCloseTo(vy, 6);
      const [bx, by] = displayedToUser(box, dx, dy);
      expect(bx).toBeCloseTo(ux, 6);
      expect(by).toBeCloseTo(uy, 6);
    }
  });
});

describe('bandRows (2 GiB canvas trap)', () => {
  it('splits tall regions into bands of the pixel budget', () => {
    expect(bandRows(1000, 50_000, 4_000_000)).toBe(4000);
    expect(bandRows(1000, 10, 4_000_000)).toBe(10);
  });

  it('refuses a canvas of 2 GiB or more instead of rendering it blank', () => {
    expect(() => bandRows(600_000_000, 1, 2 ** 31)).toThrow(/2 GiB/);
  });
});
