import { randomBytes, randomUUID } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { FairQueue, FAIR_INFLIGHT_STALE_MS, type FairSharingConfig } from './fair-queue.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('FairQueue on a real Redis and BullMQ queue', () => {
  const prefix = `fair-spec-issue-20b-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let queue: Queue;
  const runnable = new Set<string>();
  const open = (config: Partial<FairSharingConfig> = {}) =>
    new FairQueue(
      queue,
      redis,
      { enabled: true, lookahead: 1, weights: new Map(), ...config },
      (id) => Promise.resolve(!runnable.has(`gone:${id}`)),
    );

  /** What a worker does: takes the oldest waiting entry; the order they were handed over. */
  async function drain(fair: FairQueue): Promise<string[]> {
    const taken: string[] = [];
    for (;;) {
      await fair.fill();
      const [next] = (await queue.getJobs(['wait'], 0, 0, true)) as Job[];
      if (!next) return taken;
      taken.push(next.id!);
      await next.remove();
    }
  }

  const fairKeysLeft = async () => (await redis.keys(`${prefix}:*fair*`)).sort();

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    queue = new Queue('ocr-jobs', { connection: { url: REDIS_URL }, prefix });
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    const stale = await redis.keys(`${prefix}:*`);
    if (stale.length > 0) await redis.del(...stale);
  });

  afterAll(async () => {
    await queue.close();
    redis.disconnect();
  });

  it('starts B before the third of A’s jobs that follow it, after A queued 80', async () => {
    const fair = open();
    const a = Array.from({ length: 80 }, () => randomUUID());
    for (const id of a) await fair.enqueue({ id, clientId: 'A' });
    const b = randomUUID();
    expect(await fair.enqueue({ id: b, clientId: 'B' })).toBe('added');
    // A's first job is already in the BullMQ queue; B is next in line, before A's second.
    expect(await queue.getWaitingCount()).toBe(1);
    expect(await fair.position(b)).toBe(2);
    expect(await fair.position(a[1])).toBe(3);
    const order = await drain(fair);
    expect(order).toHaveLength(81);
    expect(order.slice(0, 3)).toEqual([a[0], b, a[1]]);
    // FIFO inside one client.
    expect(order.filter((id) => id !== b)).toEqual(a);
  });

  it('takes clients round-robin, in proportion to their weights', async () => {
    const fair = open({ weights: new Map([['heavy', 3]]) });
    const owner = new Map<string, string>();
    for (let i = 0; i < 20; i++)
      for (const client of ['light', 'heavy', 'other']) {
        const id = randomUUID();
        owner.set(id, client);
        await fair.enqueue({ id, clientId: client });
      }
    const first = (await drain(fair)).slice(0, 25).map((id) => owner.get(id));
    const count = (c: string) => first.filter((x) => x === c).length;
    // 3 : 1 : 1 → 15 : 5 : 5 of the first 25 (±1 for where the round is cut).
    expect(count('heavy')).toBeGreaterThanOrEqual(14);
    expect(count('light')).toBeGreaterThanOrEqual(4);
    expect(count('other')).toBeGreaterThanOrEqual(4);
  });

  it('keeps a fixed set of keys, and forgets idle clients once the clock passes them', async () => {
    const fair = open();
    for (let c = 0; c < 30; c++)
      for (let i = 0; i < 3; i++) await fair.enqueue({ id: randomUUID(), clientId: `c${c}` });
    const names = async () => (await fairKeysLeft()).map((k) => k.slice(prefix.length));
    const fixed = ['clock', 'count', 'idle', 'jobs', 'last', 'order', 'inflight'];
    expect(fixed.map((n) => `:ocr-jobs:fair:${n}`)).toEqual(expect.arrayContaining(await names()));
    expect((await fair.waitingByClient()).size).toBe(30);
    await drain(fair);
    expect((await fair.waitingByClient()).size).toBe(0);
    expect(await redis.exists(fair.keys.order, fair.keys.jobs, fair.keys.count)).toBe(0);
    // Two more jobs of one client move the clock past the others' last turn: their fields go.
    for (let i = 0; i < 2; i++) {
      await fair.enqueue({ id: randomUUID(), clientId: 'late' });
      await drain(fair);
    }
    expect(await redis.hkeys(fair.keys.last)).toEqual(['late']);
    expect(await redis.zrange(fair.keys.idle, '0', '-1')).toEqual(['late']);
  });

  it('lets a newcomer pass a client whose jobs are taken as fast as it submits them', async () => {
    const fair = open({ lookahead: 2 });
    const a = Array.from({ length: 6 }, () => randomUUID());
    // A's first two go straight to BullMQ, so A has nothing waiting in between.
    for (const id of a) await fair.enqueue({ id, clientId: 'A' });
    const b = randomUUID();
    await fair.enqueue({ id: b, clientId: 'B' });
    expect(await fair.position(b)).toBe(3);
    expect((await drain(fair)).slice(0, 4)).toEqual([a[0], a[1], b, a[2]]);
  });

  it('never queues a job twice, and dequeue removes a waiting one', async () => {
    const fair = open();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await fair.enqueue({ id: first, clientId: 'x' })).toBe('added');
    expect(await fair.enqueue({ id: first, clientId: 'x' })).toBe('already-waiting');
    await fair.enqueue({ id: second, clientId: 'x' });
    expect(await fair.enqueue({ id: second, clientId: 'x' })).toBe('already-waiting');
    await fair.enqueue({ id: third, clientId: 'x' });
    expect(await fair.dequeue(second)).toBe(true);
    expect(await fair.position(second)).toBeNull();
    expect(await fair.depth()).toBe(2);
    expect(await drain(fair)).toEqual([first, third]);
    expect(await redis.exists(fair.keys.order, fair.keys.jobs, fair.keys.count)).toBe(0);
  });

  it('drops a job that is no longer queued in the database when its turn comes', async () => {
    const fair = open();
    const [kept, gone, after] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [kept, gone, after]) await fair.enqueue({ id, clientId: 'x' });
    runnable.add(`gone:${gone}`);
    expect(await drain(fair)).toEqual([kept, after]);
  });

  it('lets a job taken by a dispatcher that died be queued again, only once stale', async () => {
    const fair = open({ lookahead: 5 });
    const id = randomUUID();
    // A dispatcher took the job from the order and died before BullMQ had it.
    await redis.zadd(fair.keys.inflight, Date.now(), id);
    expect(await fair.enqueue({ id, clientId: 'x' })).toBe('already-waiting');
    await redis.zadd(fair.keys.inflight, Date.now() - FAIR_INFLIGHT_STALE_MS - 1, id);
    expect(await fair.enqueue({ id, clientId: 'x' })).toBe('added');
    expect(await queue.getJobState(id)).toBe('waiting');
  });

  it('never overfills the BullMQ queue when many processes fill at once', async () => {
    const fairs = Array.from({ length: 6 }, () => open({ lookahead: 2 }));
    for (let i = 0; i < 30; i++)
      await fairs[0].enqueue({ id: randomUUID(), clientId: `c${i % 3}` });
    await redis.del(queue.toKey('wait'));
    const handed = await Promise.all(fairs.map((f) => f.fill()));
    expect(handed.reduce((s, n) => s + n, 0)).toBe(2);
    expect(await queue.getWaitingCount()).toBe(2);
  });

  it('goes straight to BullMQ when sharing is off', async () => {
    const fair = open({ enabled: false });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await fair.enqueue({ id, clientId: 'x' });
    expect(await queue.getWaitingCount()).toBe(3);
    expect(await fairKeysLeft()).toEqual([]);
  });
});
