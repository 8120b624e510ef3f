import type { OcrRequest, TableHints } from '../ports/ocr-engine.port.js';

/** One crop to place on a strip: a whole block, or one window of a block split for height. */
export interface StripItem {
  blockId: string;
  /** The block's `XXXX-XXXX-XXX` code; the separator reads `BLOCK: <marker>`. */
  marker: string;
  /** 0-based window index and window count (`partCount` 1 = the block was not split). */
  partIndex: number;
  partCount: number;
  /** PNG of the crop (empty when raw `pixels` came instead, see `CropPart`), and its size. */
  png: Uint8Array;
  width: number;
  height: number;
  pixels?: Uint8Array;
  channels?: 1 | 3;
  /** PDF text layer inside the block ('' when none), carried to the engine request. */
  textLayer: string;
  /** TABLE blocks: what an engine needs to rebuild the grid without a model (`OcrRequestBlock.table`). */
  table?: TableHints;
}

/** A block as it appears on a rendered strip. */
export interface StripBlock extends StripItem {
  /** 1-based position on the strip (the `[N]` of numbered answers). */
  index: number;
}

/** A rendered strip: one engine call. */
export interface Strip {
  /** The encoded strip (PNG unless the renderer's strip codec says otherwise, see `mimeType`). */
  png: Uint8Array;
  mimeType: OcrRequest['mimeType'];
  width: number;
  height: number;
  blocks: StripBlock[];
}

/** Strip geometry (docs/contract.md §4 step 4). Every field has a default, see `resolveStripLayout`. */
export interface StripLayoutOptions {
  /** Strip height limit in px (default 9000; callers cap it by the engine's `maxStripHeight`). */
  maxHeight?: number;
  /**
   * Strip width limit in px (default 4000). Wider crops are scaled down to fit: vision models
   * downscale such images anyway, and it bounds the strip canvas (4000 × 9000 × 4 B = 144 MB).
   */
  maxWidth?: number;
  /** White gap above and below each crop (default 20). */
  gap?: number;
  /** Height of the black separator bar (default 48) and its font size (default 30). */
  separatorHeight?: number;
  fontSize?: number;
  /** Optional cap on blocks per strip (default: none, only the height limits a strip). */
  maxBlocks?: number;
}

export type StripLayout = Required<StripLayoutOptions>;
