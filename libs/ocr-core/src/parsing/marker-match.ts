import leven from 'leven';
import { canonicalMarker } from '../prompts/block-marker.js';

/** Canonical codes of a strip's markers, matched against codes read back from an answer. */
export class MarkerMatcher {
  private readonly exact: string[];
  private readonly folded: string[];

  constructor(markers: readonly string[]) {
    const codes = markers.map((m) => m.replace(/^\s*BLOCK\s*:\s*/i, ''));
    this.exact = codes.map((c) => c.toUpperCase().replace(/[^0-9A-Z]/g, ''));
    this.folded = codes.map(canonicalMarker);
  }

  /**
   * Position of the block whose marker `code` is, or null. Exact match first (so client codes
   * that differ only by a look-alike pair stay apart), then after folding look-alikes, then the
   * unique nearest marker within an edit distance of 2 (a dropped, doubled or misread symbol).
   */
  match(code: string): number | null {
    const exact = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
    const byExact = uniqueIndex(this.exact, exact);
    if (byExact !== null) return byExact;
    const folded = canonicalMarker(code);
    const byFolded = uniqueIndex(this.folded, folded);
    if (byFolded !== null) return byFolded;
    return this.nearest(folded);
  }

  private nearest(folded: string): number | null {
    const limit = Math.min(2, Math.floor(folded.length / 4));
    let best: number | null = null;
    let bestDistance = Infinity;
    let tie = false;
    this.folded.forEach((marker, i) => {
      const d = leven(marker, folded);
      if (d < bestDistance) [best, bestDistance, tie] = [i, d, false];
      else if (d === bestDistance) tie = true;
    });
    return bestDistance <= limit && !tie ? best : null;
  }
}

function uniqueIndex(list: readonly string[], value: string): number | null {
  if (value === '') return null;
  const first = list.indexOf(value);
  return first >= 0 && list.indexOf(value, first + 1) < 0 ? first : null;
}
