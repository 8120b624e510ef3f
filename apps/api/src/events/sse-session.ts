import { TERMINAL_JOB_EVENTS, type JobEventInput } from '@remote-ocr/contracts';
import type { Response } from 'express';

export interface SseOptions {
  pingMs: number;
  /** A client this far behind is cut off; it reconnects with Last-Event-ID and loses nothing. */
  maxBufferedBytes: number;
  /** End the response after a terminal event (job streams). */
  endOnTerminal: boolean;
}

export interface SseHooks {
  onSent(name: string): void;
  onClose(session: SseSession): void;
}

/** Extra payload fields computed when an event is sent (e.g. a signed download URL). */
export type Enrich = (event: JobEventInput) => Promise<Record<string, unknown>>;

/** An event to send; `id` null for one synthesized from the job row (in no stream). */
export type OutgoingEvent = JobEventInput & { id: string | null };

/**
 * One open `text/event-stream` response: frames events in order, pings, enforces the buffer
 * bound and releases everything (ping timer, stream subscription) exactly once, whichever side
 * ends first.
 */
export class SseSession {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private ping: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  closed = false;

  constructor(
    private readonly res: Response,
    private readonly options: SseOptions,
    private readonly hooks: SseHooks,
  ) {}

  open(): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    this.res.write('retry: 3000\n\n');
    this.ping = setInterval(() => this.write(': ping\n\n'), this.options.pingMs);
    // The response's close, not the request's: a GET's request closes once it has been read.
    this.res.on('close', () => this.close());
    this.res.on('error', () => this.close());
  }

  /** Holds the stream subscription; released on close (at once if already closed). */
  attach(unsubscribe: () => void): void {
    if (this.closed) unsubscribe();
    else this.unsubscribe = unsubscribe;
  }

  /**
   * Writes an event after every event sent before it. Only `done` waits for something (its
   * signed link); anything else goes out at once unless a `done` is still being prepared.
   */
  send(event: OutgoingEvent, enrich?: Enrich): void {
    if (enrich && event.name === 'done') {
      this.pending++;
      this.chain = this.chain.then(async () => {
        const extra = await enrich(event).catch(() => ({}));
        this.pending--;
        this.writeEvent(event, frame(event.id, event.name, { ...event.data, ...extra }));
      });
    } else if (this.pending > 0) {
      this.chain = this.chain.then(() => this.writeEvent(event, sharedFrame(event)));
    } else {
      this.writeEvent(event, sharedFrame(event));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ping) clearInterval(this.ping);
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (!this.res.writableEnded) this.res.end();
    this.hooks.onClose(this);
  }

  private writeEvent(event: OutgoingEvent, frame: string): void {
    if (this.closed) return;
    this.write(frame);
    this.hooks.onSent(event.name);
    if (this.options.endOnTerminal && TERMINAL_JOB_EVENTS.has(event.name)) this.close();
  }

  private write(text: string): void {
    if (this.closed) return;
    this.res.write(text);
    if (this.res.writableLength > this.options.maxBufferedBytes) this.close();
  }
}

const frame = (id: string | null, name: string, data: object): string =>
  `${id === null ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/** Frames by event: one event read from Redis goes to every session watching it, built once. */
const frames = new WeakMap<object, string>();

function sharedFrame(event: OutgoingEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    text = frame(event.id, event.name, event.data);
    frames.set(event, text);
  }
  return text;
}
