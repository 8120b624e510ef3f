import type { Block } from '../model/block.js';
import { NORM_TOLERANCE } from './block-geometry.js';
import { BlocksValidationError, type BlockIssue } from './blocks-validation.error.js';
import { checkBlocksAgainstPdf } from './validate-blocks.js';

const block = (over: Partial<Block> & Record<string, unknown> = {}): Block => ({
  id: 'b1',
  page_index: 0,
  coords_px: [100, 200, 300, 400],
  coords_norm: [0.1, 0.2, 0.3, 0.4],
  block_type: 'text',
  shape_type: 'rectangle',
  ...over,
});

const A4 = { width: 2480, height: 3508 };
const pdf = { pageCount: 2, pageSizes: [A4, A4] };

function issuesOf(blocks: unknown[], facts = pdf): BlockIssue[] {
  try {
    checkBlocksAgainstPdf(blocks, facts);
  } catch (e) {
    if (e instanceof BlocksValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

describe('checkBlocksAgainstPdf', () => {
  const square = [
    [10, 10],
    [100, 10],
    [100, 100],
  ] as Array<[number, number]>;
  it.each<[string, Block, string | null, RegExp | null]>([
    ['a block on the last page', block({ page_index: 1 }), null, null],
    [
      'page_index past the last page',
      block({ page_index: 2 }),
      'page_index',
      /page_index 2 is past the last page \(the PDF has 2 pages\)/,
    ],
    ['NaN coordinate', block({ coords_norm: [0.1, NaN, 0.3, 0.4] }), 'coords_norm', /finite/],
    [
      'Infinity coordinate',
      block({ coords_norm: [0.1, 0.2, Infinity, 0.4] }),
      'coords_norm',
      /finite/,
    ],
    ['wrong type', block({ page_index: '1' as unknown as number }), 'page_index', /integer/],
    [
      'box outside 0..1',
      block({ coords_norm: [0.1, 0.2, 0.3, 1.2] }),
      'coords_norm',
      /outside its page/,
    ],
    ['inverted box', block({ coords_norm: [0.5, 0.2, 0.3, 0.4] }), 'coords_norm', /inverted/],
    ['empty box', block({ coords_norm: [0.1, 0.4, 0.3, 0.4] }), 'coords_norm', /empty box/],
    [
      'polygon inside its page',
      block({ shape_type: 'polygon', polygon_points: square }),
      null,
      null,
    ],
    [
      'polygon off its page',
      block({ shape_type: 'polygon', polygon_points: [...square, [10, 4000]] }),
      'polygon_points',
      /outside its page \(2480×3508 px/,
    ],
  ])('%s', (_name, b, field, message) => {
    const issues = issuesOf([b]);
    if (field === null) return expect(issues).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ blockId: 'b1', index: 0, field })]);
    expect(issues[0].message).toMatch(message ?? /./);
  });

  it('clamps float noise into 0..1 and returns normalised copies', () => {
    const noisy = block({ coords_norm: [-NORM_TOLERANCE / 2, 0.2, 1 + 1e-6, 1 + NORM_TOLERANCE] });
    const [out] = checkBlocksAgainstPdf([noisy], pdf);
    expect(out.coords_norm).toEqual([0, 0.2, 1, 1]);
    expect(noisy.coords_norm[0]).toBeLessThan(0);
  });

  it('finds duplicate ids and every other problem in one error', () => {
    const issues = issuesOf([
      block(),
      block({ page_index: 5 }),
      block({ id: 'b2', coords_norm: [1, 1, 0, 0] }),
    ]);
    expect(issues.map((i) => [i.blockId, i.index, i.field])).toEqual([
      ['b1', 1, 'page_index'],
      ['b1', 1, 'id'],
      ['b2', 2, 'coords_norm'],
    ]);
  });

  it('checks polygons only when page sizes are known', () => {
    const far = block({
      shape_type: 'polygon',
      polygon_points: [
        [0, 0],
        [1, 0],
        [99999, 99999],
      ],
    });
    expect(issuesOf([far], { pageCount: 1 } as typeof pdf)).toEqual([]);
  });
});
