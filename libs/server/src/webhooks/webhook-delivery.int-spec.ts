import { randomBytes } from 'node:crypto';
import {
  newWebhookSecret,
  verifyWebhook,
  WEBHOOK_QUEUE,
  type WebhookDeliveryPayload,
} from '@remote-ocr/contracts';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { deadPort, startReceiver, type Answer } from '@remote-ocr/testing';
import {
  enqueueWebhook,
  processWebhookJob,
  webhookBackoff,
  type WebhookAttemptRecord,
  type WebhookDeliverySettings,
  type WebhookDeliveryStore,
} from './webhook-delivery.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Shortened schedule: the tests must not wait the real ≥ 24 h. */
const SETTINGS: WebhookDeliverySettings = {
  allowPrivate: true,
  timeoutMs: 2000,
  maxResponseBytes: 1024,
  retryScheduleS: [0.05, 0.05, 0.05],
  jitter: 0.2,
  maxRetryAfterMs: 500,
};

class MemoryDeliveryStore implements WebhookDeliveryStore {
  readonly attempts: WebhookAttemptRecord[] = [];
  readonly disabled = new Set<string>();
  constructor(readonly secrets: Map<string, string[]>) {}
  secretsFor(signer: string) {
    const found = this.disabled.has(signer) ? null : (this.secrets.get(signer) ?? null);
    return Promise.resolve(found);
  }
  recordAttempt(record: WebhookAttemptRecord) {
    this.attempts.push(record);
    return Promise.resolve();
  }
  disable(signer: string) {
    this.disabled.add(signer);
    return Promise.resolve();
  }
}

