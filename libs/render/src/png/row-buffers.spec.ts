import { jest } from '@jest/globals';
import { inflateSync } from 'node:zlib';
import { PngRowEncoder } from './png-encoder.js';
import { keptRowBuffers, returnRowBuffer, takeRowBuffer } from './row-buffers.js';

/** The filtered rows inside a one-IDAT PNG (what zlib was given). */
function rowsOf(png: Uint8Array): Buffer {
  const view = Buffer.from(png);
  const idat = view.indexOf('IDAT');
  return inflateSync(view.subarray(idat + 4, idat + 4 + view.readUInt32BE(idat - 4)));
}

describe('row buffers', () => {
  afterEach(() => jest.useRealTimers());

  it('hands out the smallest kept buffer that fits, and keeps no small ones', () => {
    const big = takeRowBuffer(3_000_000);
    const medium = takeRowBuffer(300_000);
    expect(big.buffer.byteLength).toBe(3 << 20); // rounded up to a whole MiB
    returnRowBuffer(big);
    returnRowBuffer(medium);
    const b = takeRowBuffer(200_000);
    expect(b.buffer).toBe(medium.buffer);
    expect(b.length).toBe(200_000);
    expect(takeRowBuffer(2_500_000).buffer).toBe(big.buffer);
    expect(takeRowBuffer(2_500_000).buffer).not.toBe(big.buffer); // taken: a new one
    const before = keptRowBuffers();
    returnRowBuffer(takeRowBuffer(1000));
    expect(keptRowBuffers()).toBe(before);
  });

  it('keeps nothing after a while without use', () => {
    jest.useFakeTimers();
    returnRowBuffer(takeRowBuffer(300_000));
    expect(keptRowBuffers()).toBeGreaterThan(0);
    jest.advanceTimersByTime(5000);
    expect(keptRowBuffers()).toBe(0);
  });

  it('lets images encoded one after another reuse buffers without mixing their rows', async () => {
    const width = 1200;
    const height = 300;
    const encode = async (seed: number) => {
      const encoder = new PngRowEncoder(width, height, 1);
      const grey = new Uint8Array(width * 100);
      for (let top = 0; top < height; top += 100) {
        for (let i = 0; i < grey.length; i++) grey[i] = (i * seed + top) & 255;
        encoder.addGreyRows(grey, width, 100);
      }
      return encoder.finish();
    };
    const first = rowsOf(await encode(3));
    expect(keptRowBuffers()).toBeGreaterThan(0); // the first image's batches came back
    const second = rowsOf(await encode(7));
    const again = rowsOf(await encode(3));
    expect(again.equals(first)).toBe(true);
    expect(second.equals(first)).toBe(false);
  });
});
