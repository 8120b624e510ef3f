import { createCanvas, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { PngRowEncoder } from '../pdf/png-encoder.js';
import { ensureStripFont } from './strip-font.js';
import { placedSize, stripHeight } from './strip-layout.js';
import type { Strip, StripItem, StripLayout } from './strip.types.js';

/** Horizontal room around the separator text, so a narrow strip still shows the whole marker. */
const LABEL_PADDING = 16;
/**
 * Rows drawn at a time. A whole strip canvas would be up to 4000 × 9000 × 4 B = 144 MB; bands keep
 * it to 16 MB, and each band's rows go straight into the PNG encoder.
 */
const BAND_ROWS = 1024;

/** Text printed on the separator bar before a block. */
export const separatorLabel = (marker: string): string => `BLOCK: ${marker}`;

/** Where one item sits on the strip. */
interface Placement {
  item: StripItem;
  barTop: number;
  cropTop: number;
  cropLeft: number;
  width: number;
  height: number;
}

/**
 * Renders one strip (SPEC §4 step 4): for each item a black bar with `BLOCK: <marker>` in white,
 * then the crop centred on white between 20 px gaps. Items come from `StripGrouper`/`planStrips`,
 * so the height limit is already honoured. Crops wider than the layout allows are scaled down.
 * Encoded with ocr-core's PNG writer (greyscale when the strip has no colour): Skia's encoder took
 * ~3 s on a 2040 × 8800 strip.
 */
export async function renderStrip(
  items: readonly StripItem[],
  layout: StripLayout,
): Promise<Strip> {
  if (items.length === 0) throw new RangeError('A strip needs at least one block');
  const family = ensureStripFont();
  const width = stripWidth(items, layout, family);
  const height = stripHeight(items, layout);
  const placements = place(items, layout, width);
  const canvas = createCanvas(width, Math.min(BAND_ROWS, height));
  const ctx = canvas.getContext('2d');
  const images = new ImageCache();
  const encoder = new PngRowEncoder(width, height);
  for (let top = 0; top < height; top += BAND_ROWS) {
    const rows = Math.min(BAND_ROWS, height - top);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, rows);
    for (const p of placements.filter((q) => overlaps(q, top, rows, layout))) {
      drawSeparator(ctx, p.item.marker, p.barTop - top, width, layout, family);
      const image = await images.get(p.item);
      ctx.drawImage(image, p.cropLeft, p.cropTop - top, p.width, p.height);
    }
    images.dropAbove(top + rows, placements);
    encoder.addRows(ctx.getImageData(0, 0, width, rows).data, rows);
  }
  return {
    png: await encoder.finish(),
    width,
    height,
    blocks: items.map((item, i) => ({ ...item, index: i + 1 })),
  };
}

function place(items: readonly StripItem[], layout: StripLayout, width: number): Placement[] {
  let y = 0;
  return items.map((item) => {
    const size = placedSize(item, layout);
    const barTop = y;
    const cropTop = barTop + layout.separatorHeight + layout.gap;
    y = cropTop + size.height + layout.gap;
    const cropLeft = Math.floor((width - size.width) / 2);
    return { item, barTop, cropTop, cropLeft, ...size };
  });
}

const overlaps = (p: Placement, top: number, rows: number, layout: StripLayout): boolean =>
  p.barTop < top + rows && p.cropTop + p.height + layout.gap > top;

/** Decoded crops, each kept only while bands still cross it. */
class ImageCache {
  private readonly images = new Map<StripItem, Image>();

  async get(item: StripItem): Promise<Image> {
    const cached = this.images.get(item);
    if (cached) return cached;
    const bytes = Buffer.from(item.png.buffer, item.png.byteOffset, item.png.byteLength);
    const image = await loadImage(bytes);
    this.images.set(item, image);
    return image;
  }

  dropAbove(y: number, placements: readonly Placement[]): void {
    for (const p of placements) if (p.cropTop + p.height <= y) this.images.delete(p.item);
  }
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
