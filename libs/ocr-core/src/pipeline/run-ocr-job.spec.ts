import JSZip from 'jszip';
import { FAKE_PDF, makeBlock } from './__fixtures__/memory-ports.js';
import { pipelineHarness } from './__fixtures__/harness.js';
import { ScriptedEngine } from './__fixtures__/scripted-engine.js';
import { RAW_GREY } from './__fixtures__/fake-renderer.js';
import { decodePng } from '../strips/__fixtures__/png.js';
import type { OcrDocument } from '../model/block.js';
import type { OcrRequest } from '../ports/ocr-engine.port.js';

/** 100 px blocks: 110 px crops, 198 px on a strip, so three fit under 600. */
const settings = { stripMaxHeight: 600, concurrency: 2 };
const blocks = () => [
  makeBlock('t1'),
  makeBlock('t2'),
  makeBlock('t3'),
  makeBlock('t4'),
  makeBlock('t5'),
  makeBlock('tb1', { block_type: 'table' }),
  makeBlock('img1', { block_type: 'image', hint: 'a plan' }),
];

describe('runPipeline', () => {
  let cleanups: Array<() => Promise<void>> = [];
  const harness = async (...args: Parameters<typeof pipelineHarness>) => {
    const h = await pipelineHarness(...args);
    cleanups.push(h.cleanup);
    return h;
  };
  afterEach(async () => {
    await Promise.all(cleanups.map((c) => c()));
    cleanups = [];
  });

  it('reads every block and publishes the results', async () => {
    const h = await harness(blocks(), { settings });
    const engine = new ScriptedEngine();
    const summary = await h.run(engine);

    expect(summary).toEqual({
      blocksTotal: 7,
      done: 7,
      failed: 0,
      engineCalls: 3,
      resendCalls: 0,
      errorMessage: null,
    });
    // Strips and images are recognised at once (run-pipeline.ts): the calls, in any order.
    expect(
      engine
        .blockIds()
        .map((ids) => ids.join())
        .sort(),
    ).toEqual(['img1', 't1,t2,t3', 't4,t5,tb1']);
    expect(h.checkpoints.get('t4')).toMatchObject({
      status: 'done',
      text: 'text of t4',
      engine: 'scripted',
    });
    expect(h.checkpoints.get('img1')?.text).toContain('image img1');
    expect([...h.sink.objects.keys()].sort()).toEqual(
      ['annotation.json', 'crops/image_img1.pdf', 'result.md', 'result.zip'].sort(),
    );
    const markdown = h.sink.text('result.md');
    expect(markdown).toContain('[[[BLOCK_ID: tb1]]]\n\ntext of tb1');
    expect(markdown).toContain('"uri": "crops/image_img1.pdf"');
    expect(markdown).toContain('"description": "image img1"');
    expect(markdown).toContain('"raw_pdfplumber_text": "text of img1"');
    const annotation = JSON.parse(h.sink.text('annotation.json')) as OcrDocument;
    const texts = annotation.pages.flatMap((p) => p.blocks.map((b) => b.ocr_text));
    expect(texts).toContain('text of t1');

    const zip = await JSZip.loadAsync(h.sink.objects.get('result.zip')!.body);
    expect(Object.keys(zip.files).sort()).toEqual(
      ['annotation.json', 'crops/', 'crops/image_img1.pdf', 'document.pdf', 'result.md'].sort(),
    );
    expect(await zip.file('document.pdf')!.async('uint8array')).toEqual(FAKE_PDF);
    expect(h.renderer.closed).toBe(1);
  });

  it('reports progress through the contract bands (docs/contract.md §4), never going back', async () => {
    const h = await harness(blocks(), { settings });
    await h.run();
    const values = h.progress.updates.map((u) => u.progress);
    expect(values[0]).toBe(0.05);
    expect(values.at(-1)).toBe(1);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const ocr = h.progress.updates.filter((u) => u.stage === 'ocr').map((u) => u.progress);
    expect(Math.min(...ocr)).toBeGreaterThan(0.1);
    expect(Math.max(...ocr)).toBeCloseTo(0.9);
    expect(h.progress.updates.at(-1)).toMatchObject({
      stage: 'done',
      blocksDone: 7,
      blocksFailed: 0,
    });
  });

  it('records engine errors as failed blocks, never as text, and redoes only them', async () => {
    const h = await harness(blocks(), { settings });
    const failing = new ScriptedEngine('scripted', (req) =>
      req.blocks.some((b) => b.id === 't2') ? new Error('HTTP 503 upstream') : echoText(req),
    );
    const first = await h.run(failing);
    expect(first).toMatchObject({ done: 4, failed: 3, errorMessage: '3 of 7 blocks failed' });
    expect(h.checkpoints.get('t2')).toMatchObject({ status: 'failed', text: '' });
    expect(h.checkpoints.get('t2')?.error).toContain('HTTP 503 upstream');
    expect(h.sink.text('result.md')).not.toContain('HTTP 503');
    const annotation = JSON.parse(h.sink.text('annotation.json')) as OcrDocument;
    const t2 = annotation.pages.flatMap((p) => p.blocks).find((b) => b.id === 't2');
    expect(t2).toMatchObject({ ocr_text: null, ocr_status: 'failed' });

    const retry = new ScriptedEngine();
    const second = await h.run(retry);
    expect(retry.blockIds()).toEqual([['t1', 't2', 't3']]);
    expect(second).toMatchObject({ done: 7, failed: 0, engineCalls: 1, errorMessage: null });
    expect(h.sink.text('result.md')).toContain('text of t2');
  });

  it('skips blocks whose checkpoint is done', async () => {
    const earlier = ['t1', 't2', 't3', 't4', 'img1'].map((blockId) => ({
      blockId,
      part: 0,
      status: 'done' as const,
      text: `earlier ${blockId}`,
    }));
    const h = await harness(blocks(), { settings, checkpoints: earlier });
    const engine = new ScriptedEngine();
    const summary = await h.run(engine);
    expect(engine.blockIds()).toEqual([['t5', 'tb1']]);
    expect(h.renderer.croppedIds).toEqual(['t5', 'tb1']);
    expect(summary).toMatchObject({ done: 7, engineCalls: 1 });
    expect(h.sink.text('result.md')).toContain('earlier t1');
    expect(h.sink.objects.has('crops/image_img1.pdf')).toBe(true);
    // The image was not cropped by this run: its text layer for the results is read apart.
    expect(h.renderer.textLayerReads).toEqual(['img1']);
  });

  it('takes image text layers for the results from the crops it made', async () => {
    const h = await harness(blocks(), { settings });
    await h.run(new ScriptedEngine());
    expect(h.renderer.croppedIds).toContain('img1');
    expect(h.renderer.textLayerReads).toEqual([]);
    expect(h.sink.objects.has('crops/image_img1.pdf')).toBe(true);
  });

  it('never gives an unsplittable answer to one block: re-sends in halves down to single blocks', async () => {
    const h = await harness(blocks().slice(0, 3), {
      settings: { ...settings, resendsPerBlock: 2 },
    });
    const script = (r: OcrRequest): string =>
      r.blocks.length > 1 ? 'no markers at all' : `alone: ${r.blocks[0].id}`;
    const summary = await h.run(new ScriptedEngine('scripted', script));
    for (const id of ['t1', 't2', 't3']) {
      expect(h.checkpoints.get(id)).toMatchObject({
        status: 'done',
        text: `alone: ${id}`,
        readMethod: 'single',
        flags: ['resplit'],
      });
    }
    // [t1 t2 t3] → halves [t1 t2] and [t3] → [t1 t2] again unsplittable → [t1] and [t2].
    expect(summary).toMatchObject({ done: 3, failed: 0, engineCalls: 5, resendCalls: 4 });
  });

  it('frees raw crops once their strip is encoded and crops them again for a re-send', async () => {
    const h = await harness(blocks().slice(0, 3), {
      settings: { ...settings, resendsPerBlock: 2 },
    });
    h.renderer.rawPixels = true;
    const script = (r: OcrRequest): string =>
      r.blocks.length > 1 ? 'no markers at all' : `alone: ${r.blocks[0].id}`;
    const engine = new ScriptedEngine('scripted', script);
    const summary = await h.run(engine);
    expect(summary).toMatchObject({ done: 3, failed: 0, engineCalls: 5, resendCalls: 4 });
    // The first strip's crops were cropped once; each re-send cropped its blocks again.
    expect(h.renderer.croppedIds.filter((id) => id === 't3')).toHaveLength(2);
    expect(h.renderer.croppedIds.filter((id) => id === 't1')).toHaveLength(3);
    // Every strip sent, re-sends too, shows its crops' pixels (the fake's raw grey), not paper.
    for (const request of engine.requests) {
      const strip = await decodePng(request.image);
      const cropRow = 48 + 20 + 50; // under the first bar and gap, inside the first crop
      expect(strip.at(Math.floor(strip.width / 2), cropRow)).toEqual([
        RAW_GREY,
        RAW_GREY,
        RAW_GREY,
      ]);
    }
  });

  it('fails what it cannot split once the job has no re-sends left', async () => {
    const h = await harness(blocks().slice(0, 3), {
      settings: { ...settings, resendsPerBlock: 0 },
    });
    const summary = await h.run(new ScriptedEngine('scripted', () => 'no markers at all'));
    for (const id of ['t1', 't2', 't3']) {
      expect(h.checkpoints.get(id)).toMatchObject({ status: 'failed', text: '' });
      expect(h.checkpoints.get(id)?.error).toMatch(/no section for block .*no re-sends left/);
    }
    expect(summary).toMatchObject({ done: 0, failed: 3, resendCalls: 0 });
  });

  it('gives a one-block strip the whole answer', async () => {
    const h = await harness([makeBlock('solo')], { settings });
    await h.run(new ScriptedEngine('scripted', () => 'Plain answer\nwith two lines'));
    expect(h.checkpoints.get('solo')).toMatchObject({
      status: 'done',
      text: 'Plain answer\nwith two lines',
    });
  });

  it('uses the engine and model of each kind and the engine strip limit', async () => {
    const strips = new ScriptedEngine('strips', undefined, 300);
    const images = new ScriptedEngine('images');
    const h = await harness(blocks(), {
      settings,
      models: { text_model: '', table_model: 'tm', image_model: 'im' },
    });
    await h.run({ strip: strips, image: images });
    expect(strips.requests.map((r) => [r.kind, r.model, r.blocks.length])).toEqual(
      Array.from({ length: 6 }, () => ['strip', 'tm', 1]),
    );
    expect(images.requests.map((r) => [r.kind, r.model])).toEqual([['image', 'im']]);
    expect(h.renderer.optionsSeen[0]).toMatchObject({
      dpi: 300,
      paddingPx: 5,
      maxHeight: 300 - 88,
      overlapPx: 100,
    });
  });

  it('publishes the empty-job result when there are no blocks', async () => {
    const h = await harness([], { settings });
    const summary = await h.run();
    expect(summary).toEqual({
      blocksTotal: 0,
      done: 0,
      failed: 0,
      engineCalls: 0,
      resendCalls: 0,
      errorMessage: null,
    });
    expect(h.sink.text('result.md')).toBe('# OCR Results\n\nNo blocks to process.\n');
  });
});

function echoText(req: { blocks: Array<{ index: number; textLayer: string }> }): string {
  return req.blocks.map((b) => `[${b.index}] ${b.textLayer}`).join('\n');
}
