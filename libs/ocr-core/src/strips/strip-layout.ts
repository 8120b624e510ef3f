import type { StripItem, StripLayout, StripLayoutOptions } from './strip.types.js';

const DEFAULT_STRIP_LAYOUT: StripLayout = {
  maxHeight: 9000,
  maxWidth: 4000,
  gap: 20,
  separatorHeight: 48,
  fontSize: 30,
  maxBlocks: Number.POSITIVE_INFINITY,
};

/**
 * Rows of a strip composed and encoded at a time, for rows of `rowBytes` bytes: bands of about
 * `bandBytes`, between 16 and 1024 rows. Sized by bytes, not rows: a 4000 px strip's 1024-row
 * bands were 16 MB (RGBA) or 4 MB (grey) each, times the batches waiting for zlib and two strips
 * at once, on the A0 sheet's memory peak (docs/rendering.md, "Memory").
 */
export function bandRows(rowBytes: number, bandBytes: number): number {
  return Math.max(16, Math.min(1024, Math.floor(bandBytes / Math.max(1, rowBytes))));
}

/**
 * Tells `drawn` of the placed items (stacked top to bottom, from index `next`) whose last crop row
 * is above `bottom`, i.e. already in the encoder; returns the index of the first one still to come.
 */
export function reportDrawn(
  placed: readonly { item: StripItem; cropTop: number; height: number }[],
  next: number,
  bottom: number,
  drawn?: (item: StripItem) => void,
): number {
  for (; next < placed.length && placed[next].cropTop + placed[next].height <= bottom; next++) {
    drawn?.(placed[next].item);
  }
  return next;
}

/** Fills defaults and checks that at least a separator and a 1 px crop fit under the limit. */
export function resolveStripLayout(options: StripLayoutOptions = {}): StripLayout {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const layout: StripLayout = { ...DEFAULT_STRIP_LAYOUT, ...defined };
  if (maxPartHeight(layout) < 1 || layout.maxWidth < 1 || layout.maxBlocks < 1) {
    throw new RangeError(`Strip layout leaves no room for a crop: ${JSON.stringify(layout)}`);
  }
  return layout;
}

/** Size a crop takes on the strip: scaled down (never up) to the width limit. */
export function placedSize(
  item: Pick<StripItem, 'width' | 'height'>,
  layout: StripLayout,
): { width: number; height: number } {
  const scale = Math.min(1, layout.maxWidth / item.width);
  if (scale === 1) return { width: item.width, height: item.height };
  return {
    width: Math.max(1, Math.floor(item.width * scale)),
    height: Math.max(1, Math.round(item.height * scale)),
  };
}

/** Height one item adds to a strip: its separator bar, a gap, the crop, a gap. */
export function itemSpan(item: Pick<StripItem, 'width' | 'height'>, layout: StripLayout): number {
  return layout.separatorHeight + 2 * layout.gap + placedSize(item, layout).height;
}

/**
 * Tallest crop window that still fits on a strip with its separator: the `maxHeight` to give the
 * renderer, so a split block's every part obeys the strip limit too.
 */
export function maxPartHeight(layout: StripLayout): number {
  return layout.maxHeight - layout.separatorHeight - 2 * layout.gap;
}

type Sized = Pick<StripItem, 'width' | 'height' | 'partCount'>;

/**
 * Groups items into strips in arrival order, incrementally, so a pipeline can stream crops through
 * it and hold only one unfinished strip. Windows of a split block, and anything taller than the
 * limit on its own, go alone.
 */
export class StripGrouper<T extends Sized> {
  private current: T[] = [];
  private height = 0;

  constructor(private readonly layout: StripLayout) {}

  /** Adds an item; returns the strips it closed (zero, one or two). */
  push(item: T): T[][] {
    const span = itemSpan(item, this.layout);
    const alone = item.partCount > 1 || span > this.layout.maxHeight;
    const closed: T[][] = [];
    const full =
      this.height + span > this.layout.maxHeight || this.current.length >= this.layout.maxBlocks;
    if (this.current.length > 0 && (alone || full)) closed.push(this.take());
    if (alone) {
      closed.push([item]);
      return closed;
    }
    this.current.push(item);
    this.height += span;
    return closed;
  }

  /** Closes the unfinished strip, if any. */
  flush(): T[][] {
    return this.current.length > 0 ? [this.take()] : [];
  }

  private take(): T[] {
    const strip = this.current;
    this.current = [];
    this.height = 0;
    return strip;
  }
}

/** Groups a whole list at once (pure; the table-driven tests and planning use it). */
export function planStrips<T extends Sized>(items: readonly T[], layout: StripLayout): T[][] {
  const grouper = new StripGrouper<T>(layout);
  const strips = items.flatMap((item) => grouper.push(item));
  return [...strips, ...grouper.flush()];
}

/** Total height of a strip made of these items. */
export function stripHeight(items: readonly Sized[], layout: StripLayout): number {
  return items.reduce((sum, item) => sum + itemSpan(item, layout), 0);
}
