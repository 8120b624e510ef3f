import { jest } from '@jest/globals';
import type { BlockCrop } from '@remote-ocr/ocr-core';
import { DEFAULT_CROP_OPTIONS, PdfJsRenderer } from './pdfjs-renderer.js';
import { fixture } from './__fixtures__/fixtures.js';

jest.setTimeout(60_000);

describe('PdfJsSession', () => {
  const fx = fixture('08');

  it('gives the same crops, in input order, with 2 threads as in-process', async () => {
    const results: BlockCrop[][] = [];
    for (const threads of [0, 2]) {
      const session = await new PdfJsRenderer({ threads, readAhead: 3 }).open(fx.pdfPath);
      results.push(await Array.fromAsync(session.crop(fx.blocks, DEFAULT_CROP_OPTIONS)));
      await session.close();
    }
    const [inProcess, pooled] = results;
    expect(pooled.map((c) => c.blockId)).toEqual(fx.blocks.map((b) => b.id));
    expect(pooled).toEqual(inProcess);
  });

  it('splits crops taller than maxHeight into overlapping windows', async () => {
    const session = await new PdfJsRenderer({ threads: 0 }).open(fx.pdfPath);
    const block = {
      ...fx.blocks[0],
      coords_norm: [0.1, 0, 0.3, 1] as [number, number, number, number],
    };
    const [crop] = await Array.fromAsync(
      session.crop([block], { ...DEFAULT_CROP_OPTIONS, maxHeight: 1500, overlapPx: 100 }),
    );
    await session.close();
    expect(crop.parts.map((p) => p.height)).toEqual([1500, 1500, 3508 - 2800]);
  });

  it('fails the block on a page past the end, and stops on abort', async () => {
    const session = await new PdfJsRenderer({ threads: 1 }).open(fx.pdfPath);
    const beyond = { ...fx.blocks[0], page_index: 99 };
    await expect(Array.fromAsync(session.crop([beyond], DEFAULT_CROP_OPTIONS))).rejects.toThrow(
      /page_index 99/,
    );
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(async () => {
      for await (const crop of session.crop(fx.blocks, DEFAULT_CROP_OPTIONS, controller.signal)) {
        seen.push(crop.blockId);
        controller.abort();
      }
    }).rejects.toThrow();
    expect(seen).toHaveLength(1);
    await session.close();
  });

  it('refuses a file that is not a PDF', async () => {
    const notPdf = fx.pdfPath.replace(/pdfs\/.*$/, 'pdfs/PROVENANCE.md');
    await expect(new PdfJsRenderer({ threads: 1 }).open(notPdf)).rejects.toThrow(/Cannot open PDF/);
  });
});
