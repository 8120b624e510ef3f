import type { PageSize } from '../blocks/block-geometry.js';
import type { Block } from '../model/block.js';
import { blockMarker } from '../prompts/block-marker.js';
import { buildImagePrompt } from '../prompts/image-prompt.js';
import { buildStripPrompt } from '../prompts/strip-prompt.js';
import { planStrips, placedSize, stripHeight, maxPartHeight } from '../strips/strip-layout.js';
import type { StripLayout } from '../strips/strip.types.js';
import type { CallKind, JobModels, PipelineSettings } from '../pipeline/pipeline.types.js';
import { modelFor } from '../pipeline/pipeline-settings.js';
import { costOf, priceFor, type PriceTable } from './price-table.js';
import { estimateCallTokens } from './token-estimate.js';

/**
 * Which blocks the `auto` engine will read from the PDF's text layer instead of a model. Pluggable:
 * the default counts none, so every block is estimated as a model call.
 */
export type TextLayerSelector = (blocks: readonly Block[]) => ReadonlySet<string>;
const NO_TEXT_LAYER_BLOCKS: TextLayerSelector = () => new Set<string>();

/** Usage estimated for one engine and model. */
export interface ModelEstimate {
  engine: string;
  model: string | null;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  pages: number;
  /** Null when the price table has no entry for the model or engine. */
  costUsd: number | null;
}

export interface JobEstimate {
  pages: number;
  blocks: { total: number; text: number; table: number; image: number };
  strips: number;
  modelCalls: number;
  textLayerBlocks: number;
  byModel: ModelEstimate[];
  inputTokens: number;
  outputTokens: number;
  /** Sum of the priced models; null when no call could be priced. */
  costUsd: number | null;
}

export interface JobEstimateInput {
  blocks: readonly Block[];
  pageCount: number;
  /** 300-DPI page sizes by page index. */
  pageSizes: ReadonlyArray<PageSize | undefined>;
  /** Engine name per call kind, and whether it is a model engine (`local` costs nothing). */
  engines: Record<CallKind, { name: string; usesModel: boolean; maxStripHeight?: number }>;
  models: JobModels;
  settings: Pick<
    PipelineSettings,
    'paddingPx' | 'overlapPx' | 'imageMaxSide' | 'stripMaxHeight' | 'stripMaxWidth'
  >;
  layout: StripLayout;
  prices: PriceTable;
  documentName: string;
  textLayer?: TextLayerSelector;
}

/** Width of a separator label at the default font, px (measured once: `BLOCK: XXXX-XXXX-XXX`). */
const LABEL_WIDTH = 400;

interface Call {
  kind: CallKind;
  width: number;
  height: number;
  prompt: string;
}

/**
 * Estimates a job before it runs (docs/costs.md): the strips the pipeline would build from the
 * blocks' sizes at 300 DPI, one call per strip and per IMAGE block, their tokens by the token
 * model, and their cost by the price table. Pure: nothing is rendered.
 */
export function estimateJob(input: JobEstimateInput): JobEstimate {
  const fromLayer = (input.textLayer ?? NO_TEXT_LAYER_BLOCKS)(input.blocks);
  const toModel = input.blocks.filter((b) => !fromLayer.has(b.id));
  const grouped = toModel.filter((b) => b.block_type !== 'image');
  const images = toModel.filter((b) => b.block_type === 'image');
  const strips = planStrips(
    grouped.flatMap((b) => stripItems(b, input)),
    input.layout,
  );
  const calls: Call[] = [
    ...strips.map((items) => stripCall(items, input)),
    ...images.map((b) => imageCall(b, input)),
  ];
  const byModel = [...groupCalls(calls, input).values()];
  const priced = byModel.filter((m) => m.costUsd !== null);
  const count = (t: string) => input.blocks.filter((b) => b.block_type === t).length;
  return {
    pages: input.pageCount,
    blocks: {
      total: input.blocks.length,
      text: count('text'),
      table: count('table'),
      image: count('image'),
    },
    strips: strips.length,
    modelCalls: byModel.reduce((n, m) => n + m.calls, 0),
    textLayerBlocks: fromLayer.size,
    byModel,
    inputTokens: byModel.reduce((n, m) => n + m.inputTokens, 0),
    outputTokens: byModel.reduce((n, m) => n + m.outputTokens, 0),
    costUsd: priced.length > 0 ? priced.reduce((n, m) => n + (m.costUsd ?? 0), 0) : null,
  };
}

