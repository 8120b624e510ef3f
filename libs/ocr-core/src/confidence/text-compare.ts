/**
 * Small text statistics for the confidence flags, written here because they are a few lines each
 * and must stay linear in the text (answers are model output of any size).
 */

const LETTER = /^\p{L}$/u;
const CYRILLIC = /^\p{Script=Cyrillic}$/u;
const LATIN = /^\p{Script=Latin}$/u;

export type Script = 'cyrillic' | 'latin' | 'other';

/** The script most of the text's letters are in, or null when it has fewer than `minLetters`. */
export function dominantScript(text: string, minLetters: number): Script | null {
  const counts = { cyrillic: 0, latin: 0, other: 0 };
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    if (CYRILLIC.test(ch)) counts.cyrillic++;
    else if (LATIN.test(ch)) counts.latin++;
    else counts.other++;
  }
  const total = counts.cyrillic + counts.latin + counts.other;
  if (total < minLetters) return null;
  const [script] = (Object.entries(counts) as Array<[Script, number]>).sort(
    (a, b) => b[1] - a[1],
  )[0];
  return script;
}

/** Letter/digit trigrams of a text, lower-cased, whitespace and punctuation folded to one space. */
function trigrams(text: string): Map<string, number> {
  const norm = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const out = new Map<string, number>();
  for (let i = 0; i + 3 <= norm.length; i++) {
    const g = norm.slice(i, i + 3);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of the two texts' trigram multisets: 1 for equal texts, 0 for nothing shared. */
export function trigramSimilarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  let shared = 0;
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const [g, n] of gb) {
    total += n;
    shared += Math.min(n, ga.get(g) ?? 0);
  }
  return total === 0 ? 1 : (2 * shared) / total;
}
