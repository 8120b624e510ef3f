import { Presets, SingleBar } from 'cli-progress';
import type { ProgressReporter, ProgressUpdate } from '@remote-ocr/ocr-core';

/** Shows pipeline progress: a bar on a terminal, a plain line per stage / 10 % otherwise. */
export interface ProgressView extends ProgressReporter {
  stop(): void;
}

const STAGE_LABEL: Record<ProgressUpdate['stage'], string> = {
  fetch: 'reading',
  crop: 'cropping',
  ocr: 'recognising',
  results: 'writing results',
  upload: 'saving',
  done: 'done',
};

/** cli-progress bar (on stderr, so stdout stays clean for the summary). */
export class BarProgressView implements ProgressView {
  private readonly bar = new SingleBar(
    {
      format: '{bar} {percentage}% | {stage} | blocks {blocksDone}/{blocksTotal}{failedNote}',
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  private started = false;

  report(u: ProgressUpdate): void {
    const payload = {
      stage: STAGE_LABEL[u.stage],
      blocksDone: u.blocksDone,
      blocksTotal: u.blocksTotal,
      failedNote: u.blocksFailed > 0 ? `, ${u.blocksFailed} failed` : '',
    };
    const value = Math.round(u.progress * 100);
    if (!this.started) {
      this.bar.start(100, value, payload);
      this.started = true;
    } else this.bar.update(value, payload);
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

/** Plain lines for logs and pipes: one per stage change or 10 % step. */
export class LineProgressView implements ProgressView {
  private lastStage = '';
  private lastDecile = -1;

  constructor(private readonly write: (line: string) => void) {}

  report(u: ProgressUpdate): void {
    const decile = Math.floor(u.progress * 10);
    if (u.stage === this.lastStage && decile === this.lastDecile) return;
    this.lastStage = u.stage;
    this.lastDecile = decile;
    const failed = u.blocksFailed > 0 ? `, ${u.blocksFailed} failed` : '';
    this.write(
      `progress ${Math.round(u.progress * 100)}% ${STAGE_LABEL[u.stage]} (blocks ${u.blocksDone}/${u.blocksTotal}${failed})`,
    );
  }

  stop(): void {}
}
