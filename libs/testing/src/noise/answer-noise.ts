import { SeededRandom } from './seeded-random.js';

/**
 * Rates (0..1) of the corruptions a noisy engine applies to a strip answer: per label, per
 * section, or per answer (`truncate`).
 */
export interface NoiseRates {
  /** A label misread: look-alike letters, dropped, doubled or swapped symbols, brackets, case. */
  label: number;
  /** A label left out, so its text runs on from the section before (merged sections). */
  dropLabel: number;
  /** A section swapped with the next one (a pair at a time, as a model mixes up two sections). */
  swap: number;
  /** A section written twice (the model looped). */
  repeat: number;
  /** The answer cut short (the engine's length limit), reported as truncated. */
  truncate: number;
}

export const NO_NOISE: NoiseRates = { label: 0, dropLabel: 0, swap: 0, repeat: 0, truncate: 0 };

/** Label corruption at `rate`, with the other modes at a tenth of it (the e2e and bench mix). */
export const labelNoise = (rate: number): NoiseRates => ({
  label: rate,
  dropLabel: rate / 10,
  swap: rate / 10,
  repeat: rate / 10,
  truncate: rate / 10,
});

/** One block's section as a clean answer would hold it. */
export interface CleanSection {
  /** The label's code, e.g. `KAQX-YW6M-LKM`. */
  marker: string;
  /** 1-based position on the strip. */
  index: number;
  text: string;
}

export interface NoisyAnswer {
  text: string;
  truncated: boolean;
}

/**
 * A strip answer `[N] BLOCK: <code>` + text per section, corrupted at `rates` with `random`.
 * A one-section answer keeps its label (a lone block has no neighbour to be confused with).
 */
export function noisyAnswer(
  sections: readonly CleanSection[],
  rates: NoiseRates,
  random: SeededRandom,
): NoisyAnswer {
  const order = reorder(sections, rates, random);
  const parts = order.map((s) => {
    const dropped = sections.length > 1 && random.chance(rates.dropLabel);
    const label = random.chance(rates.label)
      ? misreadLabel(s, random)
      : `[${s.index}] BLOCK: ${s.marker}`;
    return dropped ? s.text : `${label}\n${s.text}`;
  });
  const text = parts.join('\n\n');
  if (!random.chance(rates.truncate) || text.length < 20) return { text, truncated: false };
  return {
    text: text.slice(0, random.int(Math.floor(text.length * 0.6), text.length - 5)),
    truncated: true,
  };
}

function reorder(
  sections: readonly CleanSection[],
  rates: NoiseRates,
  random: SeededRandom,
): CleanSection[] {
  const out = [...sections];
  // Two neighbours trade places; a swapped section is not swapped again.
  for (let i = 0; i + 1 < out.length; i++) {
    if (random.chance(rates.swap)) [out[i], out[i + 1], i] = [out[i + 1], out[i], i + 1];
  }
  return out.flatMap((s) => (random.chance(rates.repeat) ? [s, s] : [s]));
}

const HOMOGLYPHS: Record<string, string[]> = {
  A: ['А', 'Α'],
  B: ['В', 'Β', '8'],
  C: ['С', '('],
  E: ['Е', 'Ε'],
  H: ['Н', 'Η'],
  J: [']'],
  K: ['К', 'Κ'],
  L: ['1', '|', 'l'],
  M: ['М', 'Μ'],
  N: ['И', 'Ν'],
  O: ['О', '0', 'Ο'],
  P: ['Р', 'Ρ'],
  T: ['Т', 'Τ'],
  X: ['Х', 'Χ'],
  Y: ['У', 'Υ'],
  '3': ['З'],
  '0': ['O'],
  '2': ['Z'],
  '5': ['S'],
  '6': ['G', 'Б'],
  '8': ['B'],
};

const WORDS = ['BLOCK:', 'BL0CK:', 'ВLOCK:', 'block:', 'BLOCK', 'Block :', '**BLOCK:', 'БЛОК:'];

/** A label as an OCR misreads it: 1–3 symbol edits, a look-alike word, now and then no number. */
export function misreadLabel(section: CleanSection, random: SeededRandom): string {
  let code = [...section.marker];
  const edits = random.int(1, 3);
  for (let e = 0; e < edits; e++) code = editCode(code, random);
  const word = random.pick(WORDS);
  const closing = word.startsWith('**') ? '**' : '';
  const prefix = random.chance(0.5) ? `[${section.index}] ` : '';
  const text = code.join('');
  return `${prefix}${word} ${random.chance(0.2) ? text.toLowerCase() : text}${closing}`;
}

function editCode(code: string[], random: SeededRandom): string[] {
  const at = random.int(0, code.length - 1);
  const ch = code[at];
  const out = [...code];
  switch (random.int(0, 5)) {
    case 0:
    case 1: {
      const twins = HOMOGLYPHS[ch.toUpperCase()];
      if (twins) out[at] = random.pick(twins);
      return out;
    }
    case 2:
      out.splice(at, 1);
      return out;
    case 3:
      out.splice(at, 0, ch);
      return out;
    case 4:
      if (at + 1 < out.length) [out[at], out[at + 1]] = [out[at + 1], out[at]];
      return out;
    default:
      out.splice(at, 0, random.pick(['-', ' ', '/', '—']));
      return out;
  }
}
