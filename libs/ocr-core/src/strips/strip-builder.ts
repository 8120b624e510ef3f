import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import { ensureStripFont } from './strip-font.js';
import { placedSize, stripHeight } from './strip-layout.js';
import type { Strip, StripItem, StripLayout } from './strip.types.js';

/** Horizontal room around the separator text, so a narrow strip still shows the whole marker. */
const LABEL_PADDING = 16;

/** Text printed on the separator bar before a block. */
export const separatorLabel = (marker: string): string => `BLOCK: ${marker}`;

/**
 * Renders one strip (SPEC §4 step 4): for each item a black bar with `BLOCK: <marker>` in white,
 * then the crop centred on white between 20 px gaps. Items come from `StripGrouper`/`planStrips`,
 * so the height limit is already honoured. Crops wider than the layout allows are scaled down.
 */
export async function renderStrip(
  items: readonly StripItem[],
  layout: StripLayout,
): Promise<Strip> {
  if (items.length === 0) throw new RangeError('A strip needs at least one block');
  const family = ensureStripFont();
  const width = stripWidth(items, layout, family);
  const height = stripHeight(items, layout);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const item of items) {
    drawSeparator(ctx, item.marker, y, width, layout, family);
    y += layout.separatorHeight + layout.gap;
    y += await drawCrop(ctx, item, y, width, layout);
    y += layout.gap;
  }
  const png = await canvas.encode('png');
  return {
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width,
    height,
    blocks: items.map((item, i) => ({ ...item, index: i + 1 })),
  };
}

function stripWidth(items: readonly StripItem[], layout: StripLayout, family: string): number {
  const probe = createCanvas(1, 1).getContext('2d');
  probe.font = `${layout.fontSize}px ${family}`;
  const labels = items.map((i) => probe.measureText(separatorLabel(i.marker)).width);
  const crops = items.map((i) => placedSize(i, layout).width);
  return Math.ceil(Math.max(...crops, ...labels.map((w) => w + 2 * LABEL_PADDING)));
}

function drawSeparator(
  ctx: SKRSContext2D,
  marker: string,
  y: number,
  width: number,
  layout: StripLayout,
  family: string,
): void {
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, y, width, layout.separatorHeight);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${layout.fontSize}px ${family}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(separatorLabel(marker), LABEL_PADDING, y + layout.separatorHeight / 2);
}

/** Draws the crop centred horizontally; returns the height it took. */
async function drawCrop(
  ctx: SKRSContext2D,
  item: StripItem,
  y: number,
  width: number,
  layout: StripLayout,
): Promise<number> {
  const size = placedSize(item, layout);
  const image = await loadImage(
    Buffer.from(item.png.buffer, item.png.byteOffset, item.png.byteLength),
  );
  ctx.drawImage(image, Math.floor((width - size.width) / 2), y, size.width, size.height);
  return size.height;
}
