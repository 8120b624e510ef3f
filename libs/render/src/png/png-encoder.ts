// Our own PNG writer. Why not a library: @napi-rs/canvas's Skia encoder always writes RGBA at zlib
// level 6 trying every filter per row, and pngjs/fast-png filter in generic JS — on a 25 Mpx
// crop of the A0 fixture they took 2.4–2.9 s against 0.25 s here, and PNG encoding is most of
// the crop stage (docs/pdf-traps.md). Crops are opaque (white background), so alpha is dropped; grey
// crops (most drawings, scans and text, near-grey "rich black" included: pixels/near-grey.ts) are
// written as 8-bit greyscale, 3× less data to deflate.
// Every row uses the PNG "Up" filter and zlib's RLE strategy: both cheap, and they suit the long
// white runs of document images. Deflate runs on libuv's pool as rows arrive, so the caller's
// thread renders the next band meanwhile and only compressed rows are kept: an A0 crop of
// 12393 × 2023 px no longer holds its 25 MB (grey) or 75 MB (colour) of filtered rows until the end.
import { promisify } from 'node:util';
import { constants, crc32, createDeflate, inflate, type Deflate } from 'node:zlib';
import { endianness } from 'node:os';
import { greyOf } from '../pixels/near-grey.js';
import { returnRowBuffer, takeRowBuffer } from './row-buffers.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const FILTER_UP = 2;
const COLOR_GREY = 0;
const COLOR_RGB = 2;

if (endianness() !== 'LE') {
  // Pixels are read as little-endian 32-bit words (R in the low byte) for speed.
  throw new Error('png-encoder: big-endian hosts are not supported');
}

/** Streams opaque RGBA rows (top to bottom) into a PNG; call `finish()` once all rows are in. */
export class PngRowEncoder {
  private readonly width: number;
  private readonly height: number;
  private readonly level: number;
  private grey = true;
  private rowsIn = 0;
  /** The previous row's pixels, for the Up filter (zero before the first row, as PNG says). */
  private readonly previous: Uint32Array;
  /** The same while the image is grey: one sample a pixel, and the row being written. */
  private previousGrey: Uint8Array;
  private currentGrey: Uint8Array;
  private deflater: Deflater;
  /** Filtered rows go to the deflater one write after another, in order. */
  private pending: Promise<void> = Promise.resolve();
  /** `pending` as it was before the latest `addRows`/`addGreyRows` (see `drained`). */
  private beforeLast: Promise<void> = Promise.resolve();

  constructor(width: number, height: number, level = 3) {
    this.width = width;
    this.height = height;
    this.level = level;
    this.previous = new Uint32Array(width);
    this.previousGrey = new Uint8Array(width);
    this.currentGrey = new Uint8Array(width);
    this.deflater = new Deflater(level);
  }

  /** Adds `rows` rows of RGBA pixels (`width * 4` bytes each). */
  addRows(rgba: Uint8Array | Uint8ClampedArray, rows: number): void {
    if (this.rowsIn + rows > this.height) throw new RangeError('more rows than the image height');
    this.beforeLast = this.pending;
    // A 32-bit view needs 4-byte alignment; fresh ImageData buffers have it, pooled ones may not.
    const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
    const pixels = new Uint32Array(aligned.buffer, aligned.byteOffset, this.width * rows);
    let start = 0;
    while (start < rows) {
      const done = this.grey
        ? this.writeGreyRows(pixels, start, rows)
        : this.writeRgbRows(pixels, start, rows);
      start += done;
      if (start < rows) this.switchToRgb();
    }
  }

  /**
   * Adds `rows` rows of grey samples (row `r` at `grey[r * stride]`): the strips of grey raw crops
   * (docs/rendering.md, "Where the time goes"). Only the Up filter is left to do, 4 samples at a
   * time when rows are word-aligned; the bytes equal `addRows` of the same pixels as RGBA.
   */
  addGreyRows(grey: Uint8Array, stride: number, rows: number): void {
    if (this.rowsIn + rows > this.height) throw new RangeError('more rows than the image height');
    if (!this.grey) throw new RangeError('grey rows after colour ones');
    if (rows <= 0) return;
    this.beforeLast = this.pending;
    const w = this.width;
    const out = takeRowBuffer((w + 1) * rows);
    if (grey.byteOffset % 4 === 0 && stride % 4 === 0 && grey.length >= stride * rows) {
      upFilterWords(grey, stride, rows, this.previousGrey, out, w);
    } else {
      let prev = this.previousGrey;
      for (let r = 0, o = 0; r < rows; r++, o += w + 1) {
        const row = grey.subarray(r * stride, r * stride + w);
        out[o] = FILTER_UP;
        upFilter(row, prev, out, o + 1, w);
        prev = row;
      }
    }
    this.previousGrey.set(grey.subarray((rows - 1) * stride, (rows - 1) * stride + w));
    this.push(out, rows);
  }

