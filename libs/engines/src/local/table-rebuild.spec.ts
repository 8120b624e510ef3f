// Table rebuild on real ruled tables (docs/auto-engine.md, "Tables"): the crop and word boxes
// from the production renderer, the grid from ocr-core, checked cell by cell against texts read
// by eye (libs/testing `ruledTables`).
import {
  buildTableGrid,
  findRulingLines,
  greyOf,
  planAutoBlock,
  renderTable,
  type Block,
  type BlockCrop,
} from '@remote-ocr/ocr-core';
import { cellAccuracy, ruledTables } from '@remote-ocr/testing';
import { PdfiumRenderer } from '@remote-ocr/render';
import { LocalEngine } from './local.engine.js';

const renderer = new PdfiumRenderer({ threads: 0 });

async function cropOf(pdf: string, block: Block): Promise<BlockCrop> {
  const session = await renderer.open(pdf);
  try {
    const options = {
      dpi: 300,
      paddingPx: 5,
      maxHeight: 9000,
      overlapPx: 100,
      raw: true,
      textWords: true,
    };
    for await (const crop of session.crop([block], options)) return crop;
    throw new Error('no crop');
  } finally {
    await session.close();
  }
}

describe('table rebuild on ruled tables', () => {
  it.each(ruledTables().map((t) => [t.name, t] as const))('%s', async (_, table) => {
    const block = {
      id: 'table',
      page_index: table.page_index,
      coords_norm: table.coords_norm,
      coords_px: [0, 0, 1, 1],
      block_type: 'table',
      shape_type: 'rectangle',
    } as Block;
    const crop = await cropOf(table.pdf, block);
    const image = await greyOf(renderer.stripImages, crop.parts[0]);
    const rulings = findRulingLines(image);
    const grid = buildTableGrid(crop.words ?? [], rulings);
    expect(grid).toMatchObject({
      rows: table.cells.length,
      cols: table.cells[0].length,
      rowsFrom: 'rulings',
      colsFrom: 'rulings',
    });
    expect(cellAccuracy(grid, table.cells)).toBe(1);
    const markdown = renderTable(grid!);
    expect(markdown.split('\n')[0]).toBe(`| ${table.cells[0].join(' | ')} |`);
    // auto reads such a table from the text layer: words cover the ink, the grid holds
    const plan = planAutoBlock({
      blockType: 'table',
      textLayer: crop.textLayer,
      words: crop.words,
      image,
    });
    expect(plan).toEqual({ source: 'text_layer', text: markdown, table: true });
  });

  it('the local engine answers a TABLE block with the rebuilt table', async () => {
    const [table] = ruledTables();
    const block = {
      id: 'table',
      page_index: table.page_index,
      coords_norm: table.coords_norm,
      coords_px: [0, 0, 1, 1],
      block_type: 'table',
      shape_type: 'rectangle',
    } as Block;
    const crop = await cropOf(table.pdf, block);
    const image = await greyOf(renderer.stripImages, crop.parts[0]);
    const engine = new LocalEngine({ workers: 1 });
    const hints = { words: crop.words ?? [], rulings: findRulingLines(image) };
    const request = (withTable: boolean) => ({
      kind: 'strip' as const,
      image: new Uint8Array(0),
      mimeType: 'image/png' as const,
      system: '',
      user: '',
      blocks: [
        {
          id: 'table',
          marker: 'table',
          index: 1,
          textLayer: crop.textLayer,
          crop: new Uint8Array(0),
          table: withTable ? hints : undefined,
        },
      ],
    });
    const answer = await engine.recognize(request(true));
    expect(answer.text).toBe(`[1] ${renderTable(buildTableGrid(hints.words, hints.rulings)!)}`);
    expect(answer.text).toContain('| 2 | Дверь ДН-2 900×2100 | 4 |');
    // without hints (an engine call that is not a TABLE block) the plain text layer, as before
    expect((await engine.recognize(request(false))).text).toBe(`[1] ${crop.textLayer.trim()}`);
    await engine.close();
  });
});
