import type { OcrRequest, OcrResult } from '../ports/ocr-engine.port.js';
import type { BlockCheckpoint } from '../ports/pipeline.ports.js';
import { costOf, priceFor } from '../usage/price-table.js';
import { estimateCallTokens, pngSize } from '../usage/token-estimate.js';
import { abortable } from './cancellation.js';
import { engineFor, modelFor } from './pipeline-settings.js';
import type { JobContext } from './job-context.js';

/** Engine, model and usage share written next to each block's result. */
export type CallMeta = Pick<
  BlockCheckpoint,
  'engine' | 'model' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'pagesBilled' | 'wallMs'
>;

export interface EngineAnswer {
  result: OcrResult;
  meta: (share: number) => CallMeta;
}

type CallRequest = Omit<OcrRequest, 'model' | 'signal'>;

/**
 * One engine call with the kind's model and the run's signal; rejects with the cancellation error
 * the moment the run is aborted, even if the engine ignores its signal. Before sending, the call's
 * estimated cost is checked against the run's caps (docs/costs.md): a call that would pass one is
 * not sent, and the run halts with `BudgetExceededError` once the calls in flight have landed.
 */
export async function callEngine(ctx: JobContext, request: CallRequest): Promise<EngineAnswer> {
  ctx.run.throwIfStopped();
  const engine = engineFor(ctx.options.engine, request.kind);
  const model = modelFor(ctx.options.models ?? {}, request.kind);
  const estimate = reserveBudget(ctx, engine.name, model, request);
  ctx.run.engineCalls += 1;
  const started = performance.now();
  let result: OcrResult;
  try {
    result = await abortable(
      engine.recognize({ ...request, model, signal: ctx.run.signal }),
      ctx.run.signal,
    );
  } catch (error) {
    ctx.options.spendLimits?.settle(estimate, 0);
    await meter(ctx, request, { engine: engine.name, model: model ?? null }, started);
    throw error;
  }
  const usage = await meter(
    ctx,
    request,
    { engine: engine.name, model: model ?? null },
    started,
    result,
  );
  ctx.options.spendLimits?.settle(estimate, usage.costUsd ?? 0);
  // A call's usage is shared evenly by its blocks, so per-block sums give the job's total.
  const meta = (share: number): CallMeta => ({
    engine: result.engine || engine.name,
    model: result.model ?? model ?? null,
    inputTokens: split(usage.inputTokens, share, true),
    outputTokens: split(usage.outputTokens, share, true),
    costUsd: split(usage.costUsd, share, false),
    pagesBilled: split(usage.pagesBilled, share, false),
    wallMs: split(usage.wallMs, share, true),
  });
  return { result, meta };
}

const split = (value: number | null, share: number, round: boolean): number | null =>
  value === null ? null : round ? Math.round(value / share) : value / share;

/** Reserves the call's estimated cost under every cap; halts the run when one would be passed. */
function reserveBudget(
  ctx: JobContext,
  engine: string,
  model: string | undefined,
  request: CallRequest,
): number {
  const limits = ctx.options.spendLimits;
  if (!limits || limits.empty) return 0;
  const size = pngSize(request.image) ?? { width: 0, height: 0 };
  const tokens = estimateCallTokens(size, `${request.system}\n${request.user}`);
  const price = priceFor(ctx.options.prices ?? {}, engine, model);
  const estimate = costOf(price, { ...tokens, pages: 1 }) ?? 0;
  try {
    limits.reserve(estimate);
  } catch (refusal) {
    ctx.run.halt(refusal);
    throw refusal;
  }
  return estimate;
}

interface MeteredUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  pagesBilled: number | null;
  wallMs: number;
}

/** Measures the call, prices it when the engine gave no cost, and hands it to the usage meter. */
async function meter(
  ctx: JobContext,
  request: CallRequest,
  who: { engine: string; model: string | null },
  started: number,
  result?: OcrResult,
): Promise<MeteredUsage> {
  const engine = result?.engine || who.engine;
  const model = result?.model ?? who.model;
  const inputTokens = result?.usage?.inputTokens ?? null;
  const outputTokens = result?.usage?.outputTokens ?? null;
  const pagesBilled = result?.usage?.pagesBilled ?? null;
  const priced = result
    ? costOf(priceFor(ctx.options.prices ?? {}, engine, model), {
        inputTokens: inputTokens ?? 0,
        outputTokens: outputTokens ?? 0,
        pages: pagesBilled ?? 0,
      })
    : undefined;
  const usage: MeteredUsage = {
    inputTokens,
    outputTokens,
    costUsd: result?.usage?.costUsd ?? priced ?? null,
    pagesBilled,
    wallMs: Math.round(performance.now() - started),
  };
  const record = { engine, model, kind: request.kind, blocks: request.blocks.length };
  await ctx.options.usage?.record({ ...record, ...usage, ok: result !== undefined });
  return usage;
}

/** The reason recorded for blocks of a failed call: never written as their text. */
export function engineFailure(ctx: JobContext, kind: OcrRequest['kind'], error: unknown): string {
  const name = engineFor(ctx.options.engine, kind).name;
  const message = error instanceof Error ? error.message : String(error);
  return `${name} engine error: ${message}`;
}

/** Engine and model of a call that gave no answer (recorded next to the failure reason). */
export function unansweredMeta(ctx: JobContext, kind: OcrRequest['kind']): CallMeta {
  return {
    engine: engineFor(ctx.options.engine, kind).name,
    model: modelFor(ctx.options.models ?? {}, kind) ?? null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    pagesBilled: null,
    wallMs: null,
  };
}
