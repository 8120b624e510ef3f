/** One parsed server-sent event. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

/**
 * Reads a `text/event-stream` response over fetch, the way EventSource does (without its
 * automatic reconnect, so tests decide when and where to reconnect).
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  pings = 0;
  status = 0;
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  /** Resolves when the server ends the response (or the connection breaks). */
  ended!: Promise<'ended' | 'broken'>;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const reader = new SseReader();
    const res = await fetch(url, { headers, signal: reader.abort.signal });
    reader.status = res.status;
    if (res.status !== 200 || !res.body) {
      reader.body = await res.text();
      reader.ended = Promise.resolve('ended');
      return reader;
    }
    reader.ended = reader.consume(res.body);
    return reader;
  }

  body = '';

  get lastId(): string | null {
    return this.events.findLast((e) => e.id !== null)?.id ?? null;
  }

  close(): void {
    this.abort.abort();
  }

  /** Waits until an event matching `accept` has arrived (or fails after `timeoutMs`). */
  async waitFor(accept: (e: SseEvent) => boolean, timeoutMs = 60_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(accept);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.events.map((e) => e.event).join(',');
        throw new Error(`no matching event in ${timeoutMs} ms; got: ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<'ended' | 'broken'> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      return 'ended';
    } catch {
      return 'broken';
    } finally {
      this.notify();
    }
  }

  private parse(frame: string): void {
    if (frame.startsWith(':')) {
      this.pings++;
      return;
    }
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      const colon = line.indexOf(': ');
      const [field, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 2)];
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return; // `retry:` frames
    this.events.push({ id, event, data: JSON.parse(data.join('\n')) });
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
