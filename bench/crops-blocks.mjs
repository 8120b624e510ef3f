// Blocks for the crop benchmark: the fixtures' own annotations, and synthetic ones (a grid over
// the A0 sheet; strips on every page of the long book) in the client's block shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readDocument(annotationPath) {
  return JSON.parse(readFileSync(annotationPath, 'utf8'));
}

/** A rectangle text block at normalised coordinates. */
function block(id, pageIndex, [x0, y0, x1, y1]) {
  return {
    id,
    page_index: pageIndex,
    coords_norm: [x0, y0, x1, y1],
    coords_px: [0, 0, 0, 0],
    block_type: 'text',
    shape_type: 'rectangle',
  };
}

/** Every annotated block of one fixture. */
export function annotationBlocks(annotationPath, fixtures) {
  const doc = readDocument(annotationPath);
  return { pdf: join(fixtures, doc.pdf_path), blocks: doc.pages.flatMap((page) => page.blocks) };
}

/** `count` blocks tiling the (single-page) A0 sheet in a grid of 6 columns. */
export function a0GridBlocks(annotationPath, fixtures, count) {
  const doc = readDocument(annotationPath);
  const cols = 6;
  const rows = Math.ceil(count / cols);
  const blocks = Array.from({ length: count }, (_, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    return block(`a0-${i}`, 0, [c / cols, r / rows, (c + 1) / cols, (r + 1) / rows]);
  });
  return { pdf: join(fixtures, doc.pdf_path), blocks };
}

/**
 * `count` blocks spread evenly over every page of the long book, each a strip of 80 % of the
 * page width and 6 % of its height, at a different height on each page so all content is hit.
 */
export function longDocumentBlocks(annotationPath, fixtures, count) {
  const doc = readDocument(annotationPath);
  const pages = doc.pages.length;
  const blocks = Array.from({ length: count }, (_, i) => {
    const page = Math.floor((i * pages) / count);
    const y = 0.05 + ((i * 0.13) % 0.85);
    return block(`long-${i}`, page, [0.1, y, 0.9, y + 0.06]);
  });
  return { pdf: join(fixtures, doc.pdf_path), blocks };
}
