import type { BlockCheckpoint, CheckpointStore } from '@remote-ocr/ocr-core';
import { StaleRunError, isStaleRunRefusal, type JobStore } from '@remote-ocr/storage';

/**
 * Block checkpoints in `block_results`, written the moment each block's answer is parsed. Each
 * write carries the run (`runAttempt`), so one from a run that is no longer current is refused
 * by the database (StaleRunError) instead of landing in the next run's results.
 */
export class RepositoryCheckpointStore implements CheckpointStore {
  constructor(
    private readonly store: JobStore,
    private readonly jobId: string,
    private readonly signal: AbortSignal,
    private readonly runAttempt?: number,
  ) {}

  async list(): Promise<BlockCheckpoint[]> {
    const rows = await this.store.blockResults.list(this.jobId);
    return rows.map((r) => ({
      blockId: r.blockId,
      part: r.part,
      status: r.status,
      text: r.text,
      error: r.error,
      engine: r.engine,
      model: r.model,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      readMethod: r.readMethod ?? null,
      flags: r.flags ?? [],
      confidence: r.confidence ?? null,
      costUsd: r.costUsd ?? null,
      pagesBilled: r.pagesBilled ?? null,
      wallMs: r.wallMs ?? null,
    }));
  }

  async save(c: BlockCheckpoint): Promise<void> {
    this.signal.throwIfAborted();
    await this.store.blockResults
      .upsert({
        jobId: this.jobId,
        blockId: c.blockId,
        part: c.part,
        status: c.status,
        text: c.text,
        error: c.error ?? null,
        engine: c.engine ?? null,
        model: c.model ?? null,
        inputTokens: c.inputTokens ?? null,
        outputTokens: c.outputTokens ?? null,
        readMethod: c.readMethod ?? null,
        flags: c.flags ?? [],
        confidence: c.confidence ?? null,
        costUsd: c.costUsd ?? null,
        pagesBilled: c.pagesBilled ?? null,
        wallMs: c.wallMs ?? null,
        runAttempt: this.runAttempt,
      })
      .catch((error: unknown) => {
        throw isStaleRunRefusal(error) ? new StaleRunError(this.jobId, { cause: error }) : error;
      });
  }
}
