// Decoding of the crop PNGs this renderer writes, row by row (png-row-reader.ts says why not a
// library): the header and IDAT chunks, inflate (in one call when small, streamed when big) and the
// PNG row filters.
import { createInflate, inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel of the 8-bit colour types this reader takes (PNG spec, IHDR colour type). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export interface PngHeader {
  width: number;
  height: number;
  channels: number;
  idat: Uint8Array[];
}

/** Header and compressed data of a PNG this reader can stream, or null (e.g. palette, 16-bit). */
export function readPng(png: Uint8Array): PngHeader | null {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let header: Omit<PngHeader, 'idat'> | null = null;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      const channels = CHANNELS[colour];
      if (depth !== 8 || interlace !== 0 || channels === undefined) return null;
      header = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), channels };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  return header && idat.length > 0 ? { ...header, idat } : null;
}

/** True when `png` is a PNG that `PngRowReader` can read (8-bit, not interlaced, not palette). */
export const canStreamPng = (png: Uint8Array): boolean => readPng(png) !== null;

/** Undoes the PNG row filter of `row` in place (`prev` is the previous unfiltered row). */
function unfilter(filter: number, row: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = row.length;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = (row[i] + row[i - bpp]) & 0xff;
      return;
    case 2:
      for (let i = 0; i < n; i++) row[i] = (row[i] + prev[i]) & 0xff;
      return;
    case 3:
      for (let i = 0; i < n; i++) {
        const left = i >= bpp ? row[i - bpp] : 0;
        row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xff;
      }
      return;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp] : 0;
        const c = i >= bpp ? prev[i - bpp] : 0;
        row[i] = (row[i] + paeth(a, prev[i], c)) & 0xff;
      }
      return;
    default:
      throw new Error(`Corrupt PNG crop: row filter ${filter}`);
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Decompressed data up to this size is inflated in one synchronous call: most crops are small,
 * and streaming them would cost a thread-pool round trip per chunk. Bigger ones stream.
 */
const INFLATE_AT_ONCE_BYTES = 4 * 2 ** 20;
const STREAM_CHUNK_BYTES = 256 * 2 ** 10;

/** The PNG's decompressed data, in pieces of bounded size. */
async function* inflated(png: PngHeader, rawBytes: number): AsyncGenerator<Uint8Array> {
  if (rawBytes <= INFLATE_AT_ONCE_BYTES) {
    yield inflateSync(Buffer.concat(png.idat));
    return;
  }
  const inflate = createInflate({ chunkSize: STREAM_CHUNK_BYTES });
  const feed = async (): Promise<void> => {
    for (const part of png.idat) if (!inflate.write(part)) await once(inflate, 'drain');
    inflate.end();
  };
  const feeding = feed();
  feeding.catch(() => undefined);
  yield* inflate as AsyncIterable<Buffer>;
  await feeding;
}

/** Unfiltered source rows of a PNG, one at a time (the yielded buffer is reused). */
export async function* sourceRows(png: PngHeader): AsyncGenerator<Uint8Array> {
  const stride = png.width * png.channels;
  let row = new Uint8Array(stride + 1);
  let prev = new Uint8Array(stride + 1);
  let filled = 0;
  let rows = 0;
  for await (const chunk of inflated(png, (stride + 1) * png.height)) {
    for (let at = 0; at < chunk.length && rows < png.height;) {
      const take = Math.min(stride + 1 - filled, chunk.length - at);
      row.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled < stride + 1) continue;
      unfilter(row[0], row.subarray(1), prev.subarray(1), png.channels);
      yield row.subarray(1);
      [row, prev] = [prev, row];
      filled = 0;
      rows += 1;
    }
  }
  if (rows < png.height) throw new Error(`Corrupt PNG crop: ${rows} of ${png.height} rows`);
}

const once = (emitter: NodeJS.EventEmitter, event: string): Promise<void> =>
  new Promise((resolve) => emitter.once(event, () => resolve()));
