import { randomBytes, randomUUID } from 'node:crypto';
import { WEBHOOK_QUEUE, type JobEvent } from '@remote-ocr/contracts';
import {
  createPostgresJobStore,
  PostgresWebhookEndpointRepository,
  PostgresWebhookRepository,
  type JobStore,
} from '@remote-ocr/storage';
import { createTestDatabase } from '@remote-ocr/storage/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EventKeys } from '../events/event-keys.js';
import { deliverySigner, fanOutToEndpoints, type FanoutDeps } from './endpoint-fanout.js';
import { endpointSecrets } from './repository-delivery-store.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Operator endpoints' fan-out on real Redis, BullMQ and Postgres, with the dispatcher's clock
 * set by the test: which endpoints get an event, and the `job.progress` throttle.
 */
describe('fanOutToEndpoints', () => {
  const prefix = `webhook-fanout-issue17-${randomBytes(4).toString('hex')}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: JobStore;
  let deliveries: PostgresWebhookRepository;
  let endpoints: PostgresWebhookEndpointRepository;
  let redis: Redis;
  let queue: Queue;
  let clock = 0;
  let deps: FanoutDeps;

  beforeAll(async () => {
    db = await createTestDatabase('fanout');
    store = createPostgresJobStore({ connectionString: db.url });
    deliveries = new PostgresWebhookRepository(db.url);
    endpoints = new PostgresWebhookEndpointRepository(db.url);
    redis = new Redis(REDIS_URL);
    queue = new Queue(WEBHOOK_QUEUE, { connection: { url: REDIS_URL }, prefix });
    const keys = new EventKeys(prefix);
    deps = { redis, keys, deliveries, endpoints, queue, scheduleLength: 2, now: () => clock };
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const stale = await redis.keys(`${prefix}:*`);
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
    await Promise.all([deliveries.close(), endpoints.close(), store.close()]);
    await db.drop();
  });

  async function newJob(clientId: string): Promise<string> {
    const id = randomUUID();
    await store.jobs.create({
      id,
      clientId,
      documentId: 'd'.repeat(64),
      documentName: 'a.pdf',
      taskName: '',
      status: 'queued',
      engine: 'local',
      r2Prefix: `ocr_jobs/${id}`,
    });
    return id;
  }

  const settings = { url: 'https://hooks.example.com/p', progressIntervalS: 10 };
  const endpoint = (id: string, clientId: string | null, events: any[]) =>
    endpoints.create({ id, secret: 's', source: 'api', clientId, events, ...settings });

  function progress(entry: string, jobId: string, value: number): JobEvent {
    const data = { job_id: jobId, client_id: 'c', at: new Date(clock).toISOString() };
    const fields = { blocks_total: 10, blocks_done: 0, blocks_failed: 0, eta_seconds: null };
    return {
      id: entry,
      name: 'progress',
      data: { ...data, ...fields, progress: value, stage: 'ocr' },
    };
  }

  async function send(entry: string, jobId: string, value: number): Promise<void> {
    const event = progress(entry, jobId, value);
    await fanOutToEndpoints(deps, entry, event, 'job.progress', JSON.stringify(event.data));
  }

  const queued = async () =>
    (await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).map((j) => ({
      id: j.id,
      delay: j.opts.delay ?? 0,
      progress: JSON.parse(j.data.body).progress,
    }));

  it('sends progress at once, then one delayed delivery per interval holding the last state', async () => {
    await endpoint('ep_p', 'c', ['job.progress']);
    await endpoint('ep_done', 'c', ['job.done']);
    await endpoint('ep_other', 'someone-else', ['job.progress']);
    const jobId = await newJob('c');

    clock = 1_000;
    await send('1-0', jobId, 0.1);
    clock = 2_000;
    await send('2-0', jobId, 0.2);
    clock = 3_000;
    await send('3-0', jobId, 0.3);
    await send('3-0', jobId, 0.3); // the same entry again (a claimed one): nothing new
    expect(await queued()).toEqual(
      expect.arrayContaining([
        { id: 'msg_1_0_ep_p', delay: 0, progress: 0.1 },
        { id: 'msg_2_0_ep_p', delay: 9_000, progress: 0.3 },
      ]),
    );
    expect(await queued()).toHaveLength(2);
    const rows = await deliveries.listDeliveries(jobId);
    expect(rows.map((r) => [r.id, JSON.parse(r.body).progress])).toEqual([
      ['msg_1_0_ep_p', 0.1],
      ['msg_2_0_ep_p', 0.3],
    ]);

    // The delayed one leaves (promoted here); the next progress waits for the following slot.
    await (await queue.getJob('msg_2_0_ep_p'))!.promote();
    clock = 12_000;
    await send('4-0', jobId, 0.4);
    const next = (await queued()).find((j) => j.id === 'msg_4_0_ep_p');
    expect(next).toEqual({ id: 'msg_4_0_ep_p', delay: 9_000, progress: 0.4 });
  });

  it('skips disabled endpoints and signs with both secrets only during the overlap', async () => {
    await endpoint('ep_off', null, ['job.progress']);
    await endpoints.disable('ep_off', 'receiver answered 410 Gone');
    const jobId = await newJob('c');
    clock = 50_000;
    await send('9-0', jobId, 0.5);
    const ids = (await deliveries.listDeliveries(jobId)).map((r) => r.id);
    expect(ids).toEqual(['msg_9_0_ep_p']);

    const soon = new Date(Date.now() + 60_000);
    const rotated = (await endpoints.rotateSecret('ep_p', 'new', soon))!;
    expect(endpointSecrets(rotated)).toEqual(['new', 's']);
    expect(endpointSecrets(rotated, new Date(soon.getTime() + 1))).toEqual(['new']);
  });
});

describe('deliverySigner', () => {
  it("names the endpoint of an endpoint's delivery, else the job", () => {
    const job = '6f1c2a9e-0000-4000-8000-000000000001';
    expect(deliverySigner('msg_1733_0_ep_AbC-d_9', job)).toBe('endpoint:ep_AbC-d_9');
    expect(deliverySigner('msg_1733_0_ep_env_static', job)).toBe('endpoint:ep_env_static');
    expect(deliverySigner('msg_1733_0', job)).toBe(`job:${job}`);
  });
});
