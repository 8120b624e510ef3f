import type { BlockCheckpoint, CheckpointStore } from '@remote-ocr/ocr-core';
import {
  StaleRunError,
  isStaleRunRefusal,
  type BlockResultInput,
  type JobStore,
} from '@remote-ocr/storage';

/**
 * Block checkpoints in `block_results`, written the moment each block's answer is parsed. Each
 * write carries the run (`runAttempt`), so one from a run that is no longer current is refused
 * by the database (StaleRunError) instead of landing in the next run's results.
 */
export class RepositoryCheckpointStore implements CheckpointStore {
  /** Saves waiting for this turn's batch (`save`). */
  private readonly queued: QueuedSave[] = [];

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

  /**
   * Queues the checkpoint and resolves once it is stored. Saves made in the same turn of the event
   * loop (a strip's blocks: `readStripCall` hands them over together) go to the database as one
   * statement; a refused batch (stale run) fails every save in it.
   */
  save(c: BlockCheckpoint): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.signal.aborted) return reject(this.signal.reason as Error);
      if (this.queued.length === 0) setImmediate(() => void this.flush());
      this.queued.push({ row: this.rowOf(c), resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued.splice(0);
    try {
      this.signal.throwIfAborted();
      await this.store.blockResults.upsertMany(batch.map((q) => q.row));
      for (const q of batch) q.resolve();
    } catch (error) {
      const failure = isStaleRunRefusal(error)
        ? new StaleRunError(this.jobId, { cause: error })
        : error;
      for (const q of batch) q.reject(failure);
    }
  }

  private rowOf(c: BlockCheckpoint): BlockResultInput {
    return {
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
    };
  }
}

interface QueuedSave {
  row: BlockResultInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}
