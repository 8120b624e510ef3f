// Strips written as lossless WebP or JPEG (STRIP_IMAGE_FORMAT, docs/rendering.md "Strip image
// encoding"), by Skia's encoders in @napi-rs/canvas (already a dependency; `encode` runs off the
// main thread). Crops reach the strip exactly as for PNG strips (`PngStripCodec.cropRows`); only
// the final encoding differs. Unlike the PNG writer these encoders need the whole strip at once,
// so its RGBA pixels are held until `finish` (at most 4000 × 9000 × 4 B = 144 MB for the largest
// strip the layout allows; typical text strips are 10–30 MB).
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { CropPart, ImageRowEncoder, RowSource, StripImageCodec } from '@remote-ocr/ocr-core';
import { PngStripCodec } from '../png/png-strip-codec.js';

export type SkiaStripFormat = 'webp' | 'jpeg';

/** JPEG quality (0–100) of strips; WebP strips are lossless. */
const STRIP_JPEG_QUALITY = 95;

class SkiaRowEncoder implements ImageRowEncoder {
  private readonly width: number;
  private readonly height: number;
  private readonly format: SkiaStripFormat;
  private readonly rgba: Uint8ClampedArray;
  private rowsIn = 0;

  constructor(width: number, height: number, format: SkiaStripFormat) {
    this.width = width;
    this.height = height;
    this.format = format;
    this.rgba = new Uint8ClampedArray(width * height * 4);
  }

  addRows(rgba: Uint8Array | Uint8ClampedArray, rows: number): void {
    if (this.rowsIn + rows > this.height) throw new RangeError('more rows than the image height');
    this.rgba.set(rgba.subarray(0, this.width * rows * 4), this.rowsIn * this.width * 4);
    this.rowsIn += rows;
  }

  async finish(): Promise<Uint8Array> {
    if (this.rowsIn !== this.height)
      throw new RangeError(`got ${this.rowsIn} rows of ${this.height}`);
    const canvas = createCanvas(this.width, this.height);
    canvas.getContext('2d').putImageData(new ImageData(this.rgba, this.width, this.height), 0, 0);
    // WebP quality 100 is Skia's lossless mode.
    return canvas.encode(this.format, this.format === 'webp' ? 100 : STRIP_JPEG_QUALITY);
  }
}

/** Strips of the renderer's crops, encoded as lossless WebP or JPEG. */
export class SkiaStripCodec implements StripImageCodec {
  readonly mimeType: 'image/webp' | 'image/jpeg';
  private readonly format: SkiaStripFormat;
  private readonly crops = new PngStripCodec();

  constructor(format: SkiaStripFormat) {
    this.format = format;
    this.mimeType = format === 'webp' ? 'image/webp' : 'image/jpeg';
  }

  cropRows(crop: CropPart, width: number, height: number): Promise<RowSource> {
    return this.crops.cropRows(crop, width, height);
  }

  encoder(width: number, height: number): ImageRowEncoder {
    return new SkiaRowEncoder(width, height, this.format);
  }
}
