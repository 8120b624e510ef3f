// Which blocks the `auto` engine reads from the PDF's own text layer and which go to the vision
// model (docs/auto-engine.md). Pure: the pipeline calls it with the rendered crop, the estimate
// route can call it without one.
import { findRulingLines } from '../tables/ruling-lines.js';
import { buildTableGrid } from '../tables/table-grid.js';
import { renderTable } from '../tables/table-render.js';
import type { GreyImage, WordBox } from '../tables/table.types.js';
import { inkCoverage } from './ink-coverage.js';
import { hasRealText, type TextLayerRule } from './text-layer-rule.js';

/** Limits of the text layer checks; defaults in `DEFAULT_AUTO_LIMITS`. */
export interface AutoLimits {
  /** Most ink outside the glyph boxes (ruling lines excluded) a text-layer block may have. */
  maxUncoveredInk: number;
  /** Most words without ink under them (invisible or white text). */
  maxInklessWords: number;
  rule?: TextLayerRule;
}

const DEFAULT_AUTO_LIMITS: AutoLimits = { maxUncoveredInk: 0.12, maxInklessWords: 0.2 };

export interface AutoBlockInput {
  blockType: 'text' | 'table' | 'image';
  /** Plain text layer inside the block. */
  textLayer: string;
  /** Word boxes of the text layer in crop pixels, and the grey crop (when rendered). */
  words?: readonly WordBox[];
  image?: GreyImage;
  /** Windows the crop was split into for height; a split block is not checked, it goes to the model. */
  partCount?: number;
}

export type AutoPlan =
  { source: 'text_layer'; text: string; table: boolean } | { source: 'model'; reason: string };

/**
 * Decides one block. Without `words` and `image` only the text rule is applied (an estimate that
 * can count a block the full check would send to the model); with them, the ink checks too.
 * TABLE blocks are read from the text layer only when a grid can be rebuilt from its words.
 */
export function planAutoBlock(
  input: AutoBlockInput,
  limits: AutoLimits = DEFAULT_AUTO_LIMITS,
): AutoPlan {
  if (input.blockType === 'image') return { source: 'model', reason: 'image block' };
  if ((input.partCount ?? 1) > 1) return { source: 'model', reason: 'block split for height' };
  if (!hasRealText(input.textLayer, limits.rule))
    return { source: 'model', reason: 'no real text layer' };
  const { words, image } = input;
  if (!words || !image) {
    return input.blockType === 'table'
      ? { source: 'model', reason: 'table without word boxes' }
      : { source: 'text_layer', text: input.textLayer.trim(), table: false };
  }
  const rulings = findRulingLines(image);
  const ink = inkCoverage(image, words, rulings);
  if (ink.uncoveredShare > limits.maxUncoveredInk) {
    return { source: 'model', reason: `ink outside the text layer (${pct(ink.uncoveredShare)})` };
  }
  if (ink.inklessWordShare > limits.maxInklessWords) {
    return {
      source: 'model',
      reason: `text layer words without ink (${pct(ink.inklessWordShare)})`,
    };
  }
  if (input.blockType !== 'table')
    return { source: 'text_layer', text: input.textLayer.trim(), table: false };
  const grid = buildTableGrid(words, rulings);
  if (!grid) return { source: 'model', reason: 'no table grid in the text layer' };
  return { source: 'text_layer', text: renderTable(grid), table: true };
}

const pct = (share: number): string => `${Math.round(share * 100)} %`;

/** Counts of a job's plan: blocks read from the text layer, and blocks left for the model. */
export interface AutoPlanCounts {
  textLayer: number;
  model: number;
}

/**
 * The estimate's view of a job under `auto` (text rule only, see `planAutoBlock`): how many
 * blocks the text layer answers and how many go to the model.
 */
export function planAutoBlocks(
  blocks: ReadonlyArray<{ id: string; block_type: string }>,
  textLayers: ReadonlyMap<string, string>,
  limits: AutoLimits = DEFAULT_AUTO_LIMITS,
): AutoPlanCounts {
  let textLayer = 0;
  for (const b of blocks) {
    const blockType = b.block_type === 'table' || b.block_type === 'image' ? b.block_type : 'text';
    const plan = planAutoBlock({ blockType, textLayer: textLayers.get(b.id) ?? '' }, limits);
    if (plan.source === 'text_layer') textLayer++;
  }
  return { textLayer, model: blocks.length - textLayer };
}