  /**
   * Resolves once zlib has taken in every row but the latest `addRows`/`addGreyRows` call's. A
   * caller that awaits it between calls holds at most two batches of filtered rows while zlib
   * works; without it, rows filtered faster than zlib deflates pile up (measured on the A0 sheet's
   * strips: nine 3.9 MB batches waiting, docs/rendering.md "Memory"). Errors surface in `finish()`.
   */
  drained(): Promise<void> {
    return this.beforeLast.catch(() => undefined);
  }

  /** Waits for the last rows to be deflated and returns the PNG file bytes. */
  async finish(): Promise<Uint8Array> {
    if (this.rowsIn !== this.height) {
      this.then(() => this.deflater.end()); // release zlib's memory
      throw new RangeError(`got ${this.rowsIn} rows of ${this.height}`);
    }
    await this.pending;
    const idat = await this.deflater.end();
    const header = new Uint8Array(13);
    const view = new DataView(header.buffer);
    view.setUint32(0, this.width);
    view.setUint32(4, this.height);
    header.set([8, this.grey ? COLOR_GREY : COLOR_RGB, 0, 0, 0], 8);
    return pngFile(header, idat);
  }

  /** Queues a step after the writes before it; a failure surfaces in `finish()`. */
  private then(step: () => Promise<unknown>): void {
    this.pending = this.pending.then(async () => void (await step()));
    this.pending.catch(() => undefined); // handled: finish() awaits and rethrows it
  }

  /** Writes grey rows until one has colour; returns how many rows were written. */
  private writeGreyRows(pixels: Uint32Array, start: number, rows: number): number {
    const w = this.width;
    const out = takeRowBuffer((w + 1) * (rows - start));
    let o = 0;
    let r = start;
    for (; r < rows; r++) {
      const base = r * w;
      const prev = this.previousGrey;
      const row = this.currentGrey;
      let x = 0;
      for (; x < w; x++) {
        // Near-grey pixels count as grey (pixels/near-grey.ts).
        const g = greyOf(pixels[base + x]);
        if (g < 0) break;
        row[x] = g;
        out[o + 1 + x] = g - prev[x];
      }
      if (x < w) break;
      out[o] = FILTER_UP;
      o += w + 1;
      this.previousGrey = row;
      this.currentGrey = prev;
    }
    this.push(out.subarray(0, o), r - start);
    return r - start;
  }

  private writeRgbRows(pixels: Uint32Array, start: number, rows: number): number {
    const w = this.width;
    const out = takeRowBuffer((w * 3 + 1) * (rows - start));
    const prev = this.previous;
    let o = 0;
    for (let r = start; r < rows; r++) {
      const base = r * w;
      out[o++] = FILTER_UP;
      for (let x = 0; x < w; x++) {
        const v = pixels[base + x];
        const p = prev[x];
        out[o++] = v - p;
        out[o++] = (v >>> 8) - (p >>> 8);
        out[o++] = (v >>> 16) - (p >>> 16);
        prev[x] = v;
      }
    }
    this.push(out, rows - start);
    return rows - start;
  }

  private push(data: Uint8Array, rows: number): void {
    if (rows > 0) {
      this.then(async () => {
        await this.deflater.write(data);
        returnRowBuffer(data); // zlib has read it (row-buffers.ts)
      });
    } else {
      returnRowBuffer(data);
    }
    this.rowsIn += rows;
  }

  /**
   * A coloured row arrived: the grey rows so far are already deflated, so they are inflated back,
   * expanded (Up deltas of equal channels triple as-is) and deflated again as RGB, ahead of the
   * rows that follow. Costs extra only for crops that turn colour after a grey top.
   */
  private switchToRgb(): void {
    this.grey = false;
    const w = this.width;
    for (let x = 0; x < w; x++) this.previous[x] = this.previousGrey[x] * 0x010101;
    this.then(async () => {
      const grey = await inflateAsync(Buffer.concat(await this.deflater.end()));
      this.deflater = new Deflater(this.level);
      const rgb = Buffer.allocUnsafe((grey.length / (w + 1)) * (w * 3 + 1));
      let o = 0;
      for (let g = 0; g < grey.length; g++) {
        const v = grey[g];
        if (g % (w + 1) === 0) {
          rgb[o++] = v;
        } else {
          rgb[o++] = v;
          rgb[o++] = v;
          rgb[o++] = v;
        }
      }
      await this.deflater.write(rgb);
    });
  }
}

