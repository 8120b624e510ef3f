import {
  itemSpan,
  maxPartHeight,
  planStrips,
  resolveStripLayout,
  stripHeight,
} from './strip-layout.js';

const layout = resolveStripLayout({ maxHeight: 1000, maxWidth: 800 });
/** Every item adds 48 (bar) + 2 × 20 (gaps) = 88 px to its crop's height. */
const SPAN = 88;

interface Row {
  name: string;
  items: Array<{ height: number; width?: number; partCount?: number }>;
  maxBlocks?: number;
  groups: number[][];
}

const rows: Row[] = [
  { name: 'nothing', items: [], groups: [] },
  { name: 'one small block', items: [{ height: 100 }], groups: [[0]] },
  {
    name: 'blocks that fit exactly share a strip',
    items: [{ height: 500 - SPAN }, { height: 500 - SPAN }],
    groups: [[0, 1]],
  },
  {
    name: 'one pixel over starts a new strip',
    items: [{ height: 500 - SPAN }, { height: 501 - SPAN }],
    groups: [[0], [1]],
  },
  {
    name: 'file order is kept (no bin packing)',
    items: [{ height: 600 }, { height: 600 }, { height: 50 }, { height: 50 }],
    groups: [[0], [1, 2, 3]],
  },
  {
    name: 'windows of a split block go alone, each',
    items: [
      { height: 100 },
      { height: 900, partCount: 2 },
      { height: 300, partCount: 2 },
      { height: 50 },
    ],
    groups: [[0], [1], [2], [3]],
  },
  {
    name: 'a crop taller than the limit goes alone',
    items: [{ height: 100 }, { height: 5000 }, { height: 100 }],
    groups: [[0], [1], [2]],
  },
  {
    name: 'wide crops are measured scaled to the width limit',
    items: [{ height: 1200, width: 1600 }, { height: 100 }],
    groups: [[0, 1]],
  },
  {
    name: 'the optional block cap',
    items: [{ height: 10 }, { height: 10 }, { height: 10 }],
    maxBlocks: 2,
    groups: [[0, 1], [2]],
  },
];

describe('planStrips', () => {
  it.each(rows)('$name', ({ items, maxBlocks, groups }) => {
    const own = maxBlocks ? resolveStripLayout({ ...layout, maxBlocks }) : layout;
    const sized = items.map((it, i) => ({
      i,
      width: it.width ?? 300,
      height: it.height,
      partCount: it.partCount ?? 1,
    }));
    const strips = planStrips(sized, own);
    expect(strips.map((s) => s.map((it) => it.i))).toEqual(groups);
    for (const strip of strips.filter((s) => s.length > 1)) {
      expect(stripHeight(strip, own)).toBeLessThanOrEqual(own.maxHeight);
    }
  });
});

describe('strip geometry', () => {
  it('gives the renderer a window height whose strip fits the limit', () => {
    const part = { width: 300, height: maxPartHeight(layout) };
    expect(itemSpan(part, layout)).toBe(layout.maxHeight);
  });

  it('defaults to the contract values (docs/contract.md §4)', () => {
    const d = resolveStripLayout();
    expect([d.maxHeight, d.gap]).toEqual([9000, 20]);
  });

  it('refuses a limit with no room for a crop', () => {
    expect(() => resolveStripLayout({ maxHeight: 80 })).toThrow(RangeError);
  });
});
