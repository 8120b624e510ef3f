import type { PageSize } from '../blocks/block-geometry.js';
import type { Block } from '../model/block.js';

/**
 * 300-DPI page sizes recovered from the blocks themselves (coords_norm = coords_px / page size,
 * docs/contract.md §3), for annotation.json when the job's blocks came as a flat array. The far box edge is
 * used because it is the largest coordinate, so rounding errors in coords_norm matter least.
 */
export function pageSizesFromBlocks(blocks: readonly Block[]): Array<PageSize | undefined> {
  const sizes: Array<PageSize | undefined> = [];
  for (const block of blocks) {
    if (sizes[block.page_index]) continue;
    const size = sizeFrom(block);
    if (size) sizes[block.page_index] = size;
  }
  return sizes;
}

function sizeFrom(block: Block): PageSize | undefined {
  const [, , x2, y2] = block.coords_px;
  const [, , nx2, ny2] = block.coords_norm;
  if (!(nx2 > 0 && ny2 > 0 && x2 > 0 && y2 > 0)) return undefined;
  return { width: Math.round(x2 / nx2), height: Math.round(y2 / ny2) };
}
