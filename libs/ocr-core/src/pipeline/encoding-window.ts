import PQueue from 'p-queue';

/**
 * At most `limit` strips composed and encoded at once (`submitStrip` in strip-stage.ts). A strip
 * being encoded holds its crops' pixels and the filtered rows waiting for zlib; with only the
 * engine queue's bound (`concurrency + readAhead` strips), a fast engine let up to six strips of
 * the 352-page book deflate at once and the worker's RSS rose with them (docs/rendering.md,
 * "Memory"). Two keep one strip's last deflate overlapping the next strip's composing.
 */
export class EncodingWindow {
  private readonly queue: PQueue;

  constructor(limit: number) {
    this.queue = new PQueue({ concurrency: limit });
  }

  /**
   * Queues `encode` and resolves once it has started (so the caller waits while `limit` strips are
   * being encoded); `done` settles with `encode`'s own result.
   */
  async start<T>(encode: () => Promise<T>): Promise<{ done: Promise<T> }> {
    const done = this.queue.add(encode);
    done.catch(() => undefined); // handled by whoever awaits `done`
    await this.queue.onSizeLessThan(1);
    return { done };
  }

  /** Strips being encoded now. */
  get running(): number {
    return this.queue.pending;
  }
}
