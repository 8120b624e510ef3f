/** A block of the strip the answer belongs to. `StripBlock` of strips/ fits as is. */
export interface BatchBlockRef {
  blockId: string;
  /** The code printed on its separator bar (`XXXX-XXXX-XXX`, with or without a `BLOCK: ` prefix). */
  marker: string;
  /** 1-based position on the strip (the `[N]` of numbered answers). */
  index: number;
}

/** What the answer says about one block. Failed blocks carry the reason and an empty text. */
export interface BlockAnswer {
  blockId: string;
  status: 'done' | 'failed';
  text: string;
  error?: string;
}

/** Which reading of the answer was used, in the order they are tried (SPEC §4). */
export type AnswerSplitMethod =
  | 'block-marker'
  | 'legacy-marker'
  | 'index-marker'
  | 'separator-split'
  | 'blank-line-split'
  | 'whole-answer'
  | 'empty';

export interface BatchAnswerParse {
  method: AnswerSplitMethod;
  /** One entry per input block, in input order. */
  answers: BlockAnswer[];
}

/** A marker found in the answer: where it starts, where the block text after it starts, whose it is. */
export interface MarkerHit {
  start: number;
  contentStart: number;
  /** Position of the block in the input list; null for a marker that matched no block. */
  block: number | null;
}
