import type { ReadFlag, ReadMethod } from '../parsing/answer.types.js';
import { isEmptyLike } from '../parsing/section-text.js';
import { dominantScript, trigramSimilarity } from './text-compare.js';

/**
 * Flags of one block result (docs/confidence.md). Informational ones say how the text was found
 * and do not make a block "flagged"; the others warn that the text may be wrong.
 */
const INFO_FLAGS = ['fuzzy_marker', 'resplit'] as const;
export const WARNING_FLAGS = [
  'text_layer_mismatch',
  'repetition',
  'truncated',
  'empty_like',
  'language_mismatch',
] as const;
export type BlockFlag = (typeof INFO_FLAGS)[number] | (typeof WARNING_FLAGS)[number];
export const BLOCK_FLAGS: readonly BlockFlag[] = [...INFO_FLAGS, ...WARNING_FLAGS];

/** True when a block's flags hold a warning (it counts in `blocks_flagged`, re-runs on request). */
export const isFlagged = (flags: readonly string[] | null | undefined): boolean =>
  (flags ?? []).some((f) => (WARNING_FLAGS as readonly string[]).includes(f));

export interface ConfidenceInput {
  text: string;
  method: ReadMethod;
  /** Flags the parser gave (`fuzzy_marker`, `repetition`, `truncated`). */
  readFlags?: readonly ReadFlag[];
  /** Read from a strip re-sent after its first answer could not be split with certainty. */
  resplit?: boolean;
  /** The engine reported a cut answer. */
  truncated?: boolean;
  /** PDF text layer inside the block ('' when none); compared only when reliable. */
  textLayer?: string;
  /** TEXT/TABLE blocks are transcriptions; an IMAGE answer is an analysis, not compared. */
  transcription: boolean;
}

export interface BlockConfidence {
  confidence: number;
  flags: BlockFlag[];
}

/** Text layers with fewer letters than this are not trusted for comparison. */
const RELIABLE_LAYER_LETTERS = 40;
/** Below this trigram similarity the engine text and a reliable text layer disagree. */
const MISMATCH_SIMILARITY = 0.35;

const METHOD_FACTOR: Record<ReadMethod, number> = {
  marker: 1,
  single: 1,
  index: 0.95,
  'marker-fuzzy': 0.9,
};

const FLAG_FACTOR: Record<BlockFlag, number> = {
  fuzzy_marker: 1, // already in the method's factor
  resplit: 0.95,
  text_layer_mismatch: 0.4,
  repetition: 0.6,
  truncated: 0.5,
  empty_like: 0.2,
  language_mismatch: 0.5,
};

/**
 * Flags and confidence of a done block: confidence = method factor × the factor of each flag,
 * rounded to 2 decimals (docs/confidence.md has the table and the reasons).
 */
export function blockConfidence(input: ConfidenceInput): BlockConfidence {
  const flags = new Set<BlockFlag>(input.readFlags ?? []);
  if (input.resplit) flags.add('resplit');
  if (input.truncated) flags.add('truncated');
  if (isEmptyLike(input.text)) flags.add('empty_like');
  if (isLooped(input.text)) flags.add('repetition');
  if (input.transcription)
    for (const f of layerFlags(input.text, input.textLayer ?? '')) flags.add(f);
  const ordered = BLOCK_FLAGS.filter((f) => flags.has(f));
  const product = ordered.reduce((c, f) => c * FLAG_FACTOR[f], METHOD_FACTOR[input.method]);
  return { confidence: Math.round(product * 100) / 100, flags: ordered };
}

function layerFlags(text: string, layer: string): BlockFlag[] {
  const layerScript = dominantScript(layer, RELIABLE_LAYER_LETTERS);
  if (layerScript === null) return [];
  const out: BlockFlag[] = [];
  if (trigramSimilarity(text, layer) < MISMATCH_SIMILARITY) out.push('text_layer_mismatch');
  const textScript = dominantScript(text, 10);
  if (textScript !== null && textScript !== layerScript) out.push('language_mismatch');
  return out;
}

/** The model looped: one line of 8+ characters four times in a row, or a text ending in repeats. */
export function isLooped(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim());
  let run = 1;
  for (let i = 1; i < lines.length; i++) {
    run = lines[i] === lines[i - 1] && lines[i].length >= 8 ? run + 1 : 1;
    if (run >= 4) return true;
  }
  return false;
}
