import { markersInPrompt } from '../fakes/answer-with-markers.js';
import { noisyAnswer, type NoiseRates } from './answer-noise.js';
import { SeededRandom } from './seeded-random.js';

/** A noisy mode for a fake engine: what it corrupts, how often, and the clean text of each block. */
export interface EngineNoise {
  rates: NoiseRates;
  /** Seed of the run; each call draws from `seed + its sequence number`, so runs reproduce. */
  seed: number;
  /** The clean text of the block whose label reads `marker` (what a perfect `model` would say). */
  textFor: (marker: string, model: string) => string;
}

/**
 * A strip answer as a careless model gives it: the clean `[N] BLOCK: <code>` sections of the
 * prompt's markers, corrupted at `noise.rates`. A one-block answer is never cut (it fits any
 * output limit). Returns null for a prompt without markers (an IMAGE analysis).
 */
export function noisyChatAnswer(
  call: { user: string; model: string },
  noise: EngineNoise,
  seq: number,
): { text: string; truncated: boolean } | null {
  const markers = markersInPrompt(call.user);
  if (markers.length === 0) return null;
  const random = new SeededRandom(noise.seed + seq);
  const sections = markers.map((marker, i) => ({
    marker,
    index: i + 1,
    text: noise.textFor(marker, call.model),
  }));
  const rates = markers.length > 1 ? noise.rates : { ...noise.rates, truncate: 0 };
  return noisyAnswer(sections, rates, random);
}
