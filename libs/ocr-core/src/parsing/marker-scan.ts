import leven from 'leven';
import type { BatchBlockRef, MarkerHit } from './answer.types.js';
import {
  endsRun,
  contentOffset,
  readIndexLine,
  readLabelLine,
  readLegacyLine,
  type CodeCandidate,
  type LabelLine,
} from './label-line.js';
import { MarkerMatcher, type CodeMatch } from './marker-match.js';
import { tick } from './scan-steps.js';

/** Lines of a text with the offset each starts at. */
function linesWithOffsets(text: string): Array<{ line: string; at: number }> {
  const out: Array<{ line: string; at: number }> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    tick();
    out.push({ line, at });
    at += line.length + 1;
  }
  return out;
}

/**
 * Separator labels (`BLOCK: XXXX-XXXX-XXX` in any OCR disguise, `[[[BLOCK_ID: id]]]`), one per
 * line, each matched to a strip block (or to none: an unreadable label is still a boundary), then
 * held to the strip's order: a label read with edits must sit between the exact labels of the
 * blocks before and after it, and must not name a block an exact label already names.
 */
export function scanBlockMarkers(text: string, blocks: readonly BatchBlockRef[]): MarkerHit[] {
  const matcher = new MarkerMatcher(blocks.map((b) => b.marker));
  const ids = blocks.map((b) => b.blockId.toLowerCase());
  const hits: MarkerHit[] = [];
  for (const { line, at } of linesWithOffsets(text)) {
    const legacy = readLegacyLine(line);
    if (legacy) {
      const block = legacyBlock(legacy.id, ids, matcher);
      hits.push({
        start: at,
        contentStart: at + contentOffset(line, legacy.end),
        index: null,
        ...block,
      });
      continue;
    }
    const label = readLabelLine(line);
    if (label) hits.push(labelHit(label, line, at, matcher));
  }
  return holdToOrder(hits);
}

function labelHit(label: LabelLine, line: string, at: number, matcher: MarkerMatcher): MarkerHit {
  // The nearest reading; on a tie, one ending where the code's run ends (not inside a word of
  // text on the same line), the longest of those.
  let best: (CodeMatch & { candidate: CodeCandidate; natural: boolean }) | null = null;
  for (const candidate of label.candidates) {
    const match = matcher.matchReading(candidate.plain, candidate.canonical);
    if (!match) continue;
    const natural = endsRun(line, candidate.end);
    const better =
      !best ||
      match.distance < best.distance ||
      (match.distance === best.distance && (natural || !best.natural));
    if (better) best = { ...match, candidate, natural };
  }
  // An unmatched label owns its line up to the longest reading of its code.
  const end = best?.candidate.end ?? label.candidates.at(-1)?.end ?? line.length;
  return {
    start: at,
    contentStart: at + contentOffset(line, end),
    block: best?.block ?? null,
    distance: best?.distance ?? 0,
    index: label.index,
  };
}

function legacyBlock(
  id: string,
  ids: readonly string[],
  matcher: MarkerMatcher,
): Pick<MarkerHit, 'block' | 'distance'> {
  const lower = id.toLowerCase();
  const exact = ids.indexOf(lower);
  if (exact >= 0 && ids.indexOf(lower, exact + 1) < 0) return { block: exact, distance: 0 };
  const near = nearestId(ids, lower);
  if (near !== null) return { block: near, distance: 1 };
  const byMarker = matcher.matchReading(id.toUpperCase(), id.toUpperCase());
  return byMarker ?? { block: null, distance: 0 };
}

function nearestId(ids: readonly string[], id: string): number | null {
  const limit = Math.min(3, Math.floor(id.length / 10));
  if (limit === 0) return null;
  const distances = ids.map((candidate) => {
    tick(candidate.length * id.length);
    return leven(candidate, id);
  });
  const best = Math.min(...distances);
  return best <= limit && distances.filter((d) => d === best).length === 1
    ? distances.indexOf(best)
    : null;
}

/** Fuzzy hits that break the order of the exact ones, or repeat an exact one's block, match none. */
function holdToOrder(hits: MarkerHit[]): MarkerHit[] {
  const isAnchor = (h: MarkerHit): boolean => h.distance === 0 && h.block !== null;
  const exactBlocks = new Set(hits.filter(isAnchor).map((h) => h.block));
  // Block of the nearest exact hit before / after each hit, in one pass each way.
  const before: number[] = [];
  const after: number[] = [];
  let seen = -1;
  hits.forEach((h, i) => {
    before[i] = seen;
    if (isAnchor(h)) seen = h.block as number;
  });
  seen = Infinity;
  for (let i = hits.length - 1; i >= 0; i--) {
    after[i] = seen;
    if (isAnchor(hits[i])) seen = hits[i].block as number;
  }
  return hits.map((hit, i) => {
    if (hit.block === null || hit.distance === 0) return hit;
    const fits = !exactBlocks.has(hit.block) && before[i] < hit.block && after[i] > hit.block;
    return fits ? hit : { ...hit, block: null, refused: true };
  });
}

/**
 * `[N]` (or `Блок N:` / `Block N.`) at the start of a line. Numbers must rise: a `[1]` inside a
 * block's own text (a bibliography) after `[2]` is text, not a boundary. Every index line is
 * returned with `block` null when it is not taken as a boundary, so the parser can see a repeat
 * of a number inside the section it opens (which makes that reading uncertain).
 */
export function scanIndexMarkers(text: string, blocks: readonly BatchBlockRef[]): MarkerHit[] {
  const hits: MarkerHit[] = [];
  let last = 0;
  for (const { line, at } of linesWithOffsets(text)) {
    const read = readIndexLine(line);
    if (!read) continue;
    const block = blocks.findIndex((b) => b.index === read.n);
    const taken = block >= 0 && read.n > last;
    if (taken) last = read.n;
    hits.push({
      start: at,
      contentStart: at + read.end,
      block: taken ? block : null,
      distance: 0,
      index: read.n,
    });
  }
  return hits;
}
