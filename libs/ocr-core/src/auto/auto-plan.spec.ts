import type { GreyImage, WordBox } from '../tables/table.types.js';
import { planAutoBlock, planAutoBlocks } from './auto-plan.js';
import { inkCoverage } from './ink-coverage.js';

/** A white image with a dark rectangle "glyph" under each word box. */
function inked(
  width: number,
  height: number,
  boxes: ReadonlyArray<Omit<WordBox, 'text'>>,
): GreyImage {
  const data = new Uint8Array(width * height).fill(255);
  for (const b of boxes)
    for (let y = b.y0 + 4; y < b.y1 - 4; y++)
      data.fill(20, y * width + b.x0 + 2, y * width + b.x1 - 2);
  return { width, height, data };
}

const WORDS: WordBox[] = [
  { text: 'Trace-based', x0: 10, y0: 10, x1: 150, y1: 40 },
  { text: 'compilation', x0: 160, y0: 10, x1: 300, y1: 40 },
  { text: 'works', x0: 10, y0: 50, x1: 90, y1: 80 },
];
const TEXT = 'Trace-based compilation\nworks';

describe('inkCoverage', () => {
  it('counts ink outside the word boxes and words without ink', () => {
    const image = inked(320, 200, [...WORDS, { x0: 20, y0: 120, x1: 200, y1: 190 }]);
    const ink = inkCoverage(image, WORDS, { horizontal: [], vertical: [] });
    expect(ink.uncoveredShare).toBeGreaterThan(0.3);
    expect(ink.inklessWordShare).toBe(0);
    const hidden = inkCoverage(inked(320, 200, WORDS.slice(0, 1)), WORDS, {
      horizontal: [],
      vertical: [],
    });
    expect(hidden.inklessWordShare).toBeCloseTo(2 / 3);
  });
});

describe('planAutoBlock', () => {
  it('reads a text block whose words cover the ink from the text layer', () => {
    const plan = planAutoBlock({
      blockType: 'text',
      textLayer: TEXT,
      words: WORDS,
      image: inked(320, 100, WORDS),
    });
    expect(plan).toEqual({ source: 'text_layer', text: TEXT, table: false });
  });

  it('sends text drawn as paths (ink the layer misses) to the model', () => {
    const drawn = inked(320, 200, [...WORDS, { x0: 20, y0: 110, x1: 300, y1: 190 }]);
    const plan = planAutoBlock({ blockType: 'text', textLayer: TEXT, words: WORDS, image: drawn });
    expect(plan).toMatchObject({ source: 'model', reason: expect.stringMatching(/ink outside/) });
  });

  it('sends invisible text (a layer over a scan the page does not show) to the model', () => {
    const plan = planAutoBlock({
      blockType: 'text',
      textLayer: TEXT,
      words: WORDS,
      image: inked(320, 100, []),
    });
    expect(plan).toMatchObject({ source: 'model', reason: expect.stringMatching(/without ink/) });
  });

  it('sends scans, image blocks and split blocks to the model', () => {
    const image = inked(320, 100, WORDS);
    expect(planAutoBlock({ blockType: 'text', textLayer: '', words: [], image }).source).toBe(
      'model',
    );
    expect(planAutoBlock({ blockType: 'image', textLayer: TEXT, words: WORDS, image }).source).toBe(
      'model',
    );
    expect(
      planAutoBlock({ blockType: 'text', textLayer: TEXT, words: WORDS, image, partCount: 2 })
        .source,
    ).toBe('model');
  });

  it('reads a table only when its words form a grid', () => {
    const cells: WordBox[] = [
      { text: 'Item', x0: 10, y0: 10, x1: 60, y1: 40 },
      { text: 'Qty', x0: 200, y0: 10, x1: 240, y1: 40 },
      { text: 'Bolt', x0: 10, y0: 50, x1: 60, y1: 80 },
      { text: '4', x0: 200, y0: 50, x1: 215, y1: 80 },
    ];
    const plan = planAutoBlock({
      blockType: 'table',
      textLayer: 'Item Qty\nBolt 4',
      words: cells,
      image: inked(260, 100, cells),
    });
    expect(plan).toEqual({
      source: 'text_layer',
      text: '| Item | Qty |\n| --- | --- |\n| Bolt | 4 |',
      table: true,
    });
    const prose = planAutoBlock({
      blockType: 'table',
      textLayer: TEXT,
      words: WORDS.slice(0, 1),
      image: inked(320, 100, WORDS.slice(0, 1)),
    });
    expect(prose.source).toBe('model');
  });

  it('counts a job for the estimate from text layers alone', () => {
    const blocks = [
      { id: 'a', block_type: 'text' },
      { id: 'b', block_type: 'text' },
      { id: 'c', block_type: 'table' },
      { id: 'd', block_type: 'image' },
    ];
    const layers = new Map([
      ['a', TEXT],
      ['c', TEXT],
      ['d', TEXT],
    ]);
    expect(planAutoBlocks(blocks, layers)).toEqual({ textLayer: 1, model: 3 });
  });
});
