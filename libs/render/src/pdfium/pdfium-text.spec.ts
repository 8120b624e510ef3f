// The PDFium text layer against MuPDF's texts of the fixtures (../shared/fixtures/pdfs/expected)
// and against the pdf.js text layer: it is the default text layer (docs/rendering.md, "Text
// layer"), so it must be as close to MuPDF as pdf.js's over the 84 blocks that have an expected
// text, and get right the cases its own boxes got wrong (a rotated watermark, a line just above
// a block's edge).
import { distance } from 'fastest-levenshtein';
import type { PdfRenderer } from '@remote-ocr/ocr-core';
import { PdfJsRenderer } from '../pdf/pdfjs-renderer.js';
import { annotatedFixtures, fixture } from '../pdf/__fixtures__/fixtures.js';
import { PdfiumRenderer } from './pdfium-renderer.js';

const similarity = (a: string, b: string): number => {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - distance(a, b) / n;
};

async function textsOf(renderer: PdfRenderer, prefix?: string): Promise<number[]> {
  const scores: number[] = [];
  for (const fx of prefix ? [fixture(prefix)] : annotatedFixtures()) {
    const blocks = fx.blocks.filter((b) => fx.expected[b.id] !== undefined);
    if (blocks.length === 0) continue;
    const session = await renderer.open(fx.pdfPath);
    const texts = await session.textLayers(blocks);
    await session.close();
    for (const b of blocks) scores.push(similarity(texts.get(b.id) ?? '', fx.expected[b.id]));
  }
  return scores;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('PDFium text layer', () => {
  const pdfium = new PdfiumRenderer({ threads: 0, textLayer: 'pdfium' });
  const pdfjs = new PdfJsRenderer({ threads: 0 });

  it('is as close to MuPDF as the pdf.js text layer over every fixture block', async () => {
    const ours = await textsOf(pdfium);
    const reference = await textsOf(pdfjs);
    expect(ours).toHaveLength(84);
    // Measured: PDFium 0.9696, pdf.js 0.9707 (ligatures: PDFium gives "fi" for "ﬁ").
    expect(mean(ours)).toBeGreaterThan(0.965);
    expect(mean(ours)).toBeGreaterThan(mean(reference) - 0.005);
  });

  it('reads a watermark drawn at 50° glyph by glyph, like MuPDF (fixture 01)', async () => {
    const fx = fixture('01');
    const block = fx.blocks.find((b) => fx.expected[b.id] === 'DFM PDF EDITO')!;
    const session = await pdfium.open(fx.pdfPath);
    const texts = await session.textLayers([block]);
    await session.close();
    expect(texts.get(block.id)).toBe('DFM PDF EDITO');
  });

  it('leaves out a line whose glyphs reach above the block (fixture 07)', async () => {
    const scores = await textsOf(pdfium, '07');
    expect(Math.min(...scores)).toBeGreaterThan(0.97);
  });
});
