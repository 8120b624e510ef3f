import { createCanvas } from '@napi-rs/canvas';
import type { RowSource, StripImageCodec } from '../ports/strip-image.port.js';
import { ensureStripFont } from './strip-font.js';
import { placedSize, stripHeight } from './strip-layout.js';
import type { Strip, StripItem, StripLayout } from './strip.types.js';

/** Horizontal room around the separator text, so a narrow strip still shows the whole marker. */
const LABEL_PADDING = 16;
/**
 * Rows built at a time. A whole strip would be up to 4000 × 9000 × 4 B = 144 MB; a band is 16 MB,
 * allocated once per strip and reused, and each band's rows go straight into the PNG encoder.
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
 * Renders one strip (docs/contract.md §4 step 4): for each item a black bar with `BLOCK: <marker>` in white,
 * then the crop centred on white between 20 px gaps, its rows read band by band through `codec`
 * (the renderer's: it knows the form of its crops). Items come from `StripGrouper`/`planStrips`,
 * so the height limit is already honoured. Crops wider than the layout allows are scaled down.
 * The strip is encoded by `codec.encoder` as its bands are built.
 */
export async function renderStrip(
  items: readonly StripItem[],
  layout: StripLayout,
  codec: StripImageCodec,
): Promise<Strip> {
  if (items.length === 0) throw new RangeError('A strip needs at least one block');
  const family = ensureStripFont();
  const width = stripWidth(items, layout, family);
  const height = stripHeight(items, layout);
  const placements = place(items, layout, width);
  // One buffer for every band. Drawing bands on a canvas and reading each back allocated 16 MB per
  // band; the allocator kept most of it (measured: +130 MB RSS over one 4000 × 8976 strip).
  const band = new Uint8ClampedArray(width * Math.min(BAND_ROWS, height) * 4);
  const sources = new RowSources(width, layout, family, codec);
  const encoder = codec.encoder(width, height);
  try {
    for (let top = 0; top < height; top += BAND_ROWS) {
      const rows = Math.min(BAND_ROWS, height - top);
      const pixels = band.subarray(0, width * rows * 4);
      pixels.fill(255);
      for (const p of placements.filter((q) => overlaps(q, top, rows, layout))) {
        await sources.copy(p, pixels, top, rows);
      }
      encoder.addRows(pixels, rows);
      await encoder.drained?.();
    }
  } finally {
    await sources.closeAll();
  }
  return {
    png: await encoder.finish(),
    mimeType: codec.mimeType,
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

/**
 * The separator bars and crops being copied onto a strip, opened when the first band reaches them
 * and dropped after their last row, so only the images crossing the current band are held.
 */
class RowSources {
  private readonly open = new Map<string, RowSource>();

  constructor(
    private readonly width: number,
    private readonly layout: StripLayout,
    private readonly family: string,
    private readonly codec: StripImageCodec,
  ) {}

  /** Copies the rows of `p`'s bar and crop that fall in the band [top, top + rows). */
  async copy(p: Placement, pixels: Uint8ClampedArray, top: number, rows: number): Promise<void> {
    const bar = { top: p.barTop, left: 0, height: this.layout.separatorHeight };
    await this.copyRows(`bar:${p.barTop}`, bar, pixels, top, rows, () =>
      this.separator(p.item.marker),
    );
    const crop = { top: p.cropTop, left: p.cropLeft, height: p.height };
    await this.copyRows(`crop:${p.barTop}`, crop, pixels, top, rows, () =>
      this.codec.cropRows(p.item, p.width, p.height),
    );
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.values()].map((source) => source.close()));
    this.open.clear();
  }

  private async copyRows(
    key: string,
    at: { top: number; left: number; height: number },
    pixels: Uint8ClampedArray,
    top: number,
    rows: number,
    openSource: () => RowSource | Promise<RowSource>,
  ): Promise<void> {
    const from = Math.max(top, at.top);
    const to = Math.min(top + rows, at.top + at.height);
    if (from >= to) return;
    let source = this.open.get(key);
    if (!source) {
      source = await openSource();
      this.open.set(key, source);
    }
    for (let y = from; y < to; y++) {
      await source.nextInto(pixels, ((y - top) * this.width + at.left) * 4);
    }
    if (to === at.top + at.height) {
      this.open.delete(key);
      await source.close();
    }
  }

  /**
   * A black bar the strip's width with `BLOCK: <marker>` in white. Only the label's own width is
   * drawn on a canvas (drawing and reading back the whole bar was a large part of the strip stage's
   * main-thread time); the rest of each row is black.
   */
  private separator(marker: string): RowSource {
    const { separatorHeight, fontSize } = this.layout;
    const font = `${fontSize}px ${this.family}`;
    const label = separatorLabel(marker);
    const drawn = Math.min(this.width, Math.ceil(measure(font, label)) + 2 * LABEL_PADDING);
    const canvas = createCanvas(drawn, separatorHeight);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#000000';
    ctx.fillRect(0, 0, drawn, separatorHeight);
    ctx.fillStyle = '#ffffff';
    ctx.font = font;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillText(label, LABEL_PADDING, separatorHeight / 2);
    return new BarRows(ctx.getImageData(0, 0, drawn, separatorHeight).data, drawn, this.width);
  }
}

/** Rows of a separator bar: the drawn label's pixels, then black to the strip's width. */
class BarRows implements RowSource {
  private row = 0;

  constructor(
    private readonly label: Uint8ClampedArray,
    private readonly labelWidth: number,
    private readonly width: number,
  ) {}

  nextInto(out: Uint8Array | Uint8ClampedArray, offset: number): Promise<void> {
    const start = this.row++ * this.labelWidth * 4;
    out.set(this.label.subarray(start, start + this.labelWidth * 4), offset);
    const rest = out.subarray(offset + this.labelWidth * 4, offset + this.width * 4);
    for (let i = 0; i < rest.length; i += 4) {
      rest[i] = 0;
      rest[i + 1] = 0;
      rest[i + 2] = 0;
      rest[i + 3] = 255;
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** One small canvas for measuring label widths, made on first use. */
let probe: ReturnType<ReturnType<typeof createCanvas>['getContext']> | undefined;

function measure(font: string, text: string): number {
  probe ??= createCanvas(1, 1).getContext('2d');
  probe.font = font;
  return probe.measureText(text).width;
}

function stripWidth(items: readonly StripItem[], layout: StripLayout, family: string): number {
  const font = `${layout.fontSize}px ${family}`;
  const labels = items.map((i) => measure(font, separatorLabel(i.marker)));
  const crops = items.map((i) => placedSize(i, layout).width);
  return Math.ceil(Math.max(...crops, ...labels.map((w) => w + 2 * LABEL_PADDING)));
}
