import type { Block, Box } from '../model/block.js';
import type { BlockIssue } from './blocks-validation.error.js';

/**
 * How far outside 0..1 a `coords_norm` value may stray and still be clamped to the page edge:
 * 1e-4 is about one pixel of an A1 sheet at 300 DPI — rounding noise of clients that computed
 * the ratio from a slightly different page size. Anything further is a block outside its page.
 */
export const NORM_TOLERANCE = 1e-4;

/**
 * How far outside its page a polygon point (300-DPI px) may lie: 1 % of the page side, since
 * clients round points independently of `coords_norm`.
 */
const POLYGON_TOLERANCE = 0.01;

/** A page size in 300-DPI pixels (A4 = 2480×3508). */
export interface PageSize {
  width: number;
  height: number;
}

/** What we know about the real PDF when checking blocks against it. */
export interface PdfFacts {
  pageCount: number;
  /** Page sizes in 300-DPI pixels by 0-based page index, when known: polygon points are checked. */
  pageSizes?: ReadonlyArray<PageSize | undefined>;
}

const fmt = (box: readonly number[]): string => `[${box.join(', ')}]`;

/** Clamps tiny float noise into 0..1 and reports boxes outside the page, empty or inverted. */
export function checkBox(block: Block, index: number): { box: Box; issues: BlockIssue[] } {
  const issue = (message: string): BlockIssue => ({
    blockId: block.id,
    index,
    field: 'coords_norm',
    message,
  });
  const raw = block.coords_norm;
  if (raw.some((v) => v < -NORM_TOLERANCE || v > 1 + NORM_TOLERANCE)) {
    return {
      box: raw,
      issues: [issue(`coords_norm ${fmt(raw)} lies outside its page (values must be within 0..1)`)],
    };
  }
  const box = raw.map((v) => Math.min(1, Math.max(0, v))) as Box;
  const [x1, y1, x2, y2] = box;
  if (x1 > x2 || y1 > y2) {
    const axis = x1 > x2 ? 'x1 > x2' : 'y1 > y2';
    return { box, issues: [issue(`coords_norm ${fmt(raw)} is inverted (${axis})`)] };
  }
  if (x1 === x2 || y1 === y2)
    return { box, issues: [issue(`coords_norm ${fmt(raw)} is an empty box`)] };
  return { box, issues: [] };
}

/** page_index past the last page, and polygon points off the page when page sizes are known. */
export function checkPage(block: Block, index: number, pdf: PdfFacts): BlockIssue[] {
  if (block.page_index >= pdf.pageCount) {
    const pages = `${pdf.pageCount} page${pdf.pageCount === 1 ? '' : 's'}`;
    const message = `page_index ${block.page_index} is past the last page (the PDF has ${pages})`;
    return [{ blockId: block.id, index, field: 'page_index', message }];
  }
  const size = pdf.pageSizes?.[block.page_index];
  if (!size || block.shape_type !== 'polygon' || !block.polygon_points) return [];
  const dx = size.width * POLYGON_TOLERANCE;
  const dy = size.height * POLYGON_TOLERANCE;
  const off = block.polygon_points.some(
    ([x, y]) => x < -dx || y < -dy || x > size.width + dx || y > size.height + dy,
  );
  if (!off) return [];
  const message = `polygon_points has a point outside its page (${size.width}×${size.height} px at 300 DPI)`;
  return [{ blockId: block.id, index, field: 'polygon_points', message }];
}

/** Every repeated id after its first occurrence (blocks without a usable id are skipped). */
export function checkDuplicateIds(
  blocks: ReadonlyArray<{ id: string | null; index: number }>,
): BlockIssue[] {
  const first = new Map<string, number>();
  const issues: BlockIssue[] = [];
  for (const { id, index } of blocks) {
    if (id === null) continue;
    const seen = first.get(id);
    if (seen === undefined) first.set(id, index);
    else
      issues.push({
        blockId: id,
        index,
        field: 'id',
        message: `id is a duplicate of block #${seen}`,
      });
  }
  return issues;
}
