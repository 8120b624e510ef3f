// Rows of a crop PNG, decoded a few at a time and scaled to the size the crop takes on a strip.
// Why not @napi-rs/canvas's `loadImage` + `drawImage`: it decodes the whole crop into memory
// before drawing, and one crop of the A0 fixture (12393 × 2023 px) alone is 100 MB decoded, held
// while every band of its strip is drawn; a full-height 4000 × 8892 crop is 142 MB. pngjs and
// fast-png decode whole images too. Here the compressed data streams through zlib (on libuv's pool)
// and only the current rows live in memory. Scaling down averages the source pixels each target
// pixel covers (a box filter), which keeps thin lines and small text legible where bilinear
// sampling at a 3× reduction drops most source pixels.
import { readPng, sourceRows } from './png-source-rows.js';

export { canStreamPng } from './png-source-rows.js';

/** For each target column: the first source column it covers and the weight of each one. */
interface ColumnSpan {
  start: number;
  weights: Float32Array;
}

function columnSpans(sourceWidth: number, width: number): ColumnSpan[] {
  const step = sourceWidth / width;
  return Array.from({ length: width }, (_, x) => {
    const from = x * step;
    const to = Math.min(sourceWidth, (x + 1) * step);
    const start = Math.floor(from);
    const end = Math.ceil(to);
    const weights = new Float32Array(end - start);
    for (let s = start; s < end; s++) {
      weights[s - start] = (Math.min(to, s + 1) - Math.max(from, s)) / (to - from);
    }
    return { start, weights };
  });
}

/** Where a `ScaledRows` reads from: rows of 1–4 samples per pixel (grey, grey+alpha, RGB, RGBA). */
export interface RowSourceImage {
  width: number;
  height: number;
  channels: number;
  /** Source rows top to bottom (a yielded buffer may be reused by the next row). */
  rows: AsyncGenerator<Uint8Array>;
}

/**
 * Streams an image as opaque RGBA rows of `width` × `height` (the crop's size on the strip, never
 * larger than the image). Transparent pixels are shown over white, as on the strip.
 */
export class ScaledRows {
  readonly width: number;
  readonly height: number;
  private readonly png: RowSourceImage;
  private readonly rows: AsyncGenerator<Uint8Array>;
  private readonly spans: ColumnSpan[] | null;
  /** Samples per pixel once alpha is flattened: 1 for grey crops (most), 3 for colour. */
  private readonly samples: number;
  /** Source rows per target row (1 when not scaled). */
  private readonly step: number;
  private consumed = 0;
  private produced = 0;
  /** Scratch rows, reused: flattened source, resampled source, the running sum, the carry. */
  private readonly flat: Uint8Array;
  private readonly resampled: Float32Array;
  private readonly sum: Float32Array;
  /** The part of the last source row that belongs to the next target row (weight 0 if none). */
  private readonly carry: Float32Array;
  private carryWeight = 0;

  constructor(image: RowSourceImage, width: number, height: number) {
    if (width > image.width || height > image.height || width < 1 || height < 1) {
      throw new RangeError(
        `Cannot show a ${image.width} × ${image.height} crop at ${width} × ${height}`,
      );
    }
    this.png = image;
    this.width = width;
    this.height = height;
    this.rows = image.rows;
    this.samples = image.channels <= 2 ? 1 : 3;
    this.flat = new Uint8Array(image.width * this.samples);
    const scaled = width !== image.width || height !== image.height;
    this.spans = scaled ? columnSpans(image.width, width) : null;
    this.step = image.height / height;
    const scratch = scaled ? width * this.samples : 0;
    this.resampled = new Float32Array(scratch);
    this.sum = new Float32Array(scratch);
    this.carry = new Float32Array(scratch);
  }

