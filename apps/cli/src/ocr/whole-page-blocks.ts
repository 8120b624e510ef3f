import type { Block, DocumentPageInfo } from '@remote-ocr/ocr-core';

/**
 * Without a blocks file every page is read as one TEXT block covering it. Ids are stable
 * (`page-0001`…) so a re-run of the same PDF resumes from the checkpoints of the first.
 */
export function wholePageBlocks(pages: readonly DocumentPageInfo[]): Block[] {
  return pages.map((page) => ({
    id: `page-${String(page.page_number + 1).padStart(4, '0')}`,
    page_index: page.page_number,
    coords_px: [0, 0, page.width, page.height],
    coords_norm: [0, 0, 1, 1],
    block_type: 'text',
    shape_type: 'rectangle',
    source: 'cli-whole-page',
  }));
}
