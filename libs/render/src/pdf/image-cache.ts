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

interface MaskRef {
  data?: unknown;
}

/**
 * Shrinks a page's 1-bit image mask, once, to the pixel size it is drawn at (`linearScale`:
 * device pixels per mask pixel). pdf.js expands a mask to a canvas of its own size at every
 * paint — the book's line-art masks are 9000×10000 (+373 MB and 3-10 s per block, 2 GB peaks
 * with two threads). Area-averaging the bits gives an anti-aliased alpha canvas, which pdf.js
 * draws as the mask (`bitmap`) mapped onto the same unit square.
 */
export function shrinkImageMask(page: PDFPageProxy, ref: MaskRef, linearScale: number): void {
  if (typeof ref?.data !== 'string' || !page.objs.has(ref.data)) return;
  const mask = page.objs.get(ref.data) as RawImage | null;
  if (!mask || mask.bitmap || !mask.data || mask.kind) return;
  if (!(linearScale > 0 && linearScale < 0.67)) return;
  const width = Math.max(1, Math.ceil(mask.width * linearScale));
  const height = Math.max(1, Math.ceil(mask.height * linearScale));
  mask.bitmap = Object.assign(alphaCanvas(mask.width, mask.height, mask.data, width, height), {
    close(): void {
      (this as unknown as Canvas).width = 1;
      (this as unknown as Canvas).height = 1;
    },
  });
  mask.width = width;
  mask.height = height;
  mask.data = null;
}

/** Box-filters a 1-bit mask (0 = paint) to a `width`×`height` canvas of black with alpha. */
function alphaCanvas(
  srcWidth: number,
  srcHeight: number,
  bits: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): Canvas {
  const stride = (srcWidth + 7) >> 3;
  const column = new Uint32Array(srcWidth);
  for (let x = 0; x < srcWidth; x++)
    column[x] = Math.min(width - 1, Math.floor((x * width) / srcWidth));
  const perColumn = new Uint32Array(width);
  for (let x = 0; x < srcWidth; x++) perColumn[column[x]]++;
  const painted = new Uint32Array(width);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const out = ctx.createImageData(width, height);
  let sy = 0;
  for (let y = 0; y < height; y++) {
    const end = Math.min(srcHeight, Math.ceil(((y + 1) * srcHeight) / height));
    painted.fill(0);
    const rows = end - sy;
    for (; sy < end; sy++) {
      const row = sy * stride;
      for (let x = 0; x < srcWidth; x++) {
        if (((bits[row + (x >> 3)] >> (7 - (x & 7))) & 1) === 0) painted[column[x]]++;
      }
    }
    const base = y * width * 4;
    for (let x = 0; x < width; x++) {
      const share = rows > 0 ? painted[x] / (rows * perColumn[x]) : 0;
      out.data[base + x * 4 + 3] = Math.round(share * 255);
    }
  }
  ctx.putImageData(out, 0, 0);
  return canvas;
}
