// A crop kept as raw pixels between the renderer and its strip (no PNG encode and decode in
// between): 1 byte per pixel while every row so far is grey (most document crops; near-grey.ts), 3 (RGB) once
// a coloured row arrives — a third or three quarters of RGBA, which matters for A0-sized crops.
// Thread code: erasable TypeScript only.
import { greyOf } from './near-grey.js';

/** Collects opaque RGBA rows (top to bottom) into packed grey or RGB pixels. */
export class PackedPixelWriter {
  private readonly width: number;
  private readonly height: number;
  private data: Uint8Array;
  private channels: 1 | 3 = 1;
  private rows = 0;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    // Paper white to start with: white pixels (most of any document crop) are then skipped.
    this.data = new Uint8Array(width * height).fill(255);
  }

  /** Adds `rows` rows of RGBA pixels (`width * 4` bytes each). */
  addRows(rgba: Uint8Array, rows: number): void {
    if (this.rows + rows > this.height) throw new RangeError('more rows than the image height');
    const w = this.width;
    // 32-bit reads (R in the low byte, little-endian hosts as png-encoder.ts): 3–4× faster than
    // byte-wise reads on the render threads' profile. Signed: V8 keeps int32 words in registers,
    // while uint32 ones above 2^31 (every opaque pixel) are handled as doubles.
    const words =
      rgba.byteOffset % 4 === 0
        ? new Int32Array(rgba.buffer, rgba.byteOffset, w * rows)
        : new Int32Array(rgba.slice(0, w * rows * 4).buffer);
    const band: RgbaBand = {
      words,
      bytes: Buffer.from(words.buffer, words.byteOffset, w * rows * 4),
      white: whiteRow(w * 4),
    };
    for (let r = 0; r < rows; r++) {
      // A white row is already in place (the data starts white): one memcmp instead of a pixel
      // loop, for the blank lines between text lines and the margins of most crops.
      if (band.bytes.compare(band.white, 0, w * 4, r * w * 4, (r + 1) * w * 4) === 0) {
        this.rows += 1;
        continue;
      }
      // Row by row, as the PNG writer decides, so both give the same pixels (near-grey.ts).
      if (this.channels === 1 && !copyGreyRow(band, r * w, w, this.data, this.rows * w)) {
        this.toRgb();
      }
      if (this.channels === 3) copyRgbRow(words, r * w, w, this.data, this.rows * w * 3);
      this.rows += 1;
    }
  }

  finish(): { pixels: Uint8Array; channels: 1 | 3 } {
    if (this.rows !== this.height) throw new RangeError(`got ${this.rows} rows of ${this.height}`);
    return { pixels: this.data, channels: this.channels };
  }

  private toRgb(): void {
    const grey = this.data;
    const rgb = new Uint8Array(this.width * this.height * 3).fill(255); // white, as in the constructor
    for (let p = 0; p < this.rows * this.width; p++) {
      rgb[p * 3] = grey[p];
      rgb[p * 3 + 1] = grey[p];
      rgb[p * 3 + 2] = grey[p];
    }
    this.data = rgb;
    this.channels = 3;
  }
}

/** Rows of RGBA pixels as words and as bytes, with a white row at least as wide to test against. */
interface RgbaBand {
  words: Int32Array;
  bytes: Buffer;
  white: Buffer;
}

let whiteBytes = Buffer.alloc(0);

/** A row of `bytes` white RGBA bytes (kept, grown as needed). */
function whiteRow(bytes: number): Buffer {
  if (whiteBytes.length < bytes) whiteBytes = Buffer.alloc(bytes, 0xff);
  return whiteBytes;
}

/**
 * Copies a row of grey pixels into `out` (prefilled white); false at its first coloured pixel (the
 * row is redone as RGB). White words (-1) are skipped: half the time of this loop on text crops.
 */
function copyGreyRow(band: RgbaBand, from: number, w: number, out: Uint8Array, at: number) {
  const { words, bytes, white } = band;
  for (let x = 0; x < w; x += SEGMENT) {
    const end = Math.min(x + SEGMENT, w);
    // White stretches of a text row (between words, the margins) are skipped a segment at a time.
    if (
      end - x === SEGMENT &&
      bytes.compare(white, 0, SEGMENT * 4, (from + x) * 4, (from + end) * 4) === 0
    ) {
      continue;
    }
    for (let p = x; p < end; p++) {
      const v = words[from + p];
      if (v === -1) continue;
      const g = greyOf(v);
      if (g < 0) return false;
      out[at + p] = g;
    }
  }
  return true;
}

/** Pixels per white test within a row. */
const SEGMENT = 64;

function copyRgbRow(words: Int32Array, from: number, w: number, out: Uint8Array, at: number) {
  for (let x = 0, o = at; x < w; x++, o += 3) {
    const v = words[from + x];
    if (v === -1) continue; // prefilled white (toRgb keeps white as 255)
    out[o] = v & 0xff;
    out[o + 1] = (v >>> 8) & 0xff;
    out[o + 2] = (v >>> 16) & 0xff;
  }
}

/** The rows of packed pixels, one view at a time (no copies). */
export async function* packedRows(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): AsyncGenerator<Uint8Array> {
  const stride = width * channels;
  for (let y = 0; y < height; y++) yield pixels.subarray(y * stride, (y + 1) * stride);
  await Promise.resolve();
}