interface SizedItem {
  block: Block;
  width: number;
  height: number;
  partCount: number;
}

/** A block's crop at 300 DPI (padded), split into windows like the renderer does. */
function stripItems(block: Block, input: JobEstimateInput): SizedItem[] {
  const { width, height } = cropSize(block, input);
  const maxPart = maxPartHeight(input.layout);
  if (height <= maxPart) return [{ block, width, height, partCount: 1 }];
  const step = maxPart - input.settings.overlapPx;
  const parts = Math.ceil((height - input.settings.overlapPx) / step);
  return Array.from({ length: parts }, (_, i) => ({
    block,
    width,
    height: i < parts - 1 ? maxPart : height - step * (parts - 1),
    partCount: parts,
  }));
}

function cropSize(block: Block, input: JobEstimateInput): { width: number; height: number } {
  const page = input.pageSizes[block.page_index] ?? { width: 2480, height: 3508 };
  const [x1, y1, x2, y2] = block.coords_norm;
  const pad = 2 * input.settings.paddingPx;
  return {
    width: Math.max(1, Math.round((x2 - x1) * page.width)) + pad,
    height: Math.max(1, Math.round((y2 - y1) * page.height)) + pad,
  };
}

function stripCall(items: readonly SizedItem[], input: JobEstimateInput): Call {
  const width = Math.max(LABEL_WIDTH, ...items.map((i) => placedSize(i, input.layout).width));
  const prompt = buildStripPrompt(
    items.map((item, i) => ({ block: item.block, marker: blockMarker(item.block), index: i + 1 })),
    { docName: input.documentName },
  );
  const height = stripHeight(items, input.layout);
  return { kind: 'strip', width, height, prompt: `${prompt.system}\n${prompt.user}` };
}

function imageCall(block: Block, input: JobEstimateInput): Call {
  const size = cropSize(block, input);
  const scale = Math.min(1, input.settings.imageMaxSide / Math.max(size.width, size.height));
  const prompt = buildImagePrompt(block, { docName: input.documentName, textLayer: '' });
  return {
    kind: 'image',
    width: Math.round(size.width * scale),
    height: Math.round(size.height * scale),
    prompt: `${prompt.system}\n${prompt.user}`,
  };
}

function groupCalls(calls: readonly Call[], input: JobEstimateInput): Map<string, ModelEstimate> {
  const byModel = new Map<string, ModelEstimate>();
  for (const call of calls) {
    const engine = input.engines[call.kind];
    if (!engine.usesModel) continue;
    const model = modelFor(input.models, call.kind) ?? null;
    const key = `${engine.name}\u0000${model ?? ''}`;
    const entry = byModel.get(key) ?? emptyEstimate(engine.name, model);
    const tokens = estimateCallTokens(call, call.prompt);
    const cost = costOf(priceFor(input.prices, engine.name, model), { ...tokens, pages: 1 });
    entry.calls += 1;
    entry.inputTokens += tokens.inputTokens;
    entry.outputTokens += tokens.outputTokens;
    entry.pages += 1;
    entry.costUsd = cost === undefined ? null : (entry.costUsd ?? 0) + cost;
    byModel.set(key, entry);
  }
  return byModel;
}

const emptyEstimate = (engine: string, model: string | null): ModelEstimate => ({
  engine,
  model,
  calls: 0,
  inputTokens: 0,
  outputTokens: 0,
  pages: 0,
  costUsd: null,
});