describe('webhook deliveries on a real Redis queue and a loopback receiver', () => {
  const prefix = `webhook-spec-${randomBytes(4).toString('hex')}`;
  const connection = { url: REDIS_URL };
  const secret = newWebhookSecret();
  const store = new MemoryDeliveryStore(new Map([['ep_1', [secret]]]));
  let queue: Queue;
  let events: QueueEvents;
  let worker: Worker;

  beforeAll(async () => {
    queue = new Queue(WEBHOOK_QUEUE, { connection, prefix });
    events = new QueueEvents(WEBHOOK_QUEUE, { connection, prefix });
    worker = new Worker(WEBHOOK_QUEUE, (job: Job) => processWebhookJob(job, store, SETTINGS), {
      connection,
      prefix,
      concurrency: 4,
      settings: { backoffStrategy: webhookBackoff(SETTINGS) },
    });
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  });

  afterAll(async () => {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  let serial = 0;
  async function deliver(url: string, signer = 'ep_1') {
    const payload: WebhookDeliveryPayload = {
      webhookId: `msg_${randomBytes(8).toString('hex')}`,
      url,
      signer,
      body: JSON.stringify({ type: 'job.done', data: { job_id: `job-${++serial}` } }),
    };
    await enqueueWebhook(queue, payload, SETTINGS.retryScheduleS.length);
    const job = (await queue.getJob(payload.webhookId)) as Job;
    const state = await job.waitUntilFinished(events).then(
      () => 'completed',
      (error: Error) => `failed: ${error.message}`,
    );
    return {
      payload,
      state,
      attempts: store.attempts.filter((a) => a.webhookId === payload.webhookId),
    };
  }

  async function withReceiver<T>(
    answer: Answer,
    run: (url: string, r: ReceiverLike) => Promise<T>,
  ) {
    const receiver = await startReceiver(answer);
    try {
      return await run(`${receiver.url}/hook`, receiver);
    } finally {
      await receiver.close();
    }
  }
  type ReceiverLike = Awaited<ReturnType<typeof startReceiver>>;

  it('retries 500 × 3 then 200 with the same webhook-id, signed verifiably each time', async () => {
    const answer: Answer = (res, hit) => res.writeHead(hit <= 3 ? 500 : 200).end('ok');
    await withReceiver(answer, async (url, receiver) => {
      const { payload, state, attempts } = await deliver(url);
      expect(state).toBe('completed');
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(
        Array(4).fill(payload.webhookId),
      );
      for (const hit of receiver.received) {
        expect(hit.body).toBe(payload.body);
        const headers = hit.headers as Record<string, string>;
        await expect(verifyWebhook(secret, headers, hit.body)).resolves.toEqual(
          JSON.parse(payload.body),
        );
      }
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
        [1, 500, 'retrying'],
        [2, 500, 'retrying'],
        [3, 500, 'retrying'],
        [4, 200, 'delivered'],
      ]);
    });
  });

  it('ends failed after the whole schedule when the receiver is down', async () => {
    const { state, attempts } = await deliver(`http://127.0.0.1:${await deadPort()}/hook`);
    expect(state).toMatch(/^failed: delivery attempt 4 failed: .*ECONNREFUSED/);
    expect(attempts.map((a) => [a.statusCode, a.outcome])).toEqual([
      [null, 'retrying'],
      [null, 'retrying'],
      [null, 'retrying'],
      [null, 'failed'],
    ]);
  });

  it('stops at 410 Gone and disables the endpoint', async () => {
    store.secrets.set('ep_gone', [newWebhookSecret()]);
    await withReceiver(
      (res) => res.writeHead(410).end(),
      async (url, receiver) => {
        const { state, attempts } = await deliver(url, 'ep_gone');
        expect(state).toBe('failed: receiver answered 410 Gone; endpoint disabled');
        expect(receiver.received).toHaveLength(1);
        expect(attempts.map((a) => a.outcome)).toEqual(['gone']);
        expect(await store.secretsFor('ep_gone')).toBeNull();
      },
    );
  });

  it('sends nothing for a signer without secrets (a deleted job, a disabled endpoint)', async () => {
    await withReceiver(
      (res) => res.writeHead(200).end(),
      async (url, receiver) => {
        const { state, attempts } = await deliver(url, 'ep_unknown');
        expect(state).toBe('failed: webhook endpoint disabled');
        expect(receiver.received).toHaveLength(0);
        expect(attempts.map((a) => [a.statusCode, a.outcome, a.detail])).toEqual([
          [null, 'failed', 'disabled'],
        ]);
      },
    );
  });

  it('does not follow a redirect, and keeps only the first bytes of an answer', async () => {
    await withReceiver(
      (res, hit) =>
        hit === 1
          ? res.writeHead(302, { location: '/elsewhere' }).end()
          : res.writeHead(200).end('x'.repeat(100_000)),
      async (url, receiver) => {
        const { state, attempts } = await deliver(url);
        expect(state).toBe('completed');
        expect(receiver.received.map((r) => r.path)).toEqual(['/hook', '/hook']);
        expect(attempts.map((a) => a.statusCode)).toEqual([302, 200]);
        expect(attempts[1]?.detail.length).toBeLessThanOrEqual(SETTINGS.maxResponseBytes);
      },
    );
  });
});

describe('webhookBackoff', () => {
  const settings = {
    ...SETTINGS,
    retryScheduleS: [10, 60, 3600],
    jitter: 0.2,
    maxRetryAfterMs: 7_200_000,
  };

  it('follows the schedule within the jitter, the last step repeating', () => {
    const low = webhookBackoff(settings, () => 0);
    const high = webhookBackoff(settings, () => 1);
    expect([1, 2, 3, 4].map((n) => low(n))).toEqual([8_000, 48_000, 2_880_000, 2_880_000]);
    expect([1, 2, 3].map((n) => high(n))).toEqual([12_000, 72_000, 4_320_000]);
  });

  it('honours Retry-After, capped', async () => {
    const { WebhookRetryableError } = await import('./webhook-delivery.js');
    const backoff = webhookBackoff(settings);
    expect(backoff(1, 'webhook', new WebhookRetryableError('busy', 120_000))).toBe(120_000);
    expect(backoff(1, 'webhook', new WebhookRetryableError('busy', 10 ** 9))).toBe(7_200_000);
  });
});
