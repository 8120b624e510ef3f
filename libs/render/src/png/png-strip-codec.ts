// The strip codec of both renderers: raw crops (PDFium) are scaled onto the strip straight from
// their pixels, PNG crops (pdf.js) stream through `PngRowReader` (never decoded whole); strips are
// written by `PngRowEncoder` as their bands are built — the one PNG encoding of those pixels.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { CropPart, ImageRowEncoder, RowSource, StripImageCodec } from '@remote-ocr/ocr-core';
import { PngRowEncoder } from './png-encoder.js';
import { packedRows } from '../pixels/packed-pixels.js';
import { PackedRowSource } from '../pixels/packed-row-source.js';
import { canStreamPng, PngRowReader, ScaledRows } from './png-row-reader.js';

/** Rows of fully decoded RGBA pixels (crops `PngRowReader` cannot stream, e.g. palette PNGs). */
class DecodedRows implements RowSource {
  private row = 0;
  private readonly pixels: Uint8ClampedArray;
  private readonly width: number;

  constructor(pixels: Uint8ClampedArray, width: number) {
    this.pixels = pixels;
    this.width = width;
  }

  nextInto(out: Uint8Array | Uint8ClampedArray, offset: number): Promise<void> {
    const start = this.row++ * this.width * 4;
    out.set(this.pixels.subarray(start, start + this.width * 4), offset);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Strips of PNG crops, encoded as PNG at zlib `level` (default 3). */
export class PngStripCodec implements StripImageCodec {
  readonly mimeType = 'image/png' as const;
  private readonly level: number;

  constructor(level = 3) {
    this.level = level;
  }

  async cropRows(crop: CropPart, width: number, height: number): Promise<RowSource> {
    if (crop.pixels) {
      const channels = crop.channels ?? 1;
      if (width === crop.width && height === crop.height && (channels === 1 || channels === 3)) {
        return new PackedRowSource(crop.pixels, width, height, channels);
      }
      const rows = packedRows(crop.pixels, crop.width, crop.height, channels);
      return new ScaledRows(
        { width: crop.width, height: crop.height, channels, rows },
        width,
        height,
      );
    }
    if (canStreamPng(crop.png)) return new PngRowReader(crop.png, width, height);
    const image = await loadImage(
      Buffer.from(crop.png.buffer, crop.png.byteOffset, crop.png.length),
    );
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(image, 0, 0, width, height);
    return new DecodedRows(ctx.getImageData(0, 0, width, height).data, width);
  }

  encoder(width: number, height: number): ImageRowEncoder {
    return new PngRowEncoder(width, height, this.level);
  }
}
