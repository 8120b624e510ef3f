import type { OcrEngine, OcrRequest, OcrResult } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import type { EngineLimiter } from './redis-engine-limiter.js';
import { withRetries, type RetryOptions } from './retry.js';

export interface LimitedEngineOptions {
  /** Shared limits (e.g. RedisEngineLimiter); none = retries only. */
  limiter?: EngineLimiter;
  retry?: RetryOptions;
}

/**
 * Decorates any OcrEngine with shared limits and retries, so the pipeline just sees an OcrEngine.
 * Each attempt takes a slot (concurrency + start rate), runs one call and gives the slot back,
 * also while backing off; a retry therefore counts as a new start, as the upstream sees it. The
 * caller's abort ends waiting, the call and backoff at once and is never retried.
 */
export class LimitedEngine implements OcrEngine {
  readonly name: string;
  readonly maxStripHeight?: number;
  readonly needsBlockCrops?: boolean;

  constructor(
    private readonly inner: OcrEngine,
    private readonly options: LimitedEngineOptions = {},
  ) {
    this.name = inner.name;
    this.maxStripHeight = inner.maxStripHeight;
    this.needsBlockCrops = inner.needsBlockCrops;
  }

  recognize(request: OcrRequest): Promise<OcrResult> {
    return withRetries(() => this.attempt(request), {
      ...this.options.retry,
      engine: this.name,
      signal: request.signal,
    });
  }

  private async attempt(request: OcrRequest): Promise<OcrResult> {
    const slot = await this.options.limiter?.acquire(request.signal);
    if (!slot) return this.inner.recognize(request);
    const signal = request.signal ? AbortSignal.any([request.signal, slot.lost]) : slot.lost;
    try {
      return await this.inner.recognize({ ...request, signal });
    } catch (err) {
      // our lease expired mid-call: the inner engine saw an abort, but the caller did not ask for one
      if (slot.lost.aborted && !request.signal?.aborted) throw slot.lost.reason as EngineError;
      throw err;
    } finally {
      await slot.release();
    }
  }
}
