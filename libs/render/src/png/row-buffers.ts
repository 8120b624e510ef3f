// Buffers for filtered PNG rows on their way to zlib, reused once zlib has taken them in.
// A fresh multi-megabyte buffer is a fresh mapping (glibc maps blocks over 1 MB,
// tools/app-node-flags.mjs): every 4 KB page faults and is zeroed on first touch, and it is
// unmapped again when collected. On the book job that cost more than filtering the rows itself
// (docs/rendering.md, "Where the time goes"); a reused buffer is already mapped. Few and
// short-lived: at most `MAX_KEPT` buffers of at most `MAX_BYTES`, dropped after `IDLE_MS` without
// use, so an idle worker keeps none. One pool per thread (module state).
// Thread code: erasable TypeScript only.

const MAX_KEPT = 3;
const MAX_BYTES = 16 << 20;
const IDLE_MS = 2000;

const kept: ArrayBuffer[] = [];
let idle: ReturnType<typeof setTimeout> | undefined;

/** A buffer of `bytes` (contents undefined): a kept one when one fits, else a new one. */
export function takeRowBuffer(bytes: number): Buffer {
  // Not much larger than asked for, so a small image does not pin a large buffer.
  const i = kept.findIndex((b) => b.byteLength >= bytes && b.byteLength <= bytes * 2);
  if (i >= 0) return Buffer.from(kept.splice(i, 1)[0], 0, bytes);
  // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared pool.
  return Buffer.allocUnsafeSlow(bytes);
}

/** Gives `buffer` back once nothing reads it any more (zlib has consumed it). */
export function returnRowBuffer(buffer: Uint8Array): void {
  const whole = buffer.buffer;
  if (!(whole instanceof ArrayBuffer) || whole.byteLength > MAX_BYTES) return;
  if (whole.byteLength < 64 << 10 || kept.includes(whole)) return; // small ones come from the heap
  kept.push(whole);
  if (kept.length > MAX_KEPT) kept.shift();
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => (kept.length = 0), IDLE_MS);
  idle.unref?.();
}

/** Buffers kept now (for specs). */
export function keptRowBuffers(): number {
  return kept.length;
}
