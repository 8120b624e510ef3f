import type { ProgressReporter, ProgressUpdate } from '@remote-ocr/ocr-core';
import type { JobStore } from '@remote-ocr/storage';

/**
 * Writes progress to the job row at most once per `intervalMs` (the last update always lands on
 * `flush`), so a 2,000-block job does not write 2,000 rows' worth of progress updates.
 */
export class DebouncedProgress implements ProgressReporter {
  private pending: ProgressUpdate | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: JobStore,
    private readonly jobId: string,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 1000,
  ) {}

  report(update: ProgressUpdate): void {
    this.pending = update;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.write();
    }, this.intervalMs);
  }

  /** Writes what is pending now and waits for every write to finish. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.write();
    await this.writing;
  }

  private write(): void {
    const update = this.pending;
    if (!update) return;
    this.pending = null;
    this.writing = this.writing.then(() =>
      this.store.jobs
        .updateProgress(this.jobId, {
          progress: Math.min(update.progress, 0.99),
          blocksTotal: update.blocksTotal,
          blocksDone: update.blocksDone,
          blocksFailed: update.blocksFailed,
        })
        .then(() => undefined, this.onError),
    );
  }
}
