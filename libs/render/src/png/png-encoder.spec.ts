import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PngRowEncoder } from './png-encoder.js';

type Paint = (x: number, y: number) => [number, number, number];

function rgbaOf(width: number, rows: number, top: number, paint: Paint): Uint8Array {
  const rgba = new Uint8Array(width * rows * 4);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) rgba.set([...paint(x, top + y), 255], (y * width + x) * 4);
  }
  return rgba;
}

/** Encodes `paint` in bands of `band` rows, as the renderer and the strip builder feed it. */
async function encode(width: number, height: number, band: number, paint: Paint) {
  const encoder = new PngRowEncoder(width, height, 3);
  for (let y = 0; y < height; y += band) {
    const rows = Math.min(band, height - y);
    encoder.addRows(rgbaOf(width, rows, y, paint), rows);
  }
  return encoder.finish();
}

/** Decodes with Skia (an independent reader) into RGBA. */
async function decode(png: Uint8Array, width: number, height: number): Promise<Uint8ClampedArray> {
  const image = await loadImage(Buffer.from(png));
  expect([image.width, image.height]).toEqual([width, height]);
  const ctx = createCanvas(width, height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, width, height).data;
}

/** IHDR colour type: 0 greyscale, 2 RGB. */
const colourType = (png: Uint8Array): number => png[8 + 8 + 9];

const grey: Paint = (x, y) => {
  const v = (x * 7 + y * 13) % 256;
  return [v, v, v];
};
const colourBelow =
  (row: number): Paint =>
  (x, y) =>
    y < row ? grey(x, y) : [(x * 5) % 256, (y * 3) % 256, (x + y) % 256];

describe('PngRowEncoder', () => {
  const width = 97;
  const height = 120;

  it.each([
    ['all grey, written as 8-bit grey', grey, 0],
    ['colour from the first row', colourBelow(0), 2],
    ['colour from row 45, mid-band (grey rows re-expanded)', colourBelow(45), 2],
    ['colour from row 80, a later band', colourBelow(80), 2],
  ] as const)('%s', async (_name, paint, type) => {
    const png = await encode(width, height, 32, paint);
    expect(colourType(png)).toBe(type);
    const pixels = await decode(png, width, height);
    const want = rgbaOf(width, height, 0, paint);
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (pixels[i] !== want[i]) differing++;
    expect(differing).toBe(0);
  });

  it.each([
    ['word-aligned rows (filtered four samples at a time)', 100, 0],
    ['unaligned rows (filtered sample by sample)', 99, 1],
  ])('grey rows, %s, give the bytes of the same pixels as RGBA', async (_name, stride, offset) => {
    // Every byte value against every other, so no borrow may cross from one sample to the next.
    const sample = (x: number, y: number) => (x * 37 + y * 101 + ((x * y) % 7) * 29) & 255;
    const rgba = new PngRowEncoder(width, height, 3);
    const greyOnly = new PngRowEncoder(width, height, 3);
    for (let top = 0; top < height; top += 50) {
      const rows = Math.min(50, height - top);
      const band = new Uint8Array(offset + stride * rows).fill(255).subarray(offset);
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < width; x++) band[y * stride + x] = sample(x, top + y);
      }
      greyOnly.addGreyRows(band, stride, rows);
      rgba.addRows(
        rgbaOf(width, rows, top, (x, y) => [sample(x, y), sample(x, y), sample(x, y)]),
        rows,
      );
    }
    const [a, b] = await Promise.all([greyOnly.finish(), rgba.finish()]);
    expect(colourType(a)).toBe(0);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('refuses to finish with rows missing, and takes no more rows than the height', async () => {
    const encoder = new PngRowEncoder(4, 3);
    encoder.addRows(rgbaOf(4, 2, 0, grey), 2);
    await expect(encoder.finish()).rejects.toThrow('got 2 rows of 3');
    expect(() => encoder.addRows(rgbaOf(4, 2, 0, grey), 2)).toThrow(RangeError);
  });
});
