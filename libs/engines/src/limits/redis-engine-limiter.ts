import type { Cluster, Redis } from 'ioredis';
import { TimeoutError } from 'redis-semaphore';
import { EngineError } from '../errors/engine-error.js';
import { abortedError } from '../http/http-call.js';
import { SafeSemaphore } from './safe-semaphore.js';
import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter.js';

/** A held permission to run one engine call. */
export interface EngineSlot {
  /** Aborts if the slot's lease was lost (then another caller may hold it): stop the call. */
  readonly lost: AbortSignal;
  /** Gives the slot back; never throws (an unreleased lease expires by itself). */
  release(): Promise<void>;
}

/** Grants engine calls under some limit. */
export interface EngineLimiter {
  /** Waits for a slot; rejects as `aborted` on abort, leaving nothing held. */
  acquire(signal?: AbortSignal): Promise<EngineSlot>;
}

/** Limits of one engine, shared by every process using the same Redis and prefix. */
export interface RedisEngineLimiterOptions {
  /** Engine name: part of the Redis keys. */
  engine: string;
  /** Most calls in flight at once (e.g. DATALAB_MAX_CONCURRENT, default there 5). */
  maxConcurrent: number;
  /** Most call starts per window (e.g. DATALAB_MAX_RPM, default there 180). */
  maxPerWindow: number;
  /** Window of `maxPerWindow`, ms. Default 60 000; see RateLimitOptions for margin and smoothing. */
  windowMs?: number;
  marginMs?: number;
  smooth?: boolean;
  /** Redis key prefix. Default `remote-ocr:limits:`; tests use a unique one. */
  prefix?: string;
  /** Lease of a concurrency slot, ms; renewed every third of it while held. Default 30 000. */
  leaseMs?: number;
  /** Longest wait for a slot before `limiter_timeout`, ms. Default 600 000. */
  acquireTimeoutMs?: number;
  /** Poll interval while all slots are taken, ms. Default 50. */
  retryIntervalMs?: number;
}

/**
 * Concurrency (redis-semaphore: a sorted set of leases with TTL, renewed while held, so a crashed
 * holder's slot expires by itself) plus the start rate (SlidingWindowRateLimiter), both in Redis.
 * The slot is taken first and the start token second, immediately before the call: taking the
 * token first and then queueing for a slot would let starts bunch up past the rate limit.
 * Lease timestamps come from each host's clock: keep hosts NTP-synced (skew ≪ lease).
 */
export class RedisEngineLimiter implements EngineLimiter {
  private readonly rate: SlidingWindowRateLimiter;
  private readonly key: string;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisEngineLimiterOptions,
  ) {
    this.key = `${options.prefix ?? 'remote-ocr:limits:'}engine:${options.engine}`;
    this.rate = new SlidingWindowRateLimiter(redis, {
      key: this.key,
      limit: options.maxPerWindow,
      windowMs: options.windowMs,
      marginMs: options.marginMs,
      smooth: options.smooth,
    });
  }

  async acquire(signal?: AbortSignal): Promise<EngineSlot> {
    const engine = this.options.engine;
    if (signal?.aborted) throw abortedError(engine, signal);
    const deadline = Date.now() + (this.options.acquireTimeoutMs ?? 600_000);
    const lost = new AbortController();
    const semaphore = this.semaphore(deadline, () =>
      lost.abort(new EngineError('lease_lost', `${engine}: concurrency lease lost`, { engine })),
    );
    await this.guard(() => semaphore.acquire(signal), signal);
    const release = async (): Promise<void> => {
      await semaphore.release().catch(() => undefined); // the lease expires anyway
    };
    try {
      const granted = await this.guard(() => this.rate.take(engine, signal, deadline), signal);
      if (!granted) throw this.timeoutError();
    } catch (err) {
      await release();
      throw err;
    }
    return { lost: lost.signal, release };
  }

  /** Redis sorted set holding the leases of calls in flight. */
  get inflightKey(): string {
    return SafeSemaphore.redisKey(`${this.key}:inflight`);
  }

  private semaphore(deadline: number, onLost: () => void): SafeSemaphore {
    const leaseMs = this.options.leaseMs ?? 30_000;
    return new SafeSemaphore(this.redis, `${this.key}:inflight`, this.options.maxConcurrent, {
      lockTimeout: leaseMs,
      refreshInterval: Math.round(leaseMs / 3),
      acquireTimeout: Math.max(0, deadline - Date.now()),
      retryInterval: this.options.retryIntervalMs ?? 50,
      onLockLost: onLost,
    });
  }

  /** Maps limiter failures to EngineErrors: abort → aborted, time out → limiter_timeout, Redis → network. */
  private async guard<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const engine = this.options.engine;
      if (signal?.aborted) throw abortedError(engine, signal);
      if (err instanceof EngineError) throw err;
      if (err instanceof TimeoutError) throw this.timeoutError();
      throw new EngineError('network', `${engine}: limiter unavailable (${String(err)})`, {
        engine,
        cause: err,
      });
    }
  }

  private timeoutError(): EngineError {
    const engine = this.options.engine;
    return new EngineError('limiter_timeout', `${engine}: no free slot within the wait limit`, {
      engine,
    });
  }
}
