import {
  buildTableGrid,
  renderTable,
  type OcrEngine,
  type OcrRequest,
  type OcrRequestBlock,
  type OcrResult,
  type TableHints,
} from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { abortedError } from '../http/http-call.js';
import { hasRealText, type TextLayerRule } from './text-layer-rule.js';
import { TesseractPool, type TesseractPoolOptions } from './tesseract-pool.js';

/** Settings of the offline engine. */
export interface LocalEngineOptions extends TesseractPoolOptions {
  /** When a text layer counts as real text (see `hasRealText`). */
  textLayerRule?: TextLayerRule;
  /** Engine name. Default `local`. */
  name?: string;
  /** Default 9000 px. */
  maxStripHeight?: number;
}

/**
 * The offline engine: for each block, its PDF text layer when that holds real text (`hasRealText`),
 * else Tesseract OCR of the block's own crop. A strip is answered `[1] …\n\n[2] …` (one entry per
 * block, by its index) so ocr-core's parser splits it; an IMAGE request gets the plain text.
 * OCR in flight is not interrupted by an abort (tesseract.js cannot cancel a job) but the call
 * rejects at once and its result is dropped.
 */
export class LocalEngine implements OcrEngine {
  readonly name: string;
  readonly maxStripHeight: number;
  /** Blocks without a real text layer are OCRed one by one, from their own crop. */
  readonly needsBlockCrops = true;
  private readonly pool: TesseractPool;

  constructor(private readonly options: LocalEngineOptions = {}) {
    this.name = options.name ?? 'local';
    this.maxStripHeight = options.maxStripHeight ?? 9000;
    this.pool = new TesseractPool(options);
  }

  async recognize(request: OcrRequest): Promise<OcrResult> {
    const { signal } = request;
    if (signal?.aborted) throw abortedError(this.name, signal);
    const work = this.texts(request);
    const texts = signal ? await raceAbort(work, signal, this.name) : await work;
    const usedOcr = texts.some((t) => t.ocr);
    const model = usedOcr ? `tesseract:${this.pool.languages}` : 'text-layer';
    if (request.kind === 'image' || request.blocks.length === 0) {
      return { text: texts.map((t) => t.text).join('\n\n'), engine: this.name, model };
    }
    const text = texts.map((t, i) => `[${request.blocks[i].index}] ${t.text}`).join('\n\n');
    return { text, engine: this.name, model };
  }

  /** Starts the OCR workers now, e.g. at boot, so a missing language fails early. */
  async warmUp(): Promise<void> {
    await this.startPool();
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async texts(request: OcrRequest): Promise<Array<{ text: string; ocr: boolean }>> {
    if (request.blocks.length === 0) return [{ text: await this.ocr(request.image), ocr: true }];
    return Promise.all(
      request.blocks.map(async (b) => {
        if (b.table) return this.table(b, b.table, b.crop.length > 0 ? b.crop : request.image);
        return hasRealText(b.textLayer, this.options.textLayerRule)
          ? { text: b.textLayer.trim(), ocr: false }
          : { text: await this.ocr(b.crop.length > 0 ? b.crop : request.image), ocr: true };
      }),
    );
  }

  /**
   * A TABLE block: the grid rebuilt from the text layer's words, or from Tesseract's on a scan
   * (docs/auto-engine.md, "Tables"); the plain text when the words form no grid.
   */
  private async table(
    block: OcrRequestBlock,
    hints: TableHints,
    png: Uint8Array,
  ): Promise<{ text: string; ocr: boolean }> {
    if (hasRealText(block.textLayer, this.options.textLayerRule)) {
      const grid = buildTableGrid(hints.words, hints.rulings);
      return { text: grid ? renderTable(grid) : block.textLayer.trim(), ocr: false };
    }
    await this.startPool();
    const read = await this.pool.recognizeWords(png);
    const grid = buildTableGrid(read.words, hints.rulings);
    return { text: grid ? renderTable(grid) : read.text.trim(), ocr: true };
  }

  private async ocr(png: Uint8Array): Promise<string> {
    await this.startPool();
    return (await this.pool.recognize(png)).trim();
  }

  private async startPool(): Promise<void> {
    try {
      await this.pool.start();
    } catch (err) {
      throw new EngineError(
        'misconfigured',
        `${this.name}: OCR workers did not start: ${String(err)}`,
        {
          engine: this.name,
          cause: err,
        },
      );
    }
  }
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal, engine: string): Promise<T> {
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(engine, signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => undefined); // an abandoned job's failure must not become an unhandled rejection
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
