import type { BlockCheckpoint } from '../ports/pipeline.ports.js';
import { joinWindowTexts } from './checkpoint-book.js';
import type { CallMeta } from './engine-call.js';
import type { JobContext } from './job-context.js';

/** Outcome of a block or window, as the parser or an engine error gives it. */
export interface PartOutcome {
  status: 'done' | 'failed';
  text: string;
  error?: string | null;
  method?: string | null;
  flags?: string[];
  confidence?: number;
}

/** Which result an outcome belongs to: a whole block, or window `partIndex` of `partCount`. */
export interface OutcomeTarget {
  blockId: string;
  partIndex: number;
  partCount: number;
}

const EMPTY_META: CallMeta = {
  engine: null,
  model: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  pagesBilled: null,
  wallMs: null,
};

/**
 * Saves an outcome the moment it is known. A window of a split block is saved as its own part;
 * when the block's last window lands, the block's outcome (part 0) is saved too.
 */
export async function recordOutcome(
  ctx: JobContext,
  target: OutcomeTarget,
  outcome: PartOutcome,
  meta: CallMeta,
): Promise<void> {
  const checkpoint: BlockCheckpoint = {
    blockId: target.blockId,
    part: target.partCount > 1 ? target.partIndex + 1 : 0,
    status: outcome.status,
    // An engine error or an unparsed block never leaves text behind as if it had been read.
    text: outcome.status === 'done' ? outcome.text : '',
    error: outcome.status === 'done' ? null : (outcome.error ?? 'no result'),
    ...meta,
    ...readingOf(outcome),
  };
  await save(ctx, checkpoint);
  if (target.partCount > 1) await finishSplitBlock(ctx, target.blockId, target.partCount, meta);
}

/** Saves part 0 of a split block once all its windows have outcomes (no-op before that). */
export async function finishSplitBlock(
  ctx: JobContext,
  blockId: string,
  partCount: number,
  meta: CallMeta = EMPTY_META,
): Promise<void> {
  const windows = ctx.book.takeCompleteWindows(blockId, partCount);
  if (!windows) return;
  const failed = windows.findIndex((w) => w.status !== 'done');
  const outcome: BlockCheckpoint =
    failed < 0
      ? {
          blockId,
          part: 0,
          status: 'done',
          text: joinWindowTexts(windows.map((w) => w.text)),
          ...joinedReading(windows),
        }
      : {
          blockId,
          part: 0,
          status: 'failed',
          text: '',
          error: `part ${failed + 1} of ${partCount} failed: ${windows[failed].error ?? 'no result'}`,
        };
  await save(ctx, { ...summedMeta(windows, meta), ...outcome });
}

/** Part 0 of a split block carries its windows' token sums: the job's cost is a sum over parts 0. */
function summedMeta(windows: readonly BlockCheckpoint[], meta: CallMeta): CallMeta {
  const sum = (pick: (w: BlockCheckpoint) => number | null | undefined): number | null =>
    windows.some((w) => typeof pick(w) === 'number')
      ? windows.reduce((total, w) => total + (pick(w) ?? 0), 0)
      : null;
  const last = windows.at(-1);
  return {
    engine: meta.engine ?? last?.engine ?? null,
    model: meta.model ?? last?.model ?? null,
    inputTokens: sum((w) => w.inputTokens),
    outputTokens: sum((w) => w.outputTokens),
    costUsd: sum((w) => w.costUsd),
    pagesBilled: sum((w) => w.pagesBilled),
    wallMs: sum((w) => w.wallMs),
  };
}

/** Method, flags and confidence of a done outcome (failed ones have none). */
function readingOf(
  outcome: PartOutcome,
): Pick<BlockCheckpoint, 'readMethod' | 'flags' | 'confidence'> {
  if (outcome.status !== 'done') return { readMethod: null, flags: null, confidence: null };
  return {
    readMethod: outcome.method ?? null,
    flags: outcome.flags ?? [],
    confidence: outcome.confidence ?? null,
  };
}

/** A split block: its windows' flags together, the lowest confidence, the least sure method. */
function joinedReading(
  windows: readonly BlockCheckpoint[],
): Pick<BlockCheckpoint, 'readMethod' | 'flags' | 'confidence'> {
  const flags = [...new Set(windows.flatMap((w) => w.flags ?? []))];
  const scores = windows.map((w) => w.confidence).filter((c): c is number => typeof c === 'number');
  const order = ['marker', 'single', 'index', 'marker-fuzzy'];
  const methods = windows
    .map((w) => w.readMethod)
    .filter((m): m is string => typeof m === 'string');
  const readMethod = methods.sort((a, b) => order.indexOf(b) - order.indexOf(a))[0] ?? null;
  return { readMethod, flags, confidence: scores.length > 0 ? Math.min(...scores) : null };
}

async function save(ctx: JobContext, checkpoint: BlockCheckpoint): Promise<void> {
  await ctx.options.checkpoints.save(checkpoint);
  ctx.book.record(checkpoint);
  if (checkpoint.part === 0) ctx.progress.blockFinished(checkpoint.status);
}
