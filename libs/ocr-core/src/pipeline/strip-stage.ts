import type { Block } from '../model/block.js';
import type { OcrRequestBlock } from '../ports/ocr-engine.port.js';
import type { BlockCrop, CropOptions } from '../ports/pdf-renderer.port.js';
import { renderStrip, separatorLabel } from '../strips/strip-builder.js';
import { maxPartHeight, StripGrouper } from '../strips/strip-layout.js';
import type { Strip, StripItem, StripLayout } from '../strips/strip.types.js';
import { finishSplitBlock, recordOutcome } from './block-outcomes.js';
import { markerOf, parseStripAnswerFor, stripPromptFor } from './collaborators.js';
import { callEngine, engineFailure, unansweredMeta, type EngineAnswer } from './engine-call.js';
import { blockOf, type JobContext } from './job-context.js';
import { engineFor, stripLayoutFor } from './pipeline-settings.js';

/**
 * SPEC §4 steps 3–5 for TEXT/TABLE blocks, streamed: crops arrive from the renderer in file order,
 * fill strips, and each finished strip is queued for the engine. The renderer and this loop wait
 * while the queue is full, so only a few strips' crops are ever held in memory.
 */
export async function runStripStage(ctx: JobContext, blocks: readonly Block[]): Promise<void> {
  if (blocks.length === 0) return;
  const engine = engineFor(ctx.options.engine, 'strip');
  const layout = stripLayoutFor(ctx.settings, engine);
  const grouper = new StripGrouper<StripItem>(layout);
  const options: CropOptions = {
    dpi: ctx.settings.dpi,
    paddingPx: ctx.settings.paddingPx,
    maxHeight: maxPartHeight(layout),
    overlapPx: ctx.settings.overlapPx,
    // Raw pixels go onto the strip without a PNG round trip, unless the engine reads block crops.
    raw: engine.needsBlockCrops !== true,
  };
  for await (const crop of ctx.session.crop(blocks, options, ctx.run.signal)) {
    ctx.run.throwIfStopped();
    ctx.progress.cropMade();
    for (const item of await pendingItems(ctx, crop)) {
      for (const group of grouper.push(item)) await submitStrip(ctx, group, layout);
    }
  }
  for (const group of grouper.flush()) await submitStrip(ctx, group, layout);
}

/** Strip items of a crop, minus windows finished by an earlier run. */
async function pendingItems(ctx: JobContext, crop: BlockCrop): Promise<StripItem[]> {
  const marker = markerOf(blockOf(ctx, crop.blockId));
  const partCount = crop.parts.length;
  const items = crop.parts
    .map((part, partIndex) => ({ ...part, partIndex, partCount, marker }))
    .filter((part) => partCount === 1 || !ctx.book.isWindowDone(crop.blockId, part.partIndex))
    .map((part) => ({ ...part, blockId: crop.blockId, textLayer: crop.textLayer }));
  // Every window was done but the run stopped before the block's own result was saved.
  if (items.length === 0) await finishSplitBlock(ctx, crop.blockId, partCount);
  return items;
}

async function submitStrip(
  ctx: JobContext,
  items: StripItem[],
  layout: StripLayout,
): Promise<void> {
  await ctx.run.whenRoom();
  const strip = await renderStrip(items, layout, ctx.options.renderer.stripImages);
  ctx.run.enqueue(() => recognizeStrip(ctx, strip));
}

/** One engine call for a strip; its answer is split back into blocks and saved at once. */
async function recognizeStrip(ctx: JobContext, strip: Strip): Promise<void> {
  const prompt = stripPromptFor(
    strip.blocks.map((item) => ({ item, block: blockOf(ctx, item.blockId) })),
    ctx.options.documentName,
  );
  let answer: EngineAnswer;
  try {
    answer = await callEngine(ctx, {
      kind: 'strip',
      image: strip.png,
      mimeType: strip.mimeType,
      ...prompt,
      blocks: strip.blocks.map(requestBlock),
    });
  } catch (error) {
    ctx.run.throwIfStopped();
    const failure = {
      status: 'failed' as const,
      text: '',
      error: engineFailure(ctx, 'strip', error),
    };
    for (const block of strip.blocks)
      await recordOutcome(ctx, block, failure, unansweredMeta(ctx, 'strip'));
    return;
  }
  const parsed = parseStripAnswerFor(answer.result.text, strip.blocks);
  const meta = answer.meta(strip.blocks.length);
  for (const block of strip.blocks) {
    const outcome = parsed.find((p) => p.blockId === block.blockId) ?? {
      status: 'failed' as const,
      text: '',
      error: 'The answer has no part for this block',
    };
    await recordOutcome(ctx, block, outcome, meta);
  }
}

function requestBlock(block: Strip['blocks'][number]): OcrRequestBlock {
  return {
    id: block.blockId,
    marker: separatorLabel(block.marker),
    index: block.index,
    textLayer: block.textLayer,
    crop: block.png,
  };
}
