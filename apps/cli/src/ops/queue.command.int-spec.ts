import { randomUUID } from 'node:crypto';
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import { fairKeys, redisConnection } from '@remote-ocr/server';
import { Redis } from 'ioredis';
import { cli } from '../__fixtures__/cli-harness.js';
import { openOpsEnv, type OpsEnv } from '../__fixtures__/ops-env.js';
import type { JobAction } from './queue-actions.js';
import type { QueueStatus } from './queue-status.js';

let ops: OpsEnv;
beforeEach(async () => {
  ops = await openOpsEnv();
});
afterEach(async () => {
  await ops.close();
});

const state = async (id: string): Promise<string> =>
  (await ops.queue.getJob(id))?.getState() ?? 'missing';
/** Queued for a worker: in the BullMQ queue, or still in the fair order in front of it. */
async function waitingAnywhere(id: string): Promise<boolean> {
  if ((await state(id)) === 'waiting') return true;
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    return (await redis.zscore(fairKeys((n) => ops.queue.toKey(n)).order, id)) !== null;
  } finally {
    redis.disconnect();
  }
}
const status = async (id: string): Promise<string | undefined> =>
  (await ops.store.jobs.get(id))?.status;

/** A failed queue entry, produced by a real worker whose run fails for good. */
async function failedEntry(id: string, reason: string): Promise<void> {
  await ops.enqueue(id);
  const failed = new Promise<void>((resolve) => {
    const worker = new Worker(OCR_QUEUE, () => Promise.reject(new UnrecoverableError(reason)), {
      connection: redisConnection('redis://127.0.0.1:6379'),
      prefix: ops.env.QUEUE_PREFIX,
    });
    worker.on('failed', () => void worker.close().then(resolve));
  });
  await failed;
}

/** Moves the next waiting entry to active, as a worker taking it would (and keeps its lock). */
async function activeEntry(id: string): Promise<Worker> {
  await ops.enqueue(id);
  const worker = new Worker(OCR_QUEUE, null, {
    connection: redisConnection('redis://127.0.0.1:6379'),
    prefix: ops.env.QUEUE_PREFIX,
    autorun: false,
  });
  const job = (await worker.getNextJob(randomUUID())) as Job | undefined;
  if (job?.id !== id) {
    await worker.close();
    throw new Error(`expected ${id} to become active, got ${job?.id}`);
  }
  return worker;
}

async function json<T>(args: string[]): Promise<T> {
  const run = await cli([...args, '--json'], ops.env);
  expect(run).toMatchObject({ code: 0, err: '' });
  return JSON.parse(run.out) as T;
}

describe('queue commands against real Redis and Postgres', () => {
  it('status lists active, waiting, delayed and failed runs with their jobs', async () => {
    const failed = await ops.job('processing');
    await failedEntry(failed.id, 'engine exploded');
    const active = await ops.job('processing');
    const worker = await activeEntry(active.id);
    const waiting = await ops.job('queued');
    await ops.enqueue(waiting.id);
    const delayed = await ops.job('queued');
    await ops.enqueue(delayed.id, { delay: 3_600_000 });
    try {
      const s = await json<QueueStatus>(['queue', 'status']);
      expect(s.active.map((e) => [e.id, e.db?.status])).toEqual([[active.id, 'processing']]);
      expect(s.waiting.map((e) => [e.id, e.db?.status])).toEqual([[waiting.id, 'queued']]);
      expect(s.delayed.map((e) => e.id)).toEqual([delayed.id]);
      expect(s.failed).toEqual([
        expect.objectContaining({ id: failed.id, failedReason: 'engine exploded' }),
      ]);
      expect(s.database).toMatchObject({ processing: 2, queued: 2 });
      const text = await cli(['queue', 'status'], ops.env);
      expect(text.out).toMatch(/active 1, waiting 1, delayed 1, failed 1/);
      expect(text.out).toContain('reason: engine exploded');
    } finally {
      await worker.close();
    }
  });

  it('purge pauses every waiting job (entries removed) and leaves running ones alone', async () => {
    const active = await ops.job('processing');
    const worker = await activeEntry(active.id);
    const waiting = await ops.job('queued');
    await ops.enqueue(waiting.id);
    const delayed = await ops.job('queued');
    await ops.enqueue(delayed.id, { delay: 3_600_000 });
    const lost = await ops.job('queued'); // queued in the database, missing from the queue
    try {
      const actions = await json<JobAction[]>(['queue', 'purge']);
      expect(actions.map((a) => a.action)).toEqual(['paused', 'paused', 'paused']);
      for (const job of [waiting, delayed, lost]) {
        expect(await status(job.id)).toBe('paused');
        expect(await state(job.id)).toBe('missing');
      }
      expect(await status(active.id)).toBe('processing');
      expect(await state(active.id)).toBe('active');
    } finally {
      await worker.close();
    }
  });

  it('purge --hard deletes the waiting jobs', async () => {
    const waiting = await ops.job('queued');
    await ops.enqueue(waiting.id);
    const actions = await json<JobAction[]>(['queue', 'purge', '--hard']);
    expect(actions).toEqual([{ id: waiting.id, action: 'deleted' }]);
    expect(await ops.store.jobs.get(waiting.id)).toBeNull();
    expect(await state(waiting.id)).toBe('missing');
  });

  it('requeue-stuck enqueues orphaned processing jobs and queued jobs the queue lost', async () => {
    const orphan = await ops.job('processing');
    const lost = await ops.job('queued');
    const fine = await ops.job('queued');
    await ops.enqueue(fine.id);
    const done = await ops.job('done');
    const actions = await json<JobAction[]>(['queue', 'requeue-stuck', '--min-age', '0']);
    expect(actions.map((a) => a.id).sort()).toEqual([orphan.id, lost.id].sort());
    expect(await status(orphan.id)).toBe('queued');
    expect(await state(orphan.id)).toBe('waiting');
    // The queue held two already (fine's and orphan's): lost waits in the fair order.
    expect(await waitingAnywhere(lost.id)).toBe(true);
    expect(await status(done.id)).toBe('done');
    // Recently active processing jobs are not touched by default (their worker may be alive).
    const recent = await ops.job('processing');
    expect(await json<JobAction[]>(['queue', 'requeue-stuck'])).toEqual([]);
    expect(await status(recent.id)).toBe('processing');
  });

  it('retry-failed runs failed entries again; --errors also requeues jobs in error', async () => {
    const failed = await ops.job('processing');
    await failedEntry(failed.id, 'worker lost');
    const errored = await ops.job('error');
    const paused = await ops.job('processing');
    await failedEntry(paused.id, 'x');
    await ops.store.jobs.transition(paused.id, ['processing'], 'paused');
    const actions = await json<JobAction[]>(['queue', 'retry-failed']);
    expect(actions).toEqual(
      expect.arrayContaining([
        { id: failed.id, action: 'retried' },
        { id: paused.id, action: 'skipped', reason: 'job is paused' },
      ]),
    );
    expect(await status(failed.id)).toBe('queued');
    expect(await state(failed.id)).toBe('waiting');
    expect(await status(errored.id)).toBe('error');
    const withErrors = await json<JobAction[]>(['queue', 'retry-failed', '--errors']);
    expect(withErrors).toEqual(expect.arrayContaining([{ id: errored.id, action: 'retried' }]));
    expect(await status(errored.id)).toBe('queued');
    expect(await state(errored.id)).toBe('waiting');
  });

  it('says which service is down instead of hanging', async () => {
    const run = await cli(['queue', 'status'], { ...ops.env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error: Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });
});
