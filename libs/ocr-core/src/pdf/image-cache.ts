// Decoded page images, converted to canvases once per page instead of once per block. In Node,
// pdf.js has no ImageBitmap, so every paint of an image re-expands its raw pixels to RGBA and
// uploads them through putImageData into a temporary canvas: on the GOST scan (fixture 06) that
// was ~150 ms of every block, for the same full-page image. pdf.js paints `imgData.bitmap` as is
// when it exists (the browser path), so after a block is rendered we give each of the page's
// decoded images a canvas there and drop the raw bytes; pdf.js closes it on page cleanup.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js ImageKind values.
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

interface RawImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray | null;
  bitmap?: unknown;
}

/** Converts each decoded image of `page` of at most `maxPixels` pixels to a canvas, once. */
export function cacheDecodedImages(page: PDFPageProxy, maxPixels: number): void {
  for (const [, value] of page.objs as Iterable<[string, unknown]>) {
    const image = value as RawImage | null;
    if (!image || image.bitmap || !image.data || !image.kind) continue;
    if (image.width * image.height > maxPixels) continue;
    const canvas = toCanvas(image.width, image.height, image.kind, image.data);
    if (!canvas) continue;
    image.bitmap = Object.assign(canvas, {
      close(): void {
        // Frees the native pixels now rather than at some later GC.
        canvas.width = 1;
        canvas.height = 1;
      },
    });
    image.data = null;
  }
}

function toCanvas(
  width: number,
  height: number,
  kind: number,
  data: Uint8Array | Uint8ClampedArray,
): Canvas | undefined {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const rgba = ctx.createImageData(width, height);
  const out = new Uint32Array(rgba.data.buffer, rgba.data.byteOffset, width * height);
  // Little-endian words: 0xAABBGGRR.
  if (kind === GRAYSCALE_1BPP) {
    const stride = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      const row = y * stride;
      const base = y * width;
      for (let x = 0; x < width; x++) {
        const bit = (data[row + (x >> 3)] >> (7 - (x & 7))) & 1;
        out[base + x] = bit ? 0xffffffff : 0xff000000;
      }
    }
  } else if (kind === RGB_24BPP) {
    for (let i = 0, s = 0; i < out.length; i++, s += 3) {
      out[i] = 0xff000000 | (data[s + 2] << 16) | (data[s + 1] << 8) | data[s];
    }
  } else if (kind === RGBA_32BPP) {
    rgba.data.set(data.subarray(0, out.length * 4));
  } else {
    return undefined;
  }
  ctx.putImageData(rgba, 0, 0);
  return canvas;
}
