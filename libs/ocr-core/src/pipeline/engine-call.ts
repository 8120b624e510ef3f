import type { OcrRequest, OcrResult } from '../ports/ocr-engine.port.js';
import type { BlockCheckpoint } from '../ports/pipeline.ports.js';
import { abortable } from './cancellation.js';
import { engineFor, modelFor } from './pipeline-settings.js';
import type { JobContext } from './job-context.js';

/** Engine, model and token share written next to each block's result. */
export type CallMeta = Pick<BlockCheckpoint, 'engine' | 'model' | 'inputTokens' | 'outputTokens'>;

export interface EngineAnswer {
  result: OcrResult;
  meta: (share: number) => CallMeta;
}

/**
 * One engine call with the kind's model and the run's signal; rejects with the cancellation error
 * the moment the run is aborted, even if the engine ignores its signal.
 */
export async function callEngine(
  ctx: JobContext,
  request: Omit<OcrRequest, 'model' | 'signal'>,
): Promise<EngineAnswer> {
  const engine = engineFor(ctx.options.engine, request.kind);
  const model = modelFor(ctx.options.models ?? {}, request.kind);
  ctx.run.engineCalls += 1;
  const result = await abortable(
    engine.recognize({ ...request, model, signal: ctx.run.signal }),
    ctx.run.signal,
  );
  // A strip's tokens are shared evenly by its blocks, so per-block sums approximate the job's cost.
  const meta = (share: number): CallMeta => ({
    engine: result.engine || engine.name,
    model: result.model ?? model ?? null,
    inputTokens: tokens(result.usage?.inputTokens, share),
    outputTokens: tokens(result.usage?.outputTokens, share),
  });
  return { result, meta };
}

const tokens = (count: number | undefined, share: number): number | null =>
  count === undefined ? null : Math.round(count / share);

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
  };
}
