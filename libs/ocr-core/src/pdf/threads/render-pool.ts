// A pool of long-lived render threads shared by every session of a PdfJsRenderer (PDF-NOTES trap
// 5: pdf.js parses and renders on the thread that calls it, so threads are how both cores work and
// the event loop stays free). Threads start on first use and are reused across documents, so a
// session costs no thread start-up or pdf.js load; a thread opens a document when it first gets
// one of its blocks. Two requests per thread are in flight, so a thread rasterises the next
// block while zlib deflates the previous one; a free thread prefers blocks of the page it
// rendered last, whose operator list and fonts it already holds. Idle threads do not keep the
// process alive and are stopped after `idleMs`.
import type { Worker } from 'node:worker_threads';
import type { Block } from '../../model/block.js';
import type { BlockCrop, CropOptions } from '../../ports/pdf-renderer.port.js';
import type { DocumentRendererSettings } from '../document-renderer.js';
import type { BlockExecutor } from '../pdfjs-session.js';
import { deserializeError, type DocRef, type ThreadReply, type ThreadRequest } from './protocol.js';
import { startRenderThread } from './thread-entry.js';

const IN_FLIGHT_PER_THREAD = 2;
/** Queued blocks of one page from which a second thread joins in (see `pick`). */
const STEAL_AFTER = 3;

type Request = ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  request: Request;
  /** Locality key: document and page. */
  key: string;
  resolve: (reply: ThreadReply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  lastKey: string;
  retiring: boolean;
}

/** Render threads serving any number of documents. */
export class RenderPool {
  private readonly slots: Array<Slot | undefined>;
  private readonly queue: Pending[] = [];
  private readonly settings: DocumentRendererSettings;
  private readonly idleMs: number;
  private idleTimer?: NodeJS.Timeout;
  private nextId = 1;
  private nextDoc = 1;

  constructor(threads: number, settings: DocumentRendererSettings, idleMs: number) {
    this.slots = Array.from({ length: Math.max(1, threads) }, () => undefined);
    this.settings = settings;
    this.idleMs = idleMs;
  }

  /** Opens `pdfPath` in one thread (the others open it on demand); fails if it cannot. */
  async open(pdfPath: string): Promise<BlockExecutor> {
    const doc: DocRef = { id: this.nextDoc++, path: pdfPath };
    const reply = await this.submit({ kind: 'open', doc }, `${doc.id}:open`);
    if (reply.kind !== 'open') throw new Error(`unexpected reply ${reply.kind}`);
    return new PooledDocument(this, doc, reply.pageCount);
  }

