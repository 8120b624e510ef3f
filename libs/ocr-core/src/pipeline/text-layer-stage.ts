// The `auto` engine's first step (docs/auto-engine.md): each TEXT/TABLE crop is checked against
// its text layer (`planAutoBlock`); a block that passes is recorded at once with engine
// `text_layer` and never reaches a strip, so strips hold only what needs the model.
import { planAutoBlock } from '../auto/auto-plan.js';
import { hasRealText } from '../auto/text-layer-rule.js';
import type { TableHints } from '../ports/ocr-engine.port.js';
import type { BlockCrop, CropPart } from '../ports/pdf-renderer.port.js';
import type { StripImageCodec } from '../ports/strip-image.port.js';
import { findRulingLines } from '../tables/ruling-lines.js';
import type { GreyImage } from '../tables/table.types.js';
import { recordOutcome } from './block-outcomes.js';
import type { CallMeta } from './engine-call.js';
import { blockOf, type JobContext } from './job-context.js';

/** The source recorded (as the block's engine) for blocks read from the PDF's own text. */
const TEXT_LAYER_SOURCE = 'text_layer';

const TEXT_LAYER_META: CallMeta = {
  engine: TEXT_LAYER_SOURCE,
  model: null,
  inputTokens: null,
  outputTokens: null,
};

/** Reads the block from its text layer when `planAutoBlock` allows; true when it did. */
export async function readFromTextLayer(ctx: JobContext, crop: BlockCrop): Promise<boolean> {
  const block = blockOf(ctx, crop.blockId);
  if (crop.parts.length !== 1) return false;
  const image = await greyOf(ctx.options.renderer.stripImages, crop.parts[0]);
  const plan = planAutoBlock({
    blockType: block.block_type,
    textLayer: crop.textLayer,
    words: crop.words ?? [],
    image,
  });
  if (plan.source !== TEXT_LAYER_SOURCE) return false;
  const outcome = {
    status: 'done' as const,
    text: plan.text,
    method: TEXT_LAYER_SOURCE,
    flags: [],
    confidence: 1,
  };
  await recordOutcome(
    ctx,
    { blockId: block.id, partIndex: 0, partCount: 1 },
    outcome,
    TEXT_LAYER_META,
  );
  return true;
}

/**
 * Word boxes and ruling lines of a TABLE block's crop, for engines that rebuild grids (`local`).
 * A real text layer gives them only where `auto` would read the table from it (its words cover
 * the ink and form a grid); else the engine answers as before. Without a real text layer the
 * engine's own OCR supplies the words.
 */
export async function tableHintsOf(
  ctx: JobContext,
  crop: BlockCrop,
): Promise<TableHints | undefined> {
  if (blockOf(ctx, crop.blockId).block_type !== 'table' || crop.parts.length !== 1)
    return undefined;
  const image = await greyOf(ctx.options.renderer.stripImages, crop.parts[0]);
  const words = crop.words ?? [];
  if (hasRealText(crop.textLayer)) {
    const plan = planAutoBlock({ blockType: 'table', textLayer: crop.textLayer, words, image });
    if (plan.source !== TEXT_LAYER_SOURCE) return undefined;
  }
  return { words, rulings: findRulingLines(image) };
}

/** The crop as grey pixels, read through the renderer's own codec (raw pixels or PNG alike). */
export async function greyOf(codec: StripImageCodec, part: CropPart): Promise<GreyImage> {
  const { width, height } = part;
  const rows = await codec.cropRows(part, width, height);
  const rgba = new Uint8Array(width * 4);
  const data = new Uint8Array(width * height);
  try {
    for (let y = 0; y < height; y++) {
      await rows.nextInto(rgba, 0);
      for (let x = 0; x < width; x++) {
        const i = x * 4;
        data[y * width + x] = (rgba[i] * 299 + rgba[i + 1] * 587 + rgba[i + 2] * 114) / 1000;
      }
    }
  } finally {
    await rows.close();
  }
  return { width, height, data };
}
