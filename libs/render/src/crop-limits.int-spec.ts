import { join, resolve } from 'node:path';
import { runPipeline, type Block, type PdfRenderer } from '@remote-ocr/ocr-core';
import { EchoEngine, MemoryCheckpoints, MemorySink } from './__fixtures__/pipeline-ports.js';
import { PdfJsRenderer } from './pdf/pdfjs-renderer.js';
import { PdfiumRenderer } from './pdfium/pdfium-renderer.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/pdfs');
/** A US-letter paper (612 × 792 pt: 2550 × 3300 px at 300 DPI). */
const pdfPath = join(FIXTURES, '11_paper_tracemonkey.pdf');

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

/**
 * Issue 14 item 4: an IMAGE block whose `coords_px` claims 10 × 10 px while its `coords_norm`
 * covers the whole page. The crop's size must follow coords_norm and the real page.
 */
describe('IMAGE crops are sized from coords_norm and the page, not coords_px', () => {
  const renderers: [string, () => PdfRenderer][] = [
    ['pdf.js', () => new PdfJsRenderer({ threads: 0 })],
    ['PDFium', () => new PdfiumRenderer({ threads: 0 })],
  ];
  it.each(renderers)(
    '%s keeps an IMAGE crop within imageMaxSide whatever coords_px claims',
    async (_name, make) => {
      const liar: Block = {
        id: 'LIAR-IMGE-001',
        page_index: 0,
        coords_px: [0, 0, 10, 10],
        coords_norm: [0, 0, 1, 1],
        block_type: 'image',
        shape_type: 'rectangle',
      };
      const engine = new EchoEngine();
      await runPipeline({
        engine,
        renderer: make(),
        source: {
          fetchPdf: () => Promise.resolve(pdfPath),
          fetchBlocks: () => Promise.resolve([liar]),
        },
        sink: new MemorySink(),
        checkpoints: new MemoryCheckpoints(),
        documentName: 'paper.pdf',
        settings: { imageMaxSide: 1000 },
      });
      const images = engine.requests.filter((r) => r.kind === 'image').map((r) => pngSize(r.image));
      expect(images).toHaveLength(1);
      expect(Math.max(images[0].width, images[0].height)).toBeLessThanOrEqual(1000);
      // Whole page at a lower DPI: 2550 × 3300 at 300 DPI scaled to a 1000 px longest side.
      expect(images[0].height).toBeGreaterThan(950);
    },
  );
});
