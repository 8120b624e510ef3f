import leven from 'leven';
import { canonicalMarker, hasValidCheck } from '../prompts/block-marker.js';
import { tick } from './scan-steps.js';

/** A code read back and the strip block it names, with how many edits the reading needed. */
export interface CodeMatch {
  block: number;
  distance: number;
}

const plainCode = (code: string): string => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

/**
 * Canonical codes of a strip's markers, matched against codes read back from an answer.
 *
 * A reading is matched only to the strip's own codes: exactly, after folding look-alikes, or as
 * the nearest code within the strip's tolerance — 2 edits when the strip's codes are at least 5
 * apart (`stripMarkers` makes them so), 1 when 3–4 apart, none below. By the triangle inequality
 * a reading within the tolerance of one code is then farther from every other. When every code of
 * the strip carries a check symbol, a reading that passes the check but equals no code is another
 * code (an echo from elsewhere), not a misread, and matches nothing.
 */
export class MarkerMatcher {
  private readonly exact: string[];
  private readonly folded: string[];
  private readonly tolerance: number;
  private readonly checked: boolean;

  constructor(markers: readonly string[]) {
    const codes = markers.map((m) => m.replace(/^\s*BLOCK\s*:\s*/i, ''));
    this.exact = codes.map(plainCode);
    this.folded = codes.map(canonicalMarker);
    this.tolerance = toleranceOf(this.folded);
    this.checked = this.folded.length > 0 && this.folded.every(hasValidCheck);
  }

  /** Position of the block whose marker `code` is, or null (see the class comment). */
  match(code: string): number | null {
    return this.matchReading(plainCode(code), canonicalMarker(code))?.block ?? null;
  }

  /** Like `match`, from a reading's plain upper-case symbols and canonical form. */
  matchReading(plain: string, canonical: string): CodeMatch | null {
    const byExact = uniqueIndex(this.exact, plain);
    if (byExact !== null) return { block: byExact, distance: 0 };
    const byFolded = uniqueIndex(this.folded, canonical);
    if (byFolded !== null) return { block: byFolded, distance: 0 };
    if (this.checked && hasValidCheck(canonical)) return null;
    return this.nearest(canonical);
  }

  private nearest(folded: string): CodeMatch | null {
    const limit = Math.min(this.tolerance, Math.floor(folded.length / 4));
    let best: CodeMatch | null = null;
    let tie = false;
    this.folded.forEach((marker, block) => {
      tick(marker.length * folded.length);
      const distance = leven(marker, folded);
      if (!best || distance < best.distance) [best, tie] = [{ block, distance }, false];
      else if (distance === best.distance) tie = true;
    });
    const found = best as CodeMatch | null;
    return found && found.distance <= limit && !tie ? found : null;
  }
}

function toleranceOf(codes: readonly string[]): number {
  let separation = Infinity;
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      separation = Math.min(separation, leven(codes[i], codes[j]));
    }
  }
  if (separation >= 5) return 2;
  return separation >= 3 ? 1 : 0;
}

function uniqueIndex(list: readonly string[], value: string): number | null {
  if (value === '') return null;
  const first = list.indexOf(value);
  return first >= 0 && list.indexOf(value, first + 1) < 0 ? first : null;
}
