import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { JobEvent } from '@remote-ocr/contracts';
import { Redis } from 'ioredis';
import { EventKeys } from './event-keys.js';
import { JobEventHub } from './job-event-hub.js';
import { RedisJobEventPublisher, jobEvent } from './redis-job-event-publisher.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const job = { id: '11111111-1111-4111-8111-111111111111', clientId: 'hub-spec' };

describe('JobEventHub on a real Redis', () => {
  const prefix = `hub-spec-${randomBytes(4).toString('hex')}`;
  const keys = new EventKeys(prefix);
  let redis: Redis;
  let reader: Redis;
  let hub: JobEventHub;
  let publisher: RedisJobEventPublisher;
  const errors: unknown[] = [];

  const publish = (n: number) =>
    publisher.publish(
      jobEvent('progress', job, {
        progress: n / 1000,
        blocks_total: 1000,
        blocks_done: n,
        blocks_failed: 0,
        eta_seconds: null,
        stage: 'ocr',
      }),
    );
  const allIds = async (key: string) =>
    ((await redis.xrange(key, '-', '+')) as [string, string[]][]).map(([id]) => id);

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    reader = new Redis(REDIS_URL);
    hub = new JobEventHub(reader, redis, (e) => errors.push(e), 500);
    publisher = new RedisJobEventPublisher(redis, keys, { maxLen: 5000, ttlSeconds: 60 }, (e) =>
      errors.push(e),
    );
  });

  afterAll(async () => {
    await hub.close();
    const stale = await redis.keys(`${prefix}:*`);
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
  });

  it('gives every subscriber the exact suffix after its cursor while events keep coming', async () => {
    const key = keys.job(job.id);
    for (let n = 0; n < 20; n++) await publish(n);
    const seen: JobEvent[][] = [];
    const cursors: string[] = [];
    const unsubscribes: Array<() => void> = [];
    const writer = (async () => {
      for (let n = 20; n < 220; n++) await publish(n);
    })();
    for (let i = 0; i < 12; i++) {
      const ids = await allIds(key);
      const cursor = i % 3 === 0 ? '0-0' : ids[Math.floor(ids.length / 2)];
      const got: JobEvent[] = [];
      seen.push(got);
      cursors.push(cursor);
      unsubscribes.push(await hub.subscribe(key, cursor, (e) => got.push(e)));
      await new Promise((r) => setTimeout(r, 5));
    }
    await writer;
    const ids = await allIds(key);
    await waitUntil(() => seen.every((got) => got.at(-1)?.id === ids.at(-1)));
    seen.forEach((got, i) => {
      const from = cursors[i] === '0-0' ? 0 : ids.indexOf(cursors[i]) + 1;
      expect(got.map((e) => e.id)).toEqual(ids.slice(from));
    });
    expect(seen[0]?.[0]).toMatchObject({ name: 'progress', data: { job_id: job.id } });
    for (const unsubscribe of unsubscribes) unsubscribe();
    expect(hub.watched().has(key)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('stops delivering after unsubscribe, and the stream is capped and expires', async () => {
    const key = keys.client(job.clientId);
    const got: JobEvent[] = [];
    const unsubscribe = await hub.subscribe(key, await hub.lastId(key), (e) => got.push(e));
    await publish(1);
    await waitUntil(() => got.length === 1);
    unsubscribe();
    await publish(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(1);
    expect(await redis.ttl(key)).toBeGreaterThan(0);

    const capped = new RedisJobEventPublisher(redis, keys, { maxLen: 10, ttlSeconds: 60 }, (e) =>
      errors.push(e),
    );
    const other = { id: '22222222-2222-4222-8222-222222222222', clientId: 'capped' };
    for (let n = 0; n < 400; n++)
      await capped.publish(jobEvent('status', other, { status: 'processing', progress: 0 }));
    // Approximate trimming drops whole stream nodes (100 entries by default).
    expect(await redis.xlen(keys.job(other.id))).toBeLessThan(400);
  });

  it('writes events published in one turn as one MULTI, in order, each with its own id', async () => {
    const multi = jest.spyOn(redis, 'multi');
    const ids = await Promise.all(Array.from({ length: 30 }, (_, n) => publish(1000 + n)));
    expect(multi).toHaveBeenCalledTimes(1);
    multi.mockRestore();
    expect(new Set(ids).size).toBe(30);
    const stored = (await redis.xrange(keys.job(job.id), ids[0]!, ids[29]!)) as [
      string,
      string[],
    ][];
    expect(stored.map(([id]) => id)).toEqual(ids);
    const done = stored.map(([, fields]) => JSON.parse(fields[1]).data.blocks_done);
    expect(done).toEqual(Array.from({ length: 30 }, (_, n) => 1000 + n));
    for (const key of [keys.client(job.clientId), keys.all()]) {
      expect((await allIds(key)).slice(-30)).toHaveLength(30);
      expect(await redis.ttl(key)).toBeGreaterThan(0);
    }
  });

  it('resolves every event of a batch to null and reports each when Redis refuses it', async () => {
    const broken = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    broken.disconnect();
    const failures: unknown[] = [];
    const down = new RedisJobEventPublisher(broken, keys, { maxLen: 10, ttlSeconds: 60 }, (e) =>
      failures.push(e),
    );
    const ids = await Promise.all(
      [1, 2, 3].map(() =>
        down.publish(jobEvent('status', job, { status: 'processing', progress: 0 })),
      ),
    );
    expect(ids).toEqual([null, null, null]);
    expect(failures).toHaveLength(3);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
