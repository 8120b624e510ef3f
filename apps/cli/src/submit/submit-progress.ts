import type { UploadProgress, WaitProgress } from '@remote-ocr/client';
import { Presets, SingleBar } from 'cli-progress';

/** What `submit` shows while it uploads and while the server works. */
export interface SubmitProgressView {
  upload(p: UploadProgress): void;
  job(p: WaitProgress): void;
  stop(): void;
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

/** A cli-progress bar on stderr: upload in MB, then the job's progress and blocks. */
export class SubmitBarView implements SubmitProgressView {
  private readonly bar = new SingleBar(
    { format: '{bar} {percentage}% | {label}', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  private started = false;

  private show(fraction: number, label: string): void {
    const value = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    if (!this.started) {
      this.bar.start(100, value, { label });
      this.started = true;
    } else this.bar.update(value, { label });
  }

  upload(p: UploadProgress): void {
    this.show(p.total > 0 ? p.loaded / p.total : 1, `uploading ${mb(p.loaded)}/${mb(p.total)} MB`);
  }

  job(p: WaitProgress): void {
    const blocks = p.blocks_total ? ` | blocks ${p.blocks_done ?? 0}/${p.blocks_total}` : '';
    this.show(p.progress, `${p.status}${blocks}`);
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

/** Plain lines for pipes and logs: one per status change or 10 % step. */
export class SubmitLineView implements SubmitProgressView {
  private last = '';

  constructor(private readonly write: (line: string) => void) {}

  private line(text: string): void {
    if (text === this.last) return;
    this.last = text;
    this.write(text);
  }

  upload(p: UploadProgress): void {
    const decile = p.total > 0 ? Math.floor((p.loaded / p.total) * 10) * 10 : 100;
    this.line(`upload ${decile}%`);
  }

  job(p: WaitProgress): void {
    this.line(`job ${p.status} ${Math.floor(p.progress * 10) * 10}%`);
  }

  stop(): void {}
}
