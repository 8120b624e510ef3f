import type { Block } from '../model/block.js';
import type { OcrRequestBlock, TableHints } from '../ports/ocr-engine.port.js';
import type { BlockCrop, CropOptions } from '../ports/pdf-renderer.port.js';
import { separatorLabel } from '../strips/strip-builder.js';
import { maxPartHeight, StripGrouper } from '../strips/strip-layout.js';
import type { Strip, StripBlock, StripItem, StripLayout } from '../strips/strip.types.js';
import { blockConfidence } from '../confidence/block-confidence.js';
import { blockMarker } from '../prompts/block-marker.js';
import { finishSplitBlock, recordOutcome } from './block-outcomes.js';
import type { PromptPair } from '../prompts/prompt.types.js';
import { buildStripPrompt } from '../prompts/strip-prompt.js';
import { callEngine, engineFailure, unansweredMeta, type CallMeta } from './engine-call.js';
import { readStripCall, type BlockReading, type StripCall } from './strip-bisection.js';
import { blockOf, type JobContext } from './job-context.js';
import { readFromTextLayer, tableHintsOf } from './text-layer-stage.js';
import { engineFor, stripLayoutFor } from './pipeline-settings.js';
import { EncodingWindow } from './encoding-window.js';
import { encodeStrip, withPixels } from './strip-crops.js';

/**
 * docs/contract.md §4 steps 3–5 for TEXT/TABLE blocks, streamed: crops arrive from the renderer in file order,
 * fill strips, and each finished strip is queued for the engine. The renderer and this loop wait
 * while the queue is full, so only a few strips' crops are ever held in memory.
 */
export async function runStripStage(ctx: JobContext, blocks: readonly Block[]): Promise<void> {
  if (blocks.length === 0) return;
  // Re-sends of uncertain blocks: the job's budget (PipelineSettings.resendsPerBlock).
  ctx.run.resends.left = Math.ceil(ctx.settings.resendsPerBlock * blocks.length);
  const engine = engineFor(ctx.options.engine, 'strip');
  const layout = stripLayoutFor(ctx.settings, engine);
  const grouper = new StripGrouper<StripItem>(layout);
  const order: StripOrder = {
    last: Promise.resolve(),
    encoding: new EncodingWindow(STRIPS_ENCODING_AT_ONCE),
  };
  const options: CropOptions = {
    dpi: ctx.settings.dpi,
    paddingPx: ctx.settings.paddingPx,
    maxHeight: maxPartHeight(layout),
    overlapPx: ctx.settings.overlapPx,
    // Unless the engine reads block crops, crops only go onto strips: raw pixels (no PNG round
    // trip), drawn no wider than the strip, which would scale them down anyway.
    raw: engine.needsBlockCrops !== true,
    maxWidthPx: engine.needsBlockCrops === true ? undefined : layout.maxWidth,
    // Word boxes: `auto` checks text layers with them, engines reading crops rebuild tables.
    textWords: engine.textLayerFirst === true || engine.needsBlockCrops === true,
  };
  for await (const crop of ctx.session.crop(blocks, options, ctx.run.signal)) {
    ctx.run.throwIfStopped();
    ctx.progress.cropMade();
    if (engine.textLayerFirst && (await readFromTextLayer(ctx, crop))) continue;
    const table = engine.needsBlockCrops ? await tableHintsOf(ctx, crop) : undefined;
    for (const item of await pendingItems(ctx, crop, table)) {
      for (const group of grouper.push(item)) await submitStrip(ctx, group, layout, order, options);
    }
  }
  for (const group of grouper.flush()) await submitStrip(ctx, group, layout, order, options);
}

/** Strip items of a crop, minus windows finished by an earlier run. */
async function pendingItems(
  ctx: JobContext,
  crop: BlockCrop,
  table?: TableHints,
): Promise<StripItem[]> {
  const marker = blockMarker(blockOf(ctx, crop.blockId));
  const partCount = crop.parts.length;
  const items = crop.parts
    .map((part, partIndex) => ({ ...part, partIndex, partCount, marker }))
    .filter((part) => partCount === 1 || !ctx.book.isWindowDone(crop.blockId, part.partIndex))
    .map((part) => ({ ...part, blockId: crop.blockId, textLayer: crop.textLayer, table }));
  // Every window was done but the run stopped before the block's own result was saved.
  if (items.length === 0) await finishSplitBlock(ctx, crop.blockId, partCount);
  return items;
}

