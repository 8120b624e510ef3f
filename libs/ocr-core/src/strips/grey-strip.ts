// Strips made only of grey raw crops shown unscaled (PDFium's crops of text and drawings: most
// strips of any job) are composed one byte a pixel and handed to the encoder's grey path
// (`ImageRowEncoder.addGreyRows`). The RGBA path widens every sample to 4 bytes and the PNG writer
// narrows it back: that was the largest part of the strip stage's main-thread time
// (docs/rendering.md, "Where the time goes"). The pixels are the very same: paper 255, bars 0, the
// label's samples (this path is taken only when the drawn label has R = G = B everywhere) and the
// crops' own grey samples, so the encoded strip is byte for byte the RGBA path's.
import type { ImageRowEncoder } from '../ports/strip-image.port.js';
import type { Placement } from './strip-builder.js';
import { drawLabel } from './strip-label.js';
import { bandRows, reportDrawn } from './strip-layout.js';
import type { StripItem, StripLayout } from './strip.types.js';

/** Bytes composed at a time (`bandRows`): about a million grey samples. */
const BAND_BYTES = 1 << 20;

interface GreyItem extends Placement {
  pixels: Uint8Array;
  label: Uint8Array;
  labelWidth: number;
}

/** The strip's items ready for the grey path, or undefined when it does not apply. */
export function greyStripPlan(
  placements: readonly Placement[],
  width: number,
  layout: StripLayout,
  family: string,
  encoder: ImageRowEncoder,
): GreyItem[] | undefined {
  if (!encoder.addGreyRows) return undefined;
  const unscaledGrey = (p: Placement): boolean =>
    p.item.pixels !== undefined &&
    (p.item.channels ?? 1) === 1 &&
    p.width === p.item.width &&
    p.height === p.item.height;
  if (!placements.every(unscaledGrey)) return undefined;
  const items: GreyItem[] = [];
  for (const p of placements) {
    const drawn = drawLabel(p.item.marker, width, layout, family);
    const label = exactGrey(drawn.rgba);
    if (!label || !p.item.pixels) return undefined;
    items.push({ ...p, pixels: p.item.pixels, label, labelWidth: drawn.width });
  }
  return items;
}

/**
 * Composes the strip band by band into `encoder.addGreyRows`, waiting for `drained` between bands
 * as the RGBA path does: zlib then holds at most two of the strip's filtered batches, and the
 * encoder's row buffers come back in time to be reused. Without the wait every band of a strip was
 * filtered at once into buffers of its own: on the book job 540 fresh 2 MiB mappings (1 GB of page
 * faults) on the main thread (docs/rendering.md, "The worker's own costs"). `drawn` hears of each
 * item once its last row is in the encoder (its pixels are not read again).
 */
export async function writeGreyStrip(
  items: readonly GreyItem[],
  size: { width: number; height: number },
  layout: StripLayout,
  encoder: ImageRowEncoder,
  drawn?: (item: StripItem) => void,
): Promise<void> {
  const { width, height } = size;
  // Rows start on 4-byte boundaries, so the encoder can filter them a word at a time.
  const stride = (width + 3) & ~3;
  // + 1: the encoder's filtered copy of a band (a filter byte a row) still fits one whole MiB.
  const bandHeight = bandRows(stride + 1, BAND_BYTES);
  const band = scratchBand(stride * Math.min(bandHeight, height));
  let next = 0;
  for (let top = 0; top < height; top += bandHeight) {
    const rows = Math.min(bandHeight, height - top);
    band.fill(255);
    const at = { band, stride, width, top, rows };
    for (const item of items) copyItemRows(item, at, layout.separatorHeight);
    encoder.addGreyRows?.(band, stride, rows);
    next = reportDrawn(items, next, top + rows, drawn);
    // The band is free again: the encoder has filtered it into a buffer of its own.
    await encoder.drained?.();
  }
}

/**
 * One band buffer reused by every grey strip of this process: each band is composed and handed
 * to `addGreyRows` without a pause, and the encoder filters it into its own buffer before
 * returning, so nothing reads the band after that (two strips may take turns between bands). A
 * new multi-megabyte buffer per strip cost page faults on every first
 * touch (docs/rendering.md, "Where the time goes"). Dropped after `BAND_IDLE_MS` without use.
 */
let sharedBand: Uint8Array | undefined;
let bandIdle: ReturnType<typeof setTimeout> | undefined;
const BAND_IDLE_MS = 2000;

function scratchBand(bytes: number): Uint8Array {
  if (!sharedBand || sharedBand.length < bytes) sharedBand = new Uint8Array(bytes);
  if (bandIdle) clearTimeout(bandIdle);
  bandIdle = setTimeout(() => (sharedBand = undefined), BAND_IDLE_MS);
  bandIdle.unref?.();
  return sharedBand.subarray(0, bytes);
}

interface Band {
  band: Uint8Array;
  stride: number;
  width: number;
  top: number;
  rows: number;
}

/** Copies the rows of `p`'s bar (label, then black) and crop that fall in the band. */
function copyItemRows(p: GreyItem, at: Band, separatorHeight: number): void {
  const { band, stride, width, top, rows } = at;
  const end = top + rows;
  for (let y = Math.max(top, p.barTop); y < Math.min(end, p.barTop + separatorHeight); y++) {
    const o = (y - top) * stride;
    const ly = y - p.barTop;
    band.set(p.label.subarray(ly * p.labelWidth, (ly + 1) * p.labelWidth), o);
    band.fill(0, o + p.labelWidth, o + width);
  }
  for (let y = Math.max(top, p.cropTop); y < Math.min(end, p.cropTop + p.height); y++) {
    const cy = y - p.cropTop;
    band.set(p.pixels.subarray(cy * p.width, (cy + 1) * p.width), (y - top) * stride + p.cropLeft);
  }
}

/** The samples of an RGBA image whose every pixel has R = G = B; undefined otherwise. */
function exactGrey(rgba: Uint8ClampedArray): Uint8Array | undefined {
  const grey = new Uint8Array(rgba.length / 4);
  for (let i = 0, p = 0; p < grey.length; i += 4, p++) {
    const r = rgba[i];
    if (rgba[i + 1] !== r || rgba[i + 2] !== r) return undefined;
    grey[p] = r;
  }
  return grey;
}
