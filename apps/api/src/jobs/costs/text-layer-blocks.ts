import type { EngineName } from '@remote-ocr/contracts';
import type { Block } from '@remote-ocr/ocr-core';

/**
 * Which blocks the `auto` engine will read from the PDF's text layer, for estimates (docs/costs.md).
 * A Nest provider under `TEXT_LAYER_BLOCKS`, so the text-layer rule of the `auto` engine plugs in
 * here; the default counts none, and a non-`auto` engine always sends every block to its model.
 */
export type TextLayerBlocks = (input: {
  pdfPath: string;
  blocks: readonly Block[];
  engine: EngineName;
}) => Promise<ReadonlySet<string>>;

export const TEXT_LAYER_BLOCKS = Symbol('TEXT_LAYER_BLOCKS');

export const noTextLayerBlocks: TextLayerBlocks = () => Promise.resolve(new Set<string>());
