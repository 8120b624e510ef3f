import { EngineError } from '../errors/engine-error.js';
import { abortableSleep } from '../http/abortable-sleep.js';

/** How failed engine calls are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** First backoff ceiling, ms; doubles each retry. Default 1000. */
  baseDelayMs?: number;
  /** Largest backoff ceiling, ms. Default 60 000. */
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the retries instead of waiting. Default 300 000. */
  maxRetryAfterMs?: number;
  /** Source of randomness in [0, 1) (tests make it deterministic). Default Math.random. */
  random?: () => number;
  /** Called before each wait, e.g. for logs and metrics. */
  onRetry?: (error: EngineError, attempt: number, delayMs: number) => void;
}

export const RETRY_DEFAULTS = {
  retries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 300_000,
} as const;

/**
 * The wait before retry number `attempt + 1`: the server's Retry-After when it sent one (undefined
 * when that exceeds `maxRetryAfterMs`: give up rather than hold a job for it), else "full jitter"
 * backoff — uniform in [0, min(maxDelay, base × 2^attempt)) — which spreads retries of many workers
 * instead of synchronising them.
 */
export function retryDelayMs(
  error: EngineError,
  attempt: number,
  options: RetryOptions = {},
): number | undefined {
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= (options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs)
      ? error.retryAfterMs
      : undefined;
  }
  const base = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const ceiling = Math.min(options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs, base * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Runs `fn`, retrying retryable EngineErrors with `retryDelayMs` waits; anything else (permanent
 * errors, `aborted`, non-engine errors) is thrown at once. The waits end early when `signal`
 * aborts. Written here rather than taken from p-retry: p-retry cannot take a per-error delay
 * (Retry-After) and its `randomize` is not full jitter.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions & { engine: string; signal?: AbortSignal },
): Promise<T> {
  const retries = options.retries ?? RETRY_DEFAULTS.retries;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!(err instanceof EngineError) || !err.retryable || attempt >= retries) throw err;
      if (options.signal?.aborted) throw err;
      const delay = retryDelayMs(err, attempt, options);
      if (delay === undefined) throw err;
      options.onRetry?.(err, attempt + 1, delay);
      await abortableSleep(delay, options.engine, options.signal);
    }
  }
}
