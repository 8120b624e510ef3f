import type { Block } from '../model/block.js';
import { buildAnnotationDocument, type BlockOutcome } from './annotation-document.js';
import { readFixtureText } from './__fixtures__/shared-fixtures.js';
import { parseBlocksFile } from './parse-blocks-file.js';

const block = (id: string, page: number, over: Record<string, unknown> = {}): Block => ({
  id,
  page_index: page,
  coords_px: [0, 0, 10, 10],
  coords_norm: [0, 0, 0.1, 0.1],
  block_type: 'text',
  shape_type: 'rectangle',
  ...over,
});

const done = (blockId: string, text: string): BlockOutcome => ({
  blockId,
  status: 'done',
  text,
  engine: 'openrouter',
  model: 'qwen/qwen3-vl-30b-a3b-instruct',
});

describe('buildAnnotationDocument', () => {
  it('keeps only pages with blocks, fills outcomes and never writes errors as text', () => {
    const doc = buildAnnotationDocument({
      blocks: [
        block('a', 2),
        block('b', 0, { source: 'user', ocr_text: 'old' }),
        block('c', 2),
        block('d', 2),
      ],
      outcomes: [
        done('a', 'Hello'),
        {
          blockId: 'b',
          status: 'failed',
          text: 'HTTP 500 from engine',
          error: 'HTTP 500 from engine',
          engine: 'openrouter',
        },
        done('c', ''),
      ],
      pageSizes: [{ width: 2480, height: 3508 }, undefined, { width: 7016.4, height: 9933 }],
    });
    expect(doc.pdf_path).toBe('document.pdf');
    expect(
      doc.pages.map((p) => [p.page_number, p.width, p.height, p.blocks.map((b) => b.id)]),
    ).toEqual([
      [0, 2480, 3508, ['b']],
      [2, 7016, 9933, ['a', 'c', 'd']],
    ]);
    const [b] = doc.pages[0].blocks;
    expect(b).toMatchObject({
      source: 'user',
      ocr_text: null,
      ocr_status: 'failed',
      ocr_error: 'HTTP 500 from engine',
    });
    const [a, c, d] = doc.pages[1].blocks;
    expect(a).toMatchObject({
      ocr_text: 'Hello',
      ocr_status: 'done',
      ocr_error: null,
      ocr_engine: 'openrouter',
    });
    expect(a.ocr_model).toBe('qwen/qwen3-vl-30b-a3b-instruct');
    expect(c).toMatchObject({ ocr_text: '', ocr_status: 'done' });
    expect(d).toMatchObject({ ocr_text: null, ocr_status: 'pending', ocr_engine: null });
  });

  it('takes page sizes and extras from the input Document and writes back the client block_type', () => {
    const parsed = parseBlocksFile({
      pdf_path: 'C:/x.pdf',
      app: 'editor',
      pages: [
        { page_number: 0, width: 100, height: 200, blocks: [] },
        {
          page_number: 1,
          width: 300,
          height: 400,
          scale: 2,
          blocks: [block('x', 1, { block_type: 'Stamp' })],
        },
      ],
    });
    expect(parsed.blocks[0]).toMatchObject({ block_type: 'text', original_block_type: 'Stamp' });
    const doc = buildAnnotationDocument({
      blocks: parsed.blocks,
      outcomes: [done('x', 'T')],
      pages: parsed.pages,
      pageSizes: [undefined, { width: 1, height: 1 }],
      pdfPath: parsed.pdfPath,
      extra: parsed.extra,
    });
    expect(doc).toMatchObject({ pdf_path: 'C:/x.pdf', app: 'editor' });
    expect(doc.pages).toHaveLength(1);
    expect(doc.pages[0]).toMatchObject({ page_number: 1, width: 300, height: 400, scale: 2 });
    expect(doc.pages[0].blocks[0].block_type).toBe('Stamp');
    expect(doc.pages[0].blocks[0]).not.toHaveProperty('original_block_type');
  });

  it('round-trips the rd-examples text job into a Document', () => {
    const parsed = parseBlocksFile(
      readFixtureText('rd-examples', 'job_e4520c28_text', 'annotation.json'),
    );
    const doc = buildAnnotationDocument({
      blocks: parsed.blocks,
      outcomes: [done(parsed.blocks[0].id, 'recognised')],
      pageSizes: [{ width: 7016, height: 4961 }],
    });
    const reparsed = parseBlocksFile(JSON.stringify(doc));
    expect(reparsed.format).toBe('document');
    expect(reparsed.blocks[0]).toMatchObject({
      id: parsed.blocks[0].id,
      category: '',
      ocr_text: 'recognised',
    });
  });

  it('refuses a page whose size is unknown', () => {
    expect(() => buildAnnotationDocument({ blocks: [block('a', 4)], outcomes: [] })).toThrow(
      /page_index 4/,
    );
  });
});
