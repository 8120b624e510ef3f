// Rows of a raw crop (packed grey or RGB pixels, `packed-pixels.ts`) shown unscaled on a strip:
// each row is widened to opaque RGBA with 32-bit writes, synchronously. The general path
// (`ScaledRows`, an async generator per row and float sums) cost most of the strip stage's time on
// the main thread when profiled (docs/rendering.md, "Where the time goes"), and most crops are
// not scaled at all.
import type { RowSource } from '@remote-ocr/ocr-core';

const OPAQUE = 0xff000000;

/** Opaque RGBA rows of packed grey (1 B/px) or RGB (3 B/px) pixels, top to bottom. */
export class PackedRowSource implements RowSource {
  private readonly pixels: Uint8Array;
  private readonly width: number;
  private readonly height: number;
  private readonly channels: 1 | 3;
  private row = 0;

  constructor(pixels: Uint8Array, width: number, height: number, channels: 1 | 3) {
    if (pixels.length < width * height * channels) {
      throw new RangeError(
        `raw crop holds ${pixels.length} bytes, not ${width}×${height}×${channels}`,
      );
    }
    this.pixels = pixels;
    this.width = width;
    this.height = height;
    this.channels = channels;
  }

  nextInto(out: Uint8Array | Uint8ClampedArray, offset: number): Promise<void> {
    if (this.row >= this.height) return Promise.reject(new RangeError('No rows left in the crop'));
    const y = this.row++;
    if ((out.byteOffset + offset) % 4 === 0) {
      const words = new Uint32Array(out.buffer, out.byteOffset + offset, this.width);
      if (this.channels === 1) this.greyWords(y, words);
      else this.rgbWords(y, words);
    } else {
      this.bytes(y, out, offset);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private greyWords(y: number, words: Uint32Array): void {
    const src = this.pixels;
    const w = this.width;
    for (let x = 0, i = y * w; x < w; x++, i++) words[x] = (OPAQUE | (src[i] * 0x010101)) >>> 0;
  }

  private rgbWords(y: number, words: Uint32Array): void {
    const src = this.pixels;
    const w = this.width;
    for (let x = 0, i = y * w * 3; x < w; x++, i += 3) {
      words[x] = (OPAQUE | (src[i + 2] << 16) | (src[i + 1] << 8) | src[i]) >>> 0;
    }
  }

  /** Byte-wise fallback for an unaligned target. */
  private bytes(y: number, out: Uint8Array | Uint8ClampedArray, offset: number): void {
    const n = this.channels;
    const src = this.pixels;
    for (let x = 0, i = y * this.width * n, o = offset; x < this.width; x++, i += n, o += 4) {
      out[o] = src[i];
      out[o + 1] = src[i + (n === 3 ? 1 : 0)];
      out[o + 2] = src[i + (n === 3 ? 2 : 0)];
      out[o + 3] = 255;
    }
  }
}
