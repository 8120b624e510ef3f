// Every fixture PDF opens and every annotated block crops at 300 DPI with the expected size;
// pixel statistics on the rotated A0 sheet, polygons, CJK and non-embedded Russian fonts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Block } from '@remote-ocr/ocr-core';
import type { BlockCrop, PdfSession } from '@remote-ocr/ocr-core';
import { blockPixelRect, pagePixelSize, type PageBox } from '@remote-ocr/ocr-core/geometry';
import { openPdfDocument } from './pdfjs-loader.js';
import { DEFAULT_CROP_OPTIONS, PdfJsRenderer } from './pdfjs-renderer.js';
import {
  annotatedFixtures,
  decodePng,
  FIXTURE_PDFS,
  fixture,
  inkShare,
  pngSize,
} from './__fixtures__/fixtures.js';

const PAD = DEFAULT_CROP_OPTIONS.paddingPx;
const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, '__fixtures__/manifest.json'), 'utf8'),
) as { fixtures: Array<{ file: string; sha256: string; reason: string }> };

/** Crops of every annotated fixture, filled by the first suite and reused by the pixel checks. */
const fixtureCrops = new Map<string, Map<string, BlockCrop>>();

async function cropsOf(prefix: string): Promise<Map<string, BlockCrop>> {
  const fx = fixture(prefix);
  const cached = fixtureCrops.get(fx.name);
  if (cached) return cached;
  const session = await new PdfJsRenderer({ threads: 2 }).open(fx.pdfPath);
  const crops = await cropAll(session, fx.blocks);
  await session.close();
  fixtureCrops.set(fx.name, crops);
  return crops;
}

async function cropAll(session: PdfSession, blocks: Block[]): Promise<Map<string, BlockCrop>> {
  const crops = new Map<string, BlockCrop>();
  for await (const crop of session.crop(blocks, DEFAULT_CROP_OPTIONS))
    crops.set(crop.blockId, crop);
  return crops;
}

jest.setTimeout(120_000);

describe('fixture manifest', () => {
  it('lists every fixture PDF once, with a reason', () => {
    const onDisk = annotatedFixtures().map((f) => f.document.pdf_path);
    expect(manifest.fixtures.map((f) => f.file)).toEqual(onDisk);
    for (const f of manifest.fixtures) expect(f.reason.length).toBeGreaterThan(10);
  });

  it.each(manifest.fixtures)('$file matches its sha256', ({ file, sha256 }) => {
    const digest = createHash('sha256').update(readFileSync(join(FIXTURE_PDFS, file)));
    expect(digest.digest('hex')).toBe(sha256);
  });
});

describe('every annotated block crops (2 render threads)', () => {
  const renderer = new PdfJsRenderer({ threads: 2 });

  it.each(annotatedFixtures().map((f) => [f.name, f] as const))('%s', async (_name, fx) => {
    const session = await renderer.open(fx.pdfPath);
    try {
      expect(session.pageCount).toBe(fx.document.pages.length);
      const crops = await cropAll(session, fx.blocks);
      fixtureCrops.set(fx.name, crops);
      const doc = await openPdfDocument(fx.pdfPath);
      for (const block of fx.blocks) {
        const page = await doc.getPage(block.page_index + 1);
        const box: PageBox = { view: page.view as PageBox['view'], rotate: page.rotate as 0 };
        const crop = crops.get(block.id);
        expect(crop?.parts).toHaveLength(1);
        const part = crop!.parts[0];
        expect(pngSize(part.png)).toEqual({ width: part.width, height: part.height });
        // The rule (coords_norm, 5 px, floor/ceil, clamped) …
        const rect = blockPixelRect(box, block.coords_norm, 300, PAD);
        expect([part.width, part.height]).toEqual([rect.width, rect.height]);
        // … and the client's own 300-DPI box (rounded) plus padding, clamped: floor/ceil round
        // outwards, so up to one pixel more on each side, never less.
        const { width: pw, height: ph } = pagePixelSize(box, 300);
        const [x0, y0, x1, y1] = block.coords_px;
        const w = Math.min(pw, x1 + PAD) - Math.max(0, x0 - PAD);
        const h = Math.min(ph, y1 + PAD) - Math.max(0, y0 - PAD);
        expect(part.width - w).toBeGreaterThanOrEqual(0);
        expect(part.width - w).toBeLessThanOrEqual(2);
        expect(part.height - h).toBeGreaterThanOrEqual(0);
        expect(part.height - h).toBeLessThanOrEqual(2);
      }
      await doc.loadingTask.destroy();
    } finally {
      await session.close();
    }
  });
});

