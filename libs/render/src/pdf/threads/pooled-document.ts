import type { Block, BlockCrop, CropOptions } from '@remote-ocr/ocr-core';
import type { BlockExecutor } from '../pdfjs-session.js';
import { pageKey, type DocRef } from './protocol.js';
import type { RenderPool } from './render-pool.js';

/** One open document of the pool: the BlockExecutor of a session. */
export class PooledDocument implements BlockExecutor {
  private readonly pool: RenderPool;
  private readonly doc: DocRef;
  readonly pageCount: number;

  constructor(pool: RenderPool, doc: DocRef, pageCount: number) {
    this.pool = pool;
    this.doc = doc;
    this.pageCount = pageCount;
  }

  plan(blocks: readonly Block[]): void {
    this.pool.plan(
      this.doc,
      blocks.map((block) => block.page_index),
    );
  }

  async crop(block: Block, options: CropOptions): Promise<BlockCrop> {
    const key = pageKey(this.doc.id, block.page_index);
    const reply = await this.pool.submit({ kind: 'crop', doc: this.doc, block, options }, key);
    if (reply.kind !== 'crop') throw new Error(`unexpected reply ${reply.kind}`);
    if (reply.renderer && reply.renderer !== (this.pool.options.engine ?? 'pdfjs')) {
      this.pool.options.onFallback?.(block, this.doc.path);
    }
    return reply.crop;
  }

  async textLayer(block: Block): Promise<string> {
    const key = pageKey(this.doc.id, block.page_index);
    const reply = await this.pool.submit({ kind: 'text', doc: this.doc, block }, key);
    if (reply.kind !== 'text') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.text;
  }

  close(): Promise<void> {
    return this.pool.closeDocument(this.doc);
  }
}