  /** Writes the next target row as RGBA into `out` at byte offset `offset`. */
  async nextInto(out: Uint8Array | Uint8ClampedArray, offset: number): Promise<void> {
    if (this.produced >= this.height) throw new RangeError('No rows left in the crop');
    this.produced += 1;
    if (!this.spans) {
      writeRgba(await this.source(), this.samples, out, offset);
      return;
    }
    const sum = this.sum;
    sum.fill(0);
    let weight = 0;
    if (this.carryWeight > 0) {
      addScaled(sum, this.carry, this.carryWeight);
      weight = this.carryWeight;
      this.carryWeight = 0;
    }
    const end = Math.min(this.png.height, this.produced * this.step);
    while (this.consumed < end) {
      const row = this.resample(await this.source());
      const inside = Math.min(end, this.consumed) - (this.consumed - 1);
      addScaled(sum, row, inside);
      weight += inside;
      if (this.consumed > end) {
        this.carry.set(row);
        this.carryWeight = this.consumed - end;
      }
    }
    for (let i = 0; i < sum.length; i++) sum[i] /= weight;
    writeRgba(sum, this.samples, out, offset);
  }

  /** Stops decoding (frees the zlib stream) when the strip is done with this crop. */
  async close(): Promise<void> {
    await this.rows.return(undefined);
  }

  /** The next source row, alpha flattened over white. */
  private async source(): Promise<Uint8Array> {
    const next = await this.rows.next();
    if (next.done) throw new Error('Corrupt PNG crop: fewer rows than its header says');
    this.consumed += 1;
    return flatten(next.value, this.png.channels, this.flat);
  }

  /** One source row averaged down to `width` columns. */
  private resample(row: Uint8Array): Float32Array {
    const out = this.resampled;
    // Most rows of a document crop are blank paper: nothing to average.
    if (isWhite(row)) return out.fill(255);
    const spans = this.spans as ColumnSpan[];
    const n = this.samples;
    for (let x = 0; x < this.width; x++) {
      const { start, weights } = spans[x];
      for (let c = 0; c < n; c++) {
        let v = 0;
        for (let k = 0, i = start * n + c; k < weights.length; k++, i += n)
          v += row[i] * weights[k];
        out[x * n + c] = v;
      }
    }
    return out;
  }
}

/** A crop PNG's rows, decoded a few at a time (see the file comment). */
export class PngRowReader extends ScaledRows {
  constructor(png: Uint8Array, width: number, height: number) {
    const header = readPng(png);
    if (!header) throw new RangeError('PngRowReader reads 8-bit, non-interlaced, non-palette PNGs');
    super({ ...header, rows: sourceRows(header) }, width, height);
  }
}

function isWhite(row: Uint8Array): boolean {
  for (let i = 0; i < row.length; i++) if (row[i] !== 255) return false;
  return true;
}

/** Grey or RGB samples of a row with its alpha (if any) shown over white; `out` is reused. */
function flatten(row: Uint8Array, channels: number, out: Uint8Array): Uint8Array {
  if (channels === 1 || channels === 3) return row;
  const colour = channels - 1;
  for (let i = 0, o = 0; i < row.length; i += channels) {
    const alpha = row[i + colour];
    for (let c = 0; c < colour; c++) {
      out[o++] = Math.round((row[i + c] * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return out;
}

/** Grey or RGB samples (bytes or floats) as opaque RGBA pixels at `offset` of `out`. */
function writeRgba(
  row: Uint8Array | Float32Array,
  samples: number,
  out: Uint8Array | Uint8ClampedArray,
  offset: number,
): void {
  const round = row instanceof Float32Array;
  if (samples === 1) {
    for (let i = 0, o = offset; i < row.length; i++, o += 4) {
      const v = round ? Math.round(row[i]) : row[i];
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
    return;
  }
  for (let i = 0, o = offset; i < row.length; i += 3, o += 4) {
    out[o] = round ? Math.round(row[i]) : row[i];
    out[o + 1] = round ? Math.round(row[i + 1]) : row[i + 1];
    out[o + 2] = round ? Math.round(row[i + 2]) : row[i + 2];
    out[o + 3] = 255;
  }
}

function addScaled(sum: Float32Array, row: Float32Array, weight: number): void {
  for (let i = 0; i < sum.length; i++) sum[i] += row[i] * weight;
}
