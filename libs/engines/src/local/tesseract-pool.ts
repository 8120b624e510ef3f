import { availableParallelism } from 'node:os';
import { createScheduler, createWorker, OEM, type Scheduler } from 'tesseract.js';
import type { WordBox } from '@remote-ocr/ocr-core';
import { prepareTessdata, type TessdataOptions } from './tessdata.js';

/** Settings of the OCR worker pool. */
export interface TesseractPoolOptions extends TessdataOptions {
  /** Worker threads. Default: the number of cores (`os.availableParallelism()`). */
  workers?: number;
}

/**
 * A pool of tesseract.js workers (each a worker thread, so OCR never blocks the event loop) behind
 * tesseract.js's scheduler, which hands each job to the next idle worker. Started on first use.
 * Offline by construction: language data comes from a local directory (`langPath`, gzip off) and
 * the WASM core from the installed `tesseract.js-core` package; `cacheMethod: 'none'` stops it
 * writing cache files.
 */
export class TesseractPool {
  private scheduler?: Promise<Scheduler>;

  constructor(private readonly options: TesseractPoolOptions = {}) {}

  /** Language string given to Tesseract, e.g. `eng+rus`. */
  get languages(): string {
    return (this.options.languages ?? ['eng']).join('+');
  }

  /** Recognises the text of one PNG. */
  async recognize(png: Uint8Array): Promise<string> {
    const scheduler = await this.start();
    const result = await scheduler.addJob('recognize', Buffer.from(png));
    return result.data.text;
  }

  /** Recognises one PNG with the boxes of its words (pixels of the PNG), for table grids. */
  async recognizeWords(png: Uint8Array): Promise<{ text: string; words: WordBox[] }> {
    const scheduler = await this.start();
    const result = await scheduler.addJob(
      'recognize',
      Buffer.from(png),
      {},
      { text: true, blocks: true },
    );
    const lines = (result.data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
    const words = lines.flatMap((l) => l.words).map((w) => ({ text: w.text, ...w.bbox }));
    return { text: result.data.text, words };
  }

  /** Starts the workers now (fails fast on missing language data); idempotent. */
  start(): Promise<Scheduler> {
    this.scheduler ??= this.spawn().catch((err: unknown) => {
      this.scheduler = undefined; // let a later call try again after the cause is fixed
      throw err;
    });
    return this.scheduler;
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    const pending = this.scheduler;
    this.scheduler = undefined;
    if (pending) await (await pending).terminate();
  }

  private async spawn(): Promise<Scheduler> {
    const langPath = await prepareTessdata(this.options);
    const count = Math.max(1, this.options.workers ?? availableParallelism());
    const scheduler = createScheduler();
    const workers = await Promise.all(
      Array.from({ length: count }, () =>
        createWorker(this.languages, OEM.LSTM_ONLY, {
          langPath,
          cachePath: langPath,
          cacheMethod: 'none',
          gzip: false,
        }),
      ),
    );
    for (const w of workers) scheduler.addWorker(w);
    return scheduler;
  }
}
