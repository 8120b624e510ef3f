import type { Block } from '../model/block.js';
import type { PdfSession } from '../ports/pdf-renderer.port.js';
import type { ResultObject } from '../ports/pipeline.ports.js';
import { throwIfCancelled } from './cancellation.js';
import { CheckpointBook } from './checkpoint-book.js';
import { runImageStage } from './image-stage.js';
import type { JobContext } from './job-context.js';
import { PipelineRun } from './pipeline-run.js';
import { resolvePipelineSettings } from './pipeline-settings.js';
import type { OcrJobSummary, RunOcrJobOptions } from './pipeline.types.js';
import { ProgressTracker } from './progress-tracker.js';
import { buildResults, vectorCrops } from './results-stage.js';
import { runStripStage } from './strip-stage.js';
import { BudgetExceededError } from '../usage/spend-limit.js';

/**
 * Runs one OCR job (docs/contract.md §4) against ports: fetch, crop, strips, engine calls with bounded
 * concurrency, a checkpoint per block the moment it is read, then results to the sink. Blocks
 * whose checkpoint is done are skipped, failed ones redone. Failed blocks do not fail the run:
 * the summary counts them. Throws `DomainError('job_cancelled')` when `signal` aborts.
 */
export async function runPipeline(options: RunOcrJobOptions): Promise<OcrJobSummary> {
  const settings = resolvePipelineSettings(options.settings);
  const signal = options.signal ?? new AbortController().signal;
  const progress = new ProgressTracker(options.progress);
  throwIfCancelled(signal);
  progress.at(0.05, 'fetch');
  const pdfPath = await options.source.fetchPdf();
  const blocks = await options.source.fetchBlocks();
  const book = new CheckpointBook(await options.checkpoints.list());
  throwIfCancelled(signal);
  progress.start(blocks.length, blocks.filter((b) => book.isDone(b.id)).length);
  progress.at(0.1, 'fetch');
  const session = await options.renderer.open(pdfPath);
  const run = new PipelineRun(options.signal, settings.concurrency, settings.readAhead);
  const ctx: JobContext = {
    options,
    settings,
    blocks: new Map(blocks.map((b) => [b.id, b])),
    session,
    book,
    progress,
    run,
    imageTextLayers: new Map(),
  };
  const crops = vectorCrops(ctx, blocks);
  crops.catch(() => undefined); // awaited below once the OCR is done; a stopped run ends it
  try {
    await recognizeAll(ctx, blocks);
    progress.at(0.9, 'results');
    const objects = await buildResults(ctx, blocks, pdfPath, await crops);
    progress.at(0.95, 'results');
    await upload(ctx, objects);
    progress.at(1, 'done');
    return summarise(ctx, blocks, run.engineCalls);
  } finally {
    await crops.catch(() => undefined); // a stopped run's crops end at their next block
    await closeQuietly(session);
  }
}

/**
 * Strips and images at once, through one bounded engine queue; waits for every call. Images are
 * most of a typical job's calls (one each), so their calls run while strips are being built
 * instead of after (docs/rendering.md, "Where the time goes").
 */
async function recognizeAll(ctx: JobContext, blocks: readonly Block[]): Promise<void> {
  const pending = blocks.filter((b) => !ctx.book.isDone(b.id));
  try {
    await allStages(ctx, [
      () =>
        runStripStage(
          ctx,
          pending.filter((b) => b.block_type !== 'image'),
        ),
      () =>
        runImageStage(
          ctx,
          pending.filter((b) => b.block_type === 'image'),
        ),
    ]);
    await ctx.run.settle();
  } catch (error) {
    ctx.run.fail(error);
    // No call may outlive the run: a paused job can be claimed again at once.
    await ctx.run.drain();
    try {
      ctx.run.throwIfStopped();
    } catch (stopped) {
      // A spending cap: the job pauses with the blocks still to do (docs/costs.md).
      if (stopped instanceof BudgetExceededError)
        stopped.blocksLeft = blocks.filter((b) => !ctx.book.isDone(b.id)).map((b) => b.id);
      throw stopped;
    }
  }
}

/** Runs the stages together; the first failure stops the others (`fail`), then is thrown. */
async function allStages(
  ctx: JobContext,
  stages: ReadonlyArray<() => Promise<void>>,
): Promise<void> {
  const results = await Promise.allSettled(
    stages.map(async (stage) => {
      try {
        await stage();
      } catch (error) {
        ctx.run.fail(error);
        throw error;
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function upload(ctx: JobContext, objects: readonly ResultObject[]): Promise<void> {
  for (const [i, object] of objects.entries()) {
    ctx.run.throwIfStopped();
    await ctx.options.sink.put(object);
    ctx.progress.at(0.95 + (0.05 * (i + 1)) / objects.length, 'upload');
  }
}

function summarise(ctx: JobContext, blocks: readonly Block[], engineCalls: number): OcrJobSummary {
  const done = blocks.filter((b) => ctx.book.isDone(b.id)).length;
  const failed = blocks.length - done;
  return {
    blocksTotal: blocks.length,
    done,
    failed,
    engineCalls,
    resendCalls: ctx.run.resends.used,
    errorMessage: failed > 0 ? `${failed} of ${blocks.length} blocks failed` : null,
  };
}

/** A close failure must not hide the run's own outcome or error. */
async function closeQuietly(session: PdfSession): Promise<void> {
  try {
    await session.close();
  } catch {
    // The session holds only memory and worker threads; nothing to recover here.
  }
}
