import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { runPipeline, type OcrDocument } from '@remote-ocr/ocr-core';
import { EchoEngine, MemoryCheckpoints, MemorySink } from './__fixtures__/pipeline-ports.js';
import { PdfJsRenderer } from './pdf/pdfjs-renderer.js';
import { PdfiumRenderer } from './pdfium/pdfium-renderer.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/pdfs');
const NAME = '11_paper_tracemonkey';
const pdfPath = join(FIXTURES, `${NAME}.pdf`);
const annotation = JSON.parse(
  readFileSync(join(FIXTURES, 'annotations', `${NAME}.json`), 'utf8'),
) as OcrDocument;
const blocks = annotation.pages.flatMap((p) => p.blocks);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

describe.each([
  ['pdf.js', () => new PdfJsRenderer({ threads: 1 })],
  ['PDFium (raw crops)', () => new PdfiumRenderer({ threads: 1 })],
])('runPipeline with the %s renderer (fixture 11_paper_tracemonkey)', (_name, makeRenderer) => {
  // 1500 px strips: the 1647 and 1938 px column blocks are split into windows.
  const settings = { stripMaxHeight: 1500, concurrency: 2 };

  it('crops, strips, reads and publishes every block', async () => {
    const engine = new EchoEngine();
    const checkpoints = new MemoryCheckpoints();
    const sink = new MemorySink();
    const summary = await runPipeline({
      engine,
      renderer: makeRenderer(),
      source: {
        fetchPdf: () => Promise.resolve(pdfPath),
        fetchBlocks: () => Promise.resolve(blocks),
      },
      sink,
      checkpoints,
      documentName: `${NAME}.pdf`,
      settings,
    });

    expect(summary).toMatchObject({ blocksTotal: 14, done: 14, failed: 0, errorMessage: null });
    for (const request of engine.requests.filter((r) => r.kind === 'strip')) {
      const size = pngSize(request.image);
      expect(size.height).toBeLessThanOrEqual(1500);
      expect(size.width).toBeLessThanOrEqual(4000);
    }
    const split = engine.blockIds().filter((ids) => ids.length === 1 && ids[0] === blocks[0].id);
    expect(split.length).toBeGreaterThan(1);

    // The echo engine answers each block's text layer: after strips, parsing and the joining of
    // split windows, every text block holds its text layer once (not once per window).
    const session = await makeRenderer().open(pdfPath);
    const layers = await session.textLayers(blocks);
    await session.close();
    for (const block of blocks.filter((b) => b.block_type !== 'image')) {
      const want = words(layers.get(block.id) ?? '');
      const got = words(checkpoints.get(block.id)?.text ?? '');
      expect([block.id, got.length]).toEqual([block.id, want.length]);
    }

    const images = blocks.filter((b) => b.block_type === 'image');
    for (const block of images) {
      const crop = sink.objects.get(`crops/image_${block.id}.pdf`);
      expect(new TextDecoder().decode(crop?.body.subarray(0, 5))).toBe('%PDF-');
    }
    const zip = await JSZip.loadAsync(sink.objects.get('result.zip')!.body);
    const documentPdf = await zip.file('document.pdf')!.async('uint8array');
    expect(sha256(documentPdf)).toBe(sha256(readFileSync(pdfPath)));
    const out = JSON.parse(sink.text('annotation.json')) as OcrDocument;
    expect(out.pages.map((p) => [p.page_number, p.width, p.height])).toEqual(
      annotation.pages
        .filter((p) => p.blocks.length > 0)
        .map((p) => [p.page_number, p.width, p.height]),
    );
  }, 120_000);
});
