// A crop's raw pixels are freed the moment its strip has drawn them (pipeline/strip-crops.ts),
// instead of whenever the worker's main thread next collects garbage. The buffers come from the
// render threads (they are handed over, not copied), so the main thread's JavaScript heap hardly
// grows while they pile up: V8 only counts them as external memory and runs a full collection
// every ~64 MB of it. On the A0 sheet every crop of the job was still resident at its peak; on the
// book job those collections were most of the main thread's GC time (docs/rendering.md, "The
// worker's own costs"). `ArrayBuffer.prototype.transfer(0)` detaches a buffer and frees it at once.
import type { StripItem } from './strip.types.js';

/**
 * Frees the raw pixels of `items` (views over them read as empty afterwards). Call it only once
 * nothing reads these pixels again; a re-send crops its blocks anew (`withPixels`). A buffer the
 * item does not own whole is left to the garbage collector.
 */
export function releasePixels(items: readonly Pick<StripItem, 'pixels'>[]): void {
  for (const { pixels } of items) {
    const buffer = pixels?.buffer;
    if (!(buffer instanceof ArrayBuffer) || buffer.detached || buffer.resizable) continue;
    if (pixels!.byteOffset !== 0 || pixels!.byteLength !== buffer.byteLength) continue;
    buffer.transfer(0);
  }
}

/** Whether `pixels` were freed by `releasePixels` (false when there are none). */
export function pixelsFreed(pixels: Uint8Array | undefined): boolean {
  const buffer = pixels?.buffer;
  return buffer instanceof ArrayBuffer && buffer.detached;
}
