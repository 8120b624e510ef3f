import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  blockFromRect,
  blocksFileText,
  coordsToRect,
  pagePixels,
  parseBlocksFile,
  rectToCoords,
  wholePageBlock,
  type AnnotationDocument,
} from './geometry.js';

const A4 = { widthPt: 595.28, heightPt: 841.89 };
const SAMPLE = path.resolve(import.meta.dirname, '../../../samples/sample.blocks.json');

describe('block geometry', () => {
  it('measures pages in 300-DPI pixels like the desktop editor (A4 = 2480 × 3508)', () => {
    expect(pagePixels(A4)).toEqual({ width: 2480, height: 3508 });
  });

  it.each([
    { shown: { width: 620, height: 877 }, rect: { x: 52, y: 67.75, width: 515.75, height: 125 } },
    { shown: { width: 1240, height: 1754 }, rect: { x: 10, y: 20, width: 300, height: 400 } },
    { shown: { width: 413, height: 584.5 }, rect: { x: 0, y: 0, width: 413, height: 584.5 } },
  ])('maps a drawn rectangle to coords_px / coords_norm and back ($shown.width px)', (c) => {
    const coords = rectToCoords(c.rect, c.shown, A4);
    const px = pagePixels(A4);
    // coords_norm is coords_px divided by the page size, as the server crops from it
    coords.coords_norm.forEach((n, i) => {
      const side = i % 2 === 0 ? px.width : px.height;
      expect(n).toBeCloseTo(coords.coords_px[i] / side, 6);
    });
    const back = coordsToRect(coords.coords_norm, c.shown);
    // back on screen within the rounding of one 300-DPI pixel
    const tolerance = (c.shown.width / px.width) * 1.01;
    expect(Math.abs(back.x - c.rect.x)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(back.y - c.rect.y)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(back.width - c.rect.width)).toBeLessThanOrEqual(2 * tolerance);
    expect(Math.abs(back.height - c.rect.height)).toBeLessThanOrEqual(2 * tolerance);
  });

  it('normalises rectangles drawn up-left and clamps them to the page', () => {
    const shown = { width: 500, height: 700 };
    const coords = rectToCoords({ x: 450, y: 650, width: -500, height: -100 }, shown, A4);
    expect(coords.coords_px[0]).toBe(0);
    expect(coords.coords_norm[0]).toBe(0);
    expect(coords.coords_px[2]).toBe(Math.round((450 / 500) * 2480));
    expect(coords.coords_px[1]).toBeLessThan(coords.coords_px[3]);
  });

  it('gives the same coordinates whatever size the page is shown at', () => {
    const small = rectToCoords(
      { x: 50, y: 80, width: 200, height: 100 },
      { width: 500, height: 707 },
      A4,
    );
    const big = rectToCoords(
      { x: 100, y: 160, width: 400, height: 200 },
      { width: 1000, height: 1414 },
      A4,
    );
    expect(big).toEqual(small);
  });

  it('round-trips the sample annotation through blocks.json: the same coordinates back', () => {
    const doc = JSON.parse(readFileSync(SAMPLE, 'utf8')) as AnnotationDocument;
    const imported = parseBlocksFile(JSON.stringify(doc));
    expect(imported.length).toBe(doc.pages.reduce((n, p) => n + p.blocks.length, 0));
    const shown = { width: 800, height: 800 * (3508 / 2480) };
    for (const block of imported) {
      const original = doc.pages.flatMap((p) => p.blocks).find((b) => b.id === block.id)!;
      // draw the imported block again as a user would see it, and compare what would be sent
      const redrawn = blockFromRect(
        block.id,
        block.page_index,
        block.block_type,
        coordsToRect(block.coords_norm, shown),
        shown,
        A4,
      );
      redrawn.coords_px.forEach((v, i) =>
        expect(Math.abs(v - original.coords_px[i])).toBeLessThanOrEqual(1),
      );
      redrawn.coords_norm.forEach((v, i) => expect(v).toBeCloseTo(original.coords_norm[i], 3));
      const again = parseBlocksFile(blocksFileText([redrawn]))[0];
      expect(again).toMatchObject({
        id: original.id,
        page_index: original.page_index,
        block_type: original.block_type,
        coords_px: redrawn.coords_px,
        coords_norm: redrawn.coords_norm,
      });
    }
  });

  it('keeps unknown fields of imported blocks and reads a flat blocks array', () => {
    const flat = [
      {
        id: 'AAAA-BBBB-CCC',
        page_index: 2,
        coords_px: [1, 2, 3, 4],
        coords_norm: [0.1, 0.2, 0.3, 0.4],
        block_type: 'mystery',
        hint: 'a hint',
      },
    ];
    const [b] = parseBlocksFile(JSON.stringify(flat));
    expect(b).toMatchObject({
      id: 'AAAA-BBBB-CCC',
      page_index: 2,
      block_type: 'text',
      hint: 'a hint',
    });
  });

  it('derives coords_norm from coords_px and the page size of a document when missing', () => {
    const doc = {
      pdf_path: 'x.pdf',
      pages: [
        {
          page_number: 0,
          width: 2480,
          height: 3508,
          blocks: [{ id: 'b1', coords_px: [248, 351, 1240, 1754], block_type: 'table' }],
        },
      ],
    };
    const [b] = parseBlocksFile(JSON.stringify(doc));
    expect(b.page_index).toBe(0);
    expect(b.coords_norm[0]).toBeCloseTo(0.1, 6);
    expect(b.coords_norm[3]).toBeCloseTo(0.5, 6);
  });

  it.each([
    ['{oops', 'not valid JSON'],
    ['{"a":1}', 'neither a blocks array nor a document'],
    ['[{"page_index":0}]', 'a block has no id'],
    ['[{"id":"x","page_index":0}]', 'block x: no coords_norm'],
  ])('refuses %s with a clear message', (text, message) => {
    expect(() => parseBlocksFile(text)).toThrow(message);
  });

  it('a whole-page block covers the page exactly', () => {
    expect(wholePageBlock('p', 1, A4)).toMatchObject({
      coords_px: [0, 0, 2480, 3508],
      coords_norm: [0, 0, 1, 1],
    });
  });
});