const inflateAsync = promisify(inflate);

/** `out[at + x] = row[x] - prev[x]` (mod 256) for x < w: the PNG Up filter of one grey row. */
function upFilter(row: Uint8Array, prev: Uint8Array, out: Uint8Array, at: number, w: number): void {
  for (let x = 0; x < w; x++) out[at + x] = row[x] - prev[x];
}

const HIGH_BITS = 0x80808080 | 0;
const LOW_BITS = 0x7f7f7f7f;

/**
 * The Up filter of `rows` word-aligned grey rows (row `r` at `grey[r * stride]`, the row above the
 * first in `above`), four samples per 32-bit word: each byte is `a - b` mod 256 with no borrow
 * across bytes (high bits set on `a` and cleared on `b`, then the true high bit put back by XOR).
 * A third of the byte loop's time on the book's strips (docs/rendering.md, "Where the time goes").
 * Each row is filtered into an aligned scratch row, then copied behind its filter-type byte.
 */
function upFilterWords(
  grey: Uint8Array,
  stride: number,
  rows: number,
  above: Uint8Array,
  out: Uint8Array,
  w: number,
): void {
  const words = stride >> 2;
  const current = new Int32Array(grey.buffer, grey.byteOffset, words * rows);
  const first = new Uint8Array(stride);
  first.set(above.subarray(0, w));
  const firstWords = new Int32Array(first.buffer);
  const diff = new Int32Array(words);
  const diffBytes = new Uint8Array(diff.buffer, 0, w);
  for (let r = 0, o = 0; r < rows; r++, o += w + 1) {
    const prev = r === 0 ? firstWords : current;
    const p = r === 0 ? 0 : (r - 1) * words;
    const c = r * words;
    for (let i = 0; i < words; i++) {
      const a = current[c + i];
      const b = prev[p + i];
      diff[i] = ((a | HIGH_BITS) - (b & LOW_BITS)) ^ ((a ^ ~b) & HIGH_BITS);
    }
    out[o] = FILTER_UP;
    out.set(diffBytes, o + 1);
  }
}

/** A zlib deflate stream (on libuv's pool) whose compressed output is collected. */
class Deflater {
  private readonly z: Deflate;
  private readonly out: Buffer[] = [];
  private readonly done: Promise<Buffer[]>;

  constructor(level: number) {
    this.z = createDeflate({ level, strategy: constants.Z_RLE, memLevel: 9 });
    this.z.on('data', (d: Buffer) => this.out.push(d));
    this.done = new Promise((resolve, reject) => {
      this.z.on('end', () => resolve(this.out));
      this.z.on('error', reject);
    });
    this.done.catch(() => undefined); // handled by whoever awaits end() or write()
  }

  /** Resolves once zlib has taken `data` in (so rows wait in order, not all at once). */
  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.z.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Ends the stream; resolves with all of its compressed output, in pieces. */
  end(): Promise<Buffer[]> {
    this.z.end();
    return this.done;
  }
}

/**
 * The PNG file: signature, IHDR, one IDAT holding `idat`'s pieces, IEND — written into one
 * buffer (the compressed pieces are copied once; each chunk's CRC runs over its type and data).
 */
function pngFile(header: Uint8Array, idat: readonly Uint8Array[]): Uint8Array {
  const idatLength = idat.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(SIGNATURE.length + 12 + header.length + 12 + idatLength + 12);
  const view = new DataView(out.buffer);
  out.set(SIGNATURE, 0);
  let at = SIGNATURE.length;
  const chunk = (type: string, parts: readonly Uint8Array[], length: number): void => {
    view.setUint32(at, length);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
    let crc = crc32(out.subarray(at + 4, at + 8));
    let o = at + 8;
    for (const p of parts) {
      out.set(p, o);
      crc = crc32(p, crc);
      o += p.length;
    }
    view.setUint32(o, crc);
    at = o + 4;
  };
  chunk('IHDR', [header], header.length);
  chunk('IDAT', idat, idatLength);
  chunk('IEND', [], 0);
  return out;
}
