import { readdirSync } from 'node:fs';
import type { OcrDocument } from '../model/block.js';
import { fixturePath, readFixtureJson, readFixtureText } from './__fixtures__/shared-fixtures.js';
import { BlocksValidationError, type BlockIssue } from './blocks-validation.error.js';
import { parseBlocksFile } from './parse-blocks-file.js';

const block = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'b1',
  page_index: 0,
  coords_px: [100, 200, 300, 400],
  coords_norm: [0.1, 0.2, 0.3, 0.4],
  block_type: 'text',
  ...over,
});

function issuesOf(fn: () => unknown): BlockIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof BlocksValidationError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a BlocksValidationError');
}

describe('parseBlocksFile: accepted shapes', () => {
  it.each(readdirSync(fixturePath('pdfs', 'annotations')))(
    'flattens the fixture Document %s',
    (name) => {
      const doc = readFixtureJson('pdfs', 'annotations', name) as OcrDocument;
      const parsed = parseBlocksFile(JSON.stringify(doc));
      expect(parsed.format).toBe('document');
      expect(parsed.blocks.map((b) => b.id)).toEqual(
        doc.pages.flatMap((p) => p.blocks.map((b) => b.id)),
      );
      expect(parsed.pages.map((p) => [p.page_number, p.width, p.height])).toEqual(
        doc.pages.map((p) => [p.page_number, p.width, p.height]),
      );
      expect(parsed.pdfPath).toBe(doc.pdf_path);
    },
  );

  it.each([
    ['job_964d4af5_blocks_only', 'document', 7],
    ['job_6332f2f8_image_hint', 'document', 1],
    ['job_e4520c28_text', 'blocks-object', 1],
    ['job_a9daa6b7_table', 'blocks-object', 1],
    ['job_10fe0802_empty', 'document', 0],
  ])('reads rd-examples/%s/annotation.json as %s with %i blocks', (job, format, count) => {
    const parsed = parseBlocksFile(readFixtureText('rd-examples', job, 'annotation.json'));
    expect(parsed.format).toBe(format);
    expect(parsed.blocks).toHaveLength(count);
  });

  it('reads a flat array from bytes, with a BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF' + JSON.stringify([block()]));
    expect(parseBlocksFile(bytes)).toMatchObject({
      format: 'array',
      blocks: [{ id: 'b1' }],
      pages: [],
    });
  });

  it('keeps unknown fields, defaults the shape and keeps an unknown block_type aside', () => {
    const [b] = parseBlocksFile([
      block({ block_type: 'stamp', category: '', custom: { a: 1 } }),
    ]).blocks;
    expect(b).toMatchObject({
      block_type: 'text',
      original_block_type: 'stamp',
      shape_type: 'rectangle',
      category: '',
      custom: { a: 1 },
    });
  });

  it.each([
    ['TABLE', 'table', 'TABLE'],
    ['image', 'image', undefined],
    [' Text ', 'text', ' Text '],
  ])('block_type %j is read as %s', (input, type, original) => {
    const [b] = parseBlocksFile([block({ block_type: input })]).blocks;
    expect(b.block_type).toBe(type);
    expect(b.original_block_type).toBe(original);
  });

  it('fills page_index of Document blocks from their page and keeps page and top-level extras', () => {
    const doc = {
      pdf_path: 'x.pdf',
      version: 2,
      pages: [
        {
          page_number: 3,
          width: 2480,
          height: 3508,
          rotation: 90,
          blocks: [block({ page_index: undefined })],
        },
      ],
    };
    const parsed = parseBlocksFile(doc);
    expect(parsed.blocks[0].page_index).toBe(3);
    expect(parsed.pages).toEqual([{ page_number: 3, width: 2480, height: 3508, rotation: 90 }]);
    expect(parsed.extra).toEqual({ version: 2 });
  });
});