async function submitStrip(
  ctx: JobContext,
  items: StripItem[],
  layout: StripLayout,
  order: StripOrder,
  options: CropOptions,
): Promise<void> {
  await ctx.run.whenRoom();
  // Not awaited beyond its start: the strip's last rows are deflated off this thread while the
  // next crops are taken and composed, at most `STRIPS_ENCODING_AT_ONCE` strips at a time. Its
  // engine call waits for it and for the strips before it, so calls still start in strip order
  // (a failure fails the run, as before).
  const { done: strip } = await order.encoding.start(() => encodeStrip(ctx, items, layout));
  const ready = order.last.then(() => strip);
  order.last = ready.catch(() => undefined); // handled by the queued task
  ctx.run.enqueue(async () => recognizeStrip(ctx, await ready, layout, options));
}

/**
 * The last strip handed to the engine queue, so calls keep the strips' order, and the strips
 * being encoded (`submitStrip`).
 */
interface StripOrder {
  last: Promise<unknown>;
  encoding: EncodingWindow;
}

/** Strips composed and deflated at once (`EncodingWindow`). */
const STRIPS_ENCODING_AT_ONCE = 2;

/**
 * One engine call for a strip; its answer is split back into blocks and each saved at once. What
 * the answer cannot be split for with certainty is re-sent in smaller strips (`readStripCall`).
 */
async function recognizeStrip(
  ctx: JobContext,
  strip: Strip,
  layout: StripLayout,
  options: CropOptions,
): Promise<void> {
  let first: StripCall<StripBlock>;
  try {
    first = await askStrip(ctx, strip);
  } catch (error) {
    await recordCallFailure(ctx, strip.blocks, error);
    return;
  }
  await readStripCall(first, {
    // The strip's raw crops were freed once it was encoded (strip-crops.ts).
    ask: async (blocks) =>
      askStrip(ctx, await encodeStrip(ctx, await withPixels(ctx, blocks, options), layout)),
    onRead: (reading) => recordReading(ctx, reading),
    onCallFailed: (blocks, error) => recordCallFailure(ctx, blocks, error),
    budget: ctx.run.resends,
  });
}

async function askStrip(ctx: JobContext, strip: Strip): Promise<StripCall<StripBlock>> {
  const prompt = stripPromptFor(
    strip.blocks.map((item) => ({ item, block: blockOf(ctx, item.blockId) })),
    ctx.options.documentName,
  );
  const answer = await callEngine(ctx, {
    kind: 'strip',
    image: strip.png,
    mimeType: strip.mimeType,
    ...prompt,
    blocks: strip.blocks.map(requestBlock),
  });
  callMeta.set(strip.blocks, answer.meta(strip.blocks.length));
  return {
    blocks: strip.blocks,
    text: answer.result.text,
    truncated: answer.result.truncated === true,
  };
}

/** Token share and model of each call, by the call's block list (read back by its readings). */
const callMeta = new WeakMap<readonly StripBlock[], CallMeta>();

async function recordReading(ctx: JobContext, reading: BlockReading<StripBlock>): Promise<void> {
  const { block, answer } = reading;
  const meta = callMeta.get(reading.call.blocks) ?? unansweredMeta(ctx, 'strip');
  if (answer.status !== 'done') {
    await recordOutcome(ctx, block, { status: 'failed', text: '', error: answer.error }, meta);
    return;
  }
  const scored = blockConfidence({
    text: answer.text,
    method: answer.method ?? 'marker',
    readFlags: answer.flags,
    resplit: reading.resplit,
    truncated: reading.truncated,
    textLayer: block.textLayer,
    transcription: true,
  });
  const outcome = { status: 'done' as const, text: answer.text, method: answer.method, ...scored };
  await recordOutcome(ctx, block, outcome, meta);
}

async function recordCallFailure(
  ctx: JobContext,
  blocks: readonly StripBlock[],
  error: unknown,
): Promise<void> {
  ctx.run.throwIfStopped();
  const failure = {
    status: 'failed' as const,
    text: '',
    error: engineFailure(ctx, 'strip', error),
  };
  const meta = unansweredMeta(ctx, 'strip');
  await Promise.all(blocks.map((block) => recordOutcome(ctx, block, failure, meta)));
}

function requestBlock(block: Strip['blocks'][number]): OcrRequestBlock {
  return {
    id: block.blockId,
    marker: separatorLabel(block.marker),
    index: block.index,
    textLayer: block.textLayer,
    crop: block.png,
    table: block.table,
  };
}

/** The prompt of one strip: its blocks with their markers, indexes and text layers. */
function stripPromptFor(
  strip: ReadonlyArray<{ block: Block; item: StripBlock }>,
  documentName: string,
): PromptPair {
  const blocks = strip.map(({ block, item }) => ({
    block,
    marker: item.marker,
    index: item.index,
    textLayer: item.textLayer,
  }));
  return buildStripPrompt(blocks, { docName: documentName });
}
