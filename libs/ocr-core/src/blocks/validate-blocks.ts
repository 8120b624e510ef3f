import type { Block } from '../model/block.js';
import { checkBox, checkDuplicateIds, checkPage, type PdfFacts } from './block-geometry.js';
import { BlocksValidationError, type BlockIssue } from './blocks-validation.error.js';
import { normalizeBlock, rawBlockId } from './normalize-block.js';

/**
 * Validates and normalises a list of raw blocks; collects every issue before failing.
 * Without `pdf` only what needs no PDF is checked (types, boxes, duplicate ids).
 */
export function collectBlockIssues(
  raws: readonly unknown[],
  pdf?: PdfFacts,
): { blocks: Block[]; issues: BlockIssue[] } {
  const issues: BlockIssue[] = [];
  const valid: Array<{ block: Block; index: number }> = [];
  raws.forEach((raw, index) => {
    const normalized = normalizeBlock(raw, index);
    if (normalized.block === null) {
      issues.push(...normalized.issues);
      return;
    }
    const { box, issues: boxIssues } = checkBox(normalized.block, index);
    const block = { ...normalized.block, coords_norm: box };
    issues.push(...boxIssues, ...(pdf ? checkPage(block, index, pdf) : []));
    valid.push({ block, index });
  });
  issues.push(...checkDuplicateIds(raws.map((raw, index) => ({ id: rawBlockId(raw), index }))));
  issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  return { blocks: valid.map((v) => v.block), issues };
}

/**
 * Checks blocks against the real PDF (docs/contract.md §3): page_index past the last page, `coords_norm`
 * outside 0..1 (noise up to `NORM_TOLERANCE` is clamped), empty or inverted boxes, duplicate
 * ids, NaN/Infinity and wrong types, polygon points off the page when page sizes are given.
 * Returns the normalised blocks (clamped boxes); throws one `BlocksValidationError` listing all.
 */
export function checkBlocksAgainstPdf(blocks: readonly unknown[], pdf: PdfFacts): Block[] {
  const result = collectBlockIssues(blocks, pdf);
  if (result.issues.length > 0) throw new BlocksValidationError(result.issues);
  return result.blocks;
}
