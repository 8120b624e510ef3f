// The life of a crop's raw pixels on the strip path: each is freed as soon as its strip has drawn
// it, and a re-send crops its blocks anew. Before, every crop stayed in memory until its strip was
// answered (and, being handed over from a render thread, until the main thread's next full
// collection): with C strips waiting on the engine, C strips' crops; on the A0 sheet the whole
// job's (docs/rendering.md, "The worker's own costs, part 2"). Re-sends are few (a share of the
// job's blocks, `resendsPerBlock`), and cropping again is a clip render of a page the session knows.
import type { BlockCrop, CropOptions } from '../ports/pdf-renderer.port.js';
import { renderStrip } from '../strips/strip-builder.js';
import { pixelsFreed, releasePixels } from '../strips/release-pixels.js';
import type { Strip, StripItem, StripLayout } from '../strips/strip.types.js';
import { stripMarkers } from '../prompts/block-marker.js';
import { blockOf, type JobContext } from './job-context.js';

/**
 * Composes and encodes a strip of `items`, freeing their raw pixels as it goes: on the A0 sheet
 * every crop of the job (29 MB) was held at the peak, two strips encoding and a third filling.
 */
export async function encodeStrip(
  ctx: JobContext,
  items: readonly StripItem[],
  layout: StripLayout,
): Promise<Strip> {
  try {
    // An item's crop is freed as soon as the strip is past it, the rest at the end.
    const release = (item: StripItem) => releasePixels([item]);
    return await renderStrip(labelled(items), layout, ctx.options.renderer.stripImages, release);
  } finally {
    releasePixels(items);
  }
}

/** `items` as they were cropped: those whose raw pixels were freed are cropped again. */
export async function withPixels<T extends StripItem>(
  ctx: JobContext,
  items: readonly T[],
  options: CropOptions,
): Promise<T[]> {
  const freed = items.filter((item) => pixelsFreed(item.pixels));
  if (freed.length === 0) return [...items];
  const ids = [...new Set(freed.map((item) => item.blockId))];
  const crops = new Map<string, BlockCrop>();
  const blocks = ids.map((id) => blockOf(ctx, id));
  for await (const crop of ctx.session.crop(blocks, options, ctx.run.signal)) {
    crops.set(crop.blockId, crop);
  }
  const again = items.map((item) => {
    if (!freed.includes(item)) return item;
    const part = crops.get(item.blockId)?.parts[item.partIndex];
    if (!part?.pixels || part.width !== item.width || part.height !== item.height) {
      throw new Error(`block ${item.blockId} did not crop the same way again`);
    }
    return { ...item, png: part.png, pixels: part.pixels, channels: part.channels };
  });
  // Windows of a split block that this re-send does not show.
  const used = new Set(again.map((item) => item.pixels));
  for (const crop of crops.values()) releasePixels(crop.parts.filter((p) => !used.has(p.pixels)));
  return again;
}

/** Items with their strip's labels (`stripMarkers`: far apart from each other). */
function labelled(items: readonly StripItem[]): StripItem[] {
  const keys = items.map((i) => (i.partCount > 1 ? `${i.blockId}#${i.partIndex}` : i.blockId));
  const markers = stripMarkers(keys);
  return items.map((item, i) => ({ ...item, marker: markers[i] }));
}
