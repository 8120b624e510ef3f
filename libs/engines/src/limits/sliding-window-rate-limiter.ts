import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { abortableSleep } from '../http/abortable-sleep.js';

/** Settings of a request-start rate limit shared through Redis. */
export interface RateLimitOptions {
  /** Redis key prefix of this limit (e.g. `remote-ocr:limits:engine:datalab`). */
  key: string;
  /** Most starts in any window. */
  limit: number;
  /** Window length, ms. Default 60 000 (per-minute limits; tests scale it down). */
  windowMs?: number;
  /**
   * Safety margin added to the window, ms. Default 1 % of the window (600 ms per minute): the
   * upstream counts arrivals, which lag our grant by a varying network delay.
   */
  marginMs?: number;
  /**
   * Spread starts evenly, at least (window + margin) / limit apart, instead of letting `limit`
   * start at once then waiting a whole window. Default true.
   */
  smooth?: boolean;
}

// One atomic step on Redis's own clock (TIME), so processes on hosts with skewed clocks agree:
// forget starts older than the window; refuse when `limit` starts remain in (now - window, now]
// or, when smoothing, when the last start is less than `spacing` ago; else record this start.
// Returns {1, 0} when granted, {0, ms to wait} when refused.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local spacing = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local wait = 0
if spacing > 0 then
  local last = tonumber(redis.call('GET', KEYS[2]))
  if last and last + spacing > now then wait = last + spacing - now end
end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local free = tonumber(oldest[2]) + window - now
  if free > wait then wait = free end
end
if wait > 0 then return {0, math.ceil(wait)} end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
if spacing > 0 then redis.call('SET', KEYS[2], tostring(now), 'PX', math.ceil(window)) end
return {1, 0}
`;

/**
 * "At most `limit` request starts in any window", held in Redis for every process together: a
 * sliding log of start times (a sorted set), optionally with even spacing. Why not
 * rate-limiter-flexible: its Redis limiters count per fixed window, which lets 2 × limit through
 * around a window boundary. Proof of the bound: every grant happens inside the script, which
 * admits a start only while fewer than `limit` earlier starts lie in (now − W, now]; so for any
 * half-open span [a, a + W) the last start in it saw all the others in its log and at most
 * `limit` starts lie in it (W = window + margin ≥ window). Spacing alone gives the same bound:
 * k starts ≥ W/limit apart span ≥ (k − 1)·W/limit, which is < W only for k ≤ limit.
 */
export class SlidingWindowRateLimiter {
  private readonly window: number;
  private readonly spacing: number;
  private sha?: string;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RateLimitOptions,
  ) {
    if (!(options.limit >= 1)) throw new RangeError('rate limit must be at least 1');
    const windowMs = options.windowMs ?? 60_000;
    this.window = windowMs + (options.marginMs ?? windowMs / 100);
    this.spacing = options.smooth === false ? 0 : this.window / options.limit;
  }

  /** Tries to record one start now; returns 0 when granted, else the ms to wait before retrying. */
  async tryTake(): Promise<number> {
    const keys = [`${this.options.key}:starts`, `${this.options.key}:last`];
    const args = [this.options.limit, this.window, this.spacing, randomUUID()];
    const [granted, wait] = (await this.evalScript(keys, args)) as [number, number];
    return granted === 1 ? 0 : Math.max(1, wait);
  }

  /** Waits until a start is granted; rejects as `aborted` when `signal` aborts, or after `deadline`. */
  async take(
    engine: string,
    signal?: AbortSignal,
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<boolean> {
    for (;;) {
      const wait = await this.tryTake();
      if (wait === 0) return true;
      if (Date.now() + wait > deadline) return false;
      await abortableSleep(wait, engine, signal);
    }
  }

  private async evalScript(keys: string[], args: Array<string | number>): Promise<unknown> {
    if (this.sha) {
      try {
        return await this.redis.evalsha(this.sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!String(err).includes('NOSCRIPT')) throw err;
      }
    }
    this.sha = (await this.redis.script('LOAD', SCRIPT)) as string;
    return this.redis.evalsha(this.sha, keys.length, ...keys, ...args);
  }
}
