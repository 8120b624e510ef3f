import { compareEventIds, type JobEvent } from '@remote-ocr/contracts';
import type { Cluster, Redis } from 'ioredis';
import { decodeEntry, type StreamEntry } from './stream-entries.js';

export type EventListener = (event: JobEvent) => void;

/** One reader of one stream: gets every entry after `cursor`, in order, exactly once. */
interface Subscriber {
  cursor: string;
  listener: EventListener;
  /** Live entries that arrived while the backlog was being read; null once live. */
  buffer: JobEvent[] | null;
  closed: boolean;
}

interface WatchedStream {
  /** Where the shared XREAD continues; null until the first subscriber has read its backlog. */
  position: string | null;
  subscribers: Set<Subscriber>;
}

const PAGE = 500;

/**
 * Fans Redis stream entries out to many local subscribers (SSE responses, long-polls) with ONE
 * blocking XREAD over every watched stream, instead of a Redis connection per client. A new
 * subscriber first reads its backlog (XRANGE after its Last-Event-ID) while live entries buffer,
 * then goes live; comparing ids drops whatever both paths delivered. Hand-written: no library
 * multiplexes Redis streams with per-reader resume points.
 */
export class JobEventHub {
  private readonly streams = new Map<string, WatchedStream>();
  private readerId: number | null = null;
  private blocked = false;
  private closed = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** CLIENT ID/UNBLOCK reach one node; on a cluster that may not be the reader's (blockMs rules). */
  private readonly canUnblock: boolean;

  constructor(
    /** Dedicated to the blocking XREAD. */
    private readonly reader: Redis | Cluster,
    /** For XRANGE and CLIENT UNBLOCK. */
    private readonly control: Redis | Cluster,
    private readonly onError: (error: unknown) => void,
    private readonly blockMs = 5000,
  ) {
    this.canUnblock = !(reader as { isCluster?: boolean }).isCluster;
    // A reconnected reader is a new Redis client with a new id.
    reader.on('ready', () => (this.readerId = null));
  }

  /** Streams watched now and how many subscribers each has (metrics). */
  watched(): Map<string, number> {
    return new Map([...this.streams].map(([key, s]) => [key, s.subscribers.size]));
  }

  /**
   * Delivers every entry of `key` after `after` ('0-0': from the start), then live ones, until
   * the returned function is called. Resolves once the backlog has been delivered.
   */
  async subscribe(key: string, after: string, listener: EventListener): Promise<() => void> {
    const sub: Subscriber = { cursor: after, listener, buffer: [], closed: false };
    const stream = this.streams.get(key) ?? { position: null, subscribers: new Set() };
    this.streams.set(key, stream);
    stream.subscribers.add(sub);
    const unsubscribe = () => this.unsubscribe(key, sub);
    try {
      await this.readBacklog(key, sub);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    const pending = sub.buffer ?? [];
    sub.buffer = null;
    for (const event of pending) this.deliver(sub, event);
    if (stream.position === null) {
      stream.position = sub.cursor;
      this.kick();
    }
    return unsubscribe;
  }

  /** The id of the newest entry of `key`, or '0-0' when it is empty or missing. */
  async lastId(key: string): Promise<string> {
    const last = (await this.control.xrevrange(key, '+', '-', 'COUNT', 1)) as StreamEntry[];
    return last[0]?.[0] ?? '0-0';
  }

  async close(): Promise<void> {
    this.closed = true;
    this.kick();
    this.reader.disconnect();
    await this.loop?.catch(() => undefined);
  }

  private async readBacklog(key: string, sub: Subscriber): Promise<void> {
    for (;;) {
      const page = (await this.control.xrange(
        key,
        `(${sub.cursor}`,
        '+',
        'COUNT',
        PAGE,
      )) as StreamEntry[];
      for (const entry of page) this.deliverNow(sub, entry);
      if (page.length < PAGE || sub.closed) return;
    }
  }

  private deliverNow(sub: Subscriber, entry: StreamEntry): void {
    const event = decodeEntry(entry);
    if (event) sub.listener(event);
    sub.cursor = entry[0];
  }

  private deliver(sub: Subscriber, event: JobEvent): void {
    if (sub.closed || compareEventIds(event.id, sub.cursor) <= 0) return;
    if (sub.buffer) {
      sub.buffer.push(event);
      return;
    }
    sub.cursor = event.id;
    sub.listener(event);
  }

  private unsubscribe(key: string, sub: Subscriber): void {
    sub.closed = true;
    const stream = this.streams.get(key);
    if (!stream) return;
    stream.subscribers.delete(sub);
    if (stream.subscribers.size === 0) this.streams.delete(key);
  }

  /** Starts the read loop, or interrupts its blocking XREAD so it picks up new streams. */
  private kick(): void {
    if (this.closed) {
      this.wake?.();
      return;
    }
    this.loop ??= this.run();
    this.wake?.();
    if (this.canUnblock && this.blocked && this.readerId !== null) {
      this.control.client('UNBLOCK', this.readerId).catch(this.onError);
    }
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const active = [...this.streams].filter(([, s]) => s.position !== null);
      if (active.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        await this.readOnce(active);
      } catch (error) {
        if (this.closed) return;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async readOnce(active: [string, WatchedStream][]): Promise<void> {
    if (this.canUnblock) this.readerId ??= await this.reader.client('ID');
    const keys = active.map(([key]) => key);
    const ids = active.map(([, s]) => s.position as string);
    this.blocked = true;
    let reply: [string, StreamEntry[]][] | null;
    try {
      reply = await this.reader.xread(
        'COUNT',
        PAGE,
        'BLOCK',
        this.blockMs,
        'STREAMS',
        ...keys,
        ...ids,
      );
    } finally {
      this.blocked = false;
    }
    for (const [key, entries] of reply ?? []) this.dispatch(key, entries);
  }

  private dispatch(key: string, entries: StreamEntry[]): void {
    const stream = this.streams.get(key);
    if (!stream || entries.length === 0) return;
    stream.position = entries[entries.length - 1][0];
    for (const entry of entries) {
      const event = decodeEntry(entry);
      if (!event) continue;
      for (const sub of stream.subscribers) this.deliver(sub, event);
    }
  }
}
