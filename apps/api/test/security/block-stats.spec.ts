import { jest } from '@jest/globals';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Stack } from '../e2e/stack.js';
import { goodBlocks, sha256, textPdf } from './pdf-samples.js';

jest.setTimeout(120_000);

/**
 * Issue 14 item 6: `GET /jobs/{id}/details` reads block statistics stored at intake; it no longer
 * reads (and re-validates) blocks.json on every call. Shown by removing blocks.json from the store:
 * the statistics still answer, from the row written when the blocks were accepted.
 */
describe('block statistics are stored once at intake (built api, disk store)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ storage: 'disk', workers: 0 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const blocksFile = (blocks: unknown) =>
    new Blob([JSON.stringify(blocks)], { type: 'application/json' });

  it('answers details from the stored counts, also after a restart with new blocks', async () => {
    const pdf = await textPdf(2);
    const blocks = goodBlocks();
    blocks[1] = { ...blocks[1], block_type: 'image' };
    const form = new FormData();
    form.append('client_id', 'stats');
    form.append('document_id', sha256(pdf));
    form.append('document_name', 'stats.pdf');
    form.append('pdf', new Blob([Buffer.from(pdf)], { type: 'application/pdf' }), 'a.pdf');
    form.append('blocks_file', blocksFile(blocks), 'blocks.json');
    const created = await stack.client.request('POST', '/jobs', form);
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(await stack.query('select total, text_count, image_count from job_block_stats')).toEqual(
      [{ total: 2, text_count: 1, image_count: 1 }],
    );

    await rm(path.join(stack.dataDir, 'objects', 'ocr_jobs', id, 'blocks.json'));
    const details = await stack.client.request('GET', `/jobs/${id}/details`);
    expect(details.body.block_stats).toEqual({ total: 2, text: 1, table: 0, image: 1, grouped: 1 });

    await stack.client.request('POST', `/jobs/${id}/pause`);
    const restart = new FormData();
    restart.append('blocks_file', blocksFile([{ ...blocks[0], block_type: 'table' }]), 'b.json');
    expect((await stack.client.request('POST', `/jobs/${id}/restart`, restart)).status).toBe(200);
    const after = await stack.client.request('GET', `/jobs/${id}/details`);
    expect(after.body.block_stats).toEqual({ total: 1, text: 0, table: 1, image: 0, grouped: 1 });
  });
});
