// PdfSession over one parsed document: crops stream out in input order with bounded read-ahead,
// rendered by a pool of threads or, with `threads: 0`, in the caller's thread.
import { readFile } from 'node:fs/promises';
import type { PDFDocument } from 'pdf-lib';
import type { Block } from '@remote-ocr/ocr-core';
import type { BlockCrop, CropOptions, PdfSession } from '@remote-ocr/ocr-core';
import { loadVectorSource, vectorCrop } from './vector-crop.js';

/** What renders blocks of one document: a DocumentRenderer in this thread or a RenderPool. */
export interface BlockExecutor {
  readonly pageCount: number;
  crop(block: Block, options: CropOptions): Promise<BlockCrop>;
  /** Announces the blocks `crop` will be asked for, in order (lets a pool parse pages ahead). */
  plan?(blocks: readonly Block[]): void;
  textLayer(block: Block): Promise<string>;
  close(): Promise<void>;
}

/** A PdfSession on a pdf.js executor; pdf-lib parses the file lazily for vector crops only. */
export class PdfJsSession implements PdfSession {
  private readonly executor: BlockExecutor;
  private readonly pdfPath: string;
  private readonly readAhead: number;
  private vectorSource?: Promise<PDFDocument>;
  private closed = false;

  constructor(executor: BlockExecutor, pdfPath: string, readAhead: number) {
    this.executor = executor;
    this.pdfPath = pdfPath;
    this.readAhead = Math.max(1, readAhead);
  }

  get pageCount(): number {
    return this.executor.pageCount;
  }

  /** Crops in input order; at most `readAhead` blocks are rendered ahead of the consumer. */
  async *crop(
    blocks: readonly Block[],
    options: CropOptions,
    signal?: AbortSignal,
  ): AsyncIterable<BlockCrop> {
    const ahead: Array<Promise<BlockCrop>> = [];
    let next = 0;
    this.executor.plan?.(blocks);
    const fill = (): void => {
      while (next < blocks.length && ahead.length < this.readAhead && !signal?.aborted) {
        const pending = this.executor.crop(blocks[next++], options);
        // Rejections surface when the consumer reaches that block; never as unhandled.
        pending.catch(() => undefined);
        ahead.push(pending);
      }
    };
    fill();
    while (ahead.length > 0) {
      signal?.throwIfAborted();
      const crop = await (ahead.shift() as Promise<BlockCrop>);
      fill();
      yield crop;
    }
    signal?.throwIfAborted();
  }

  async textLayers(blocks: readonly Block[]): Promise<Map<string, string>> {
    const texts = await Promise.all(blocks.map((block) => this.executor.textLayer(block)));
    return new Map(blocks.map((block, i) => [block.id, texts[i]]));
  }

  async vectorCrop(block: Block): Promise<Uint8Array> {
    this.vectorSource ??= readFile(this.pdfPath).then(loadVectorSource);
    return vectorCrop(await this.vectorSource, block);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.executor.close();
  }
}
