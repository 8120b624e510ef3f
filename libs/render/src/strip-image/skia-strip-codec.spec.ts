import { createCanvas, loadImage } from '@napi-rs/canvas';
import { stripCodecFor } from './strip-codec-for.js';

/** Text-like grey stripes on white, as RGBA bands. */
function rgbaOf(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((x >> 2) % 3 === 0 && (y >> 3) % 2 === 0)
        rgba.fill(20, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  return rgba;
}

async function encode(format: 'png' | 'webp' | 'jpeg', rgba: Uint8Array, w: number, h: number) {
  const codec = stripCodecFor(format);
  const encoder = codec.encoder(w, h);
  encoder.addRows(rgba.subarray(0, w * 40 * 4), 40);
  encoder.addRows(rgba.subarray(w * 40 * 4), h - 40);
  return { mimeType: codec.mimeType, bytes: await encoder.finish() };
}

async function decode(bytes: Uint8Array, w: number, h: number) {
  const image = await loadImage(Buffer.from(bytes));
  expect([image.width, image.height]).toEqual([w, h]);
  const ctx = createCanvas(w, h).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, w, h).data;
}

describe('strip image formats (STRIP_IMAGE_FORMAT)', () => {
  const [w, h] = [90, 100];
  const rgba = rgbaOf(w, h);

  it.each([
    ['png', 'image/png', 0],
    ['webp', 'image/webp', 0],
    ['jpeg', 'image/jpeg', 12],
  ] as const)('%s strips are %s, within %d of the pixels', async (format, mime, tolerance) => {
    const { mimeType, bytes } = await encode(format, rgba, w, h);
    expect(mimeType).toBe(mime);
    const pixels = await decode(bytes, w, h);
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < rgba.length; i++) {
      const d = Math.abs(pixels[i] - rgba[i]);
      worst = Math.max(worst, d);
      sum += d;
    }
    if (tolerance === 0) expect(worst).toBe(0);
    else expect(sum / rgba.length).toBeLessThanOrEqual(tolerance);
  });

  it('refuses an unknown format and a strip with rows missing', async () => {
    expect(() => stripCodecFor('gif' as 'png')).toThrow('Unknown strip image format');
    const encoder = stripCodecFor('webp').encoder(4, 3);
    encoder.addRows(new Uint8Array(4 * 2 * 4), 2);
    await expect(encoder.finish()).rejects.toThrow('got 2 rows of 3');
  });
});
