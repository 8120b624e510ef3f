import os from 'node:os';
import { jest } from '@jest/globals';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { Queue } from 'bullmq';
import { fixture, isFinished, waitForJob } from '../e2e/helpers.js';
import { API_KEY, Stack } from '../e2e/stack.js';
import { SseReader } from './sse-reader.js';

jest.setTimeout(180_000);

const LOCK_MS = 3000;
const auth = { 'X-API-Key': API_KEY };
const workerName = (pid: number | undefined) => `${os.hostname()}:${pid}`;

/** A worker SIGKILLed mid-job: the job shows stalled, then recovered when another worker takes it. */
describe('visible stalls', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start({ latencyMs: 600 });
    stack = await Stack.start({
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        JOB_ENGINE_CONCURRENCY: '1',
        STRIP_MAX_HEIGHT: '1500',
        MAX_CONCURRENT_JOBS: '1',
        QUEUE_LOCK_DURATION_MS: String(LOCK_MS),
        QUEUE_STALLED_INTERVAL_MS: '1000',
        STALL_CHECK_MS: '500',
        WORKER_HEARTBEAT_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('reports stalled within the lock duration + 5 s and recovered on takeover', async () => {
    const doc = await fixture('11_paper_tracemonkey');
    const fields = {
      client_id: 'stalls',
      document_id: doc.documentId,
      document_name: 'p.pdf',
      engine: 'openrouter', // every block through the slow fake model, not `auto`
    };
    const { body: job } = await stack.client.createJob(fields, doc.pdf, doc.blocks);
    const { body: next } = await stack.client.createJob(fields, doc.pdf, doc.blocks);
    const events = await SseReader.open(`${stack.client.baseUrl}/jobs/${job.id}/events`, auth);
    await events.waitFor((e) => e.event === 'block');
    // Slow engine answers keep the job running through the sweeper's pass and the kill.
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 3000 };

    // The queue loses the waiting job: the worker's sweeper enqueues it again, as an event.
    const nextEvents = await SseReader.open(`${stack.client.baseUrl}/jobs/${next.id}/events`, auth);
    await removeFromQueue(stack, next.id);
    const requeued = await nextEvents.waitFor((e) => e.event === 'requeued', 30_000);
    expect(requeued.data.reason).toMatch(/missing from the queue/);

    const [first] = stack.workers;
    const running = (await stack.client.request('GET', `/jobs/${job.id}`)).body;
    expect(running).toMatchObject({ worker: workerName(first.child.pid), stalled_reason: null });
    expect(Date.parse(running.heartbeat_at)).toBeGreaterThan(0);
    const waiting = (await stack.client.request('GET', `/jobs/${next.id}`)).body;
    expect(waiting).toMatchObject({ status: 'queued', queue_position: 1 });

    await first.stop('SIGKILL');
    const stalled = await events.waitFor((e) => e.event === 'stalled', LOCK_MS + 5000);
    expect(stalled.data).toMatchObject({ job_id: job.id, worker: workerName(first.child.pid) });
    const shown = (await stack.client.request('GET', `/jobs/${job.id}`)).body;
    expect(shown.status).toBe('processing');
    expect(shown.stalled_reason).toMatch(/no live worker lock/);
    fake.defaultBehaviour = { kind: 'answer', latencyMs: 100 };

    const second = stack.addWorker();
    const recovered = await events.waitFor((e) => e.event === 'recovered');
    expect(recovered.data.worker).toBe(workerName(second.child.pid));
    expect(await events.ended).toBe('ended');
    const names = events.events.map((e) => e.event);
    expect(names.indexOf('stalled')).toBeLessThan(names.indexOf('recovered'));
    expect(names.filter((n) => n === 'stalled')).toHaveLength(1);
    expect(names.at(-1)).toBe('done');
    expect((await waitForJob(stack.client, next.id, isFinished)).status).toBe('done');
    expect(await nextEvents.ended).toBe('ended');
    expect(nextEvents.events.at(-1)?.event).toBe('done');
  });
});

async function removeFromQueue(stack: Stack, jobId: string): Promise<void> {
  const queue = new Queue(OCR_QUEUE, {
    connection: { url: stack.env.REDIS_URL },
    prefix: stack.env.QUEUE_PREFIX,
  });
  try {
    const entry = await queue.getJob(jobId);
    expect(entry).toBeDefined();
    await entry?.remove();
  } finally {
    await queue.close();
  }
}
