// Pure page geometry: the desktop client's coordinates (coords_norm / coords_px, measured on the
// page *as displayed*, i.e. after /Rotate, top-left origin) mapped to PDF user space and to the
// pixels of a render at any DPI. No pdf.js here, so the rules are unit-testable on their own.
import type { Box } from '../model/block.js';

/** Page rotation as displayed (/Rotate normalised to 0..359 in steps of 90). */
export type PageRotation = 0 | 90 | 180 | 270;

/** What geometry needs of a page: its visible box in user space and its /Rotate. */
export interface PageBox {
  /** [x0, y0, x1, y1] in PDF user space (points, bottom-left origin): pdf.js `page.view`. */
  view: Box;
  rotate: PageRotation;
}

/** An integer pixel rectangle (top-left origin) inside a rendered page. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle [x0, y0, x1, y1] in points, top-left origin, on the page as displayed. */
export type PointRect = Box;

const POINTS_PER_INCH = 72;
/** coords_px and polygon_points are 300-DPI pixels (docs/contract.md §3). */
export const CLIENT_DPI = 300;
// floor/ceil of values computed in floating point land a hair above/below whole pixels
// (0.34366… × 14042 = 4826.000000001); MuPDF's rect rounding uses the same kind of tolerance.
const ROUNDING_EPSILON = 1e-6;

/** Normalises any /Rotate value (negative, > 360) to 0/90/180/270. */
export function normalizeRotation(rotate: number): PageRotation {
  const r = (((Math.round(rotate / 90) * 90) % 360) + 360) % 360;
  return r as PageRotation;
}

/** Size of the page as displayed, in points. */
export function displayedSize(page: PageBox): { width: number; height: number } {
  const w = page.view[2] - page.view[0];
  const h = page.view[3] - page.view[1];
  return page.rotate % 180 === 0 ? { width: w, height: h } : { width: h, height: w };
}

