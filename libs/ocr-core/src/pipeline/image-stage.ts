import { blockConfidence } from '../confidence/block-confidence.js';
import type { Block } from '../model/block.js';
import type { BlockCrop, CropOptions } from '../ports/pdf-renderer.port.js';
import { recordOutcome } from './block-outcomes.js';
import { separatorLabel } from '../strips/strip-builder.js';
import { blockMarker } from '../prompts/block-marker.js';
import { buildImagePrompt } from '../prompts/image-prompt.js';
import { callEngine, engineFailure, unansweredMeta, type EngineAnswer } from './engine-call.js';
import { blockOf, type JobContext } from './job-context.js';

/**
 * docs/contract.md §4 step 5 for IMAGE blocks: one engine call each, with the image prompt (document name,
 * page, hint, text layer). Crops stream from the renderer (its read-ahead renders the next ones on
 * every render thread while earlier ones are with the engine; one at a time left a thread idle
 * and the engine waiting, docs/rendering.md "Where the time goes"); each is queued as room frees up.
 */
export async function runImageStage(ctx: JobContext, blocks: readonly Block[]): Promise<void> {
  if (blocks.length === 0) return;
  const options: CropOptions = {
    // 300 DPI unless the longest side would pass `imageMaxSide` (a whole A0 sheet is ~140 Mpx,
    // far beyond what a vision model reads): the renderer lowers the DPI, measuring the block
    // from coords_norm and the page, never from the client's coords_px.
    dpi: ctx.settings.dpi,
    maxSidePx: ctx.settings.imageMaxSide,
    paddingPx: ctx.settings.paddingPx,
    // Room for rounding: an image is analysed whole, never split into windows.
    maxHeight: ctx.settings.imageMaxSide * 2,
    overlapPx: ctx.settings.overlapPx,
  };
  const seen = new Set<string>();
  for await (const crop of ctx.session.crop(blocks, options, ctx.run.signal)) {
    ctx.run.throwIfStopped();
    ctx.progress.cropMade();
    seen.add(crop.blockId);
    ctx.imageTextLayers.set(crop.blockId, crop.textLayer);
    const block = blockOf(ctx, crop.blockId);
    await ctx.run.whenRoom();
    ctx.run.enqueue(() => recognizeImage(ctx, block, crop));
  }
  const missing = blocks.find((b) => !seen.has(b.id));
  if (missing) throw new Error(`The renderer returned no crop for block ${missing.id}`);
}

// eslint-disable-next-line max-lines-per-function -- one IMAGE block: engine call, checkpoint and crop upload share the error handling of one try
async function recognizeImage(ctx: JobContext, block: Block, crop: BlockCrop): Promise<void> {
  const target = { blockId: block.id, partIndex: 0, partCount: 1 };
  const prompt = buildImagePrompt(block, {
    docName: ctx.options.documentName,
    textLayer: crop.textLayer,
  });
  const image = crop.parts[0];
  let answer: EngineAnswer;
  try {
    answer = await callEngine(ctx, {
      kind: 'image',
      image: image.png,
      mimeType: 'image/png',
      ...prompt,
      blocks: [
        {
          id: block.id,
          marker: separatorLabel(blockMarker(block)),
          index: 1,
          textLayer: crop.textLayer,
          crop: image.png,
        },
      ],
    });
  } catch (error) {
    ctx.run.throwIfStopped();
    const failure = {
      status: 'failed' as const,
      text: '',
      error: engineFailure(ctx, 'image', error),
    };
    await recordOutcome(ctx, target, failure, unansweredMeta(ctx, 'image'));
    return;
  }
  const text = answer.result.text;
  const outcome =
    text.trim() === ''
      ? { status: 'failed' as const, text: '', error: 'The engine gave an empty answer' }
      : {
          status: 'done' as const,
          text,
          method: 'single',
          ...blockConfidence({
            text,
            method: 'single',
            truncated: answer.result.truncated === true,
            transcription: false,
          }),
        };
  await recordOutcome(ctx, target, outcome, answer.meta(1));
}
