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
}

export interface OcrRequest {
  kind: 'strip' | 'image';
  /** PNG of the strip, or of the IMAGE block. */
  image: Uint8Array;
  mimeType: 'image/png';
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
  recognize(request: OcrRequest): Promise<OcrResult>;
}