/** Size of the whole rendered page in pixels at `dpi` (rounded like MuPDF and pdf.js do). */
export function pagePixelSize(page: PageBox, dpi: number): { width: number; height: number } {
  const { width, height } = displayedSize(page);
  const scale = dpi / POINTS_PER_INCH;
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** Displayed point (top-left origin, points) → PDF user space. */
export function displayedToUser(page: PageBox, dx: number, dy: number): [number, number] {
  const [x0, y0, x1, y1] = page.view;
  switch (page.rotate) {
    case 0:
      return [x0 + dx, y1 - dy];
    case 90:
      return [x0 + dy, y0 + dx];
    case 180:
      return [x1 - dx, y0 + dy];
    case 270:
      return [x1 - dy, y1 - dx];
  }
}

/** PDF user space → displayed point (top-left origin, points). */
export function userToDisplayed(page: PageBox, ux: number, uy: number): [number, number] {
  const [x0, y0, x1, y1] = page.view;
  switch (page.rotate) {
    case 0:
      return [ux - x0, y1 - uy];
    case 90:
      return [uy - y0, ux - x0];
    case 180:
      return [x1 - ux, uy - y0];
    case 270:
      return [y1 - uy, x1 - ux];
  }
}

/** coords_norm → displayed points, ordered (x0 ≤ x1, y0 ≤ y1) and clamped to the page. */
export function normToPoints(page: PageBox, norm: Box): PointRect {
  const { width, height } = displayedSize(page);
  const xs = [clamp01(norm[0]) * width, clamp01(norm[2]) * width].sort((a, b) => a - b);
  const ys = [clamp01(norm[1]) * height, clamp01(norm[3]) * height].sort((a, b) => a - b);
  return [xs[0], ys[0], xs[1], ys[1]];
}

/** Displayed point rectangle grown by `pad` points on every side, clamped to the page. */
export function padPoints(page: PageBox, rect: PointRect, pad: number): PointRect {
  const { width, height } = displayedSize(page);
  return [
    Math.max(0, rect[0] - pad),
    Math.max(0, rect[1] - pad),
    Math.min(width, rect[2] + pad),
    Math.min(height, rect[3] + pad),
  ];
}

/** Displayed point rectangle → user-space box [x0, y0, x1, y1] (ordered). */
export function pointsToUserBox(page: PageBox, rect: PointRect): Box {
  const a = displayedToUser(page, rect[0], rect[1]);
  const b = displayedToUser(page, rect[2], rect[3]);
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/**
 * The pixels to render for a block at `dpi`: coords_norm scaled to the page's pixel size, grown by
 * `paddingPx`, `floor`ed at the top-left and `ceil`ed at the bottom-right (docs/pdf-traps.md trap 7), then
 * clamped to the page. Never empty: a degenerate box still yields one pixel.
 */
export function blockPixelRect(
  page: PageBox,
  norm: Box,
  dpi: number,
  paddingPx: number,
): PixelRect {
  const scale = dpi / POINTS_PER_INCH;
  const pagePx = pagePixelSize(page, dpi);
  const [nx0, ny0, nx1, ny1] = normToPoints(page, norm).map((v) => v * scale);
  const x0 = clampInt(Math.floor(nx0 - paddingPx + ROUNDING_EPSILON), 0, pagePx.width - 1);
  const y0 = clampInt(Math.floor(ny0 - paddingPx + ROUNDING_EPSILON), 0, pagePx.height - 1);
  const x1 = clampInt(Math.ceil(nx1 + paddingPx - ROUNDING_EPSILON), x0 + 1, pagePx.width);
  const y1 = clampInt(Math.ceil(ny1 + paddingPx - ROUNDING_EPSILON), y0 + 1, pagePx.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Most pixels one crop may have (docs/security.md, "Crops"): an A0 sheet at 300 DPI is
 * 9933 × 14043 ≈ 139.5 Mpx, so every real drawing still renders at full resolution, while a block
 * on a 200-inch page (60,000 px square at 300 DPI, 3.6 Gpx) renders at a lower DPI instead.
 */
export const MAX_CROP_PIXELS = 150_000_000;

/** Size limits of one crop; `maxPixels` defaults to `MAX_CROP_PIXELS`. */
export interface CropSizeLimits {
  /** Longest side in pixels (IMAGE crops: what a vision model reads). */
  maxSidePx?: number;
  /** Width in pixels (crops that only go onto strips, which are no wider than this). */
  maxWidthPx?: number;
  maxPixels?: number;
}

/**
 * The DPI to render a block at: `dpi`, lowered until the crop fits `limits`. The size is measured
 * from coords_norm and the real page only — never from the client's `coords_px`, which could
 * claim a 10 px box for a block covering a whole sheet.
 */
export function fitCropDpi(
  page: PageBox,
  norm: Box,
  dpi: number,
  paddingPx: number,
  limits: CropSizeLimits = {},
): number {
  const maxSide = limits.maxSidePx ?? Number.POSITIVE_INFINITY;
  const maxWidth = limits.maxWidthPx ?? Number.POSITIVE_INFINITY;
  const maxPixels = limits.maxPixels ?? MAX_CROP_PIXELS;
  let fitted = dpi;
  // Padding does not scale with the DPI, so one step can land a hair over: step again.
  for (let step = 0; step < 16 && fitted > 1; step++) {
    const { width, height } = blockPixelRect(page, norm, fitted, paddingPx);
    const factor = Math.min(
      maxSide / Math.max(width, height),
      maxWidth / width,
      Math.sqrt(maxPixels / (width * height)),
    );
    if (factor >= 1) return fitted;
    fitted = Math.max(1, Math.floor(fitted * factor * 0.999));
  }
  return fitted;
}

/**
 * Polygon points (coords_px: 300-DPI pixels of the displayed page) → pixels of a render at `dpi`
 * relative to `origin` (the crop's top-left corner).
 */
export function polygonToCropPixels(
  points: ReadonlyArray<readonly [number, number]>,
  dpi: number,
  origin: { x: number; y: number },
): Array<[number, number]> {
  const k = dpi / CLIENT_DPI;
  return points.map(([x, y]) => [x * k - origin.x, y * k - origin.y]);
}

/**
 * Vertical windows for a crop taller than `maxHeight`: windows of `maxHeight` rows, each starting
 * `maxHeight - overlap` rows after the previous (so neighbours share `overlap` rows); the last one
 * is cut at the crop's bottom edge and may be shorter.
 */
export function splitWindows(
  height: number,
  maxHeight: number,
  overlap: number,
): Array<{ y: number; height: number }> {
  if (height <= maxHeight) return [{ y: 0, height }];
  const step = maxHeight - overlap;
  if (step <= 0)
    throw new RangeError(`overlap (${overlap}) must be below maxHeight (${maxHeight})`);
  const windows: Array<{ y: number; height: number }> = [];
  for (let y = 0; ; y += step) {
    const end = Math.min(height, y + maxHeight);
    windows.push({ y, height: end - y });
    if (end >= height) return windows;
  }
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
