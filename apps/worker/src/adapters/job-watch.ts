import type { JobStore } from '@remote-ocr/storage';

export type StopReason = 'paused' | 'deleted' | 'taken-over' | 'state-changed';

/** Raised through the watch's signal when the api changed the job under a running worker. */
export class JobStoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(`job stopped: ${reason}`);
    this.name = 'JobStoppedError';
  }
}

/**
 * Polls the job row while it runs and aborts the run when the api paused, restarted or deleted
 * it (status no longer `processing`, or another claim bumped `attempts`). Two indexed reads per
 * second per running job keeps pause and delete well inside the 2 s promise, with no extra moving
 * parts; a database outage is not a stop (the run goes on, checkpoints retry).
 */
export class JobWatch {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly store: JobStore,
    private readonly jobId: string,
    private readonly attempt: number,
    intervalMs = 500,
  ) {
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.controller.signal.aborted) return;
    this.polling = true;
    try {
      const job = await this.store.jobs.get(this.jobId);
      const reason = this.reasonToStop(job);
      if (reason) this.controller.abort(new JobStoppedError(reason));
    } catch {
      // Database unreachable: keep running; the next poll tries again.
    } finally {
      this.polling = false;
    }
  }

  private reasonToStop(job: Awaited<ReturnType<JobStore['jobs']['get']>>): StopReason | null {
    if (!job) return 'deleted';
    if (job.status === 'paused') return 'paused';
    if (job.status !== 'processing') return 'state-changed';
    if (job.attempts !== this.attempt) return 'taken-over';
    return null;
  }
}
