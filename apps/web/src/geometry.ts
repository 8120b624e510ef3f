/**
 * Block geometry of the web app (docs/web.md): rectangles drawn on a page shown at any size map to
 * the coordinates the desktop editor sends — `coords_px` in pixels of the page at 300 DPI and
 * `coords_norm` = coords_px / page size (docs/contract.md §3) — and back.
 */

export type BlockType = 'text' | 'table' | 'image';

/** A rectangle in the pixels of the page as shown on screen, top-left origin. */
export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size of a page: in PDF points (1/72 in), and as shown on screen. */
export interface PageSize {
  widthPt: number;
  heightPt: number;
}

/** One block as `blocks.json` carries it; unknown fields of imported blocks are kept. */
export interface WireBlock {
  id: string;
  page_index: number;
  coords_px: [number, number, number, number];
  coords_norm: [number, number, number, number];
  block_type: BlockType;
  shape_type?: string;
  [extra: string]: unknown;
}

/** A desktop editor annotation document (docs/contract.md §3). */
export interface AnnotationDocument {
  pdf_path: string;
  pages: { page_number: number; width: number; height: number; blocks: WireBlock[] }[];
}

const DPI = 300;
const NORM_DIGITS = 6;

/** The page's size in pixels at 300 DPI, as the desktop editor measures it. */
export function pagePixels(page: PageSize): { width: number; height: number } {
  return {
    width: Math.round((page.widthPt * DPI) / 72),
    height: Math.round((page.heightPt * DPI) / 72),
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Number(v.toFixed(NORM_DIGITS));

/**
 * A rectangle drawn on a page shown `shownWidth` × `shownHeight` pixels wide → coordinates of
 * the block. Negative sizes (drawn up or left) are normalised; the result is clamped to the page.
 */
export function rectToCoords(
  rect: ScreenRect,
  shown: { width: number; height: number },
  page: PageSize,
): Pick<WireBlock, 'coords_px' | 'coords_norm'> {
  const px = pagePixels(page);
  const x1 = Math.min(rect.x, rect.x + rect.width);
  const y1 = Math.min(rect.y, rect.y + rect.height);
  const x2 = Math.max(rect.x, rect.x + rect.width);
  const y2 = Math.max(rect.y, rect.y + rect.height);
  const toPx = (v: number, shownSide: number, pxSide: number) =>
    clamp(Math.round((v / shownSide) * pxSide), 0, pxSide);
  const coordsPx: WireBlock['coords_px'] = [
    toPx(x1, shown.width, px.width),
    toPx(y1, shown.height, px.height),
    toPx(x2, shown.width, px.width),
    toPx(y2, shown.height, px.height),
  ];
  const [a, b, c, d] = coordsPx;
  return {
    coords_px: coordsPx,
    coords_norm: [
      round(a / px.width),
      round(b / px.height),
      round(c / px.width),
      round(d / px.height),
    ],
  };
}

/** Where a block's `coords_norm` lies on a page shown `shown.width` × `shown.height` pixels. */
export function coordsToRect(
  norm: readonly number[],
  shown: { width: number; height: number },
): ScreenRect {
  const [x1, y1, x2, y2] = norm;
  return {
    x: x1 * shown.width,
    y: y1 * shown.height,
    width: (x2 - x1) * shown.width,
    height: (y2 - y1) * shown.height,
  };
}

/** Blocks smaller than this many screen pixels on a side are taken for stray clicks. */
export const MIN_DRAWN_SIDE = 6;

/** A new block from a rectangle drawn on page `pageIndex`. */
export function blockFromRect(
  id: string,
  pageIndex: number,
  type: BlockType,
  rect: ScreenRect,
  shown: { width: number; height: number },
  page: PageSize,
): WireBlock {
  return {
    id,
    page_index: pageIndex,
    ...rectToCoords(rect, shown, page),
    block_type: type,
    shape_type: 'rectangle',
    source: 'web',
    created_at: new Date().toISOString(),
  };
}

/** A block whose whole page is one text block (the "whole pages" choice of the new-job form). */
export function wholePageBlock(id: string, pageIndex: number, page: PageSize): WireBlock {
  const px = pagePixels(page);
  return {
    id,
    page_index: pageIndex,
    coords_px: [0, 0, px.width, px.height],
    coords_norm: [0, 0, 1, 1],
    block_type: 'text',
    shape_type: 'rectangle',
    source: 'web',
  };
}

const BLOCK_TYPES: readonly string[] = ['text', 'table', 'image'];

function isQuad(v: unknown): v is [number, number, number, number] {
  return Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number' && isFinite(n));
}

/** One imported block, checked; its coords_norm is derived from coords_px when missing. */
function importBlock(raw: unknown, page?: { width: number; height: number }): WireBlock {
  const b = raw as Partial<WireBlock> | null;
  if (!b || typeof b !== 'object') throw new Error('a block is not an object');
  if (typeof b.id !== 'string' || !b.id) throw new Error('a block has no id');
  if (typeof b.page_index !== 'number') throw new Error(`block ${b.id}: no page_index`);
  let norm = b.coords_norm;
  if (!isQuad(norm) && isQuad(b.coords_px) && page) {
    const [a, c, d, e] = b.coords_px;
    norm = [a / page.width, c / page.height, d / page.width, e / page.height];
  }
  if (!isQuad(norm)) throw new Error(`block ${b.id}: no coords_norm`);
  const type = BLOCK_TYPES.includes(b.block_type as string) ? b.block_type! : 'text';
  return {
    ...b,
    coords_norm: norm,
    coords_px: b.coords_px ?? [0, 0, 0, 0],
    block_type: type,
  } as WireBlock;
}

/**
 * Blocks of an imported file: a flat `blocks.json` array or an annotation document, which is
 * flattened (its pages give `page_index` where a block lacks it). Throws a message naming the
 * problem on anything else.
 */
export function parseBlocksFile(text: string): WireBlock[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (Array.isArray(data)) return data.map((b) => importBlock(b));
  const doc = data as Partial<AnnotationDocument> | null;
  if (!doc || !Array.isArray(doc.pages)) throw new Error('neither a blocks array nor a document');
  return doc.pages.flatMap((p) =>
    (p.blocks ?? []).map((b) =>
      importBlock({ page_index: p.page_number, ...(b as Record<string, unknown>) }, p),
    ),
  );
}

/** The `blocks.json` text of a list of blocks, as the server takes it. */
export function blocksFileText(blocks: readonly WireBlock[]): string {
  return JSON.stringify(blocks, null, 2);
}