describe('pixel statistics (in-process rendering)', () => {
  const renderer = new PdfJsRenderer({ threads: 0 });

  it('polygon blocks are pure white outside the polygon', async () => {
    for (const prefix of ['02', '07', '13']) {
      const fx = fixture(prefix);
      const polygons = fx.blocks.filter((b) => b.shape_type === 'polygon');
      expect(polygons.length).toBeGreaterThan(0);
      const crops = await cropsOf(prefix);
      for (const block of polygons) {
        const img = decodePng(crops.get(block.id)!.parts[0].png);
        // The fixtures' polygons are diamonds touching the box's edge midpoints: the four
        // corner squares (a fifth of each side) lie outside.
        const cw = Math.floor(img.width / 5);
        const ch = Math.floor(img.height / 5);
        for (const [x, y] of [
          [0, 0],
          [img.width - cw, 0],
          [0, img.height - ch],
          [img.width - cw, img.height - ch],
        ]) {
          expect(inkShare(img, { x, y, width: cw, height: ch }, 255)).toBe(0);
        }
      }
    }
  });

  it('a polygon on a page with ink keeps the ink inside it', async () => {
    const fx = fixture('07');
    const block = fx.blocks.find((b) => b.shape_type === 'polygon' && b.page_index === 0)!;
    const session = await renderer.open(fx.pdfPath);
    const asRectangle: Block = { ...block, id: 'rect', shape_type: 'rectangle' };
    const crops = await cropAll(session, [block, asRectangle]);
    await session.close();
    const polygon = decodePng(crops.get(block.id)!.parts[0].png);
    const rectangle = decodePng(crops.get('rect')!.parts[0].png);
    const centre = {
      x: Math.floor(polygon.width * 0.4),
      y: Math.floor(polygon.height * 0.4),
      width: Math.floor(polygon.width * 0.2),
      height: Math.floor(polygon.height * 0.2),
    };
    expect(inkShare(rectangle)).toBeGreaterThan(inkShare(polygon));
    expect(inkShare(polygon, centre)).toBeCloseTo(inkShare(rectangle, centre), 6);
  });

  it('the rotated A0 sheet (/Rotate 90) crops match the displayed page', async () => {
    const fx = fixture('02');
    const session = await renderer.open(fx.pdfPath);
    // Low DPI keeps the whole displayed page small enough to compare against.
    const dpi = 30;
    const crops = new Map<string, BlockCrop>();
    for await (const c of session.crop(fx.blocks, { ...DEFAULT_CROP_OPTIONS, dpi, paddingPx: 0 })) {
      crops.set(c.blockId, c);
    }
    await session.close();
    const doc = await openPdfDocument(fx.pdfPath);
    const page = await doc.getPage(1);
    expect(page.rotate).toBe(90);
    const { createCanvas } = await import('@napi-rs/canvas');
    const viewport = page.getViewport({ scale: dpi / 72 });
    const full = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
    await page.render({
      canvas: full,
      canvasContext: full.getContext('2d'),
      viewport,
      background: 'white',
    }).promise;
    const fullImg = {
      width: full.width,
      rgba: full.getContext('2d').getImageData(0, 0, full.width, full.height).data,
    };
    await doc.loadingTask.destroy();
    // Landscape as displayed, like the client's 14042 × 9933 page.
    expect(full.width).toBeGreaterThan(full.height);
    const box: PageBox = { view: page.view as PageBox['view'], rotate: 90 };
    let inked = 0;
    for (const block of fx.blocks.filter((b) => b.shape_type === 'rectangle')) {
      const rect = blockPixelRect(box, block.coords_norm, dpi, 0);
      const img = decodePng(crops.get(block.id)!.parts[0].png);
      const ours = inkShare(img);
      expect(ours).toBeCloseTo(inkShare(fullImg, rect), 2);
      if (ours > 0.001) inked++;
    }
    // The title line and the bearing labels have ink: the crops are not blank.
    expect(inked).toBeGreaterThanOrEqual(3);
  });

  it('the rotated title line is a wide strip of horizontal text', async () => {
    const fx = fixture('02');
    const title = fx.blocks.find((b) => b.id.startsWith('3f3b19b6'))!;
    const crop = (await cropsOf('02')).get(title.id)!;
    const img = decodePng(crop.parts[0].png);
    expect(img.width).toBeGreaterThan(img.height * 10);
    // Ink spreads over the whole width (a rotated crop would have it in a narrow column).
    const fifths = [0, 1, 2, 3, 4].map((i) =>
      inkShare(img, {
        x: Math.floor((i * img.width) / 5),
        y: 0,
        width: Math.floor(img.width / 5),
        height: img.height,
      }),
    );
    for (const share of fifths) expect(share).toBeGreaterThan(0.02);
  });

  it.each([
    ['13', 'CJK text with the 90ms-RKSJ-H CMap'],
    ['09', 'the Russian tax form (non-embedded base-14 fonts)'],
    ['06', 'the Russian GOST scan with its OCR layer'],
  ])('%s: %s renders non-blank', async (prefix) => {
    const fx = fixture(prefix);
    // Text and table blocks, polygons included (13's CJK line sits in its polygon).
    const blocks = fx.blocks.filter((b) => b.block_type !== 'image');
    const crops = await cropsOf(prefix);
    const inked = blocks.filter((b) => inkShare(decodePng(crops.get(b.id)!.parts[0].png)) > 0.0005);
    expect(inked.length).toBeGreaterThan(0);
    expect(inked.length).toBeGreaterThanOrEqual(Math.ceil(blocks.length / 2));
  });
});
