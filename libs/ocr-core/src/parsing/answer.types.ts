/** A block of the strip the answer belongs to. `StripBlock` of strips/ fits as is. */
export interface BatchBlockRef {
  blockId: string;
  /** The code printed on its separator bar (`XXXX-XXXX-XXX`, with or without a `BLOCK: ` prefix). */
  marker: string;
  /** 1-based position on the strip (the `[N]` of numbered answers). */
  index: number;
}

/**
 * How a block's text was read from its answer: its label as printed (`marker`), a misread label
 * matched by edit distance (`marker-fuzzy`), its `[N]` number (`index`), or the whole answer of a
 * one-block call (`single`).
 */
export type ReadMethod = 'marker' | 'marker-fuzzy' | 'index' | 'single';

/** Parser-level flags of a block's reading (the pipeline adds the others, see docs/confidence.md). */
export type ReadFlag = 'fuzzy_marker' | 'repetition' | 'truncated';

/**
 * What the answer says about one block. `done`: the text is this block's, read with certainty.
 * `uncertain`: the answer cannot be split with certainty for this block (label missing, section
 * repeated, order or `[N]` in conflict…): the caller re-sends it in a smaller strip. `failed`:
 * nothing to re-send for (a one-block answer that is empty). Only `done` carries a text.
 */
export interface BlockAnswer {
  blockId: string;
  status: 'done' | 'failed' | 'uncertain';
  text: string;
  error?: string;
  method?: ReadMethod;
  flags?: ReadFlag[];
}

/** Which reading of the whole answer was used. */
export type AnswerSplitMethod = 'block-marker' | 'index-marker' | 'single' | 'empty';

export interface BatchAnswerParse {
  method: AnswerSplitMethod;
  /** One entry per input block, in input order. */
  answers: BlockAnswer[];
}

/** Options of one parse. */
export interface ParseOptions {
  /** The engine stopped at its length limit: the answer's last section may be cut. */
  truncated?: boolean;
}

/** A boundary line found in the answer: where it starts, where the text after it starts, whose. */
export interface MarkerHit {
  start: number;
  contentStart: number;
  /** Position of the block in the input list; null for a label that matched no block. */
  block: number | null;
  /** Edits needed to read the label as the block's code (0 = as printed). */
  distance: number;
  /** The `[N]` printed on the same line, when any. */
  index: number | null;
  /**
   * A misread label refused because an exact label already names its block (a repeat) or it
   * breaks the strip's order: it stands for no missing block.
   */
  refused?: boolean;
}
