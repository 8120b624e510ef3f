import leven from 'leven';
import { canonicalMarker } from '../prompts/block-marker.js';
import type { BatchBlockRef, MarkerHit } from './answer.types.js';
import { MarkerMatcher } from './marker-match.js';

// `BLOCK` (or the Russian `БЛОК` some models translate it to), not `BLOCK_ID`/`BLOCKS`.
const BLOCK_WORD = /(?<![\p{L}\d])(?:BLOCK|БЛОК)(?![_\p{L}])/giu;
const AFTER_WORD = /^[ \t]*(?:ID)?[ \t]*[:：#=.\-–—]*(?:[ \t]|[*_`"'«([])*/iu;
const CLOSING = /^[*_`"'»)\]]*[ \t]*[:.]?[ \t]*/u;
const CODE_CHAR = /[0-9A-Za-zА-Яа-яЁё|]/u;
const DASHES = /[-–—‐−_]/u;
const MAX_CODE_CHARS = 20;
/** Only line-leading decoration may precede a marker for the marker to own the whole line. */
const LINE_PREFIX = /^[\s#>*_`~=|•·-]*(?:(?:\[\d{1,3}\]|\d{1,3}[.)])[\s*_:.)-]*)?[\s*_`([]*$/u;

const LEGACY = /\[{2,3}\s*BLOCK\s*\\?_?\s*ID\s*[:：]\s*([^\]\s]+)\s*\]{2,3}/giu;
const INDEX =
  /^[ \t]*(?:[#>*_]+[ \t]*)?(?:\[(\d{1,3})\]|(?:Блок|Block)[ \t]*№?[ \t]*(\d{1,3})[ \t]*[:.])[*_]*[ \t]*[:.)-]?/gimu;

/** Start of the marker's line when only decoration precedes it, else the marker itself. */
function lineStart(text: string, at: number): number {
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  return LINE_PREFIX.test(text.slice(ls, at)) ? ls : at;
}

/** Code candidates after `BLOCK:`: the code read up to each separator, with where it ends. */
function codeCandidates(text: string, from: number): Array<{ code: string; end: number }> {
  const out: Array<{ code: string; end: number }> = [];
  let code = '';
  let i = from;
  while (i < text.length && code.length < MAX_CODE_CHARS) {
    const ch = text[i];
    if (CODE_CHAR.test(ch)) {
      code += ch;
      i++;
      if (i >= text.length || !CODE_CHAR.test(text[i])) out.push({ code, end: i });
    } else if (
      DASHES.test(ch) ||
      ((ch === ' ' || ch === '\t') && CODE_CHAR.test(text[i + 1] ?? ''))
    ) {
      i++;
    } else break;
  }
  return out;
}

/** A code candidate looks like a marker when it folds to 9–13 symbols (11 ± a misread). */
const codeShaped = (code: string): boolean => Math.abs(canonicalMarker(code).length - 11) <= 2;

/**
 * `BLOCK: XXXX-XXXX-XXX` markers, tolerant to look-alikes, case, missing/extra dashes or spaces and
 * markdown around them (`**BLOCK: …**`, `### BLOCK: …`, `[2] BLOCK: …`). Code-shaped markers that
 * match no block are kept as hits without a block, so their text is not glued to the block before.
 */
export function scanBlockMarkers(text: string, blocks: readonly BatchBlockRef[]): MarkerHit[] {
  const matcher = new MarkerMatcher(blocks.map((b) => b.marker));
  const hits: MarkerHit[] = [];
  for (const m of text.matchAll(BLOCK_WORD)) {
    const wordEnd = m.index + m[0].length;
    const codeFrom = wordEnd + (AFTER_WORD.exec(text.slice(wordEnd))?.[0].length ?? 0);
    const candidates = codeCandidates(text, codeFrom)
      .filter((c) => codeShaped(c.code))
      .sort(
        (a, b) =>
          Math.abs(canonicalMarker(a.code).length - 11) -
          Math.abs(canonicalMarker(b.code).length - 11),
      );
    if (candidates.length === 0) continue;
    const found = candidates
      .map((c) => ({ ...c, block: matcher.match(c.code) }))
      .find((c) => c.block !== null);
    const chosen = found ?? { ...candidates[0], block: null };
    const contentStart = chosen.end + (CLOSING.exec(text.slice(chosen.end))?.[0].length ?? 0);
    hits.push({ start: lineStart(text, m.index), contentStart, block: chosen.block });
  }
  return hits;
}

/** Legacy `[[[BLOCK_ID: <id>]]]` markers (also `[[BLOCK\_ID: …]]`), matched to ids or markers. */
export function scanLegacyMarkers(text: string, blocks: readonly BatchBlockRef[]): MarkerHit[] {
  const matcher = new MarkerMatcher(blocks.map((b) => b.marker));
  const ids = blocks.map((b) => b.blockId.toLowerCase());
  return [...text.matchAll(LEGACY)].map((m) => {
    const id = m[1].toLowerCase();
    let block: number | null = ids.indexOf(id);
    if (block < 0) block = nearestId(ids, id) ?? matcher.match(id);
    return { start: lineStart(text, m.index), contentStart: m.index + m[0].length, block };
  });
}

function nearestId(ids: readonly string[], id: string): number | null {
  const distances = ids.map((candidate) => leven(candidate, id));
  const best = Math.min(...distances);
  const limit = Math.min(3, Math.floor(id.length / 10));
  return best <= limit && distances.filter((d) => d === best).length === 1
    ? distances.indexOf(best)
    : null;
}

/**
 * `[N]` (or `Блок N:` / `Block N:`) at the start of a line. Numbers must rise: a `[1]` inside a
 * block's own text (a bibliography) after `[2]` is text, not a marker.
 */
export function scanIndexMarkers(text: string, blocks: readonly BatchBlockRef[]): MarkerHit[] {
  const hits: MarkerHit[] = [];
  let last = 0;
  for (const m of text.matchAll(INDEX)) {
    const n = Number(m[1] ?? m[2]);
    const block = blocks.findIndex((b) => b.index === n);
    if (block < 0 || n <= last) continue;
    last = n;
    hits.push({ start: m.index, contentStart: m.index + m[0].length, block });
  }
  return hits;
}
