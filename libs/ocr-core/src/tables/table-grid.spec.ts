import { findRulingLines } from './ruling-lines.js';
import { buildTableGrid } from './table-grid.js';
import { renderTable, tableHtml, tableMarkdown } from './table-render.js';
import type { GreyImage, RulingLines, WordBox } from './table.types.js';

const NO_RULINGS: RulingLines = { horizontal: [], vertical: [] };

/** Words laid out as a table: `rows` of cell texts, each cell `cellW` wide, lines 40 px apart. */
function layout(rows: string[][], cellW = 200, x = 10, y = 10): WordBox[] {
  return rows.flatMap((cells, r) =>
    cells.flatMap((text, c) =>
      text === ''
        ? []
        : [
            {
              text,
              x0: x + c * cellW + 8,
              y0: y + r * 40 + 8,
              x1: x + c * cellW + 8 + text.length * 12,
              y1: y + r * 40 + 32,
            },
          ],
    ),
  );
}

/** A white image with 2 px black rules at rows `ys` and columns `xs`, except where `skip` says. */
function ruled(
  width: number,
  height: number,
  ys: number[],
  xs: number[],
  skip: (x: number, y: number) => boolean = () => false,
): GreyImage {
  const data = new Uint8Array(width * height).fill(255);
  const ink = (x: number, y: number): void => {
    if (!skip(x, y)) data[y * width + x] = 0;
  };
  for (const y of ys) for (let x = 0; x < width; x++) [y, y + 1].forEach((row) => ink(x, row));
  for (const x of xs) for (let y = 0; y < height; y++) [x, x + 1].forEach((col) => ink(col, y));
  return { width, height, data };
}

describe('findRulingLines', () => {
  it('finds long thin rules and ignores short strokes and filled areas', () => {
    const image = ruled(400, 200, [10, 100], [50]);
    // a 30 px stroke (a letter's bar) and a 40 px tall filled box
    for (let x = 200; x < 230; x++) image.data[50 * 400 + x] = 0;
    for (let y = 120; y < 160; y++) image.data.fill(0, y * 400 + 300, y * 400 + 380);
    const lines = findRulingLines(image);
    expect(lines.horizontal.map((h) => [h.pos, h.from, h.to])).toEqual([
      [10.5, 0, 400],
      [100.5, 0, 400],
    ]);
    expect(lines.vertical.map((v) => v.pos)).toEqual([50.5]);
  });
});

describe('buildTableGrid', () => {
  it('rebuilds an unruled table from text lines and white-space columns', () => {
    const words = layout([
      ['Item', 'Qty', 'Price'],
      ['Bolt', '4', '1.20'],
      ['Nut', '8', '0.40'],
    ]);
    const grid = buildTableGrid(words, NO_RULINGS);
    expect(grid).toMatchObject({ rows: 3, cols: 3, rowsFrom: 'text', colsFrom: 'text' });
    expect(tableMarkdown(grid!)).toBe(
      [
        '| Item | Qty | Price |',
        '| --- | --- | --- |',
        '| Bolt | 4 | 1.20 |',
        '| Nut | 8 | 0.40 |',
      ].join('\n'),
    );
  });

  it('keeps a multi-word cell together and splits at wide gaps only', () => {
    const words = [
      ...layout([
        ['Hex', '', 'M8'],
        ['Washer', '', 'M6'],
      ]),
      { text: 'bolt', x0: 70, y0: 18, x1: 118, y1: 42 }, // "Hex bolt": one space after "Hex"
    ];
    const grid = buildTableGrid(words, NO_RULINGS)!;
    expect(grid.cols).toBe(2);
    expect(grid.cells.find((c) => c.row === 0 && c.col === 0)?.text).toBe('Hex bolt');
  });

  it('uses ruling lines for rows, so a two-line cell stays one cell', () => {
    const words = layout([
      ['Name', 'Note'],
      ['Shaft', 'hardened'],
      ['', 'and ground'],
      ['Key', 'none'],
    ]);
    const image = ruled(430, 190, [5, 48, 128, 168], [5, 208, 420]);
    const grid = buildTableGrid(words, findRulingLines(image))!;
    expect(grid).toMatchObject({ rows: 3, cols: 2, rowsFrom: 'rulings', colsFrom: 'rulings' });
    expect(grid.cells.find((c) => c.row === 1 && c.col === 1)?.text).toBe('hardened\nand ground');
    expect(renderTable(grid)).toContain('| Shaft | hardened and ground |');
  });

  it('gives a header spanning two ruled columns a colspan, written as HTML', () => {
    const words = [
      { text: 'Dimensions', x0: 240, y0: 18, x1: 380, y1: 42 },
      ...layout([[''], ['Part', 'Width', 'Height'], ['Plate', '120', '80']]),
    ];
    words.push({ text: 'Part', x0: 18, y0: 18, x1: 66, y1: 42 });
    // the vertical rule between Width and Height stops below the header row
    const image = ruled(
      620,
      140,
      [5, 48, 88, 128],
      [5, 208, 408, 610],
      (x, y) => x >= 408 && x <= 409 && y < 48,
    );
    const grid = buildTableGrid(words, findRulingLines(image))!;
    const header = grid.cells.find((c) => c.text === 'Dimensions');
    expect(header).toMatchObject({ row: 0, col: 1, colSpan: 2, rowSpan: 1 });
    const html = renderTable(grid);
    expect(html).toContain('<td colspan="2">Dimensions</td>');
    expect(html.startsWith('<table>')).toBe(true);
  });

  it('is null for text in two columns and for scattered labels', () => {
    const prose = [
      ['Dynamic languages such as JavaScript', 'We implemented these techniques for'],
      ['are popular with programmers because', 'an existing interpreter, and we call'],
      ['they are easy to write and to run', 'the resulting tracing VM TraceMonkey'],
    ];
    expect(buildTableGrid(layout(prose, 700), NO_RULINGS)).toBeNull();
    const labels = layout([
      ['A1', '', '', ''],
      ['', '', 'B2', ''],
      ['', '', '', ''],
      ['C3', '', '', 'D4'],
    ]);
    expect(buildTableGrid(labels, NO_RULINGS)).toBeNull();
  });

  it('is null for a paragraph (one column) or too few words', () => {
    const para = layout(
      [['Lorem ipsum dolor'], ['sit amet consectetur'], ['adipiscing elit sed']],
      600,
    );
    expect(buildTableGrid(para, NO_RULINGS)).toBeNull();
    expect(buildTableGrid(layout([['a', 'b']]), NO_RULINGS)).toBeNull();
  });

  it('escapes pipes in markdown and markup in HTML', () => {
    const grid = {
      rows: 2,
      cols: 2,
      rowsFrom: 'text' as const,
      colsFrom: 'text' as const,
      cells: [
        { row: 0, col: 0, rowSpan: 1, colSpan: 1, text: 'a|b' },
        { row: 0, col: 1, rowSpan: 1, colSpan: 1, text: 'c' },
        { row: 1, col: 0, rowSpan: 1, colSpan: 2, text: '<x> & y' },
      ],
    };
    expect(tableMarkdown({ ...grid, cells: grid.cells.slice(0, 2) })).toContain('| a\\|b | c |');
    expect(tableHtml(grid)).toContain('<td colspan="2">&lt;x&gt; &amp; y</td>');
  });
});
