// Buffers for filtered PNG rows on their way to zlib, reused once zlib has taken them in.
// A fresh multi-megabyte buffer is a fresh mapping (glibc maps blocks over 1 MB,
// tools/app-node-flags.mjs): every 4 KB page faults and is zeroed on first touch, and it is
// unmapped again when collected. On the book job that cost more than filtering the rows itself
// (docs/rendering.md, "Where the time goes"); a reused buffer is already mapped. Few and
// short-lived: at most `MAX_KEPT` buffers of at most `MAX_BYTES`, `MAX_KEPT_BYTES` in all (a grey
// strip's bands are all filtered before zlib takes the first: up to eight batches at once on the
// book), dropped after `IDLE_MS` without use, so an idle worker keeps none. One pool per thread (module state).
// Thread code: erasable TypeScript only.

const MAX_KEPT = 8;
const MAX_BYTES = 16 << 20;
const MAX_KEPT_BYTES = 16 << 20;
/** New buffers are rounded up to a whole MiB, so a strip's shorter last band fits a kept one. */
const ROUND_BYTES = 1 << 20;
const MIN_KEPT_BYTES = 64 << 10;
const IDLE_MS = 2000;

const kept: ArrayBuffer[] = [];
let idle: ReturnType<typeof setTimeout> | undefined;

/**
 * A buffer of `bytes` (contents undefined): the smallest kept one that fits, else a new one
 * rounded up to a whole MiB, so bands of other widths and a strip's shorter last band fit too.
 */
export function takeRowBuffer(bytes: number): Buffer {
  // Always `allocUnsafeSlow`: a buffer of its own. `allocUnsafe` may give a slice of Node's shared
  // 64 KB pool, which must never be kept and handed out again.
  if (bytes < MIN_KEPT_BYTES) return Buffer.allocUnsafeSlow(bytes); // small: glibc's heap serves it
  let best = -1;
  for (let i = 0; i < kept.length; i++) {
    const size = kept[i].byteLength;
    if (size >= bytes && (best < 0 || size < kept[best].byteLength)) best = i;
  }
  if (best >= 0) return Buffer.from(kept.splice(best, 1)[0], 0, bytes);
  const size = bytes <= MAX_BYTES ? Math.ceil(bytes / ROUND_BYTES) * ROUND_BYTES : bytes;
  return Buffer.allocUnsafeSlow(size).subarray(0, bytes);
}

/** Gives `buffer` back once nothing reads it any more (zlib has consumed it). */
export function returnRowBuffer(buffer: Uint8Array): void {
  const whole = buffer.buffer;
  if (!(whole instanceof ArrayBuffer) || whole.byteLength > MAX_BYTES) return;
  if (whole.byteLength < MIN_KEPT_BYTES || kept.includes(whole)) return;
  kept.push(whole);
  while (kept.length > MAX_KEPT || keptBytes() > MAX_KEPT_BYTES) {
    kept.splice(kept.indexOf(smallest()), 1);
  }
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => (kept.length = 0), IDLE_MS);
  idle.unref?.();
}

function keptBytes(): number {
  return kept.reduce((n, b) => n + b.byteLength, 0);
}

function smallest(): ArrayBuffer {
  return kept.reduce((a, b) => (b.byteLength < a.byteLength ? b : a));
}

/** Buffers kept now (for specs). */
export function keptRowBuffers(): number {
  return kept.length;
}