describe('parseBlocksFile: refused input', () => {
  const polygon = { shape_type: 'polygon' };
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['missing id', { id: undefined }, 'id', /id must be a string/],
    ['empty id', { id: '' }, 'id', /id must not be empty/],
    ['id with a slash', { id: '../etc/x' }, 'id', /id may hold only/],
    ['id with a space', { id: 'a b' }, 'id', /id may hold only/],
    ['negative page', { page_index: -1 }, 'page_index', /page_index must not be less than 0/],
    ['float page', { page_index: 1.5 }, 'page_index', /integer/],
    ['string page', { page_index: '0' }, 'page_index', /integer/],
    ['short box', { coords_norm: [0.1, 0.2, 0.3] }, 'coords_norm', /at least 4/],
    ['NaN in box', { coords_norm: [0.1, NaN, 0.3, 0.4] }, 'coords_norm', /finite/],
    ['Infinity in px', { coords_px: [1, 2, Infinity, 4] }, 'coords_px', /finite/],
    ['string in box', { coords_norm: ['0.1', 0.2, 0.3, 0.4] }, 'coords_norm', /finite/],
    ['box not an array', { coords_norm: '0.1,0.2,0.3,0.4' }, 'coords_norm', /array/],
    ['missing block_type', { block_type: undefined }, 'block_type', /string/],
    ['unknown shape', { shape_type: 'circle' }, 'shape_type', /rectangle" or "polygon/],
    ['polygon without points', polygon, 'polygon_points', /required for a polygon/],
    [
      'polygon of 2 points',
      {
        ...polygon,
        polygon_points: [
          [0, 0],
          [1, 1],
        ],
      },
      'polygon_points',
      /at least 3/,
    ],
    [
      'polygon bad point',
      { ...polygon, polygon_points: [[0, 0], [1], [2, 2]] },
      'polygon_points',
      /\[x, y\]/,
    ],
    ['hint not a string', { hint: 5 }, 'hint', /string/],
    ['prompt not an object', { prompt: 'read it' }, 'prompt', /system\?/],
    ['prompt user not a string', { prompt: { user: 1 } }, 'prompt', /system\?/],
    [
      'box outside the page',
      { coords_norm: [0.1, 0.2, 1.01, 0.4] },
      'coords_norm',
      /outside its page/,
    ],
    ['negative box', { coords_norm: [-0.01, 0.2, 0.3, 0.4] }, 'coords_norm', /outside its page/],
    ['inverted box', { coords_norm: [0.3, 0.2, 0.1, 0.4] }, 'coords_norm', /inverted \(x1 > x2\)/],
    ['inverted y', { coords_norm: [0.1, 0.4, 0.3, 0.2] }, 'coords_norm', /inverted \(y1 > y2\)/],
    ['empty box', { coords_norm: [0.1, 0.2, 0.1, 0.4] }, 'coords_norm', /empty box/],
  ])('%s', (_name, over, field, message) => {
    const issues = issuesOf(() =>
      parseBlocksFile([block({ id: 'ok' }), block({ id: 'bad', ...over })]),
    );
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue).toMatchObject({ index: 1, field });
    expect(issues.map((i) => i.message).join(' | ')).toMatch(message);
  });

  it('lists every bad block at once, with ids and reasons, in one error', () => {
    const err = (() => {
      try {
        parseBlocksFile([
          block({ id: 'a', page_index: -1 }),
          block({ id: 'ok' }),
          block({ id: 'a' }),
          'junk',
        ]);
      } catch (e) {
        return e as BlocksValidationError;
      }
      throw new Error('no error');
    })();
    expect(err.code).toBe('invalid_blocks');
    expect(err.issues.map((i) => [i.blockId, i.index, i.field])).toEqual([
      ['a', 0, 'page_index'],
      ['a', 2, 'id'],
      [null, 3, ''],
    ]);
    expect(err.message).toContain('block "a" (#0): page_index must not be less than 0');
    expect(err.message).toContain('block "a" (#2): id is a duplicate of block #0');
    expect(err.message).toContain('block without id (#3): a block must be a JSON object');
    expect(err.toJSON()).toEqual({ detail: err.message, code: 'invalid_blocks' });
  });

  it('caps the message but keeps every issue', () => {
    const many = Array.from({ length: 30 }, (_, i) => block({ id: `b${i}`, page_index: -1 }));
    const err = (() => {
      try {
        parseBlocksFile(many);
      } catch (e) {
        return e as BlocksValidationError;
      }
      throw new Error('no error');
    })();
    expect(err.issues).toHaveLength(30);
    expect(err.message).toMatch(/and 10 more$/);
  });

  it.each<[string, unknown, RegExp]>([
    ['invalid JSON', '[{"id": ', /not valid JSON/],
    ['a number', 42, /expected a JSON array/],
    ['an object without pages or blocks', { foo: [] }, /expected a JSON array/],
    ['pages not an array', { pdf_path: 'a.pdf', pages: {} }, /pages must be an array/],
    ['a page without size', { pages: [{ page_number: 0, blocks: [] }] }, /pages\[0\]: width/],
    [
      'a page twice',
      { pages: [0, 0].map((n) => ({ page_number: n, width: 1, height: 1, blocks: [] })) },
      /appears twice/,
    ],
    [
      'a block on the wrong page',
      { pages: [{ page_number: 1, width: 9, height: 9, blocks: [block({ page_index: 2 })] }] },
      /page_index 2 differs from its page's page_number 1/,
    ],
  ])('refuses %s', (_name, input, message) => {
    expect(
      issuesOf(() => parseBlocksFile(input))
        .map((i) => i.message)
        .join(' | '),
    ).toMatch(message);
  });
});
