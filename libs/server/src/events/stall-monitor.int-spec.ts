import { randomBytes, randomUUID } from 'node:crypto';
import { NO_JOB_EVENTS } from '@remote-ocr/ocr-core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EventKeys } from './event-keys.js';
import { StallMonitor, type LiveState } from './stall-monitor.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('StallMonitor on a real Redis and BullMQ queue', () => {
  const prefix = `stall-spec-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let queue: Queue;
  let monitor: StallMonitor;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    queue = new Queue('ocr-jobs', { connection: { url: REDIS_URL }, prefix });
    const queueKeys = {
      lock: (id: string) => `${queue.toKey(id)}:lock`,
      wait: () => queue.toKey('wait'),
      active: () => queue.toKey('active'),
    };
    const jobs = { get: () => Promise.resolve(null) };
    monitor = new StallMonitor(
      redis,
      new EventKeys(prefix),
      queueKeys,
      NO_JOB_EVENTS,
      jobs,
      60_000,
    );
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const stale = await redis.keys(`${prefix}:*`);
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
  });

  it('numbers waiting jobs in the order workers will take them', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await queue.add('ocr', { jobId: id }, { jobId: id });
    const positions = await Promise.all(ids.map((id) => monitor.queuePosition(id)));
    expect(positions).toEqual([1, 2, 3]);
    expect(await monitor.queuePosition(randomUUID())).toBeNull();
    // No finished run yet: no estimate.
    expect(await monitor.estimatedStart(2)).toBeNull();
    await redis.set(new EventKeys(prefix).averageRun(), '60000');
    const now = Date.now();
    expect((await monitor.estimatedStart(3, now))?.getTime()).toBe(now + 2 * 60_000);
  });

  it('calls a held job stalled without its lock, or without progress for too long', () => {
    const alive: LiveState = {
      worker: 'host:1',
      clientId: 'c',
      heartbeatAt: 1_000_000,
      progressAt: 1_000_000,
      hasLock: true,
      marker: null,
    };
    expect(monitor.reason(alive, 1_000_000 + 59_000)).toBeNull();
    expect(monitor.reason({ ...alive, hasLock: false }, 1_000_000)).toBe(
      'no live worker lock (last held by host:1)',
    );
    expect(monitor.reason(alive, 1_000_000 + 61_000)).toBe('no progress for 61 s');
    expect(monitor.reason({ ...alive, worker: null, hasLock: false }, 1_000_000)).toBeNull();
  });

  it("leaves a takeover to the new worker's claim: no recovery in the dead worker's name", () => {
    const lost = { reason: 'no live worker lock (last held by host:1)', worker: 'host:1' };
    const running: LiveState = {
      worker: 'host:1',
      clientId: 'c',
      heartbeatAt: 1_000_000,
      progressAt: 1_000_000,
      hasLock: true,
      marker: lost,
    };
    // The lock is back but the record still names host:1: host:2 has not claimed it yet.
    expect(monitor.recovered(running, 1_000_000)).toBe(false);
    expect(monitor.recovered({ ...running, worker: 'host:2' }, 1_000_000)).toBe(true);
    expect(monitor.recovered({ ...running, hasLock: false }, 1_000_000)).toBe(false);
    // A quiet job that moves again recovers under the same worker.
    const quiet = { reason: 'no progress for 61 s', worker: 'host:1' };
    expect(monitor.recovered({ ...running, marker: quiet }, 1_000_000)).toBe(true);
    expect(monitor.recovered({ ...running, marker: null }, 1_000_000)).toBe(false);
  });
});