  /** Queues a request; `key` groups requests that share parsed state (same page). */
  submit(request: Request, key: string): Promise<ThreadReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, key, resolve, reject });
      this.dispatch();
    });
  }

  /** Drops the document's queued requests and closes it in every thread. */
  async closeDocument(doc: DocRef): Promise<void> {
    const gone = new Error('render session closed');
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].request.doc.id === doc.id) this.queue.splice(i, 1)[0].reject(gone);
    }
    const live = this.slots.filter((slot): slot is Slot => slot !== undefined && !slot.retiring);
    await Promise.all(
      live.map((slot) => this.send(slot, { kind: 'close', doc }, '').catch(() => undefined)),
    );
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    for (let s = 0; s < this.slots.length && this.queue.length > 0; s++) {
      // A thread is started only for work it would take (a job on one page may never need it).
      if (!this.slots[s] && this.pick(undefined) < 0) continue;
      const slot = (this.slots[s] ??= this.spawn(s));
      while (slot.inFlight.size < IN_FLIGHT_PER_THREAD && this.queue.length > 0) {
        const next = this.pick(slot);
        if (next < 0) break;
        this.post(slot, this.queue.splice(next, 1)[0]);
      }
    }
  }

  /**
   * The queued request `slot` should take: one of the page it rendered last, else one of a page
   * no other thread is on, else — only when a page has many blocks waiting — one of another
   * thread's page (that page is then parsed twice: worth it for a sheet with 30 blocks, not for
   * one with 3). -1: leave the rest to their threads.
   */
  private pick(slot: Slot | undefined): number {
    const same = slot ? this.queue.findIndex((p) => p.key === slot.lastKey) : -1;
    if (same >= 0) return same;
    const taken = new Set(this.slots.filter((s) => s && s !== slot).map((s) => s!.lastKey));
    const free = this.queue.findIndex((p) => !taken.has(p.key));
    if (free >= 0) return free;
    const waiting = this.queue.filter((p) => p.key === this.queue[0].key).length;
    return waiting >= STEAL_AFTER ? 0 : -1;
  }

  /** Sends straight to a thread, past the queue and its in-flight limit (close requests). */
  private send(slot: Slot, request: Request, key: string): Promise<ThreadReply> {
    return new Promise((resolve, reject) => this.post(slot, { request, key, resolve, reject }));
  }

  private post(slot: Slot, pending: Pending): void {
    const id = this.nextId++;
    slot.inFlight.set(id, pending);
    if (pending.key) slot.lastKey = pending.key;
    if (slot.inFlight.size === 1) slot.worker.ref();
    const message: ThreadRequest = { ...pending.request, id };
    slot.worker.postMessage(message);
  }

  private spawn(index: number): Slot {
    const worker = startRenderThread({ settings: this.settings });
    const slot: Slot = { worker, inFlight: new Map(), lastKey: '', retiring: false };
    worker.on('message', (reply: ThreadReply) => {
      const pending = slot.inFlight.get(reply.id);
      slot.inFlight.delete(reply.id);
      if (reply.kind === 'error') pending?.reject(deserializeError(reply.error));
      else pending?.resolve(reply);
      this.dispatch();
      this.idleCheck(slot);
    });
    worker.on('error', (error: Error) => this.failSlot(index, slot, error));
    worker.on('exit', (code) => {
      if (!slot.retiring)
        this.failSlot(index, slot, new Error(`render thread exited with code ${code}`));
    });
    return slot;
  }

  /** Idle threads must not keep the process alive; all idle for `idleMs`: stop them. */
  private idleCheck(slot: Slot): void {
    if (slot.inFlight.size === 0) slot.worker.unref();
    const busy = this.queue.length > 0 || this.slots.some((s) => s && s.inFlight.size > 0);
    if (busy) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.retireAll(), this.idleMs);
    this.idleTimer.unref();
  }

  private retireAll(): void {
    for (let s = 0; s < this.slots.length; s++) {
      const slot = this.slots[s];
      if (!slot || slot.inFlight.size > 0) continue;
      slot.retiring = true;
      this.slots[s] = undefined;
      void slot.worker.terminate();
    }
  }

  /** A thread died (out of memory, native crash): fail its requests; a new one replaces it. */
  private failSlot(index: number, slot: Slot, error: Error): void {
    if (slot.retiring) return;
    slot.retiring = true;
    for (const pending of slot.inFlight.values()) pending.reject(error);
    slot.inFlight.clear();
    if (this.slots[index] === slot) this.slots[index] = undefined;
    void slot.worker.terminate();
    this.dispatch();
  }
}

/** One open document of the pool: the BlockExecutor of a session. */
class PooledDocument implements BlockExecutor {
  private readonly pool: RenderPool;
  private readonly doc: DocRef;
  readonly pageCount: number;

  constructor(pool: RenderPool, doc: DocRef, pageCount: number) {
    this.pool = pool;
    this.doc = doc;
    this.pageCount = pageCount;
  }

  async crop(block: Block, options: CropOptions): Promise<BlockCrop> {
    const key = `${this.doc.id}:${block.page_index}`;
    const reply = await this.pool.submit({ kind: 'crop', doc: this.doc, block, options }, key);
    if (reply.kind !== 'crop') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.crop;
  }

  async textLayer(block: Block): Promise<string> {
    const key = `${this.doc.id}:${block.page_index}`;
    const reply = await this.pool.submit({ kind: 'text', doc: this.doc, block }, key);
    if (reply.kind !== 'text') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.text;
  }

  close(): Promise<void> {
    return this.pool.closeDocument(this.doc);
  }
}
