import { createCanvas } from '@napi-rs/canvas';
import { PngRowEncoder } from './png-encoder.js';
import { canStreamPng, PngRowReader } from './png-row-reader.js';

type Paint = (x: number, y: number) => [number, number, number, number];

/** A PNG from Skia's encoder (RGBA, its own row filters), painted pixel by pixel. */
async function skiaPng(width: number, height: number, paint: Paint): Promise<Uint8Array> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set(paint(x, y), (y * width + x) * 4);
  }
  ctx.putImageData(image, 0, 0);
  return new Uint8Array(await canvas.encode('png'));
}

/** A PNG from ocr-core's own writer (greyscale when every pixel is grey), as the renderer makes. */
async function ownPng(width: number, height: number, paint: Paint): Promise<Uint8Array> {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set(paint(x, y), (y * width + x) * 4);
  }
  const encoder = new PngRowEncoder(width, height);
  encoder.addRows(rgba, height);
  return encoder.finish();
}

/** Every row of `png` shown at `width` × `height`, as [r, g, b, a] per pixel. */
async function readAll(png: Uint8Array, width: number, height: number): Promise<number[][][]> {
  const rows = new PngRowReader(png, width, height);
  const out = new Uint8ClampedArray(width * 4);
  const result: number[][][] = [];
  for (let y = 0; y < height; y++) {
    await rows.nextInto(out, 0);
    result.push(
      Array.from({ length: width }, (_, x) => Array.from(out.subarray(x * 4, x * 4 + 4))),
    );
  }
  await rows.close();
  return result;
}

const gradient: Paint = (x, y) => [(x * 37 + y * 11) % 256, (x * 5) % 256, (y * 23) % 256, 255];
const greyGradient: Paint = (x, y) => {
  const v = (x * 13 + y * 7) % 256;
  return [v, v, v, 255];
};

describe('PngRowReader', () => {
  it.each([
    ['Skia RGBA', skiaPng, gradient],
    ['own greyscale', ownPng, greyGradient],
    ['own RGB', ownPng, gradient],
  ] as const)('gives back every pixel of a %s PNG at its own size', async (_, make, paint) => {
    const png = await make(37, 23, paint);
    const rows = await readAll(png, 37, 23);
    for (let y = 0; y < 23; y++) {
      for (let x = 0; x < 37; x++) expect([x, y, rows[y][x]]).toEqual([x, y, paint(x, y)]);
    }
  });

  it('streams a crop too big to inflate at once, scaled or not', async () => {
    // 2400 × 2000 grey: 4.8 MB decompressed, above the one-call limit.
    const [w, h] = [2400, 2000];
    const png = await ownPng(w, h, greyGradient);
    const rows = new PngRowReader(png, w, h);
    const out = new Uint8ClampedArray(w * 4);
    let wrong = 0;
    for (let y = 0; y < h; y++) {
      await rows.nextInto(out, 0);
      for (let x = 0; x < w; x++) if (out[x * 4] !== greyGradient(x, y)[0]) wrong++;
    }
    expect(wrong).toBe(0);
    const solid = await ownPng(w, h, (x) => (x % 2 === 0 ? [0, 0, 0, 255] : [200, 200, 200, 255]));
    const halved = new PngRowReader(solid, w / 2, h / 2);
    const half = new Uint8ClampedArray((w / 2) * 4);
    for (let y = 0; y < h / 2; y++) await halved.nextInto(half, 0);
    expect(new Set(half.filter((_, i) => i % 4 === 0))).toEqual(new Set([100]));
  });

  it('writes at the offset it is given and nowhere else', async () => {
    const png = await ownPng(3, 2, () => [10, 10, 10, 255]);
    const rows = new PngRowReader(png, 3, 2);
    const out = new Uint8ClampedArray(8 * 4).fill(7);
    await rows.nextInto(out, 2 * 4);
    expect(Array.from(out.subarray(0, 8))).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
    expect(Array.from(out.subarray(8, 20))).toEqual([
      10, 10, 10, 255, 10, 10, 10, 255, 10, 10, 10, 255,
    ]);
    expect(Array.from(out.subarray(20))).toEqual(Array(12).fill(7));
  });

  it('averages the source pixels each target pixel covers when scaling down', async () => {
    // 1-px black/white checkerboard halved: every target pixel covers two of each.
    const checker: Paint = (x, y) => ((x + y) % 2 === 0 ? [0, 0, 0, 255] : [255, 255, 255, 255]);
    const halved = await readAll(await ownPng(8, 6, checker), 4, 3);
    for (const row of halved) for (const px of row) expect(px).toEqual([128, 128, 128, 255]);
    // 2-px cells halved stay crisp: each target pixel is one whole cell.
    const cells: Paint = (x, y) =>
      (Math.floor(x / 2) + Math.floor(y / 2)) % 2 === 0 ? [0, 0, 0, 255] : [255, 255, 255, 255];
    const crisp = await readAll(await skiaPng(8, 6, cells), 4, 3);
    expect(crisp.map((row) => row.map((px) => px[0]))).toEqual([
      [0, 255, 0, 255],
      [255, 0, 255, 0],
      [0, 255, 0, 255],
    ]);
  });

  it('weighs source rows and columns cut by a target pixel by the part it covers', async () => {
    // Three columns 0, 90, 180 shown as two: each target pixel takes 1.5 source columns.
    const columns: Paint = (x) => [x * 90, x * 90, x * 90, 255];
    const rows = await readAll(await ownPng(3, 3, columns), 2, 2);
    const left = Math.round((0 * 1 + 90 * 0.5) / 1.5);
    const right = Math.round((90 * 0.5 + 180 * 1) / 1.5);
    for (const row of rows) expect(row.map((px) => px[0])).toEqual([left, right]);
  });

  it('shows transparent pixels over white', async () => {
    const png = await skiaPng(2, 1, (x) => (x === 0 ? [0, 0, 0, 0] : [0, 0, 0, 255]));
    expect(await readAll(png, 2, 1)).toEqual([
      [
        [255, 255, 255, 255],
        [0, 0, 0, 255],
      ],
    ]);
  });

  it('refuses what it cannot read, and scaling up', async () => {
    expect(canStreamPng(new TextEncoder().encode('not a png at all'))).toBe(false);
    const png = await ownPng(4, 4, greyGradient);
    expect(canStreamPng(png)).toBe(true);
    const sixteenBit = png.slice();
    sixteenBit[24] = 16; // IHDR bit depth
    expect(canStreamPng(sixteenBit)).toBe(false);
    expect(() => new PngRowReader(png, 5, 4)).toThrow(RangeError);
  });

  it('rejects a PNG whose data ends before its last row', async () => {
    const png = await ownPng(50, 40, greyGradient);
    const view = new DataView(png.buffer, png.byteOffset);
    view.setUint32(20, 80); // IHDR height doubled: the data holds half the rows
    const rows = new PngRowReader(png, 50, 80);
    const out = new Uint8ClampedArray(50 * 4);
    await expect(
      (async () => {
        for (let y = 0; y < 80; y++) await rows.nextInto(out, 0);
      })(),
    ).rejects.toThrow(/Corrupt PNG crop/);
  });
});
