// A pool of long-lived render threads shared by every session of a PdfJsRenderer (docs/pdf-traps.md trap
// 5: pdf.js parses and renders on the thread that calls it, so threads are how both cores work and
// the event loop stays free). Threads start on first use and are reused across documents, so a
// session costs no thread start-up or pdf.js load; a thread opens a document when it first gets
// one of its blocks. Two requests per thread are in flight, so a thread rasterises the next
// block while zlib deflates the previous one. Which thread gets which block is decided by
// schedule.ts from the pages each thread holds parsed and what parsing and rendering them cost
// (the threads report both): a free thread takes blocks of its own pages, then of pages nobody
// holds, then parses the document's next page ahead of its blocks, and only then — when the
// waiting work outweighs a second parse — helps with another thread's page. Idle threads do not
// keep the process alive and are stopped after `idleMs`.
/* eslint-disable max-lines -- over 300 lines on purpose, for the reason below */
// Over 300 lines on purpose: what is left is one piece of mutable state (slots, queue, page costs)
// that dispatch, hold, measure and the thread life cycle all change together; the decisions are
// already pure functions in schedule.ts and a document's view is pooled-document.ts, so a further
// split would only pass this state between files.
import type { Worker } from 'node:worker_threads';
import type { Block } from '@remote-ocr/ocr-core';
import type { DocumentRendererSettings } from '../document-renderer.js';
import type { BlockExecutor } from '../pdfjs-session.js';
import {
  deserializeError,
  pageKey,
  type DocRef,
  type RenderEngine,
  type ThreadReply,
  type ThreadRequest,
} from './protocol.js';
import {
  pageOrder,
  pageToPrepare,
  pickRequest,
  worthPreparing,
  type PageCost,
} from './schedule.js';
import { PooledDocument } from './pooled-document.js';
import { startRenderThread } from './thread-entry.js';

const IN_FLIGHT_PER_THREAD = 2;
/** Pages past the newest requested one that idle threads parse ahead. */
const PREPARE_LOOKAHEAD = 1;

/** A thread request before the pool numbers it. */
export type Request = ThreadRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

interface Pending {
  request: Request;
  /** Locality key: document and page ('' for requests any thread may serve). */
  key: string;
  resolve: (reply: ThreadReply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  /** Pages (keys) the thread holds parsed, least recently used first. */
  warm: string[];
  /** Documents the thread has open. */
  opened: Set<number>;
  retiring: boolean;
  /** The thread's WASM heap passed the cap: retire it once its requests are answered. */
  recycle: boolean;
}

/** What a pool draws with, and what it reports. */
export interface RenderPoolOptions {
  /** Default 'pdfjs'. */
  engine?: RenderEngine;
  /** PDFium threads whose WASM heap grew past this many bytes are replaced. Default: never. */
  heapCapBytes?: number;
  /** A crop was drawn by another renderer than the pool's (a PDFium page handed to pdf.js). */
  onFallback?: (block: Block, pdfPath: string) => void;
}

/** What a session said it will ask for: its pages in order, and how far it has got. */
interface DocPlan {
  pages: number[];
  position: Map<number, number>;
  /** Index in `pages` of the newest requested block's page. */
  current: number;
}

/** Render threads serving any number of documents. */
export class RenderPool {
  private readonly slots: Array<Slot | undefined>;
  private readonly queue: Pending[] = [];
  private readonly settings: DocumentRendererSettings;
  private readonly idleMs: number;
  private readonly costs = new Map<string, PageCost>();
  private readonly plans = new Map<number, DocPlan>();
  private readonly docs = new Map<number, DocRef>();
  /** Milliseconds each document took to open, and the average parse of its pages so far. */
  private readonly openMs = new Map<number, number>();
  private readonly pageParse = new Map<number, { ms: number; pages: number }>();
  private idleTimer?: NodeJS.Timeout;
  private nextId = 1;
  private nextDoc = 1;

  readonly options: RenderPoolOptions;

  constructor(
    threads: number,
    settings: DocumentRendererSettings,
    idleMs: number,
    options: RenderPoolOptions = {},
  ) {
    this.slots = Array.from({ length: Math.max(1, threads) }, () => undefined);
    this.settings = settings;
    this.idleMs = idleMs;
    this.options = options;
  }

  /** Opens `pdfPath` in one thread (the others open it on demand); fails if it cannot. */
  async open(pdfPath: string): Promise<BlockExecutor> {
    const doc: DocRef = { id: this.nextDoc++, path: pdfPath };
    const reply = await this.submit({ kind: 'open', doc }, '');
    if (reply.kind !== 'open') throw new Error(`unexpected reply ${reply.kind}`);
    this.openMs.set(doc.id, reply.openMs);
    this.docs.set(doc.id, doc);
    return new PooledDocument(this, doc, reply.pageCount);
  }

