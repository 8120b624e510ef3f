// Clip rendering: only a block's pixels are rasterised, into a canvas the size of (a band of) the
// crop, through a viewport shifted by the crop origin (docs/pdf-traps.md trap 9: never a whole sheet).
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CropPart } from '@remote-ocr/ocr-core';
import { splitWindows, type PixelRect } from '@remote-ocr/ocr-core/geometry';
import type { NativeMemoryBudget } from './native-memory.js';
import type { OperationsFilter } from './op-filter.js';
import { PngRowEncoder } from '../png/png-encoder.js';

/** Skia canvases of 2 GiB or more come out blank without an error (docs/pdf-traps.md trap 8). */
export const MAX_CANVAS_BYTES = 2 ** 31 - 1;

/** How a region is rasterised. */
export interface ClipRenderSettings {
  dpi: number;
  /** Largest canvas in pixels; taller regions are rendered in bands of this many pixels. */
  bandPixels: number;
  /** pdf.js AnnotationMode (print-like: forms painted in). */
  annotationMode: number;
  /** zlib level of the PNG writer (RLE strategy, so the level matters little). */
  pngLevel: number;
  /** Collects native canvas memory as pixels pass through. */
  memory?: NativeMemoryBudget;
  /** Operations worth replaying for a band (page pixels); undefined replays them all. */
  filterFor?: (band: PixelRect) => OperationsFilter | undefined;
}

/** Rows per band for a region `width` pixels wide; refuses canvases Skia would leave blank. */
export function bandRows(width: number, height: number, bandPixels: number): number {
  const rows = Math.max(1, Math.min(height, Math.floor(bandPixels / width)));
  if (width * rows * 4 > MAX_CANVAS_BYTES) {
    throw new RangeError(
      `a ${width}×${rows} px canvas exceeds 2 GiB; lower the DPI or the band size`,
    );
  }
  return rows;
}

/**
 * Renders `region` (pixels of the page at `settings.dpi`) to PNG parts: one, or overlapping
 * windows of `maxHeight` rows when taller. Outside `polygon` (region pixels) is painted white.
 */
export async function renderRegion(
  page: PDFPageProxy,
  region: PixelRect,
  settings: ClipRenderSettings,
  split: { maxHeight: number; overlapPx: number },
  polygon?: ReadonlyArray<readonly [number, number]>,
): Promise<CropPart[]> {
  const parts: CropPart[] = [];
  for (const win of splitWindows(region.height, split.maxHeight, split.overlapPx)) {
    const windowRect = { ...region, y: region.y + win.y, height: win.height };
    const windowPolygon = polygon?.map(([x, y]) => [x, y - win.y] as const);
    parts.push(await renderWindow(page, windowRect, settings, windowPolygon));
  }
  return parts;
}

async function renderWindow(
  page: PDFPageProxy,
  rect: PixelRect,
  settings: ClipRenderSettings,
  polygon?: ReadonlyArray<readonly [number, number]>,
): Promise<CropPart> {
  const { width, height } = rect;
  const rows = bandRows(width, height, settings.bandPixels);
  const encoder = new PngRowEncoder(width, height, settings.pngLevel);
  let canvas: Canvas | undefined;
  for (let y = 0; y < height; y += rows) {
    const bandHeight = Math.min(rows, height - y);
    if (canvas?.height !== bandHeight) canvas = createCanvas(width, bandHeight);
    const ctx = canvas.getContext('2d');
    const viewport = page.getViewport({
      scale: settings.dpi / 72,
      offsetX: -rect.x,
      offsetY: -(rect.y + y),
    });
    await page.render({
      canvas,
      canvasContext: ctx,
      viewport,
      background: 'white',
      annotationMode: settings.annotationMode,
      operationsFilter: settings.filterFor?.({ ...rect, y: rect.y + y, height: bandHeight }),
    }).promise;
    if (polygon) whiteOutside(ctx, polygon, y, width, bandHeight);
    encoder.addRows(canvas.data(), bandHeight);
    await settings.memory?.spend(width * bandHeight);
  }
  release(canvas);
  return { png: await encoder.finish(), width, height };
}

/**
 * Frees the canvas's pixels now: Skia memory is native, invisible to V8's GC heuristics, so a
 * dropped canvas can linger for seconds; resizing to 1×1 reallocates the surface at once.
 */
function release(canvas: Canvas | undefined): void {
  if (!canvas) return;
  canvas.width = 1;
  canvas.height = 1;
}

/** Paints white everything of the band outside the polygon (even-odd: band rect minus polygon). */
function whiteOutside(
  ctx: SKRSContext2D,
  polygon: ReadonlyArray<readonly [number, number]>,
  bandTop: number,
  width: number,
  height: number,
): void {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.beginPath();
  ctx.rect(0, 0, width, height);
  polygon.forEach(([x, y], i) => {
    if (i === 0) ctx.moveTo(x, y - bandTop);
    else ctx.lineTo(x, y - bandTop);
  });
  ctx.closePath();
  ctx.fillStyle = '#ffffff';
  ctx.fill('evenodd');
  ctx.restore();
}
