// A pool of render threads over one document (PDF-NOTES trap 5: pdf.js parses and renders on
// the thread that calls it, so threads are how both cores work and the event loop stays free).
// Each thread opens the document once. Two requests per thread are in flight, so a thread
// rasterises the next block while zlib deflates the previous one; a free thread prefers blocks of
// the page it rendered last, whose operator list and fonts it already holds.
import type { Worker } from 'node:worker_threads';
import type { Block } from '../../model/block.js';
import type { BlockCrop, CropOptions } from '../../ports/pdf-renderer.port.js';
import type { DocumentRendererSettings } from '../document-renderer.js';
import {
  deserializeError,
  type RenderThreadData,
  type ThreadReply,
  type ThreadRequest,
} from './protocol.js';
import { startRenderThread } from './thread-entry.js';

const IN_FLIGHT_PER_THREAD = 2;

type Request = ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  request: Request;
  resolve: (reply: ThreadReply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  lastPage: number;
}

/** Render threads serving one document. */
export class RenderPool {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly pageCount: number;

  private constructor(slots: Slot[], pageCount: number) {
    this.slots = slots;
    this.pageCount = pageCount;
    for (const slot of slots) this.listen(slot);
  }

  /** Starts `threads` threads, each opening `pdfPath`; fails if any cannot open it. */
  static async start(
    pdfPath: string,
    threads: number,
    settings: DocumentRendererSettings,
  ): Promise<RenderPool> {
    const data: RenderThreadData = { pdfPath, settings };
    const workers = Array.from({ length: threads }, () => startRenderThread(data));
    try {
      const counts = await Promise.all(workers.map(waitReady));
      const slots = workers.map((worker) => ({ worker, inFlight: new Map(), lastPage: -1 }));
      return new RenderPool(slots, counts[0]);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
  }

  /** Renders a block in some thread. */
  async crop(block: Block, options: CropOptions): Promise<BlockCrop> {
    const reply = await this.submit({ kind: 'crop', block, options });
    if (reply.kind !== 'crop') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.crop;
  }

  /** Text layer of a block, read in some thread. */
  async textLayer(block: Block): Promise<string> {
    const reply = await this.submit({ kind: 'text', block });
    if (reply.kind !== 'text') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.text;
  }

  /** Stops every thread; queued requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new Error('render pool closed');
    for (const pending of this.queue.splice(0)) pending.reject(gone);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private submit(request: Request): Promise<ThreadReply> {
    if (this.closed) return Promise.reject(new Error('render pool closed'));
    if (this.slots.length === 0) return Promise.reject(new Error('every render thread died'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (slot.inFlight.size < IN_FLIGHT_PER_THREAD && this.queue.length > 0) {
        const samePage = this.queue.findIndex((p) => p.request.block.page_index === slot.lastPage);
        const [pending] = this.queue.splice(Math.max(0, samePage), 1);
        const id = this.nextId++;
        slot.inFlight.set(id, pending);
        slot.lastPage = pending.request.block.page_index;
        const message: ThreadRequest = { ...pending.request, id };
        slot.worker.postMessage(message);
      }
    }
  }

  private listen(slot: Slot): void {
    slot.worker.on('message', (reply: ThreadReply) => {
      if (!('id' in reply)) return;
      const pending = slot.inFlight.get(reply.id);
      slot.inFlight.delete(reply.id);
      if (reply.kind === 'error') pending?.reject(deserializeError(reply.error));
      else pending?.resolve(reply);
      this.dispatch();
    });
    slot.worker.on('error', (error: Error) => this.failSlot(slot, error));
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.failSlot(slot, new Error(`render thread exited with code ${code}`));
    });
  }

  /** A thread died (out of memory, native crash): fail its requests, keep the others going. */
  private failSlot(slot: Slot, error: Error): void {
    for (const pending of slot.inFlight.values()) pending.reject(error);
    slot.inFlight.clear();
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (this.slots.length === 0) {
      for (const pending of this.queue.splice(0)) pending.reject(error);
    }
  }
}

function waitReady(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ThreadReply): void => {
      if (reply.kind === 'ready') resolve(reply.pageCount);
      if (reply.kind === 'failed') reject(deserializeError(reply.error));
      worker.off('message', onMessage);
      worker.off('error', reject);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`render thread exited with code ${code}`)));
  });
}
