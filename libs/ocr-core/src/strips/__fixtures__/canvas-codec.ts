// A strip codec for ocr-core's own tests, on @napi-rs/canvas alone (the real ones live in
// @remote-ocr/render, which ocr-core's tests cannot import): decodes each crop PNG whole and
// encodes the strip PNG once all rows are in. Simple and slow, which is fine for small test images.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { CropPart } from '../../ports/pdf-renderer.port.js';
import type { ImageRowEncoder, RowSource, StripImageCodec } from '../../ports/strip-image.port.js';

class WholeRows implements RowSource {
  private row = 0;

  constructor(
    private readonly pixels: Uint8ClampedArray,
    private readonly width: number,
  ) {}

  nextInto(out: Uint8Array | Uint8ClampedArray, offset: number): Promise<void> {
    const start = this.row++ * this.width * 4;
    out.set(this.pixels.subarray(start, start + this.width * 4), offset);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

class CanvasEncoder implements ImageRowEncoder {
  private readonly pixels: Uint8ClampedArray;
  private rows = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.pixels = new Uint8ClampedArray(width * height * 4);
  }

  addRows(rgba: Uint8Array | Uint8ClampedArray, rows: number): void {
    this.pixels.set(rgba.subarray(0, rows * this.width * 4), this.rows * this.width * 4);
    this.rows += rows;
  }

  async finish(): Promise<Uint8Array> {
    const canvas = createCanvas(this.width, this.height);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(this.width, this.height);
    image.data.set(this.pixels);
    ctx.putImageData(image, 0, 0);
    return new Uint8Array(await canvas.encode('png'));
  }
}

export const canvasCodec: StripImageCodec = {
  mimeType: 'image/png',
  async cropRows(crop: CropPart, width: number, height: number): Promise<RowSource> {
    if (crop.pixels) return new WholeRows(greyToRgba(crop, width, height), width);
    const image = await loadImage(Buffer.from(crop.png));
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0, width, height);
    return new WholeRows(ctx.getImageData(0, 0, width, height).data, width);
  },
  encoder: (width, height) => new CanvasEncoder(width, height),
};

/** Raw grey pixels (the fake renderer's raw crops, shown unscaled) as RGBA rows. */
function greyToRgba(crop: CropPart, width: number, height: number): Uint8ClampedArray {
  if ((crop.channels ?? 1) !== 1 || width !== crop.width || height !== crop.height) {
    throw new Error('canvasCodec reads raw crops only grey and unscaled');
  }
  const grey = crop.pixels ?? new Uint8Array(0);
  if (grey.length !== width * height) throw new Error('raw crop pixels were freed or cut short');
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i++)
    rgba.fill(grey[i], i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
  return rgba;
}
