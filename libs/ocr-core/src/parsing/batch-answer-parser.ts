import type {
  AnswerSplitMethod,
  BatchAnswerParse,
  BatchBlockRef,
  BlockAnswer,
  MarkerHit,
} from './answer.types.js';
import { scanBlockMarkers, scanIndexMarkers, scanLegacyMarkers } from './marker-scan.js';
import {
  cleanSection,
  splitOnBlankLines,
  splitOnRules,
  stripOwnIndex,
  unwrapAnswer,
} from './section-text.js';

type MarkerMethod = Extract<AnswerSplitMethod, 'block-marker' | 'legacy-marker' | 'index-marker'>;

const SCANNERS: ReadonlyArray<[MarkerMethod, typeof scanBlockMarkers]> = [
  ['block-marker', scanBlockMarkers],
  ['legacy-marker', scanLegacyMarkers],
  ['index-marker', scanIndexMarkers],
];

/**
 * Splits one strip answer back into its blocks (SPEC §4). Readings, in order of preference:
 * `BLOCK: XXXX-XXXX-XXX` markers, legacy `[[[BLOCK_ID: uuid]]]`, `[N]` index markers — the first
 * that finds every block wins, else the one finding most; when markers find at most one block, a
 * split on `---` lines or blank lines is used if it yields exactly one chunk per block; when
 * nothing fits, the whole answer goes to the first block and the others fail with the reason.
 * A block whose marker is missing (or whose section is empty) fails; nothing is silently empty.
 */
export function parseBatchAnswerDetailed(
  answer: string,
  blocks: readonly BatchBlockRef[],
): BatchAnswerParse {
  const text = unwrapAnswer(answer.replace(/\r\n?/g, '\n'));
  if (text === '')
    return {
      method: 'empty',
      answers: blocks.map((b) => failed(b, 'the engine returned an empty answer')),
    };
  const best = bestMarkerReading(text, blocks);
  if (best && best.covered === blocks.length) return { method: best.method, answers: best.answers };
  const split = splitReading(text, blocks, best?.covered ?? 0);
  if (split) return split;
  if (best && best.covered > 0) return { method: best.method, answers: best.answers };
  return wholeAnswer(text, blocks);
}

/** Like `parseBatchAnswerDetailed`, returning only the per-block answers. */
export function parseBatchAnswer(answer: string, blocks: readonly BatchBlockRef[]): BlockAnswer[] {
  return parseBatchAnswerDetailed(answer, blocks).answers;
}

interface MarkerReading {
  method: MarkerMethod;
  covered: number;
  answers: BlockAnswer[];
}

function bestMarkerReading(text: string, blocks: readonly BatchBlockRef[]): MarkerReading | null {
  let best: MarkerReading | null = null;
  for (const [method, scan] of SCANNERS) {
    const hits = scan(text, blocks);
    const covered = new Set(hits.map((h) => h.block).filter((b) => b !== null)).size;
    if (covered === 0 || (best && covered <= best.covered)) continue;
    best = {
      method,
      covered,
      answers: answersFromHits(text, blocks, assignByElimination(hits, blocks.length)),
    };
    if (covered === blocks.length) break;
  }
  return best;
}

/**
 * One marker that matched nothing and one block without a marker, in the right place between
 * its neighbours: that marker is the block's, misread beyond tolerant matching.
 */
function assignByElimination(hits: MarkerHit[], blockCount: number): MarkerHit[] {
  const unmatched = hits.filter((h) => h.block === null);
  const seen = new Set(hits.map((h) => h.block));
  const missing = [...Array(blockCount).keys()].filter((b) => !seen.has(b));
  if (unmatched.length !== 1 || missing.length !== 1) return hits;
  const at = hits.indexOf(unmatched[0]);
  const before = hits.slice(0, at).map((h) => h.block ?? -1);
  const after = hits.slice(at + 1).map((h) => h.block ?? blockCount);
  const fits = before.every((b) => b < missing[0]) && after.every((b) => b > missing[0]);
  return fits ? hits.map((h, i) => (i === at ? { ...h, block: missing[0] } : h)) : hits;
}

function answersFromHits(
  text: string,
  blocks: readonly BatchBlockRef[],
  hits: readonly MarkerHit[],
): BlockAnswer[] {
  const sections = new Map<number, string[]>();
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  sorted.forEach((hit, i) => {
    if (hit.block === null) return;
    const section = cleanSection(text.slice(hit.contentStart, sorted[i + 1]?.start ?? text.length));
    sections.set(hit.block, [...(sections.get(hit.block) ?? []), section]);
  });
  return blocks.map((block, i) => {
    const parts = sections.get(i);
    if (!parts)
      return failed(
        block,
        `the answer has no section for block [${block.index}] (marker ${block.marker} not found)`,
      );
    const joined = parts.filter((p) => p !== '').join('\n\n');
    return joined === ''
      ? failed(block, `the answer's section for block [${block.index}] is empty`)
      : done(block, joined);
  });
}

function splitReading(
  text: string,
  blocks: readonly BatchBlockRef[],
  covered: number,
): BatchAnswerParse | null {
  if (blocks.length < 2 || covered > 1) return null;
  const byRules = splitOnRules(text);
  if (byRules.length === blocks.length)
    return { method: 'separator-split', answers: blocks.map((b, i) => chunkAnswer(b, byRules[i])) };
  const byBlankLines = splitOnBlankLines(text);
  if (byBlankLines.length === blocks.length) {
    return {
      method: 'blank-line-split',
      answers: blocks.map((b, i) => chunkAnswer(b, byBlankLines[i])),
    };
  }
  return null;
}

function wholeAnswer(text: string, blocks: readonly BatchBlockRef[]): BatchAnswerParse {
  const whole = cleanSection(text);
  const reason = `the answer has no block markers and does not split into ${blocks.length} parts; it was given to block [${blocks[0]?.index}]`;
  const answers = blocks.map((b, i) =>
    i === 0 && whole !== ''
      ? done(b, whole)
      : failed(b, whole === '' ? 'the engine returned an empty answer' : reason),
  );
  return { method: 'whole-answer', answers };
}

function chunkAnswer(block: BatchBlockRef, chunk: string): BlockAnswer {
  const text = stripOwnIndex(chunk, block.index);
  return text === ''
    ? failed(block, `the answer's part for block [${block.index}] is empty`)
    : done(block, text);
}

const done = (block: BatchBlockRef, text: string): BlockAnswer => ({
  blockId: block.blockId,
  status: 'done',
  text,
});

const failed = (block: BatchBlockRef, error: string): BlockAnswer => ({
  blockId: block.blockId,
  status: 'failed',
  text: '',
  error,
});
