import type { RulingLines, WordBox } from '../tables/table.types.js';

/** One block inside an engine request: what the `local` engine needs to answer without a model. */
export interface OcrRequestBlock {
  id: string;
  /** Marker printed on the strip separator and expected back in the answer (e.g. `BLOCK: XXXX-XXXX-XXX`). */
  marker: string;
  /** 1-based index of the block in the strip (`[N]` answers). */
  index: number;
  /** PDF text layer inside the block, in reading order ('' when none). */
  textLayer: string;
  /**
   * PNG crop of the block alone (the strip is these, stacked). Empty unless the engine asks for
   * them (`OcrEngine.needsBlockCrops`): strips are made from raw pixels, encoded once.
   */
  crop: Uint8Array;
  /** Set for TABLE blocks: the text layer's word boxes and the crop's ruling lines (docs/auto-engine.md). */
  table?: TableHints;
}

/** What a TABLE block's grid is rebuilt from, in the pixels of its crop. */
export interface TableHints {
  /** Word boxes of the text layer ([] when it has none). */
  words: WordBox[];
  rulings: RulingLines;
}

export interface OcrRequest {
  kind: 'strip' | 'image';
  /** The strip's image (PNG unless the renderer's strip codec writes WebP or JPEG), or the IMAGE block's PNG. */
  image: Uint8Array;
  mimeType: 'image/png' | 'image/webp' | 'image/jpeg';
  system: string;
  user: string;
  /** Model for engines that take one per call; engines fall back to their default. */
  model?: string;
  blocks: OcrRequestBlock[];
  signal?: AbortSignal;
}

export interface OcrUsage {
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  /** Pages the engine billed (Datalab). */
  pagesBilled?: number;
}

export interface OcrResult {
  text: string;
  engine: string;
  model?: string;
  usage?: OcrUsage;
  /** The engine stopped at its output limit (OpenAI `finish_reason: length`): the text is cut. */
  truncated?: boolean;
}

/** The port every engine adapter implements (docs/contract.md §6). Errors are thrown, never returned as text. */
export interface OcrEngine {
  readonly name: string;
  /** Largest strip height in pixels this engine reads without downscaling into illegibility. */
  readonly maxStripHeight?: number;
  /** The engine reads each block's own crop (`OcrRequestBlock.crop`), not only the strip. */
  readonly needsBlockCrops?: boolean;
  /**
   * The pipeline itself reads blocks whose text layer passes `planAutoBlock` (the `auto` engine):
   * they are recorded with engine `text_layer` and only the rest reach `recognize`.
   */
  readonly textLayerFirst?: boolean;
  recognize(request: OcrRequest): Promise<OcrResult>;
}
