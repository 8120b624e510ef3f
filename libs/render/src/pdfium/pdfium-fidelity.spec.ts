// Fidelity of the PDFium renderer (docs/rendering.md): every block of every fixture rendered by
// PDFium and by the pdf.js renderer (the reference: its crops are checked against MuPDF's in
// ../pdf/fixtures.spec.ts) must match cell by cell; the CJK fixture whose font is not embedded
// (PDFium in WASM draws that line blank) must be handed to pdf.js; the rotated A0 sheet and the
// scans are among the fixtures compared.
import type { Block, BlockCrop, PdfRenderer } from '@remote-ocr/ocr-core';
import { DEFAULT_CROP_OPTIONS, PdfJsRenderer } from '../pdf/pdfjs-renderer.js';
import { annotatedFixtures, decodePng, fixture, inkShare } from '../pdf/__fixtures__/fixtures.js';
import { comparePixels, type PixelDifference } from './__fixtures__/pixel-compare.js';
import { PdfiumRenderer, type RendererFallback } from './pdfium-renderer.js';

/** 72 DPI keeps the comparison quick (the A0 sheets); glyphs and lines are still visible. */
const OPTIONS = { ...DEFAULT_CROP_OPTIONS, dpi: 72, paddingPx: 2 };
/** Thresholds of docs/rendering.md (measured worst block: see the doc). */
const MAX_MEAN_DIFF = 12;
const MAX_BAD_CELLS = 0.01;

async function cropAll(
  renderer: PdfRenderer,
  pdfPath: string,
  blocks: readonly Block[],
  options = OPTIONS,
): Promise<Map<string, BlockCrop>> {
  const session = await renderer.open(pdfPath);
  const crops = new Map<string, BlockCrop>();
  try {
    for await (const crop of session.crop(blocks, options)) crops.set(crop.blockId, crop);
  } finally {
    await session.close();
  }
  return crops;
}

describe('PdfiumRenderer fidelity', () => {
  const fallbacks: RendererFallback[] = [];
  const pdfium = new PdfiumRenderer({ threads: 2, onFallback: (e) => fallbacks.push(e) });
  const pdfjs = new PdfJsRenderer({ threads: 2 });

  it.each(annotatedFixtures().map((f) => [f.name, f] as const))(
    '%s: every block matches the pdf.js rendering',
    async (_name, fx) => {
      const ours = await cropAll(pdfium, fx.pdfPath, fx.blocks);
      const reference = await cropAll(pdfjs, fx.pdfPath, fx.blocks);
      const worst: Array<[string, PixelDifference]> = [];
      for (const block of fx.blocks) {
        const a = ours.get(block.id)!.parts;
        const b = reference.get(block.id)!.parts;
        expect(a.map((p) => [p.width, p.height])).toEqual(b.map((p) => [p.width, p.height]));
        const d = comparePixels(decodePng(a[0].png), decodePng(b[0].png));
        worst.push([block.id, d]);
      }
      for (const [id, d] of worst) {
        expect([id, d.meanDiff <= MAX_MEAN_DIFF, d.badCells <= MAX_BAD_CELLS, d]).toEqual([
          id,
          true,
          true,
          d,
        ]);
      }
    },
  );

  it('hands the CJK page without embedded fonts to pdf.js, which draws its text', async () => {
    const fx = fixture('13');
    const seen = fallbacks.length;
    const ours = await cropAll(pdfium, fx.pdfPath, fx.blocks, DEFAULT_CROP_OPTIONS);
    const pages = fallbacks.slice(seen).filter((e) => e.scope === 'page');
    const reference = await cropAll(pdfjs, fx.pdfPath, fx.blocks, DEFAULT_CROP_OPTIONS);
    // At 300 DPI a line PDFium leaves blank (it has no CJK font) shows as missing ink.
    for (const block of fx.blocks) {
      const ink = inkShare(decodePng(ours.get(block.id)!.parts[0].png));
      const want = inkShare(decodePng(reference.get(block.id)!.parts[0].png));
      expect([block.id, ink >= want * 0.8]).toEqual([block.id, true]);
    }
    expect(pages.length).toBe(fx.blocks.length);
  });

  it('keeps rendering correctly when threads are recycled after every crop', async () => {
    const fx = fixture('11');
    const recycling = new PdfiumRenderer({ threads: 2, heapCapBytes: 1 });
    const a = await cropAll(recycling, fx.pdfPath, fx.blocks);
    const b = await cropAll(pdfium, fx.pdfPath, fx.blocks);
    for (const block of fx.blocks) {
      expect(a.get(block.id)!.parts[0].png).toEqual(b.get(block.id)!.parts[0].png);
      expect(a.get(block.id)!.textLayer).toBe(b.get(block.id)!.textLayer);
    }
  });

  it('gives raw pixels equal to its PNG crops when asked for raw crops', async () => {
    const fx = fixture('11');
    const png = await cropAll(pdfium, fx.pdfPath, fx.blocks, DEFAULT_CROP_OPTIONS);
    const raw = await cropAll(pdfium, fx.pdfPath, fx.blocks, {
      ...DEFAULT_CROP_OPTIONS,
      raw: true,
    });
    for (const block of fx.blocks) {
      const part = raw.get(block.id)!.parts[0];
      expect(part.png.length).toBe(0);
      const channels = part.channels ?? 1;
      const decoded = decodePng(png.get(block.id)!.parts[0].png).rgba;
      const expanded = new Uint8ClampedArray(part.width * part.height * 4);
      for (let p = 0; p < part.width * part.height; p++) {
        for (let c = 0; c < 3; c++)
          expanded[p * 4 + c] = part.pixels![p * channels + (channels === 3 ? c : 0)];
        expanded[p * 4 + 3] = 255;
      }
      expect(Buffer.from(expanded).equals(Buffer.from(decoded))).toBe(true);
    }
  });
});
