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
  conflict: (i: number) => `the [N] and the label of block [${i}] disagree`,
  truncated: (i: number) => `the answer was cut short (length limit) after block [${i}]'s label`,
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
  const byBlock = groupSections(
    sections.filter((s) => s.block >= 0),
    doubt,
  );
  flagCopies(byBlock, doubt);
  const unread = sections.filter((s) => s.block < 0).map((s) => s.text);
  flagContainedSections(byBlock, unread, doubt);
  flagMerges(hits, explainsGap(hits, sections), blocks.length, doubt);
  flagConflicts(hits, blocks, doubt);
  // A cut answer may have lost labels and copies past the cut: nothing of it is certain.
  if (truncated) byBlock.forEach((_, block) => doubt(block, DOUBTS.truncated));
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
    const end = hits[i + 1]?.start ?? text.length;
    out.push({
      // Sections under unreadable labels are never a block's text, but are compared with them.
      block: hit.block ?? -1,
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
    const halved = halveRepeat(s.text);
    const text = halved ?? s.text;
    if (!seen || seen.text === '') {
      const flags: ReadFlag[] = halved === null ? [] : ['repetition'];
      byBlock.set(s.block, { text, distance: s.distance, flags });
    } else if (seen.text === text) {
      seen.flags = ['repetition'];
    } else if (text !== '') doubt(s.block, DOUBTS.twice);
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
 * A block without a boundary either was skipped or lost its label, its text then sitting in
 * whichever section precedes it (anywhere, when the model also reordered sections). Each
 * unreadable label that may be a missing block's accounts for one; when more blocks are missing
 * than that, a label was dropped and no section is certain.
 */
function flagMerges(
  hits: readonly MarkerHit[],
  explains: readonly boolean[],
  count: number,
  doubt: (b: number, why: Doubt) => void,
): void {
  const named = new Set(hits.map((h) => h.block).filter((b) => b !== null));
  const unreadable = explains.filter(Boolean).length;
  if (count - named.size <= unreadable) return;
  named.forEach((b) => doubt(b, DOUBTS.merged));
}

/**
 * A paragraph in the sections of two blocks (or of a block and an unreadable label) came with a copy of a section written without its
 * label: both blocks are in doubt. Sections are joined by blank lines, so a merged text shows as
 * whole paragraphs. (Two blocks that really share a paragraph, a standard note, are re-sent for
 * nothing: a call spent, never a wrong text.)
 */
function flagContainedSections(
  byBlock: ReadonlyMap<number, Found>,
  unread: readonly string[],
  doubt: (b: number, why: Doubt) => void,
): void {
  const UNREAD = -1;
  const owner = new Map<string, number>();
  for (const text of unread) for (const p of paragraphs(text)) owner.set(p, UNREAD);
  for (const [block, found] of byBlock) {
    for (const paragraph of paragraphs(found.text)) {
      const other = owner.get(paragraph);
      if (other === undefined) owner.set(paragraph, block);
      else if (other === UNREAD) doubt(block, DOUBTS.merged);
      else if (other !== block) [other, block].forEach((b) => doubt(b, DOUBTS.merged));
    }
  }
}

const isSubset = (inner: ReadonlySet<string>, outer: ReadonlySet<string>): boolean =>
  inner.size > 0 && [...inner].every((p) => outer.has(p));

const paragraphs = (text: string): Set<string> =>
  new Set(
    text
      .split('\n\n')
      .map((p) => p.trim())
      .filter((p) => p.length >= MIN_SHARED),
  );

/**
 * Which unreadable labels may stand for a missing block: not one refused as a misread of a found
 * block, nor one whose section is a copy of (all paragraphs within) a found block's section or of
 * an earlier unreadable label's section.
 */
function explainsGap(hits: readonly MarkerHit[], sections: readonly Section[]): boolean[] {
  const named = sections.filter((s) => s.block >= 0).map((s) => paragraphs(s.text));
  const seen = new Set<string>();
  return hits.map((hit, i) => {
    if (hit.block !== null || hit.refused) return false;
    const own = paragraphs(sections[i].text);
    // Two unreadable labels over one text are one block's label written twice.
    const key = sections[i].text;
    if (key !== '' && seen.has(key)) return false;
    seen.add(key);
    return !named.some((set) => isSubset(own, set));
  });
}

/** Shortest paragraph whose presence in two sections counts as a merge (not a common word). */
const MIN_SHARED = 8;

/** `X` + blank line + `X`: the model wrote one section twice (a repeat whose label it dropped). */
export function halveRepeat(text: string): string | null {
  const half = (text.length - 2) / 2;
  if (!Number.isInteger(half) || half <= 0 || text.slice(half, half + 2) !== '\n\n') return null;
  const head = text.slice(0, half);
  return head === text.slice(half + 2) ? head : null;
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
