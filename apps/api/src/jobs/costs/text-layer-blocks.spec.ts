import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBlocksFile } from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';
import { autoTextLayerBlocks, noTextLayerBlocks } from './text-layer-blocks.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../../samples');

describe('autoTextLayerBlocks', () => {
  const count = autoTextLayerBlocks(createRenderer({ renderer: 'pdfjs', threads: 0 }));
  const pdfPath = path.join(SAMPLES, 'sample.pdf');

  async function sampleBlocks() {
    return parseBlocksFile(await readFile(path.join(SAMPLES, 'sample.blocks.json'))).blocks;
  }

  it('counts the sample text blocks whose layer holds real text, never an image block', async () => {
    const blocks = await sampleBlocks();
    const ids = await count({ pdfPath, blocks, engine: 'auto' });
    const byId = new Map(blocks.map((b) => [b.id, b]));
    expect(ids.size).toBeGreaterThan(0);
    expect(ids.size).toBeLessThan(blocks.length);
    for (const id of ids) expect(byId.get(id)?.block_type).not.toBe('image');
  });

  it('counts none for an engine that sends every block to its model', async () => {
    const blocks = await sampleBlocks();
    expect((await count({ pdfPath, blocks, engine: 'openrouter' })).size).toBe(0);
    expect((await noTextLayerBlocks({ pdfPath, blocks, engine: 'auto' })).size).toBe(0);
  });
});
