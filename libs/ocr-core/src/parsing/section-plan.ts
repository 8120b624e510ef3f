import type {
  BatchBlockRef,
  BlockAnswer,
  MarkerHit,
  ReadFlag,
  ReadMethod,
} from './answer.types.js';
import { cleanSection } from './section-text.js';

/** Why a block of a reading is not certain (its reason names the block's position). */
type Doubt = (index: number) => string;

const DOUBTS = {
  missing: (i: number) => `the answer has no section for block [${i}]`,
  empty: (i: number) => `the answer's section for block [${i}] is empty`,
  twice: (i: number) => `the answer has two different sections for block [${i}]`,
  copied: (i: number) => `the answer repeats one section for block [${i}] and another block`,
  merged: (i: number) =>
    `the section of block [${i}] may hold the text of a block whose label is missing`,
  order: (i: number) =>
    `the answer's sections are out of order and a label is missing near block [${i}]`,
  conflict: (i: number) => `the [N] and the label of block [${i}] disagree`,
  truncated: (i: number) => `the answer stops inside the section of block [${i}]`,
  repeatedIndex: (i: number) => `the number [${i}] opens two sections of the answer`,
} satisfies Record<string, Doubt>;

interface Section {
  block: number;
  text: string;
  distance: number;
}

/**
 * Per-block answers of one reading (its boundary hits, sorted by position). A block is `done`
 * only when exactly one boundary names it (or several with the same text), its text is not empty
 * and not another block's, and no block whose label is missing could have its text inside it:
 * the answer is otherwise `uncertain` for it, with the reason.
 */
export function answersFromHits(
  text: string,
  blocks: readonly BatchBlockRef[],
  hits: readonly MarkerHit[],
  method: Extract<ReadMethod, 'marker' | 'index'>,
  truncated: boolean,
): BlockAnswer[] {
  const doubts = new Map<number, string>();
  const doubt = (block: number, why: Doubt): void => {
    if (!doubts.has(block)) doubts.set(block, why(blocks[block].index));
  };
  const sections = sectionsOf(text, hits);
  const byBlock = groupSections(sections, doubt);
  flagCopies(byBlock, doubt);
  flagMerges(hits, blocks.length, doubt);
  flagConflicts(hits, blocks, doubt);
  const last = hits.at(-1);
  if (truncated && last?.block != null) doubt(last.block, DOUBTS.truncated);
  return blocks.map((block, i) => {
    const found = byBlock.get(i);
    const reason = doubts.get(i) ?? (found ? undefined : DOUBTS.missing(block.index));
    if (reason !== undefined || !found)
      return uncertain(block, reason ?? DOUBTS.missing(block.index));
    const fuzzy = found.distance > 0;
    const flags: ReadFlag[] = [...(fuzzy ? ['fuzzy_marker' as const] : []), ...found.flags];
    const how: ReadMethod = method === 'index' ? 'index' : fuzzy ? 'marker-fuzzy' : 'marker';
    return { blockId: block.blockId, status: 'done', text: found.text, method: how, flags };
  });
}

function sectionsOf(text: string, hits: readonly MarkerHit[]): Section[] {
  const out: Section[] = [];
  hits.forEach((hit, i) => {
    if (hit.block === null) return;
    const end = hits[i + 1]?.start ?? text.length;
    out.push({
      block: hit.block,
      text: cleanSection(text.slice(hit.contentStart, end)),
      distance: hit.distance,
    });
  });
  return out;
}

type Found = { text: string; distance: number; flags: ReadFlag[] };

function groupSections(
  sections: readonly Section[],
  doubt: (b: number, why: Doubt) => void,
): Map<number, Found> {
  const byBlock = new Map<number, Found>();
  for (const s of sections) {
    const seen = byBlock.get(s.block);
    // A label echoed twice in a row opens an empty section first: only texts count.
    if (!seen || seen.text === '') {
      byBlock.set(s.block, { text: s.text, distance: s.distance, flags: [] });
    } else if (seen.text === s.text) {
      seen.flags = ['repetition'];
    } else if (s.text !== '') doubt(s.block, DOUBTS.twice);
  }
  for (const [block, found] of byBlock) if (found.text === '') doubt(block, DOUBTS.empty);
  return byBlock;
}

function flagCopies(
  byBlock: ReadonlyMap<number, Found>,
  doubt: (b: number, why: Doubt) => void,
): void {
  const owner = new Map<string, number>();
  for (const [block, found] of byBlock) {
    if (found.text === '') continue;
    const other = owner.get(found.text);
    if (other === undefined) owner.set(found.text, block);
    else [other, block].forEach((b) => doubt(b, DOUBTS.copied));
  }
}

/**
 * A block without a boundary either was skipped or lost its label, its text then sitting in the
 * section before it. With the found blocks in strip order, the gap where it belongs holds enough
 * unreadable labels for the missing blocks, or the section before the gap is in doubt; with the
 * found blocks out of order, every section is.
 */
function flagMerges(
  hits: readonly MarkerHit[],
  count: number,
  doubt: (b: number, why: Doubt) => void,
): void {
  const found = new Set(hits.map((h) => h.block).filter((b) => b !== null));
  if (found.size === count) return;
  const named = hits.filter((h) => h.block !== null).map((h) => h.block as number);
  if (named.some((b, i) => i > 0 && b <= named[i - 1])) {
    named.forEach((b) => doubt(b, DOUBTS.order));
    return;
  }
  let unreadable = 0;
  let previous: number | null = null;
  for (const hit of [...hits, { block: count } as MarkerHit]) {
    if (hit.block === null) {
      unreadable++;
      continue;
    }
    const missing = hit.block - (previous ?? -1) - 1;
    if (previous !== null && missing > unreadable) doubt(previous, DOUBTS.merged);
    [previous, unreadable] = [hit.block, 0];
  }
}

function flagConflicts(
  hits: readonly MarkerHit[],
  blocks: readonly BatchBlockRef[],
  doubt: (b: number, why: Doubt) => void,
): void {
  for (const hit of hits) {
    if (hit.block === null || hit.index === null || blocks[hit.block].index === hit.index) continue;
    doubt(hit.block, DOUBTS.conflict);
    const other = blocks.findIndex((b) => b.index === hit.index);
    if (other >= 0) doubt(other, DOUBTS.conflict);
  }
}

/** Index reading: a number repeated inside the section it opened makes that block and the one before uncertain. */
export function flagRepeatedIndexes(
  all: readonly MarkerHit[],
  answers: BlockAnswer[],
  blocks: readonly BatchBlockRef[],
): void {
  let open: MarkerHit | null = null;
  for (const hit of all) {
    if (hit.block !== null) {
      open = hit;
      continue;
    }
    if (!open || hit.index !== open.index || open.block === null) continue;
    for (const b of [open.block - 1, open.block]) {
      if (b >= 0) answers[b] = uncertain(blocks[b], DOUBTS.repeatedIndex(blocks[open.block].index));
    }
  }
}

export const uncertain = (block: BatchBlockRef, error: string): BlockAnswer => ({
  blockId: block.blockId,
  status: 'uncertain',
  text: '',
  error,
});
