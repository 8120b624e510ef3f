import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { WEBHOOK_QUEUE, type JobEventInput } from '@remote-ocr/contracts';
import {
  createPostgresJobStore,
  PostgresWebhookRepository,
  type JobStore,
} from '@remote-ocr/storage';
import { createTestDatabase } from '@remote-ocr/storage/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EventKeys } from '../events/event-keys.js';
import { RedisJobEventPublisher, jobEvent } from '../events/redis-job-event-publisher.js';
import type { StreamEntry } from '../events/stream-entries.js';
import { WEBHOOK_CONSUMER_GROUP, WebhookDispatcher } from './webhook-dispatcher.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The dispatcher on a real Redis stream and a migrated Postgres database. */
describe('WebhookDispatcher', () => {
  const prefix = `webhook-dispatch-${randomBytes(4).toString('hex')}`;
  const keys = new EventKeys(prefix);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: JobStore;
  let repository: PostgresWebhookRepository;
  let redis: Redis;
  let queue: Queue;
  let publisher: RedisJobEventPublisher;
  const errors: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('webhooks');
    store = createPostgresJobStore({ connectionString: db.url });
    repository = new PostgresWebhookRepository(db.url);
    redis = new Redis(REDIS_URL);
    queue = new Queue(WEBHOOK_QUEUE, { connection: { url: REDIS_URL }, prefix });
    publisher = new RedisJobEventPublisher(redis, keys, { maxLen: 1000, ttlSeconds: 600 }, (e) =>
      errors.push(e),
    );
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const stale = await redis.keys(`${prefix}:*`);
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
    await repository.close();
    await store.close();
    await db.drop();
  });

  function dispatcher(consumer: string): WebhookDispatcher {
    const settings = { consumer, scheduleLength: 3, claimIdleMs: 0, blockMs: 100 };
    return new WebhookDispatcher(redis, keys, repository, queue, settings, (e) => errors.push(e));
  }

  async function newJob(callback: boolean): Promise<string> {
    const id = randomUUID();
    await store.jobs.create({
      id,
      clientId: 'c',
      documentId: 'd'.repeat(64),
      documentName: 'a.pdf',
      taskName: '',
      status: 'queued',
      engine: 'local',
      r2Prefix: `ocr_jobs/${id}`,
    });
    if (callback) {
      await repository.setJobCallback({
        jobId: id,
        url: 'https://hooks.example.com/x',
        secret: 's',
      });
    }
    return id;
  }

  async function publish(event: JobEventInput): Promise<StreamEntry> {
    const id = await publisher.publish(event);
    const entries = (await redis.xrange(keys.all(), id!, id!)) as StreamEntry[];
    return entries[0];
  }

  const done = (id: string) =>
    jobEvent(
      'done',
      { id, clientId: 'c' },
      {
        status: 'done',
        progress: 1,
        blocks_total: 1,
        blocks_done: 1,
        blocks_failed: 0,
        error_message: null,
      },
    );

  it('queues one delivery per webhook event, even when an entry is handled twice', async () => {
    const jobId = await newJob(true);
    const entry = await publish(done(jobId));
    const progress = await publish(
      jobEvent(
        'progress',
        { id: jobId, clientId: 'c' },
        {
          progress: 0.5,
          blocks_total: 2,
          blocks_done: 1,
          blocks_failed: 0,
          eta_seconds: null,
          stage: 'ocr',
        },
      ),
    );
    const a = dispatcher('a');
    await a.handle(entry);
    await a.handle(progress);
    // A second dispatcher redoing the same entry (the first died before its XACK).
    await dispatcher('b').handle(entry);

    const deliveries = await repository.listDeliveries(jobId);
    expect(deliveries.map((d) => [d.id, d.event, d.status])).toEqual([
      [`msg_${entry[0].replace('-', '_')}`, 'job.done', 'pending'],
    ]);
    const queued = await queue.getJob(deliveries[0].id);
    expect(queued?.data).toMatchObject({
      url: 'https://hooks.example.com/x',
      signer: `job:${jobId}`,
    });
    expect(JSON.parse(deliveries[0].body)).toMatchObject({
      type: 'job.done',
      data: { job_id: jobId },
    });
    expect(await queue.count()).toBe(1);
  });

  it('reads through its consumer group, takes over what a dead one left, skips jobs without a callback', async () => {
    const withHook = await newJob(true);
    const without = await newJob(false);
    await redis.del(keys.all());
    await publish(done(without));
    await publish(done(withHook));
    // The dead dispatcher read both entries (they are pending on it) and never acknowledged them.
    await redis.xgroup('CREATE', keys.all(), WEBHOOK_CONSUMER_GROUP, '0', 'MKSTREAM');
    await redis.xreadgroup('GROUP', WEBHOOK_CONSUMER_GROUP, 'dead', 'STREAMS', keys.all(), '>');
    const live = dispatcher('live');
    const loop = live.run();
    await waitUntil(async () => (await repository.listDeliveries(withHook)).length === 1);
    await waitUntil(async () => pendingCount().then((n) => n === 0));
    live.stop();
    await loop;
    expect(await repository.listDeliveries(without)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("acknowledges a read's entries with one XACK, events without a webhook included", async () => {
    const jobId = await newJob(true);
    await redis.del(keys.all());
    await redis.xgroup('CREATE', keys.all(), WEBHOOK_CONSUMER_GROUP, '0', 'MKSTREAM');
    const block = (n: number) =>
      jobEvent(
        'block',
        { id: jobId, clientId: 'c' },
        { block_id: `b${n}`, part: 0, status: 'done', text_length: 1 },
      );
    await Promise.all(Array.from({ length: 40 }, (_, n) => publisher.publish(block(n))));
    await publish(done(jobId));
    const xack = jest.spyOn(redis, 'xack');
    const live = dispatcher('batch');
    const loop = live.run();
    await waitUntil(async () => (await repository.listDeliveries(jobId)).length === 1);
    await waitUntil(async () => pendingCount().then((n) => n === 0));
    live.stop();
    await loop;
    expect(xack).toHaveBeenCalledTimes(1);
    expect(xack.mock.calls[0]).toHaveLength(2 + 41);
    xack.mockRestore();
    expect(errors).toEqual([]);
  });

  async function pendingCount(): Promise<number> {
    const [count] = (await redis.xpending(keys.all(), WEBHOOK_CONSUMER_GROUP)) as [number];
    return count;
  }
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
