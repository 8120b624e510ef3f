import { releasePixels } from './release-pixels.js';

describe('releasePixels', () => {
  it('frees buffers an item owns whole, once, and leaves shared ones to the collector', () => {
    const owned = new Uint8Array(1000).fill(7);
    const whole = new Uint8Array(64);
    const shared = whole.subarray(8, 16);
    const twice = { pixels: owned };
    releasePixels([twice, { pixels: shared }, {}, twice]);
    expect(owned.buffer.detached).toBe(true);
    expect(owned.length).toBe(0);
    expect(whole.buffer.detached).toBe(false);
    expect(shared.length).toBe(8);
  });
});
