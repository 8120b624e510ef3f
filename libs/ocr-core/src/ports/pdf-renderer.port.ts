import type { Block } from '../model/block.js';
import type { WordBox } from '../tables/table.types.js';
import type { StripImageCodec } from './strip-image.port.js';

export interface CropOptions {
  /** Render resolution; docs/contract.md §4: 300. */
  dpi: number;
  /** Padding around the block in pixels; docs/contract.md §4: 5. */
  paddingPx: number;
  /** Crops taller than this are split into windows of this height… */
  maxHeight: number;
  /** …overlapping by this many pixels (docs/contract.md: 9000 / 100). */
  overlapPx: number;
  /**
   * Longest side of the crop in pixels (IMAGE blocks): the DPI is lowered to fit, measured from
   * coords_norm and the page. Every crop is also held to `MAX_CROP_PIXELS` (geometry.ts).
   */
  maxSidePx?: number;
  /**
   * Widest crop in pixels: the DPI is lowered to fit, like `maxSidePx` but for the width only.
   * Crops that only go onto strips are drawn no wider than the strip (`StripLayout.maxWidth`),
   * which would scale them down anyway: an A0 sheet's full-width block is 12,400 px at 300 DPI
   * (docs/rendering.md, "Memory").
   */
  maxWidthPx?: number;
  /**
   * Crops only go onto strips: a renderer may hand them over as raw `pixels` (no PNG encode and
   * decode before the strip's own encoding). Renderers that cannot still give PNGs.
   */
  raw?: boolean;
  /**
   * Also give the text layer's word boxes in crop pixels (`BlockCrop.words`): the `auto` engine's
   * checks and table rebuilding read them (docs/auto-engine.md). Single-part crops only.
   */
  textWords?: boolean;
}

export interface CropPart {
  /** PNG of the crop; empty when the renderer gave raw `pixels` instead (`CropOptions.raw`). */
  png: Uint8Array;
  width: number;
  height: number;
  /** Raw opaque pixels, row by row: grey (`channels` 1) or RGB (3). */
  pixels?: Uint8Array;
  channels?: 1 | 3;
}

/** A rendered block: one part, or several overlapping parts when taller than `maxHeight`. */
export interface BlockCrop {
  blockId: string;
  parts: CropPart[];
  /** PDF text layer inside the block, in reading order ('' when the page has none there). */
  textLayer: string;
  /** Word boxes of the text layer in crop pixels, when asked for (`CropOptions.textWords`). */
  words?: WordBox[];
}

/** One parsed PDF serving every block of a job. */
export interface PdfSession {
  readonly pageCount: number;
  /**
   * Renders blocks (clip rendering only, never a whole sheet) and yields each crop as soon as it
   * is ready, in input order, with bounded read-ahead so memory stays flat on long documents.
   */
  crop(
    blocks: readonly Block[],
    options: CropOptions,
    signal?: AbortSignal,
  ): AsyncIterable<BlockCrop>;
  /** Text layer of blocks without rendering them (IMAGE prompts, validation, the local engine). */
  textLayers(blocks: readonly Block[]): Promise<Map<string, string>>;
  /** Vector PDF of an IMAGE block's region (2 pt padding, outside a polygon painted white). */
  vectorCrop(block: Block): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PdfRenderer {
  open(pdfPath: string): Promise<PdfSession>;
  /** Reads this renderer's crops onto strips and encodes the strips. */
  readonly stripImages: StripImageCodec;
}