  /** Records the order in which a document's pages will be asked for (see `pageToPrepare`). */
  plan(doc: DocRef, pages: readonly number[]): void {
    const order = pageOrder(pages);
    this.plans.set(doc.id, {
      pages: order,
      position: new Map(order.map((page, i) => [page, i])),
      current: -1,
    });
    // A new block list replaces the previous one's blocks still to come.
    const prefix = `${doc.id}:`;
    for (const [key, cost] of this.costs) if (key.startsWith(prefix)) cost.comingBlocks = 0;
    for (const page of pages) {
      const cost = this.costOf(pageKey(doc.id, page));
      cost.comingBlocks = (cost.comingBlocks ?? 0) + 1;
    }
  }

  private costOf(key: string): PageCost {
    let cost = this.costs.get(key);
    if (!cost) this.costs.set(key, (cost = {}));
    return cost;
  }

  /** Queues a request; `key` groups requests that share parsed state (same page). */
  submit(request: Request, key: string): Promise<ThreadReply> {
    if (request.kind === 'crop' || request.kind === 'text') {
      const plan = this.plans.get(request.doc.id);
      const at = plan?.position.get(request.block.page_index);
      if (plan && at !== undefined) plan.current = Math.max(plan.current, at);
    }
    if (request.kind === 'crop') {
      const cost = this.costs.get(key);
      if (cost?.comingBlocks) cost.comingBlocks -= 1;
    }
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
    const prefix = `${doc.id}:`;
    this.plans.delete(doc.id);
    this.docs.delete(doc.id);
    this.openMs.delete(doc.id);
    this.pageParse.delete(doc.id);
    for (const slot of live) slot.opened.delete(doc.id);
    for (const key of this.costs.keys()) if (key.startsWith(prefix)) this.costs.delete(key);
    for (const slot of live) slot.warm = slot.warm.filter((key) => !key.startsWith(prefix));
    await Promise.all(
      live.map((slot) => this.send(slot, { kind: 'close', doc }, '').catch(() => undefined)),
    );
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    for (let s = 0; s < this.slots.length; s++) {
      // A thread is started only for work it would take (a job on one page may never need it).
      if (!this.slots[s] && this.pick(undefined) < 0 && !this.preparation(undefined)) continue;
      const slot = (this.slots[s] ??= this.spawn(s));
      if (slot.recycle) continue;
      while (slot.inFlight.size < IN_FLIGHT_PER_THREAD) {
        const next = this.pick(slot, false);
        if (next >= 0) {
          this.post(slot, this.queue.splice(next, 1)[0]);
          continue;
        }
        // Idle, with nothing of its own or unclaimed: parse a coming page, else maybe help out.
        if (slot.inFlight.size > 0) break;
        const prepare = this.preparation(slot);
        if (prepare) {
          this.post(slot, prepare);
          continue;
        }
        const stolen = this.pick(slot, true);
        if (stolen < 0) break;
        this.post(slot, this.queue.splice(stolen, 1)[0]);
      }
    }
  }

  /** Index of the queued request `slot` should take (see `pickRequest`), -1 for none. */
  private pick(slot: Slot | undefined, steal = false): number {
    if (this.queue.length === 0) return -1;
    return pickRequest(
      this.queue.map((p) => p.key),
      slot?.warm ?? [],
      this.heldByOthers(slot),
      (key) => this.costFor(slot, key),
      performance.now(),
      steal,
    );
  }

  /** A page's cost as seen by `slot`: entering it includes opening its document there. */
  private costFor(slot: Slot | undefined, key: string): PageCost | undefined {
    const cost = this.costs.get(key);
    const doc = Number(key.slice(0, key.indexOf(':')));
    if (!cost || slot?.opened.has(doc)) return cost;
    return { ...cost, openMs: this.openMs.get(doc) ?? 0 };
  }

  private heldByOthers(slot: Slot | undefined): Set<string> {
    const held = new Set<string>();
    for (const other of this.slots) {
      if (other && other !== slot && !other.retiring) for (const key of other.warm) held.add(key);
    }
    return held;
  }

