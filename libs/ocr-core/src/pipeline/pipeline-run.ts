import PQueue from 'p-queue';
import { cancellationError } from './cancellation.js';
import type { ResendBudget } from './strip-bisection.js';

/**
 * Run-wide control of engine work: a bounded queue (p-queue: `concurrency` calls in flight, at
 * most `readAhead` prepared calls waiting), the first fatal error, and one signal that aborts on
 * either the caller's signal or a fatal error, so every in-flight call stops together.
 */
export class PipelineRun {
  readonly signal: AbortSignal;
  engineCalls = 0;
  /** Re-sends of strips whose answers could not be split with certainty (set by the strip stage). */
  readonly resends: ResendBudget = { left: 0, used: 0 };
  private readonly queue: PQueue;
  private readonly internal = new AbortController();
  private fatalError: Error | undefined;

  /** Calls running or waiting at most: `concurrency + readAhead`. */
  private readonly outstandingLimit: number;

  constructor(
    private readonly external: AbortSignal | undefined,
    concurrency: number,
    readAhead: number,
  ) {
    this.queue = new PQueue({ concurrency });
    this.outstandingLimit = concurrency + readAhead;
    this.signal = external
      ? AbortSignal.any([external, this.internal.signal])
      : this.internal.signal;
  }

  /** Records the first fatal error (cancellation included) and stops all remaining work. */
  fail(error: unknown): void {
    if (this.fatalError !== undefined) return;
    this.fatalError = this.external?.aborted
      ? cancellationError(this.external)
      : error instanceof Error
        ? error
        : new Error(String(error));
    this.queue.clear();
    this.internal.abort(error);
  }

  /** Throws the fatal error, or the cancellation error once the caller's signal aborted. */
  throwIfStopped(): void {
    if (this.fatalError !== undefined) throw this.fatalError;
    if (this.signal.aborted) throw cancellationError(this.external);
  }

  /** Waits until another prepared call may queue (bounded read-ahead keeps memory flat). */
  async whenRoom(): Promise<void> {
    while (this.queue.size + this.queue.pending >= this.outstandingLimit) {
      this.throwIfStopped();
      await new Promise((resolve) => this.queue.once('next', resolve));
    }
    this.throwIfStopped();
  }

  /** Queues engine work; its failure becomes the run's fatal error. */
  enqueue(task: () => Promise<void>): void {
    const guarded = async (): Promise<void> => {
      this.throwIfStopped();
      await task();
    };
    this.queue.add(guarded).catch((error: unknown) => this.fail(error));
  }

  /** Waits for all queued work, then throws if anything was fatal. */
  async settle(): Promise<void> {
    await this.queue.onIdle();
    this.throwIfStopped();
  }

  /** After a failure: drops waiting work and waits for in-flight calls to unwind. */
  async drain(): Promise<void> {
    this.queue.clear();
    await this.queue.onIdle();
  }
}
