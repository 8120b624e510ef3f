import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PngRowEncoder } from '../png/png-encoder.js';
import { greyOf, NEAR_GREY_SPREAD } from './near-grey.js';
import { PackedPixelWriter } from './packed-pixels.js';
import { PackedRowSource } from './packed-row-source.js';

type Paint = (x: number, y: number) => [number, number, number];
const word = ([r, g, b]: [number, number, number]): number => (r | (g << 8) | (b << 16)) >>> 0;

function rgbaOf(width: number, height: number, paint: Paint): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([...paint(x, y), 255], (y * width + x) * 4);
  }
  return rgba;
}

async function decodePng(png: Uint8Array, width: number, height: number) {
  const image = await loadImage(Buffer.from(png));
  const ctx = createCanvas(width, height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, width, height).data;
}

/** Raw crop → RGBA rows through the strip's row source. */
async function rawRoundTrip(rgba: Uint8Array, width: number, height: number, band: number) {
  const writer = new PackedPixelWriter(width, height);
  for (let y = 0; y < height; y += band) {
    const rows = Math.min(band, height - y);
    writer.addRows(rgba.subarray(y * width * 4, (y + rows) * width * 4), rows);
  }
  const { pixels, channels } = writer.finish();
  const source = new PackedRowSource(pixels, width, height, channels);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) await source.nextInto(out, y * width * 4);
  return { out, channels };
}

// "Rich black" text on white, with anti-aliased edges, as print-ready PDFs draw it.
const richBlack: Paint = (x, y) => {
  const t = ((x * 7 + y * 3) % 9) / 8;
  return [35 + t * 220, 31 + t * 224, 32 + t * 223].map(Math.round) as [number, number, number];
};
const redBelow =
  (row: number): Paint =>
  (x, y) =>
    y >= row && x % 5 === 0 ? [200, 30, 30] : richBlack(x, y);

describe('near-grey pixels', () => {
  it('count as grey up to NEAR_GREY_SPREAD between channels, as (R + 2G + B) / 4', () => {
    expect(greyOf(word([35, 31, 32]))).toBe(32);
    expect(greyOf(word([200, 200, 200]))).toBe(200);
    expect(greyOf(word([100, 100 + NEAR_GREY_SPREAD, 100]))).toBe(104);
    expect(greyOf(word([100, 101 + NEAR_GREY_SPREAD, 100]))).toBe(-1);
    expect(greyOf(word([255, 250, 240]))).toBe(-1);
  });

  // Lines of text between white rows, with white margins and gaps wider than a white test's
  // segment (64 px): the raw writer skips those without reading them pixel by pixel.
  const lines =
    (inner: Paint): Paint =>
    (x, y) =>
      y % 30 < 12 || x < 70 || (x > 140 && x < 230) ? [255, 255, 255] : inner(x, y);

  it.each([
    ['rich black text: grey', richBlack, 0, 61],
    ['real colour from row 37: RGB, grey rows above kept as written', redBelow(37), 2, 61],
    ['text lines with white rows, margins and gaps: grey', lines(richBlack), 0, 301],
    ['text lines, colour from row 50', lines(redBelow(50)), 2, 301],
  ] as const)('%s, and a raw crop equals its PNG', async (_name, paint, type, width) => {
    const height = 90;
    const rgba = rgbaOf(width, height, paint);
    const encoder = new PngRowEncoder(width, height, 3);
    for (let y = 0; y < height; y += 32) {
      const rows = Math.min(32, height - y);
      encoder.addRows(rgba.subarray(y * width * 4, (y + rows) * width * 4), rows);
    }
    const png = await encoder.finish();
    expect(png[8 + 8 + 9]).toBe(type); // IHDR colour type
    const fromPng = await decodePng(png, width, height);
    const raw = await rawRoundTrip(rgba, width, height, 32);
    expect(raw.channels).toBe(type === 0 ? 1 : 3);
    expect(Buffer.from(raw.out).equals(Buffer.from(fromPng))).toBe(true);
    // Near-grey pixels move by at most the spread; real colour is kept exactly.
    let worst = 0;
    for (let i = 0; i < rgba.length; i++) worst = Math.max(worst, Math.abs(rgba[i] - raw.out[i]));
    expect(worst).toBeLessThanOrEqual(NEAR_GREY_SPREAD);
    if (type === 2) {
      const lastRed = rgba.subarray(-width * 4).findIndex((v, i) => i % 4 === 0 && v === 200);
      expect(lastRed).toBeGreaterThanOrEqual(0);
      const at = raw.out.length - width * 4 + lastRed;
      expect([...raw.out.subarray(at, at + 3)]).toEqual([200, 30, 30]);
    }
  });
});