  /**
   * A request for `slot` (undefined: a thread yet to start) parsing the next page of an open
   * document that no thread holds yet, if any is worth it (see `worthPreparing`).
   */
  private preparation(slot: Slot | undefined): Pending | undefined {
    const held = this.heldByOthers(undefined);
    for (const pending of this.queue) held.add(pending.key);
    for (const [id, plan] of this.plans) {
      const page = pageToPrepare(plan.pages, plan.current, PREPARE_LOOKAHEAD, (p) =>
        held.has(pageKey(id, p)),
      );
      if (page === undefined) continue;
      const doc = this.docs.get(id);
      if (!doc) continue;
      const parsed = this.pageParse.get(id);
      const open = slot?.opened.has(id) ? 0 : (this.openMs.get(id) ?? 0);
      if (!worthPreparing(open, parsed && parsed.ms / parsed.pages)) continue;
      // A failed parse is not reported here: the page's blocks will fail with the error.
      return {
        request: { kind: 'prepare', doc, page },
        key: pageKey(id, page),
        resolve: () => undefined,
        reject: () => undefined,
      };
    }
    return undefined;
  }

  /** Sends straight to a thread, past the queue and its in-flight limit (close requests). */
  private send(slot: Slot, request: Request, key: string): Promise<ThreadReply> {
    return new Promise((resolve, reject) => this.post(slot, { request, key, resolve, reject }));
  }

  private post(slot: Slot, pending: Pending): void {
    const id = this.nextId++;
    slot.inFlight.set(id, pending);
    if (pending.request.kind !== 'close') slot.opened.add(pending.request.doc.id);
    if (pending.key) this.hold(slot, pending.key);
    if (slot.inFlight.size === 1) slot.worker.ref();
    const message: ThreadRequest = { ...pending.request, id };
    slot.worker.postMessage(message);
  }

  /** `slot` is about to hold page `key`; if nobody measured its parse yet, it starts now. */
  private hold(slot: Slot, key: string): void {
    const at = slot.warm.indexOf(key);
    if (at >= 0) {
      slot.warm.splice(at, 1);
    } else {
      const cost = this.costOf(key);
      if (cost.parseMs === undefined) cost.parsingSince ??= performance.now();
    }
    slot.warm.push(key);
    // A thread keeps `pageCacheSize` pages of a document parsed (DocumentRenderer's LRU).
    const doc = key.slice(0, key.indexOf(':') + 1);
    const ofDoc = slot.warm.filter((k) => k.startsWith(doc));
    if (ofDoc.length > this.settings.pageCacheSize)
      slot.warm.splice(slot.warm.indexOf(ofDoc[0]), 1);
  }

  /** Records what a reply says a page cost. */
  private measured(key: string, reply: ThreadReply): void {
    const cost = this.costs.get(key);
    if (!cost || (reply.kind !== 'crop' && reply.kind !== 'prepare')) return;
    if (reply.parseMs > 0) {
      if (cost.parseMs === undefined) {
        const doc = Number(key.slice(0, key.indexOf(':')));
        const parsed = this.pageParse.get(doc) ?? { ms: 0, pages: 0 };
        this.pageParse.set(doc, { ms: parsed.ms + reply.parseMs, pages: parsed.pages + 1 });
      }
      cost.parseMs = reply.parseMs;
      cost.parsingSince = undefined;
    }
    if (reply.kind !== 'crop') return;
    // The first block a thread renders after parsing the page (its own parse, or a prepare).
    if (cost.firstRenderMs === undefined || reply.parseMs > 0) {
      cost.firstRenderMs = reply.renderMs;
    } else {
      cost.blocks = (cost.blocks ?? 0) + 1;
      cost.renderMs = (cost.renderMs ?? 0) + (reply.renderMs - (cost.renderMs ?? 0)) / cost.blocks;
    }
  }

  private spawn(index: number): Slot {
    const worker = startRenderThread({ settings: this.settings, engine: this.options.engine });
    const slot: Slot = {
      worker,
      inFlight: new Map(),
      warm: [],
      opened: new Set(),
      retiring: false,
      recycle: false,
    };
    worker.on('message', (reply: ThreadReply) => {
      const pending = slot.inFlight.get(reply.id);
      slot.inFlight.delete(reply.id);
      if (pending?.key) this.measured(pending.key, reply);
      if (reply.kind === 'error') pending?.reject(deserializeError(reply.error));
      else pending?.resolve(reply);
      if (reply.kind === 'crop') this.checkHeap(index, slot, reply.heapBytes);
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

  /**
   * A WASM heap never shrinks: once a thread's grew past the cap (a huge block, a huge document),
   * it is replaced when its requests are answered; documents reopen on demand in the new one.
   */
  private checkHeap(index: number, slot: Slot, heapBytes: number | undefined): void {
    const cap = this.options.heapCapBytes;
    if (cap !== undefined && heapBytes !== undefined && heapBytes > cap) slot.recycle = true;
    if (!slot.recycle || slot.inFlight.size > 0 || slot.retiring) return;
    slot.retiring = true;
    if (this.slots[index] === slot) this.slots[index] = undefined;
    void slot.worker.terminate();
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
