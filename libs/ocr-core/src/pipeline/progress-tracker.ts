import type { ProgressReporter, ProgressUpdate } from '../ports/pipeline.ports.js';

type Stage = ProgressUpdate['stage'];

/**
 * Maps block counts to the docs/contract.md §4 progress bands. Cropping and OCR are streamed together, so
 * progress is 0.10 + 0.10·cropped/total + 0.70·finished/total: it stays in 0.10–0.90, grows
 * monotonically, and reaches 0.20 only when every crop is made and 0.90 when every block is done.
 */
export class ProgressTracker {
  private cropped = 0;
  private done = 0;
  private failed = 0;
  private last = 0;

  private total = 0;

  constructor(private readonly reporter: ProgressReporter | undefined) {}

  /** Sets the job's block count; `skipped` blocks were finished by an earlier run. */
  start(total: number, skipped: number): void {
    this.total = total;
    this.cropped = skipped;
    this.done = skipped;
  }

  cropMade(): void {
    this.cropped += 1;
    this.report(this.done + this.failed > 0 ? 'ocr' : 'crop');
  }

  blockFinished(status: 'done' | 'failed'): void {
    if (status === 'done') this.done += 1;
    else this.failed += 1;
    this.report('ocr');
  }

  /** Reports a fixed point of the pipeline (0.05 claim, 0.10 fetched, 0.95, 1.0…). */
  at(progress: number, stage: Stage): void {
    this.emit(progress, stage);
  }

  report(stage: Stage): void {
    if (this.total === 0) return this.emit(0.9, stage);
    const share = (0.1 * this.cropped + 0.7 * (this.done + this.failed)) / this.total;
    this.emit(0.1 + share, stage);
  }

  counts(): { done: number; failed: number } {
    return { done: this.done, failed: this.failed };
  }

  private emit(progress: number, stage: Stage): void {
    this.last = Math.max(this.last, Math.min(1, progress));
    this.reporter?.report({
      progress: Math.round(this.last * 1000) / 1000,
      stage,
      blocksTotal: this.total,
      blocksDone: this.done,
      blocksFailed: this.failed,
    });
  }
}
