import type { ImageRowEncoder, RowSource, StripImageCodec } from '../ports/strip-image.port.js';
import { ensureStripFont } from './strip-font.js';
import { bandRows, placedSize, reportDrawn, stripHeight } from './strip-layout.js';
import type { Strip, StripItem, StripLayout } from './strip.types.js';
import { drawLabel, LABEL_PADDING, measure, separatorLabel } from './strip-label.js';
import { greyStripPlan, writeGreyStrip } from './grey-strip.js';

/**
 * Bytes of RGBA built at a time (`bandRows`). A whole strip would be up to 4000 × 9000 × 4 B =
 * 144 MB; a band is at most 4 MB, allocated once per strip and reused, and each band's rows go
 * straight into the PNG encoder.
 */
const BAND_BYTES = 4 << 20;

export { separatorLabel } from './strip-label.js';

/** Where one item sits on the strip. */
export interface Placement {
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
 * The strip is encoded by `codec.encoder` as its bands are built; `drawn` hears of each item as
 * soon as its last row is in the encoder (its crop is not read again).
 */
export async function renderStrip(
  items: readonly StripItem[],
  layout: StripLayout,
  codec: StripImageCodec,
  drawn?: (item: StripItem) => void,
): Promise<Strip> {
  if (items.length === 0) throw new RangeError('A strip needs at least one block');
  const family = ensureStripFont();
  const width = stripWidth(items, layout, family);
  const height = stripHeight(items, layout);
  const placements = place(items, layout, width);
  const encoder = codec.encoder(width, height);
  const grey = greyStripPlan(placements, width, layout, family, encoder);
  if (grey) await writeGreyStrip(grey, { width, height }, layout, encoder, drawn);
  else await writeRgbaStrip(placements, { width, height, family }, layout, codec, encoder, drawn);
  return {
    png: await encoder.finish(),
    mimeType: codec.mimeType,
    width,
    height,
    blocks: items.map((item, i) => ({ ...item, index: i + 1 })),
  };
}

/** Composes the strip band by band as RGBA into `encoder.addRows`. */
async function writeRgbaStrip(
  placements: readonly Placement[],
  size: { width: number; height: number; family: string },
  layout: StripLayout,
  codec: StripImageCodec,
  encoder: ImageRowEncoder,
  drawn?: (item: StripItem) => void,
): Promise<void> {
  const { width, height, family } = size;
  // One buffer for every band. Drawing bands on a canvas and reading each back allocated 16 MB per
  // band; the allocator kept most of it (measured: +130 MB RSS over one 4000 × 8976 strip).
  const bandHeight = bandRows(width * 4, BAND_BYTES);
  const band = new Uint8ClampedArray(width * Math.min(bandHeight, height) * 4);
  const sources = new RowSources(width, layout, family, codec);
  let next = 0;
  try {
    for (let top = 0; top < height; top += bandHeight) {
      const rows = Math.min(bandHeight, height - top);
      const pixels = band.subarray(0, width * rows * 4);
      pixels.fill(255);
      for (const p of placements.filter((q) => overlaps(q, top, rows, layout))) {
        await sources.copy(p, pixels, top, rows);
      }
      encoder.addRows(pixels, rows);
      // A crop's row source is closed after its last row (`RowSources`): it is not read again.
      next = reportDrawn(placements, next, top + rows, drawn);
      await encoder.drained?.();
    }
  } finally {
    await sources.closeAll();
  }
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

  /** A black bar the strip's width with `BLOCK: <marker>` in white (`drawLabel`). */
  private separator(marker: string): RowSource {
    const label = drawLabel(marker, this.width, this.layout, this.family);
    return new BarRows(label.rgba, label.width, this.width);
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

function stripWidth(items: readonly StripItem[], layout: StripLayout, family: string): number {
  const font = `${layout.fontSize}px ${family}`;
  const labels = items.map((i) => measure(font, separatorLabel(i.marker)));
  const crops = items.map((i) => placedSize(i, layout).width);
  return Math.ceil(Math.max(...crops, ...labels.map((w) => w + 2 * LABEL_PADDING)));
}
