import { etaSeconds, type JobRecord } from '@remote-ocr/contracts';
import type {
  BlockCheckpoint,
  CheckpointStore,
  JobEventPublisher,
  ProgressReporter,
  ProgressUpdate,
} from '@remote-ocr/ocr-core';
import { jobEvent, type WorkerLiveness } from '@remote-ocr/server';

/** Progress events go out at most this often per job (the last one always does). */
const PROGRESS_EVENT_MS = 500;

/**
 * The live side of one run: worker heartbeats, `progress` and `block` events. Wraps the run's
 * progress reporter and checkpoint store so the pipeline itself knows nothing of events.
 * Never throws into the run: a lost event or heartbeat must not fail the job.
 */
export class LiveRun {
  private heartbeat: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private lastProgressAt = 0;
  private pending: ProgressUpdate | null = null;

  constructor(
    private readonly job: JobRecord,
    private readonly liveness: WorkerLiveness,
    private readonly events: JobEventPublisher,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(heartbeatMs: number): Promise<void> {
    await this.liveness.claimed(this.job).catch(this.onError);
    this.heartbeat = setInterval(() => {
      this.liveness.beat(this.job.id, false).catch(this.onError);
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  /** Sends the pending progress event now (before the run's terminal status goes out). */
  flush(): void {
    this.flushProgress();
  }

  /** Ends the run's liveness; progress still pending is dropped (the outcome was published). */
  async stop(runMs: number | null): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.pending = null;
    await this.liveness.released(this.job.id, runMs).catch(this.onError);
  }

  progress(inner: ProgressReporter): ProgressReporter {
    return {
      report: (update) => {
        inner.report(update);
        this.pending = update;
        const wait = this.lastProgressAt + PROGRESS_EVENT_MS - Date.now();
        if (wait <= 0) this.flushProgress();
        else this.progressTimer ??= setTimeout(() => this.flushProgress(), wait);
      },
    };
  }

  checkpoints(inner: CheckpointStore): CheckpointStore {
    return {
      list: () => inner.list(),
      save: async (checkpoint) => {
        await inner.save(checkpoint);
        void this.events.publish(jobEvent('block', this.job, blockPayload(checkpoint)));
      },
    };
  }

  private flushProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    const update = this.pending;
    if (!update) return;
    this.pending = null;
    this.lastProgressAt = Date.now();
    const progress = Math.min(update.progress, 0.99);
    const eta = etaSeconds({ ...this.job, status: 'processing', progress }, this.lastProgressAt);
    void this.events.publish(
      jobEvent('progress', this.job, {
        progress,
        blocks_total: update.blocksTotal,
        blocks_done: update.blocksDone,
        blocks_failed: update.blocksFailed,
        eta_seconds: eta,
        stage: update.stage,
      }),
    );
    this.liveness.beat(this.job.id, true).catch(this.onError);
  }
}

/** A block's outcome without its text; `flags` when the checkpoint carries any. */
function blockPayload(checkpoint: BlockCheckpoint) {
  const flags = checkpoint.flags;
  return {
    block_id: checkpoint.blockId,
    part: checkpoint.part,
    status: checkpoint.status,
    text_length: checkpoint.text.length,
    ...(flags?.length ? { flags } : {}),
  };
}
