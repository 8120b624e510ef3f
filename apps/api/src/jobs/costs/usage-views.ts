import type { JobEstimate } from '@remote-ocr/ocr-core';
import type { UsageTotals } from '@remote-ocr/storage';

const usd = (n: number): number => Math.round(n * 1e8) / 1e8;

/** `usage` of `GET /jobs/{id}` and its details (docs/costs.md, docs/contract.md). */
export function jobUsageView(totals: readonly UsageTotals[], maxCost: number | null) {
  const sum = (pick: (t: UsageTotals) => number): number => totals.reduce((n, t) => n + pick(t), 0);
  return {
    calls: sum((t) => t.calls),
    failed_calls: sum((t) => t.failedCalls),
    input_tokens: sum((t) => t.inputTokens),
    output_tokens: sum((t) => t.outputTokens),
    cost_usd: usd(sum((t) => t.costUsd)),
    pages_billed: sum((t) => t.pagesBilled),
    wall_ms: sum((t) => t.wallMs),
    max_cost: maxCost,
    by_model: totals.map((t) => ({
      engine: t.engine,
      model: t.model,
      calls: t.calls,
      failed_calls: t.failedCalls,
      input_tokens: t.inputTokens,
      output_tokens: t.outputTokens,
      cost_usd: usd(t.costUsd),
      pages_billed: t.pagesBilled,
      wall_ms: t.wallMs,
    })),
  };
}

/** Answer of `POST /jobs/estimate` and of a draft's `dry_run`. */
export function estimateView(e: JobEstimate) {
  return {
    pages: e.pages,
    blocks: e.blocks,
    strips: e.strips,
    model_calls: e.modelCalls,
    text_layer_blocks: e.textLayerBlocks,
    input_tokens: e.inputTokens,
    output_tokens: e.outputTokens,
    cost_usd: e.costUsd === null ? null : usd(e.costUsd),
    by_model: e.byModel.map((m) => ({
      engine: m.engine,
      model: m.model,
      calls: m.calls,
      input_tokens: m.inputTokens,
      output_tokens: m.outputTokens,
      cost_usd: m.costUsd === null ? null : usd(m.costUsd),
    })),
  };
}
