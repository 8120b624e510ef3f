// Synthetic block lists in the desktop client's format (docs/contract.md §3), deterministic (seeded), with
// sizes like real annotations: paragraphs and tables across the text width, figures narrower.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './stack.mjs';

export const BOOK = '10_book_freeculture';
export const A0 = '02_A0_survey_issue14497';

/** mulberry32: a tiny seeded PRNG, so every run submits the very same blocks. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A v4-shaped UUID from the PRNG. */
function uuid(rand) {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function loadAnnotation(name) {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'annotations', `${name}.json`), 'utf8'));
}

export const fixturePdf = (name) => path.join(FIXTURES, `${name}.pdf`);

function block(rand, page, type, [x1, y1, x2, y2]) {
  const px = [x1, y1, x2, y2].map(Math.round);
  return {
    id: uuid(rand),
    page_index: page.page_number,
    coords_px: px,
    coords_norm: px.map((v, i) => v / (i % 2 === 0 ? page.width : page.height)),
    block_type: type,
    source: 'user',
    shape_type: 'rectangle',
    image_file: null,
    ocr_text: null,
  };
}

const pickType = (r) => (r < 0.75 ? 'text' : r < 0.9 ? 'table' : 'image');

/**
 * `count` blocks spread evenly over every page of the book (5–6 a page), stacked down the text
 * area without overlap: 75 % text, 15 % table, 10 % image; heights from a few lines to a third
 * of the page, figures 50–90 % of the text width.
 */
export function bookBlocks(count = 2000, seed = 7) {
  const rand = prng(seed);
  const doc = loadAnnotation(BOOK);
  const pages = doc.pages;
  const blocks = [];
  pages.forEach((page, p) => {
    const n = Math.floor(((p + 1) * count) / pages.length) - Math.floor((p * count) / pages.length);
    const [left, right, top, bottom] = [0.08, 0.92, 0.07, 0.93].map(
      (f, i) => f * (i < 2 ? page.width : page.height),
    );
    const gap = 24;
    const weights = Array.from({ length: n }, () => 0.4 + rand());
    const sum = weights.reduce((a, b) => a + b, 0);
    let y = top;
    for (const w of weights) {
      const h = ((bottom - top - gap * n) * w) / sum;
      const type = pickType(rand());
      const width = (right - left) * (type === 'image' ? 0.5 + 0.4 * rand() : 1);
      const x = left + (right - left - width) / 2;
      blocks.push(block(rand, page, type, [x, y, x + width, y + h]));
      y += h + gap;
    }
  });
  return { doc, blocks };
}

/**
 * The A0 sheet's own annotated blocks plus synthetic ones up to `count`: title-block notes,
 * legend tables and detail views scattered over the sheet (none larger than 1/6 of its width).
 */
export function a0Blocks(count = 30, seed = 14497) {
  const rand = prng(seed);
  const doc = loadAnnotation(A0);
  const page = doc.pages[0];
  const blocks = page.blocks.map((b) => ({ ...b }));
  while (blocks.length < count) {
    const type = pickType(rand());
    const w = page.width * (type === 'text' ? 0.04 + 0.08 * rand() : 0.06 + 0.1 * rand());
    const h = page.height * (type === 'text' ? 0.02 + 0.06 * rand() : 0.05 + 0.12 * rand());
    const x = rand() * (page.width - w);
    const y = rand() * (page.height - h);
    blocks.push(block(rand, page, type, [x, y, x + w, y + h]));
  }
  return { doc, blocks };
}

/** Counts of a block list by type, for printing. */
export function typeCounts(blocks) {
  const counts = { text: 0, table: 0, image: 0 };
  for (const b of blocks) counts[b.block_type] += 1;
  return counts;
}
