import type { EngineName } from '@remote-ocr/contracts';
import { planAutoBlock, type Block, type PdfRenderer } from '@remote-ocr/ocr-core';

/**
 * Which blocks the `auto` engine will read from the PDF's text layer, for estimates (docs/costs.md).
 * A Nest provider under `TEXT_LAYER_BLOCKS`; a non-`auto` engine always sends every block to its
 * model.
 */
export type TextLayerBlocks = (input: {
  pdfPath: string;
  blocks: readonly Block[];
  engine: EngineName;
}) => Promise<ReadonlySet<string>>;

export const TEXT_LAYER_BLOCKS = Symbol('TEXT_LAYER_BLOCKS');

export const noTextLayerBlocks: TextLayerBlocks = () => Promise.resolve(new Set<string>());

const blockTypeOf = (b: Block): 'text' | 'table' | 'image' =>
  b.block_type === 'table' || b.block_type === 'image' ? b.block_type : 'text';

/**
 * The `auto` engine's text rule (ocr-core `planAutoBlock`, docs/auto-engine.md) over the blocks'
 * text layers, read without rendering. The run also checks ink against the rendered crop, so it
 * may still send to the model a block counted here (the estimate's cost is then low by that block).
 */
export function autoTextLayerBlocks(renderer: PdfRenderer): TextLayerBlocks {
  return async ({ pdfPath, blocks, engine }) => {
    if (engine !== 'auto') return new Set<string>();
    const session = await renderer.open(pdfPath);
    try {
      const layers = await session.textLayers(blocks);
      const ids = new Set<string>();
      for (const b of blocks) {
        const plan = planAutoBlock({
          blockType: blockTypeOf(b),
          textLayer: layers.get(b.id) ?? '',
        });
        if (plan.source === 'text_layer') ids.add(b.id);
      }
      return ids;
    } finally {
      await session.close();
    }
  };
}
