// Tests may import the fakes of libs/testing (ARCHITECTURE.md); the tag rule has no spec exception yet.
import { busiestWindow, FakeOpenRouterServer, maxInFlight, runTsScript } from '@remote-ocr/testing';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { EngineError } from '../errors/engine-error.js';
import { RedisEngineLimiter, type RedisEngineLimiterOptions } from './redis-engine-limiter.js';
import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKER = fileURLToPath(new URL('./__fixtures__/pull-worker.ts', import.meta.url));

describe('Redis engine limits', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    prefix = `test:engines:${randomUUID()}:`;
  });
  afterEach(async () => {
    const keys = [
      ...(await redis.keys(`${prefix}*`)),
      ...(await redis.keys(`semaphore:${prefix}*`)),
    ];
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.quit());

  const limiter = (o: Partial<RedisEngineLimiterOptions> = {}): RedisEngineLimiter =>
    new RedisEngineLimiter(redis, {
      engine: 'fake',
      maxConcurrent: 1,
      maxPerWindow: 1000,
      prefix,
      ...o,
    });

  it('an abort while waiting for a slot rejects and leaves nothing held', async () => {
    const held = await limiter().acquire();
    expect(await redis.zcard(limiter().inflightKey)).toBe(1);
    const ac = new AbortController();
    const waiting = limiter().acquire(ac.signal);
    setTimeout(() => ac.abort(), 100);
    await expect(waiting).rejects.toMatchObject({ reason: 'aborted' });
    await held.release();
    expect(await redis.zcard(limiter().inflightKey)).toBe(0);
    const next = await limiter({ acquireTimeoutMs: 1000 }).acquire();
    await next.release();
  });

  it("a crashed holder's slot comes back when its lease expires", async () => {
    // what a process killed while holding a slot leaves behind: a lease nobody renews
    const key = limiter().inflightKey;
    await redis.zadd(key, String(Date.now()), 'crashed-holder');
    const slot = await limiter({ leaseMs: 300, acquireTimeoutMs: 5000 }).acquire();
    try {
      const holders = await redis.zrange(key, '0', '-1');
      expect(holders).toHaveLength(1);
      expect(holders).not.toContain('crashed-holder');
    } finally {
      await slot.release();
    }
  });

  it('times out with limiter_timeout when no slot frees up', async () => {
    const held = await limiter().acquire();
    const err = await limiter({ acquireTimeoutMs: 200 })
      .acquire()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).reason).toBe('limiter_timeout');
    await held.release();
  });

  it('the rate limit slides: no second burst right after a window boundary', async () => {
    const rate = new SlidingWindowRateLimiter(redis, {
      key: `${prefix}rate`,
      limit: 5,
      windowMs: 1000,
      marginMs: 0,
      smooth: false,
    });
    const first = await Promise.all(Array.from({ length: 5 }, () => rate.tryTake()));
    expect(first).toEqual([0, 0, 0, 0, 0]);
    await new Promise((r) => setTimeout(r, 600));
    // a fixed window starting at the boundary would grant again here
    expect(await rate.tryTake()).toBeGreaterThan(0);
  });

  it.each([
    [
      'bursting',
      { maxConcurrent: 3, maxPerWindow: 8, windowMs: 1500, marginMs: 100, smooth: false },
      120,
      24,
    ],
    [
      'smoothed',
      { maxConcurrent: 2, maxPerWindow: 10, windowMs: 1000, marginMs: 100, smooth: true },
      150,
      16,
    ],
  ])(
    'two worker processes together stay within concurrency and rate (%s)',
    async (_name, limits, latencyMs, total) => {
      const fake = await FakeOpenRouterServer.start({ latencyMs, answer: () => 'ok' });
      try {
        const queueKey = `${prefix}queue`;
        await redis.rpush(queueKey, ...Array.from({ length: total }, (_, i) => String(i)));
        const config = {
          redisUrl: REDIS_URL,
          queueKey,
          baseUrl: fake.url,
          parallel: 4,
          limits: { engine: 'fake', prefix, ...limits },
        };
        const runs = await Promise.all(
          [1, 2].map(() => runTsScript(WORKER, [JSON.stringify(config)])),
        );
        for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });
        const ok = runs.reduce((n, r) => n + (JSON.parse(r.stdout) as { ok: number }).ok, 0);
        expect(ok).toBe(total);

        const calls = fake.calls();
        expect(calls).toHaveLength(total);
        expect(maxInFlight(calls)).toBeLessThanOrEqual(limits.maxConcurrent);
        expect(busiestWindow(calls, limits.windowMs).count).toBeLessThanOrEqual(
          limits.maxPerWindow,
        );
      } finally {
        await fake.close();
      }
    },
    30_000,
  );
});
